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
    assert record["Name"] == '\'=HYPERLINK("http://evil.example","click")'
    assert record["Email address"] == "'@evil@example.com"
    assert record["Phone number"] == "'+44 7700 900982"
    assert record["Rules that fired"] == "takes-medication"
    assert record["Outcome"] == "Needs review"


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


def test_the_export_has_every_answer_and_the_latest_decision_in_clinic_time(
    make_app, login, make_staff, screening_factory, clock
):
    app = make_app(CLINIC_TIMEZONE="Europe/Berlin")
    nurse, admin = app.test_client(), app.test_client()
    assert login(nurse, make_staff("nurse@clinic.example")).status_code == 303
    assert (
        login(admin, make_staff("boss@clinic.example", admin=True)).status_code == 303
    )
    reference = screening_factory(
        medications="ibuprofen\nvitamin D", treatment_areas=["thighs", "other"]
    )
    for kind, note in (
        ("needs_more_information", "Asked for the GP's letter"),
        ("declined", "=Letter says no"),
    ):
        nurse.post(
            f"/staff/screenings/{reference}/decisions",
            data={"kind": kind, "note": note},
        )
        clock.advance(minutes=5)
    header, row = exported(admin.get("/staff/export.csv"))
    record = dict(zip(header, row, strict=True))
    assert header == list(columns(CATALOGUE))
    assert record["Submitted (clinic time)"] == "26 Nov 2026 10:00"
    assert record["Medication and supplements"] == "ibuprofen; vitamin D"
    assert record["Areas to treat"] == "Thighs, Somewhere else"
    assert record["Pregnant"] == "No"
    assert record["Date of birth"] == "1 June 1985"
    assert record["Reasons"] == "Takes medication or supplements: see the list given."
    assert record["Latest decision"] == "Declined"
    assert record["Override"] == "No"
    assert record["Decision note"] == "'=Letter says no"
    assert record["Decided by"] == "nurse@clinic.example"
    assert record["Decided at (clinic time)"] == "26 Nov 2026 10:05"
    assert record["Review status"] == "Decided"


def test_every_catalogue_question_has_a_column_in_plain_words():
    header = columns(CATALOGUE)
    for question in CATALOGUE:
        assert question.staff_label in header
    assert all("_" not in heading for heading in header)


def test_a_bad_export_filter_is_refused(admin_client):
    assert admin_client.get("/staff/export.csv?outcome=maybe").status_code == 400
