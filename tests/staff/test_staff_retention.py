"""Deleting screenings leaves nothing personal behind: purge and self-deletion."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from sqlalchemy import inspect, text

from screening.infra.database import NAME_SEARCH_TABLE
from screening.infra.extensions import db
from screening.models import AuditEvent, Decision, Screening

NAME = "Zebediah Quillfeather"
EMAIL = "zebediah.quillfeather@example.org"
MEDICATION = "Quillfeather tonic 5 mg"
NOTE = "Quillfeather note: call after 6pm"


def every_stored_value(app) -> str:
    """Return every row of every table as one string.

    The name search table itself is left out: its rows are the screening
    table's names, read through. Its index (shadow tables) is included.
    """
    with app.app_context():
        dump = []
        for table in inspect(db.engine).get_table_names():
            if table == NAME_SEARCH_TABLE:
                continue
            rows = db.session.execute(text(f'SELECT * FROM "{table}"')).all()
            dump.extend(str(tuple(row)) for row in rows)
        return "\n".join(dump)


def database_files(app) -> bytes:
    """Return the raw bytes of the SQLite database and its journal files."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite:///"):
        return b""
    path = Path(url.removeprefix("sqlite:///"))
    files = [
        path,
        path.with_name(path.name + "-wal"),
        path.with_name(path.name + "-journal"),
    ]
    return b"".join(file.read_bytes() for file in files if file.exists())


def name_index_pages(app) -> list[bytes]:
    """Return the SQLite name index's pages, but for its structure record."""
    with app.app_context():
        query = f"SELECT block FROM {NAME_SEARCH_TABLE}_data WHERE id != 10 ORDER BY id"
        return sorted(db.session.scalars(text(query)))


def assert_name_index_holds_only_live_rows(app):
    """Check the name index equals one rebuilt from the screenings left.

    A deleted row's trigrams stay in older index segments until they are
    merged; equality with a rebuild shows nothing of it is left.
    """
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    pages = name_index_pages(app)
    with app.app_context():
        db.session.execute(
            text(
                f"INSERT INTO {NAME_SEARCH_TABLE} ({NAME_SEARCH_TABLE}) "
                "VALUES ('rebuild')"
            )
        )
        db.session.commit()
    assert pages == name_index_pages(app)


def assert_nothing_personal_left(app):
    stored = every_stored_value(app)
    raw = database_files(app)
    for secret in (NAME, EMAIL, MEDICATION, NOTE):
        assert secret not in stored, secret
        assert secret.encode() not in raw, secret
    assert_name_index_holds_only_live_rows(app)


def personal_screening(screening_factory, staff_client, **changes):
    reference = screening_factory(
        full_name=NAME, email=EMAIL, medications=MEDICATION, **changes
    )
    staff_client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "needs_more_information", "note": NOTE},
    )
    return reference


def count(app, model):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_purge_deletes_old_screenings_with_their_decisions_and_notes(
    app, runner, staff_client, screening_factory, clock
):
    old = personal_screening(
        screening_factory, staff_client, created_at=clock.now() - timedelta(days=31)
    )
    recent = screening_factory(created_at=clock.now() - timedelta(days=29))
    assert every_stored_value(app).count(NAME) == 1

    result = runner.invoke(args=["purge", "--older-than", "30"])
    assert result.exit_code == 0, result.output
    assert result.output == "Deleted 1 screenings older than 30 days.\n"
    with app.app_context():
        left = db.session.scalars(db.select(Screening.reference)).all()
        purge = db.session.scalar(db.select(AuditEvent).filter_by(event="purge"))
        assert (purge.detail, purge.staff_id) == (
            {"count": 1, "older_than_days": 30, "via": "cli"},
            None,
        )
    assert left == [recent]
    assert count(app, Decision) == 0
    assert_nothing_personal_left(app)
    assert old in every_stored_value(app)  # the audit trail keeps the reference


def test_purge_defaults_to_the_retention_period_the_privacy_notice_states(
    make_app, screening_factory, clock, client, submit, answers
):
    app = make_app(RETENTION_DAYS=10)
    notice = app.test_client().get("/screening").get_data(as_text=True)
    assert "We keep your screening for 10 days" in notice
    screening_factory(created_at=clock.now() - timedelta(days=11))
    screening_factory(created_at=clock.now() - timedelta(days=9))
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.output == "Deleted 1 screenings older than 10 days.\n"


def test_purge_works_through_many_screenings_in_batches(
    app, runner, screening_factory, clock, monkeypatch
):
    monkeypatch.setattr("screening.services.retention.PURGE_BATCH", 3)
    for _ in range(7):
        screening_factory(created_at=clock.now() - timedelta(days=400))
    result = runner.invoke(args=["purge"])
    assert result.output == "Deleted 7 screenings older than 365 days.\n"
    assert count(app, Screening) == 0


def test_purge_refuses_a_negative_period(runner):
    assert runner.invoke(args=["purge", "--older-than", "-1"]).exit_code == 2


def test_a_patient_deletes_their_own_screening_after_confirming(
    app, client, submit, answers, staff_client
):
    answers.update(full_name=NAME, email=EMAIL, takes_medication="yes")
    answers["medications"] = MEDICATION
    result_url = submit(answers).location
    token = result_url.rsplit("/", 1)[1]
    with app.app_context():
        reference = db.session.scalar(db.select(Screening.reference))
    staff_client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "needs_more_information", "note": NOTE},
    )

    result = client.get(result_url).get_data(as_text=True)
    assert f'href="/screening/{token}/delete"' in result
    confirm = client.get(f"/screening/{token}/delete")
    assert confirm.status_code == 200
    assert "Yes, delete my screening" in confirm.get_data(as_text=True)
    assert count(app, Screening) == 1  # asking is not deleting

    response = client.post(f"/screening/{token}/delete")
    assert response.status_code == 303
    assert response.location == "/screening/deleted"
    assert "has been deleted" in client.get("/screening/deleted").get_data(as_text=True)
    for url in (result_url, f"{result_url}/checklist", f"/screening/{token}/delete"):
        assert client.get(url).status_code == 404
    assert client.post(f"/screening/{token}/delete").status_code == 404

    assert count(app, Screening) == count(app, Decision) == 0
    with app.app_context():
        entry = db.session.scalar(
            db.select(AuditEvent).filter_by(event="screening.self_deleted")
        )
        assert (entry.screening_reference, entry.staff_id, entry.remote_addr) == (
            reference,
            None,
            "127.0.0.1",
        )
    assert_nothing_personal_left(app)
    assert NAME not in json.dumps(every_stored_value(app))


def test_going_back_and_resending_the_form_after_deleting_stores_nothing(
    csrf_app, answers
):
    client = csrf_app.test_client()
    form = client.get("/screening").get_data(as_text=True)
    token_field = 'name="csrf_token" type="hidden" value="'
    csrf_token = form.split(token_field, 1)[1].split('"', 1)[0]
    nonce = form.split('name="nonce" type="hidden" value="', 1)[1].split('"', 1)[0]
    data = {**answers, "csrf_token": csrf_token, "nonce": nonce}
    result_url = client.post("/screening", data=data).location
    token = result_url.rsplit("/", 1)[1]
    page = client.get(f"/screening/{token}/delete").get_data(as_text=True)
    delete_token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    client.post(f"/screening/{token}/delete", data={"csrf_token": delete_token})

    resent = client.post("/screening", data=data)
    assert resent.status_code == 400
    assert count(csrf_app, Screening) == 0
