"""The printed summary names the clinic, when it was printed and by whom."""

from __future__ import annotations

import re


def test_the_summary_says_which_clinic_printed_it_when_and_who(
    staff_client, screening_factory, clock, staff_member
):
    reference = screening_factory(treatment_areas=["abdomen", "other"])
    clock.advance(minutes=7)
    page = staff_client.get(f"/staff/screenings/{reference}/summary").text
    printed = re.search(r"<p class=\"print-header\" data-printed>([^<]+)</p>", page)[1]
    assert printed == (
        f"Mesotherapy clinic · printed 26 Nov 2026 09:07 by {staff_member.email}"
    )
    assert "Abdomen, Somewhere else" in page
    assert "abdomen, other" not in page
