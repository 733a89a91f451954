"""The issue's 'done when', end to end: from a new account to the export."""

from __future__ import annotations

import re

import pyotp


def test_a_new_member_reviews_a_referral_and_an_admin_sees_it_all(
    app, runner, client, submit, answers, admin_client
):
    password = "a lantern by the harbour wall"
    created = runner.invoke(
        args=["create-staff", "new.nurse@clinic.example"],
        input=f"{password}\n{password}\n",
    )
    assert created.exit_code == 0, created.output
    answers.update(takes_medication="yes", medications="warfarin")
    submit(answers)

    nurse = app.test_client()
    nurse.post(
        "/staff/login", data={"email": "new.nurse@clinic.example", "password": password}
    )
    setup = nurse.get("/staff/login/two-factor-setup").get_data(as_text=True)
    secret = re.search(r"<code>([A-Z2-7]{32})</code>", setup)[1]
    codes = nurse.post(
        "/staff/login/two-factor-setup", data={"code": pyotp.TOTP(secret).now()}
    )
    assert "Save your recovery codes" in codes.get_data(as_text=True)
    # The admin typed that password: the member chooses their own first.
    assert nurse.get("/staff/").location == "/staff/password"
    own = "my own lantern by the sea wall"
    changed = nurse.post(
        "/staff/password",
        data={
            "current_password": password,
            "new_password": own,
            "confirm_password": own,
        },
    )
    assert changed.location == "/staff/"

    queue = nurse.get("/staff/screenings?outcome=needs_review&status=new").get_data(
        as_text=True
    )
    reference = re.search(r'<tr data-reference="([^"]+)">', queue)[1]
    detail = nurse.get(f"/staff/screenings/{reference}").get_data(as_text=True)
    assert "Takes medication or supplements: see the list given." in detail
    assert "warfarin" in detail
    decided = nurse.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "needs_more_information", "note": "Ask about the dose."},
    )
    assert decided.status_code == 303

    audit = admin_client.get(f"/staff/audit?screening={reference}").get_data(
        as_text=True
    )
    assert re.findall(r'<li class="audit-entry" data-event="([^"]+)">', audit) == [
        "screening.decided",
        "screening.viewed",
    ]
    assert "new.nurse@clinic.example" in audit
    export = admin_client.get("/staff/export.csv?outcome=needs_review")
    line = [
        row for row in export.get_data(as_text=True).splitlines() if reference in row
    ]
    assert "Needs more information" in line[0]
