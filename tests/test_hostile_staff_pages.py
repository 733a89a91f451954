"""Hostile values a patient or a colleague typed, as staff see them: escaped.

Screenings are stored through the patient form with a hostile name and
medication list; staff then open the queue, the detail and summary pages,
search for the value, write it in a decision note and export the CSV.
"""

from __future__ import annotations

import csv
import io
import secrets

import pytest
from markupsafe import escape
from sqlalchemy import select
from support.hostile import HOSTILE_STRINGS, dangerous, is_text

from screening.infra.extensions import db
from screening.models import Screening
from screening.services.export import (
    FORMULA_AFTER_SEPARATOR,
    LEADING_FORMULA,
    neutralise,
)

TEXTS = [value for value in HOSTILE_STRINGS if is_text(value)]
# Values that fit the name field (200 characters).
NAMES = [value for value in TEXTS if len(value) <= 200]


def assert_escaped(page: str, value: str, where: str) -> None:
    if dangerous(value):
        assert value not in page, f"{where} shows {value[:40]!r} unescaped"


@pytest.fixture
def hostile_screenings(app, answers):
    """Store a screening per hostile name; return (reference, name, medications)."""
    app.config.update(RATELIMIT_SCREENING="100000/minute", STAFF_QUEUE_PAGE_SIZE=500)
    client = app.test_client()
    tokens = []
    for value in NAMES:
        data = {
            **answers,
            "full_name": value,
            "takes_medication": "yes",
            "medications": f"Ibuprofen {value}",
            "nonce": secrets.token_urlsafe(24),
        }
        response = client.post("/screening", data=data)
        assert response.status_code in (200, 303)
        if response.status_code == 303:
            tokens.append(response.headers["Location"].rsplit("/", 1)[-1])
    with app.app_context():
        rows = db.session.execute(
            select(
                Screening.reference, Screening.full_name, Screening.medications
            ).where(Screening.token.in_(tokens))
        ).all()
    assert len(rows) == len(tokens) > len(NAMES) // 2
    return [tuple(row) for row in rows]


def test_the_queue_shows_hostile_names_escaped(admin_client, hostile_screenings):
    page = admin_client.get("/staff/screenings").get_data(as_text=True)
    for _, name, _ in hostile_screenings:
        assert_escaped(page, name, "the queue")
        assert str(escape(name)) in page


def test_detail_and_summary_pages_show_hostile_answers_escaped(
    admin_client, hostile_screenings
):
    for reference, name, medications in hostile_screenings:
        for path in (
            f"/staff/screenings/{reference}",
            f"/staff/screenings/{reference}/summary",
        ):
            response = admin_client.get(path)
            assert response.status_code == 200, path
            page = response.get_data(as_text=True)
            for value in (name, medications):
                assert_escaped(page, value, path)
            assert str(escape(name)) in page, path
            # Medicines are listed one a line: each line, escaped.
            for line in medications.splitlines():
                assert str(escape(line.strip())) in page, path


def test_hostile_searches_and_notes_never_fail_and_are_escaped(
    admin_client, hostile_screenings
):
    reference = hostile_screenings[0][0]
    detail = f"/staff/screenings/{reference}"
    for value in TEXTS:
        searched = admin_client.post("/staff/screenings", data={"q": value})
        assert searched.status_code in (200, 413), value[:40]
        assert_escaped(searched.get_data(as_text=True), value, "search results")
        decided = admin_client.post(
            f"{detail}/decisions", data={"kind": "declined", "note": value}
        )
        assert decided.status_code in (200, 303, 413), value[:40]
        assert_escaped(admin_client.get(detail).get_data(as_text=True), value, detail)


def test_the_csv_export_keeps_hostile_values_and_neutralises_formulas(
    admin_client, hostile_screenings
):
    response = admin_client.get("/staff/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    by_reference = {row["Reference"]: row for row in rows}
    for reference, name, _ in hostile_screenings:
        assert by_reference[reference]["Name"] == neutralise(name)
    for row in rows:
        for cell in row.values():
            assert not LEADING_FORMULA.match(cell), cell
            assert not FORMULA_AFTER_SEPARATOR.search(cell), cell


GET_FIELDS = {
    "/staff/": ("after",),
    "/staff/screenings": ("outcome", "status", "after"),
    "/staff/audit": ("staff", "screening", "before"),
    "/staff/export.csv": ("outcome", "status"),
}


def test_hostile_query_parameters_on_staff_pages_never_fail(admin_client):
    for path, fields in GET_FIELDS.items():
        for field in fields:
            for value in TEXTS:
                response = admin_client.get(path, query_string={field: value})
                assert response.status_code in (200, 400), (path, field, value[:40])
                assert_escaped(response.get_data(as_text=True), value, path)


def test_hostile_sign_in_attempts_never_fail(app, staff_member):
    app.config["RATELIMIT_STAFF_LOGIN"] = "100000/minute"
    client = app.test_client()
    for value in TEXTS:
        for data in (
            {"email": value, "password": "guess"},
            {"email": staff_member.email, "password": value},
        ):
            response = client.post("/staff/login", data=data)
            assert response.status_code in (200, 413), value[:40]
            assert_escaped(response.get_data(as_text=True), value, "/staff/login")
