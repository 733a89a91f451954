"""Checks on the rule set itself: ids, sources, parameters, what rules read, purity."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from screening.rules import CATALOGUE, Severity, article, default_ruleset, guidance
from screening.rules.criteria import DEFAULT_RULES
from screening.rules.model import Basis
from screening.rules.parameters import (
    CLINIC_POLICY,
    EARLIEST_BIRTH_DATE,
    LONGEST_BOOKING_AHEAD,
    RULE_PARAMETERS,
    values_of,
)

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
RULES_PACKAGE = Path(__file__).resolve().parents[2] / "screening" / "rules"
FORBIDDEN_IMPORTS = ("flask", "flask_wtf", "wtforms", "sqlalchemy", "werkzeug")


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
        "allergies": Severity.REFER,
    }


def test_the_clinics_own_choices_are_marked_clinic_policy_and_the_rest_article():
    bases = {rule.id: rule.basis for rule in DEFAULT_RULES}

    assert {rule for rule, basis in bases.items() if basis is Basis.CLINIC_POLICY} == {
        "pregnancy-unsure",
        "not-in-good-health",
        "takes-medication",
        "allergies",
    }
    assert set(bases.values()) <= set(Basis)


def test_the_default_ages_are_18_to_70_and_the_version_is_set():
    ruleset = default_ruleset()

    assert values_of(ruleset.parameters) == {"minimum_age": 18, "maximum_age": 70}
    assert ruleset.version


PARAMETERS = (*RULE_PARAMETERS.values(), EARLIEST_BIRTH_DATE, LONGEST_BOOKING_AHEAD)


@pytest.mark.parametrize("parameter", PARAMETERS, ids=lambda p: p.name)
def test_every_parameter_has_a_unit_a_description_and_a_source(parameter):
    assert parameter.unit and parameter.description.strip()
    assert parameter.reference in (*ARTICLE_HEADINGS, CLINIC_POLICY)


@pytest.mark.parametrize("rule", DEFAULT_RULES, ids=lambda rule: rule.id)
def test_every_parameter_a_rule_uses_is_a_recorded_parameter(rule):
    used = rule.condition.parameter
    assert used is None or used in RULE_PARAMETERS


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
def test_every_piece_of_guidance_is_article_with_a_section_or_clinic_policy(statement):
    if statement.basis is Basis.ARTICLE:
        assert statement.sections
        assert set(statement.sections) <= set(ARTICLE_HEADINGS)
    else:
        assert statement.basis is Basis.CLINIC_POLICY
        assert statement.sections == ()


def test_the_article_module_lists_the_headings_in_the_articles_order():
    assert article.SECTIONS == ARTICLE_HEADINGS


def test_the_see_a_doctor_advice_is_the_clinics_not_the_articles():
    advice = next(
        item
        for item in guidance.SIDE_EFFECTS_AND_AFTERCARE
        if "see a doctor" in item.text
    )

    assert advice.basis is Basis.CLINIC_POLICY


@pytest.mark.parametrize("rule", DEFAULT_RULES, ids=lambda rule: rule.id)
def test_every_answer_a_rule_reads_is_a_catalogue_question(rule):
    assert rule.reads
    assert set(rule.reads) <= CATALOGUE.ids


def test_every_checklist_condition_reads_a_catalogue_question():
    for item in guidance.CHECKLIST:
        if item.condition is not None:
            assert set(item.condition.reads) <= CATALOGUE.ids, item.id


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
