"""policy-impact: what a new policy would change, on a known set of screenings.

The policy raises the minimum age to 21 and makes taking medication advice
only. The screenings are stored through the domain, decided by the
article's policy, on 26 November 2026.
"""

from __future__ import annotations

import csv
import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError
from support.commands import operator_environment, run_documented
from support.databases import database_kind, fresh_database_url
from support.policies import RIVERSIDE_2027
from support.records import stored_screening
from support.servers import ROOT

from screening.infra.extensions import db
from screening.models import AuditEvent, Decision, Screening
from screening.rules.criteria import RULESET_VERSION
from screening.services.policy_impact import read_only

POLICY = RIVERSIDE_2027
MEDICATION = {"takes_medication": True, "medications": "ibuprofen"}
# (label, answers, review status, stored on)
KNOWN = [
    ("twenty", {"date_of_birth": date(2006, 1, 1)}, "new", date(2026, 1, 10)),
    ("nineteen", {"date_of_birth": date(2007, 6, 1)}, "decided", date(2026, 3, 1)),
    ("medication", MEDICATION, "new", date(2026, 3, 2)),
    ("adult", {}, "new", date(2026, 3, 3)),
    ("sixteen", {"date_of_birth": date(2010, 1, 1)}, "new", date(2026, 3, 4)),
    (
        "twenty on medication",
        {"date_of_birth": date(2006, 1, 1), **MEDICATION},
        "new",
        date(2026, 3, 5),
    ),
]


@pytest.fixture
def known(app, clock):
    """Store the known screenings; return their references by label."""
    references = {}
    with app.app_context():
        for label, answers, status, stored_on in KNOWN:
            clock.set(datetime.combine(stored_on, datetime.min.time(), tzinfo=UTC))
            screening = stored_screening(**answers)
            screening.review_status = status
            db.session.commit()
            references[label] = screening.reference
    return references


@pytest.fixture
def policy(tmp_path) -> Path:
    path = tmp_path / "riverside-2027.toml"
    path.write_text(POLICY)
    return path


def fingerprint(app) -> tuple:
    """Return the row counts and a checksum of every screening column."""
    with app.app_context():
        rows = db.session.execute(
            select(*Screening.__table__.c).order_by(Screening.id)
        ).all()
        counts = [
            db.session.scalar(select(db.func.count()).select_from(model))
            for model in (Screening, Decision, AuditEvent)
        ]
    return counts, hashlib.sha256(repr(rows).encode()).hexdigest()


def test_the_report_counts_the_changes_by_rule_and_writes_their_references(
    app, runner, known, policy, tmp_path
):
    before = fingerprint(app)
    out = tmp_path / "changed.csv"
    result = runner.invoke(args=["policy-impact", str(policy), "--csv", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Examined 6 stored screenings under {RULESET_VERSION}+Riverside 2027: "
        "4 would change outcome.",
        "  eligible -> not_eligible: 2",
        "  needs_review -> eligible: 1",
        "  needs_review -> not_eligible: 1",
        "By rule:",
        "  age-below-minimum: eligible -> not_eligible: 2",
        "  age-below-minimum: needs_review -> not_eligible: 1",
        "  takes-medication: needs_review -> eligible: 1",
        "  takes-medication: needs_review -> not_eligible: 1",
        "Still open in the work queue: 3 of the 4 that change.",
        f"Wrote the references of the 4 to {out}.",
    ]
    rows = csv.DictReader(out.read_text().splitlines())
    changes = {row["reference"]: (row["from"], row["to"], row["rules"]) for row in rows}
    assert changes == {
        known["twenty"]: ("eligible", "not_eligible", "age-below-minimum"),
        known["nineteen"]: ("eligible", "not_eligible", "age-below-minimum"),
        known["medication"]: ("needs_review", "eligible", "takes-medication"),
        known["twenty on medication"]: (
            "needs_review",
            "not_eligible",
            "age-below-minimum takes-medication",
        ),
    }
    assert fingerprint(app) == before, "the command changed something stored"


def test_since_leaves_out_older_screenings(app, runner, known, policy, tmp_path):
    out = tmp_path / "changed.csv"
    result = runner.invoke(
        args=["policy-impact", str(policy), "--since", "2026-03-01", "--csv", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        f"Examined 5 stored screenings under {RULESET_VERSION}+Riverside 2027: "
        "3 would change outcome."
    )
    assert known["twenty"] not in out.read_text()


def test_the_database_refuses_writes_while_the_report_reads(app, known):
    with app.app_context():
        with read_only(), pytest.raises(DBAPIError):
            db.session.execute(update(Screening).values(outcome="eligible"))
        db.session.rollback()
        # And writing works again afterwards: the connection was given back clean.
        db.session.execute(update(Screening).values(age=Screening.age))
        db.session.rollback()


def test_a_policy_file_with_a_mistake_is_refused(runner, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[ages]\nminimum = 'old'\n")
    result = runner.invoke(args=["policy-impact", str(bad)])
    assert result.exit_code == 1
    assert "'ages.minimum' must be a whole number" in result.output


def test_the_documented_policy_impact_command(tmp_path):
    (tmp_path / "riverside-2027.toml").write_text(POLICY)
    with fresh_database_url(database_kind()) as url:
        env = operator_environment(url, tmp_path / "instance", PYTHONPATH=str(ROOT))
        assert run_documented("flask --app app db upgrade", env).returncode == 0
        done = run_documented(
            "flask --app app policy-impact riverside-2027.toml --since 2026-01-01",
            env,
            cwd=tmp_path,
        )
    assert done.returncode == 0, done.stderr
    assert "Examined 0 stored screenings" in done.stdout
    assert (tmp_path / "policy-impact.csv").read_text().startswith("reference,")
