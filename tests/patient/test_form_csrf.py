"""CSRF protection on the screening form, as in production: refused, answers kept."""

from __future__ import annotations

import re

# CSRF protection, as in production


def csrf_token_from(client):
    form = client.get("/screening").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)[1]


def test_a_post_without_a_csrf_token_is_refused_with_the_answers_kept(
    csrf_client, answers, page, stored
):
    csrf_client.get("/screening")

    response = csrf_client.post("/screening", data=answers | {"full_name": "Ada Q"})

    assert response.status_code == 400
    form = page(response)
    assert form.select_one("[data-csrf-failed]")
    assert "have not been sent" in form.get_text()
    assert form.select_one("#full_name")["value"] == "Ada Q"
    assert form.select_one('input[name="good_health"][checked]')["value"] == "yes"
    assert form.select_one("#consent").has_attr("checked")
    assert stored() == []


def test_a_post_with_a_wrong_csrf_token_is_refused(csrf_client, answers, stored):
    csrf_client.get("/screening")

    response = csrf_client.post("/screening", data=answers | {"csrf_token": "forged"})

    assert response.status_code == 400
    assert stored() == []


def test_the_refused_form_can_be_sent_again(csrf_client, answers, page, stored):
    refused = page(csrf_client.post("/screening", data=answers))
    token = refused.select_one('input[name="csrf_token"]')["value"]
    nonce = refused.select_one('input[name="nonce"]')["value"]

    response = csrf_client.post(
        "/screening", data=answers | {"csrf_token": token, "nonce": nonce}
    )

    assert response.status_code == 303
    assert len(stored()) == 1


def test_a_post_with_the_csrf_token_is_stored(csrf_client, answers, stored):
    token = csrf_token_from(csrf_client)

    response = csrf_client.post("/screening", data=answers | {"csrf_token": token})

    assert response.status_code == 303
    assert len(stored()) == 1
