"""A page cursor from anywhere gives the first page or a 400, never a 500.

Issue 12, point 7: crafted cursors (an id too large for the column, a time
that leaves the calendar in UTC) failed inside the query. Both doors take
a cursor: the address (GET ?after=) and the search form's hidden field.
"""

from __future__ import annotations

import base64

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

CRAFTED = (
    "2099-01-01T00:00:00+00:00|99999999999999999999999",
    "0001-01-01T00:00:00+23:59|1",
    "9999-12-31T23:59:59-23:59|1",
    "2026-11-26T09:00:00+00:00|-1",
    "2026-11-26T09:00:00+00:00|2147483648",
)


def encoded(raw: str) -> str:
    """Return ``raw`` as the site encodes a cursor (URL-safe base64, unpadded)."""
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


# What a cursor decodes to: a time (any offset, any year) and any number.
moments = st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat())
numbers = st.integers(min_value=-(10**30), max_value=10**30).map(str)
cursors = st.one_of(
    st.text(),
    st.builds(
        lambda m, n: encoded(f"{m}|{n}"), moments | st.text(), numbers | st.text()
    ),
)
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def answered(response) -> None:
    assert response.status_code in (200, 400), response.status_code


@SETTINGS
@given(after=cursors)
@example(after=encoded(CRAFTED[0]))
@example(after=encoded(CRAFTED[1]))
def test_any_cursor_in_the_address_gives_a_page_or_400(staff_client, after):
    answered(staff_client.get("/staff/screenings", query_string={"after": after}))


@SETTINGS
@given(after=cursors)
@example(after=encoded(CRAFTED[0]))
@example(after=encoded(CRAFTED[1]))
def test_any_cursor_in_the_search_form_gives_a_page_or_400(staff_client, after):
    answered(
        staff_client.post("/staff/screenings", data={"q": "Grace", "after": after})
    )


def test_each_crafted_cursor_from_the_issue_is_refused_with_400(
    staff_client, screening_factory
):
    screening_factory()
    for raw in CRAFTED:
        after = encoded(raw)
        assert (
            staff_client.get(f"/staff/screenings?after={after}").status_code == 400
        ), raw
        searched = staff_client.post(
            "/staff/screenings", data={"q": "Grace", "after": after}
        )
        assert searched.status_code == 400, raw
