"""No name, email address, answer or note ever reaches the application log."""

from __future__ import annotations

import logging

NAME = "Persephone Logsworth"
EMAIL = "persephone.logsworth@example.net"
PHONE = "01632 960 777"
MEDICATION = "Logsworth drops 10 ml"
NOTE = "Logsworth: clinician to call back"


def test_a_whole_journey_logs_no_personal_data(
    app, caplog, client, submit, answers, staff_client, admin_client, runner, clock
):
    caplog.set_level(logging.DEBUG)
    answers.update(full_name=NAME, email=EMAIL, phone=PHONE, takes_medication="yes")
    answers["medications"] = MEDICATION
    result_url = submit(answers).location
    client.get(result_url)
    client.get(result_url + "/checklist")

    queue = staff_client.get("/staff/screenings?outcome=needs_review").get_data(
        as_text=True
    )
    reference = queue.split('<tr data-reference="', 1)[1].split('"', 1)[0]
    for term in (NAME, EMAIL, reference):
        staff_client.post("/staff/screenings", data={"q": term})
    staff_client.get(f"/staff/screenings/{reference}")
    staff_client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "needs_more_information", "note": NOTE},
    )
    staff_client.post(f"/staff/screenings/{reference}/decisions", data={"note": NOTE})
    staff_client.get(f"/staff/screenings/{reference}/summary")
    admin_client.get("/staff/export.csv").get_data()
    admin_client.get("/staff/audit")
    staff_client.post(
        "/staff/login", data={"email": EMAIL, "password": "wrong password here"}
    )
    token = result_url.rsplit("/", 1)[1]
    client.post(f"/screening/{token}/delete")
    clock.advance(days=400)
    runner.invoke(args=["purge"])

    assert "audit screening.decided" in caplog.text  # the log did record things
    for secret in (NAME, EMAIL, PHONE, MEDICATION, NOTE):
        assert secret not in caplog.text, secret
        assert secret.lower() not in caplog.text.lower(), secret
