"""A clinic's policy file: what it may change, and how a bad one stops start-up."""

from __future__ import annotations

import pytest
from support.answers import API_BODY

from screening import create_app
from screening.rules import PolicyError, Severity, default_ruleset, load_ruleset
from screening.rules.criteria import RULESET_VERSION
from screening.rules.parameters import values_of

CLINIC_POLICY = """
name = "riverside-2027"
[ages]
minimum = 21
maximum = 65
[severity]
takes-medication = "advise"
pregnancy-unsure = "exclude"
"""


@pytest.fixture
def policy_file(tmp_path):
    """Return a function writing a policy file and returning its path."""

    def write(content: str | bytes):
        path = tmp_path / "policy.toml"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        return path

    return write


def plain_config(tmp_path):
    """Return the least configuration that keeps create_app inside tmp_path."""
    return {
        "SECRET_KEY": "test-secret-key",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }


def severities(ruleset):
    return {rule.id: rule.severity for rule in ruleset.rules}


def test_no_policy_file_means_the_default_rule_set():
    assert load_ruleset(None) == default_ruleset()
    assert load_ruleset("") == default_ruleset()


def test_a_policy_file_changes_ages_severities_and_the_version(policy_file):
    ruleset = load_ruleset(policy_file(CLINIC_POLICY))

    assert values_of(ruleset.parameters) == {"minimum_age": 21, "maximum_age": 65}
    assert ruleset.version == f"{RULESET_VERSION}+riverside-2027"
    changed = severities(ruleset)
    assert changed.pop("takes-medication") == Severity.ADVISE
    assert changed.pop("pregnancy-unsure") == Severity.EXCLUDE
    unchanged = severities(default_ruleset())
    for rule_id in changed:
        assert changed[rule_id] == unchanged[rule_id]


def test_the_policy_keeps_the_rule_order_and_the_words(policy_file):
    ruleset = load_ruleset(policy_file(CLINIC_POLICY))

    default = default_ruleset()
    assert [rule.id for rule in ruleset.rules] == [rule.id for rule in default.rules]
    for changed, original in zip(ruleset.rules, default.rules, strict=True):
        assert changed.patient_message == original.patient_message
        assert changed.source == original.source


def test_an_unnamed_policy_is_versioned_by_its_content(policy_file):
    first = load_ruleset(policy_file("[ages]\nminimum = 21\n")).version
    second = load_ruleset(policy_file("[ages]\nminimum = 22\n")).version

    assert first.startswith(f"{RULESET_VERSION}+")
    assert first != second
    assert first != RULESET_VERSION


def test_a_policy_may_change_only_one_age(policy_file):
    ruleset = load_ruleset(policy_file("[ages]\nmaximum = 75\n"))

    assert values_of(ruleset.parameters) == {"minimum_age": 18, "maximum_age": 75}


def test_a_changed_age_names_the_policy_file_as_its_source(policy_file):
    ruleset = load_ruleset(policy_file('name = "riverside"\n[ages]\nmaximum = 75\n'))

    maximum, minimum = (
        ruleset.parameters["maximum_age"],
        ruleset.parameters["minimum_age"],
    )
    assert maximum.reference == f"Clinic policy file {RULESET_VERSION}+riverside"
    assert minimum.reference == default_ruleset().parameters["minimum_age"].reference
    assert (maximum.unit, minimum.unit) == ("years", "years")


BAD_POLICIES = {
    "unknown top-level key": ('colour = "red"\n', "colour"),
    "unknown age key": ("[ages]\noldest = 60\n", "ages.oldest"),
    "age written as text": ('[ages]\nminimum = "eighteen"\n', "ages.minimum"),
    "negative age": ("[ages]\nminimum = -1\n", "ages.minimum"),
    "impossible age": ("[ages]\nmaximum = 200\n", "ages.maximum"),
    "age as a boolean": ("[ages]\nmaximum = true\n", "ages.maximum"),
    "age with a fraction": ("[ages]\nminimum = 18.5\n", "ages.minimum"),
    "minimum above maximum": ("[ages]\nminimum = 60\nmaximum = 40\n", "ages.minimum"),
    "minimum above default maximum": ("[ages]\nminimum = 80\n", "ages.minimum"),
    "unknown rule id": ('[severity]\nsmoking = "refer"\n', "severity.smoking"),
    "bad severity": ('[severity]\npregnant = "warn"\n', "severity.pregnant"),
    "severity not a string": ("[severity]\npregnant = 1\n", "severity.pregnant"),
    "ages not a table": ("ages = 18\n", "ages"),
    "severity not a table": ('severity = "advise"\n', "severity"),
    "empty name": ('name = "  "\n', "name"),
    "name not a string": ("name = 2027\n", "name"),
}


@pytest.mark.parametrize(
    ("content", "bad_key"), BAD_POLICIES.values(), ids=BAD_POLICIES.keys()
)
def test_a_bad_policy_names_the_bad_key(policy_file, content, bad_key):
    with pytest.raises(PolicyError, match=f"'{bad_key}'"):
        load_ruleset(policy_file(content))


def test_a_file_that_is_not_toml_says_so_and_where(policy_file):
    path = policy_file("[ages\nminimum = 21\n")

    with pytest.raises(PolicyError, match="not valid TOML") as raised:
        load_ruleset(path)
    assert str(path) in str(raised.value)
    assert "line 1" in str(raised.value)


def test_a_file_that_is_not_utf8_says_it_is_not_valid_toml(policy_file):
    with pytest.raises(PolicyError, match="not valid TOML"):
        load_ruleset(policy_file(b'name = "caf\xe9"\n'))


def test_a_missing_file_names_the_path(tmp_path):
    missing = tmp_path / "nowhere.toml"

    with pytest.raises(PolicyError, match="cannot read policy file") as raised:
        load_ruleset(missing)
    assert str(missing) in str(raised.value)


def test_the_app_refuses_to_start_with_a_bad_policy_file(
    monkeypatch, tmp_path, policy_file
):
    monkeypatch.setenv(
        "FLASK_SCREENING_POLICY_FILE", str(policy_file('[severity]\nsmoking = "x"\n'))
    )

    with pytest.raises(PolicyError, match="'severity.smoking'"):
        create_app(plain_config(tmp_path))


def test_the_app_refuses_to_start_when_the_policy_file_is_missing(
    monkeypatch, tmp_path
):
    monkeypatch.setenv("FLASK_SCREENING_POLICY_FILE", str(tmp_path / "gone.toml"))

    with pytest.raises(PolicyError, match="gone.toml"):
        create_app(plain_config(tmp_path))


def test_the_app_screens_with_the_clinics_policy(make_app, policy_file, today):
    app = make_app(SCREENING_POLICY_FILE=str(policy_file(CLINIC_POLICY)))
    body = {**API_BODY, "date_of_birth": "2006-01-01", "visit_date": "2026-12-01"}

    response = app.test_client().post("/api/v1/eligibility", json=body)

    assert response.status_code == 200
    assert response.json["outcome"] == "not_eligible"
    assert response.json["age"] == 20
    assert [reason["rule"] for reason in response.json["reasons"]] == [
        "age-below-minimum"
    ]
    assert "aged 21 to 65" in response.json["reasons"][0]["message"]
    assert response.json["ruleset_version"] == f"{RULESET_VERSION}+riverside-2027"
