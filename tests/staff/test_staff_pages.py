"""Every staff page passes the page checks (title, ids, labels, no inline code)."""

from __future__ import annotations

import pyotp


def test_the_sign_in_pages_are_well_formed(app, client, page, make_staff):
    page(client.get("/staff/login"))
    failed = client.post("/staff/login", data={"email": "x@y.z", "password": "nope"})
    assert page(failed).select_one(".error-summary a")["href"] == "#email"
    account = make_staff("new@clinic.example", two_factor=False)
    client.post(
        "/staff/login", data={"email": account.email, "password": account.password}
    )
    setup = page(client.get("/staff/login/two-factor-setup"))
    secret = setup.select_one(".secret-key code").get_text()
    codes = client.post(
        "/staff/login/two-factor-setup", data={"code": pyotp.TOTP(secret).now()}
    )
    assert len(page(codes).select("[data-recovery-codes] li")) == 10


def test_the_code_page_is_well_formed(client, page, staff_member):
    client.post(
        "/staff/login",
        data={"email": staff_member.email, "password": staff_member.password},
    )
    page(client.get("/staff/login/code"))
    wrong = client.post("/staff/login/code", data={"code": "000000"})
    assert page(wrong).select_one(".error-summary a")["href"] == "#code"


def test_the_signed_in_pages_are_well_formed(admin_client, page, screening_factory):
    reference = screening_factory()
    admin_client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "declined", "note": "Not suitable."},
    )
    for url in (
        "/staff/",
        "/staff/screenings?outcome=needs_review&status=decided",
        "/staff/screenings?outcome=maybe",
        f"/staff/screenings/{reference}",
        f"/staff/screenings/{reference}/summary",
        "/staff/audit",
        f"/staff/audit?screening={reference}",
        "/staff/accounts",
    ):
        parsed = page(admin_client.get(url))
        assert parsed.select_one("nav .link-button").get_text() == "Sign out"
    page(admin_client.post("/staff/screenings", data={"q": "grace"}))
    invalid = admin_client.post(f"/staff/screenings/{reference}/decisions", data={})
    assert [a["href"] for a in page(invalid).select(".error-summary a")] == [
        "#kind-0",
        "#note",
    ]


def test_the_patient_deletion_pages_are_well_formed(client, page, screen, answers):
    token = screen(answers)
    page(client.get(f"/screening/{token}/delete"))
    client.post(f"/screening/{token}/delete")
    page(client.get("/screening/deleted"))
