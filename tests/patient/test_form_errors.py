"""Error pages around the form: wrong method, oversized body, an unexpected failure."""

from __future__ import annotations

# Error pages


def test_a_wrong_method_is_refused_with_allowed_methods(client, page):
    response = client.put("/screening")

    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}
    assert page(response).title.get_text().startswith("This page cannot be used")


def test_an_oversized_form_gets_a_page_saying_so(client, answers, page, stored):
    response = client.post("/screening", data=answers | {"medications": "x" * 70_000})

    assert response.status_code == 413
    assert page(response).title.get_text().startswith("What you sent is too large")
    assert stored() == []


def test_an_unexpected_failure_gets_a_plain_500_page(
    client, answers, page, monkeypatch, caplog
):
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("screening.patient.views.store_screening", broken)

    response = client.post("/screening", data=answers)

    assert response.status_code == 500
    assert "boom" not in response.get_data(as_text=True)
    assert page(response).title.get_text().startswith("Sorry, there is a problem")
    assert "Ada" not in caplog.text


def test_an_oversized_form_is_a_413_even_before_the_csrf_check(
    csrf_client, answers, page
):
    response = csrf_client.post(
        "/screening", data=answers | {"medications": "x" * 70_000}
    )

    assert response.status_code == 413
    assert page(response).title.get_text().startswith("What you sent is too large")
