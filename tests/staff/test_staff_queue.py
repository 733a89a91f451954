"""The review queue: newest first, filters, search, counts, keyset pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, select
from support.paging import pages

from screening.infra.extensions import db
from screening.models import ReviewStatus, Screening
from screening.services.queue import (
    Cursor,
    QueueFilters,
    filtered,
    page_query,
    queue_page,
)


def references(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<tr data-reference="([^"]+)">', response.get_data(as_text=True))


def count_of(response, outcome) -> int:
    html = response.get_data(as_text=True)
    found = re.search(
        rf'data-count="{outcome}">\s*<a[^>]*>\s*<span class="counts__number">(\d+)',
        html,
    )
    return int(found[1])


@pytest.fixture
def mixed(screening_factory, clock):
    """Four screenings a minute apart: oldest first in the returned list."""
    made = []
    for outcome, name, email in (
        ("eligible", "Ada Lovelace", "ada@example.com"),
        ("needs_review", "Grace Hopper", "Grace.Hopper@Example.com"),
        ("not_eligible", "Alan Turing", "alan@example.com"),
        ("needs_review", "Katherine Johnson", "kj@example.com"),
    ):
        made.append(
            screening_factory(
                outcome=outcome, full_name=name, email=email, created_at=clock.now()
            )
        )
        clock.advance(minutes=1)
    return made


def test_the_queue_lists_the_newest_first(staff_client, mixed):
    assert references(staff_client.get("/staff/screenings")) == mixed[::-1]


def test_each_row_links_to_its_screening(staff_client, mixed):
    html = staff_client.get("/staff/screenings").get_data(as_text=True)
    links = re.findall(
        r'<tr data-reference="([^"]+)">\s*<td><a [^>]*href="([^"]+)"', html
    )
    assert links == [
        (reference, f"/staff/screenings/{reference}") for reference in mixed[::-1]
    ]
    detail = staff_client.get(links[0][1])
    assert detail.status_code == 200
    assert mixed[-1] in detail.get_data(as_text=True)


def test_the_queue_filters_by_outcome(staff_client, mixed):
    response = staff_client.get("/staff/screenings?outcome=needs_review")
    assert references(response) == [mixed[3], mixed[1]]


def test_the_queue_filters_by_review_status(app, staff_client, mixed):
    with app.app_context():
        screening = db.session.scalar(select(Screening).filter_by(reference=mixed[1]))
        screening.review_status = ReviewStatus.DECIDED
        db.session.commit()
    assert references(staff_client.get("/staff/screenings?status=decided")) == [
        mixed[1]
    ]
    new = staff_client.get("/staff/screenings?status=new&outcome=needs_review")
    assert references(new) == [mixed[3]]
    assert count_of(new, "needs_review") == 1
    assert count_of(new, "eligible") == 1


def test_the_queue_counts_screenings_per_outcome(staff_client, mixed):
    response = staff_client.get("/staff/screenings?outcome=eligible")
    assert count_of(response, "needs_review") == 2
    assert count_of(response, "eligible") == 1
    assert count_of(response, "not_eligible") == 1


def test_an_unknown_filter_value_is_explained_not_a_crash(staff_client, mixed):
    response = staff_client.get("/staff/screenings?outcome=maybe")
    assert response.status_code == 200
    assert "Select an outcome from the list" in response.get_data(as_text=True)
    assert len(references(response)) == 4


def search(client, term, **filters):
    return client.post("/staff/screenings", data={"q": term, **filters})


@pytest.mark.parametrize(
    "term, index",
    [
        ("grace.hopper@example.COM", 1),
        ("Hopper", 1),
        ("katherine", 3),
        ("alan turing", 2),
    ],
)
def test_the_queue_searches_by_email_or_part_of_the_name(
    staff_client, mixed, term, index
):
    assert references(search(staff_client, term)) == [mixed[index]]


def test_the_queue_searches_by_reference_however_it_is_typed(staff_client, mixed):
    reference = mixed[2]
    plain = reference.replace("MS-", "").replace("-", "").lower()
    for typed in (reference, reference.lower(), plain, f" {reference} "):
        assert references(search(staff_client, typed)) == [reference]


def test_an_email_search_must_match_the_whole_address(staff_client, mixed):
    assert references(search(staff_client, "example.com@")) == []


def test_search_wildcards_are_taken_literally(staff_client, mixed):
    assert references(search(staff_client, "%")) == []
    assert references(search(staff_client, "_")) == []


def test_a_search_keeps_the_filters_and_stays_out_of_every_address(staff_client, mixed):
    response = search(staff_client, "a", outcome="needs_review")
    assert references(response) == [mixed[3], mixed[1]]
    html = response.get_data(as_text=True)
    for link in re.findall(r'(?:href|action)="([^"]+)"', html):
        assert "q=" not in link and "Hopper" not in link


def test_an_empty_search_asks_for_a_term(staff_client, mixed):
    response = search(staff_client, "  ")
    html = response.get_data(as_text=True)
    assert "<title>Error: All screenings" in html
    assert "Enter a reference, name or email address to search for" in html


def test_a_cursor_this_site_did_not_make_is_refused(staff_client):
    naive = "MjAyNi0xMS0yNlQwOTowMDowMHwx"  # "2026-11-26T09:00:00|1", no zone
    for cursor in ("rubbish", "MjAyNnwx", naive):
        assert staff_client.get(f"/staff/screenings?after={cursor}").status_code == 400


@pytest.fixture
def paged_client(make_app, login, staff_member):
    """Return a function giving a signed-in client whose queue pages hold ``size``."""

    def signed_in(size: int):
        client = make_app(STAFF_QUEUE_PAGE_SIZE=size).test_client()
        login(client, staff_member)
        return client

    return signed_in


def test_keyset_pages_skip_and_repeat_nothing_while_screenings_arrive(
    paged_client, screening_factory, clock
):
    client = paged_client(3)
    original = []
    for minute in range(10):
        # Pairs share a timestamp: the id must break the tie.
        moment = clock.now() - timedelta(hours=1, minutes=-(minute // 2))
        original.append(screening_factory(created_at=moment))
    arrivals = []

    def arrive():
        clock.advance(seconds=1)
        arrivals.append(screening_factory(created_at=clock.now()))

    seen = []
    for page in pages(client, "/staff/screenings?outcome=needs_review"):
        seen.extend(references(page))
        arrive()
    assert seen == original[::-1]
    assert not set(arrivals) & set(seen)


def test_the_search_pages_with_the_same_keyset(paged_client, screening_factory, clock):
    client = paged_client(2)
    made = []
    for _ in range(5):
        clock.advance(minutes=1)
        made.append(screening_factory(created_at=clock.now()))
    response = search(client, "grace")
    seen = references(response)
    while "data-next-page>" in response.get_data(as_text=True):
        after = re.search(
            r'name="after" value="([^"]+)"', response.get_data(as_text=True)
        )[1]
        response = client.post("/staff/screenings", data={"q": "grace", "after": after})
        seen.extend(references(response))
    assert seen == made[::-1]


def plan(query) -> str:
    """Return SQLite's plan for ``query`` on an empty schema with the model's indexes.

    The plan, not a timing, shows the queue stays fast on a large table: an
    index read in order, stopped after one page, with no sort of the rows.
    """
    engine = create_engine("sqlite://")
    db.metadata.create_all(engine)
    compiled = query.compile(dialect=engine.dialect)
    values = tuple(str(compiled.params[name]) for name in compiled.positiontup)
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), values)
        return "\n".join(row[-1] for row in rows)


@pytest.mark.parametrize(
    "filters",
    [
        QueueFilters(),
        QueueFilters(outcome="needs_review"),
        QueueFilters(status="new"),
        QueueFilters(outcome="needs_review", status="new"),
    ],
)
def test_each_queue_page_reads_an_index_in_order_without_sorting(app, filters):
    with app.app_context():
        cursor = Cursor(datetime(2026, 11, 26, tzinfo=UTC), 10)
        for query in (page_query(filters, None, 50), page_query(filters, cursor, 50)):
            described = plan(query)
            assert "USING INDEX ix_screening_" in described, described
            assert "TEMP B-TREE" not in described, described


def test_searches_by_reference_and_email_use_their_indexes(app):
    with app.app_context():
        by_reference = plan(filtered(QueueFilters(search="MS-ABCDE-23456")))
        by_email = plan(filtered(QueueFilters(search="a@example.com")))
    assert "USING INDEX" in by_reference and "(reference=?)" in by_reference
    assert "ix_screening_email_key" in by_email


def test_queue_page_returns_no_cursor_on_the_last_page(app, screening_factory):
    for _ in range(3):
        screening_factory()
    with app.app_context():
        rows, cursor = queue_page(QueueFilters(), None, 3)
        assert len(rows) == 3 and cursor is None
        rows, cursor = queue_page(QueueFilters(), None, 2)
        assert len(rows) == 2 and cursor == Cursor(rows[1].created_at, rows[1].id)
        assert Cursor.decode(cursor.encode()) == cursor
