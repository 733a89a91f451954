"""CSV export for admins: the filtered queue, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from functools import partial

import pytest

from screening.rules import CATALOGUE
from screening.services.export import columns, neutralise
from screening.services.queue import all_matching


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+44 7700 900982", "'+44 7700 900982"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        # Tab and CR start a formula too, and are separators for the "=".
        ("\t=cmd", "'\t'=cmd"),
        ("\r=cmd", "'\r'=cmd"),
        ("\tplain", "'\tplain"),
        ("Ada = Lovelace", "Ada = Lovelace"),
        # Full-width signs, which some spreadsheets read as their ASCII forms.
        ("\uff1dSUM(A1)", "'\uff1dSUM(A1)"),
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20SUM(A1)", "'\uff20SUM(A1)"),
        ("  =1+1", "'  =1+1"),
        # A sign after a separator starts a cell once the text is split there.
        ("Ada;=cmd()", "Ada;'=cmd()"),
        ("Ada,=cmd()", "Ada,'=cmd()"),
        (";=cmd()", ";'=cmd()"),
        ("Ada, +44 1", "Ada, '+44 1"),
        ("a|@x\n-y", "a|'@x\n'-y"),
        ("Smith-Jones", "Smith-Jones"),
        ("2026-11-26", "2026-11-26"),
        ("", ""),
        (None, ""),
        (41, "41"),
    ],
)
def test_cells_a_spreadsheet_would_run_are_neutralised(value, expected):
    assert neutralise(value) == expected


def exported(response):
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="screenings-'
    )
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_the_export_neutralises_formulas_in_every_personal_field(
    admin_client, screening_factory
):
    screening_factory(
        full_name='=HYPERLINK("http://evil.example","click")',
        email="@evil@example.com",
        phone="+44 7700 900982",
    )
    header, row = exported(admin_client.get("/staff/export.csv"))
    assert header == list(columns(CATALOGUE))
    record = dict(zip(header, row, strict=True))
    assert record["full_name"] == '\'=HYPERLINK("http://evil.example","click")'
    assert record["email"] == "'@evil@example.com"
    assert record["phone"] == "'+44 7700 900982"
    assert record["fired_rules"] == "takes-medication"
    assert record["outcome"] == "needs_review"


def test_the_export_follows_the_queue_filters(admin_client, screening_factory, clock):
    keep = screening_factory(outcome="not_eligible")
    screening_factory(outcome="eligible")
    rows = exported(admin_client.get("/staff/export.csv?outcome=not_eligible"))
    assert [row[0] for row in rows[1:]] == [keep]
    newest_first = exported(admin_client.get("/staff/export.csv"))
    assert len(newest_first) == 3


def test_the_export_streams_every_row_across_batches(
    app, admin_client, screening_factory, monkeypatch
):
    made = [screening_factory() for _ in range(5)]
    small_batches = partial(all_matching, batch=2)
    monkeypatch.setattr("screening.staff.queue_pages.all_matching", small_batches)
    rows = exported(admin_client.get("/staff/export.csv"))
    assert sorted(row[0] for row in rows[1:]) == sorted(made)


def test_the_export_never_contains_decision_notes(
    admin_client, staff_client, screening_factory
):
    reference = screening_factory()
    staff_client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "declined", "note": "Private clinical note"},
    )
    body = admin_client.get("/staff/export.csv").get_data(as_text=True)
    assert "Private clinical note" not in body
    assert "declined" in body


def test_a_bad_export_filter_is_refused(admin_client):
    assert admin_client.get("/staff/export.csv?outcome=maybe").status_code == 400
