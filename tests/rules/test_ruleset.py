"""Checks on the rule set itself: ids, sources, the answers rules read, purity."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from wtforms.fields.core import UnboundField

from screening.api.schema import KNOWN_FIELDS
from screening.patient.forms import ScreeningForm
from screening.rules import Answers, Severity, default_ruleset, guidance
from screening.rules.criteria import DEFAULT_RULES
from screening.screenings import Submission

# The section headings of the reference article, verbatim
# (shared/reference/mesotherapy-article.txt): a source must name one of them.
ARTICLE_HEADINGS = (
    "What is Mesotherapy?",
    "How Does Mesotherapy Work?",
    "What Areas of the Body can be Treated with Mesotherapy?",
    "What are the Benefits of Using Mesotherapy?",
    "What are the Side Effects of Mesotherapy?",
    "Is Mesotherapy an Effective Way to Get Rid of Cellulite Permanently?",
)
# What a rule reads that no question asks directly, and the questions behind it.
DERIVED_ANSWERS = {"age": ("date_of_birth", "visit_date")}
RULES_PACKAGE = Path(__file__).resolve().parents[2] / "screening" / "rules"
FORBIDDEN_IMPORTS = ("flask", "flask_wtf", "wtforms", "sqlalchemy", "werkzeug")


def questions_behind(answer: str) -> tuple[str, ...]:
    return DERIVED_ANSWERS.get(answer, (answer,))


def test_rule_ids_are_unique():
    ids = [rule.id for rule in DEFAULT_RULES]

    assert len(ids) == len(set(ids))


def test_rule_ids_are_lowercase_words_joined_by_hyphens():
    for rule in DEFAULT_RULES:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.id), rule.id


def test_the_issue_lists_these_rules_by_severity():
    severities = {rule.id: rule.severity for rule in default_ruleset().rules}

    assert severities == {
        "age-below-minimum": Severity.EXCLUDE,
        "age-above-maximum": Severity.EXCLUDE,
        "pregnant": Severity.EXCLUDE,
        "pregnancy-unsure": Severity.REFER,
        "not-in-good-health": Severity.REFER,
        "cancer-history": Severity.REFER,
        "heart-arrhythmia": Severity.REFER,
        "blood-clots": Severity.REFER,
        "takes-medication": Severity.REFER,
    }


def test_the_default_ages_are_18_to_70_and_the_version_is_set():
    ruleset = default_ruleset()

    assert ruleset.parameters == {"minimum_age": 18, "maximum_age": 70}
    assert ruleset.version


@pytest.mark.parametrize("rule", DEFAULT_RULES, ids=lambda rule: rule.id)
def test_every_rule_rests_on_a_section_of_the_article(rule):
    assert rule.source in ARTICLE_HEADINGS


@pytest.mark.parametrize("rule", DEFAULT_RULES, ids=lambda rule: rule.id)
def test_every_rule_has_words_for_patients_and_for_staff(rule):
    assert rule.patient_message.strip()
    assert rule.staff_reason.strip()


GUIDANCE = (
    *guidance.BEFORE_TREATMENT,
    *guidance.WHAT_TO_EXPECT,
    *guidance.SIDE_EFFECTS_AND_AFTERCARE,
    *guidance.NEXT_STEPS.values(),
    *guidance.CHECKLIST,
)


@pytest.mark.parametrize(
    "statement",
    GUIDANCE,
    ids=lambda statement: getattr(statement, "id", statement.text[:40]),
)
def test_every_piece_of_guidance_names_article_sections_or_clinic_policy(statement):
    for source in statement.source.split("; "):
        assert source in (*ARTICLE_HEADINGS, guidance.CLINIC_POLICY)


@pytest.mark.parametrize("rule", DEFAULT_RULES, ids=lambda rule: rule.id)
def test_every_answer_a_rule_reads_is_asked_on_the_form(rule):
    for answer in rule.reads:
        for question in questions_behind(answer):
            assert isinstance(getattr(ScreeningForm, question, None), UnboundField)


@pytest.mark.parametrize("rule", DEFAULT_RULES, ids=lambda rule: rule.id)
def test_every_answer_a_rule_reads_is_accepted_by_the_api(rule):
    for answer in rule.reads:
        assert set(questions_behind(answer)) <= KNOWN_FIELDS


def test_every_checklist_condition_reads_a_question_the_form_asks():
    for item in guidance.CHECKLIST:
        if item.condition is not None:
            assert hasattr(ScreeningForm, item.condition.answer), item.id


def test_form_and_api_hand_the_rules_every_answer_they_read():
    read = {field.name for field in dataclasses.fields(Answers)} - {"as_of"}

    assert read <= {field.name for field in dataclasses.fields(Submission)}
    assert read <= KNOWN_FIELDS


def test_the_rules_package_imports_no_web_or_database_library():
    # screening/__init__ imports Flask, so load screening/rules as a
    # top-level package of its own and look at what it dragged in.
    probe = f"""
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location(
    "rules", {str(RULES_PACKAGE / "__init__.py")!r},
    submodule_search_locations=[{str(RULES_PACKAGE)!r}],
)
rules = importlib.util.module_from_spec(spec)
sys.modules["rules"] = rules
spec.loader.exec_module(rules)
rules.evaluate
print(json.dumps(sorted({{name.split(".")[0] for name in sys.modules}})))
"""
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    assert "rules" in loaded
    assert not loaded & set(FORBIDDEN_IMPORTS), loaded & set(FORBIDDEN_IMPORTS)
    assert "screening" not in loaded
