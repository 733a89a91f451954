"""The empty form is rendered once per worker; visitors still get their own tokens."""

from __future__ import annotations

import re

from support.pages import csrf_token_in, nonce_from


def test_each_visitor_gets_their_own_csrf_token_and_every_page_a_new_nonce(
    make_app, answers
):
    app = make_app(WTF_CSRF_ENABLED=True)
    first, second = app.test_client(), app.test_client()
    pages = [
        client.get("/screening").get_data(as_text=True) for client in (first, second)
    ]
    again = first.get("/screening").get_data(as_text=True)
    assert csrf_token_in(pages[0]) != csrf_token_in(pages[1])
    assert len({nonce_from(page) for page in (*pages, again)}) == 3
    assert "\x00" not in again
    data = {**answers, "csrf_token": csrf_token_in(again), "nonce": nonce_from(again)}
    assert first.post("/screening", data=data).status_code == 303
    assert second.post("/screening", data=data).status_code == 400


def test_the_kept_page_is_the_page_the_template_renders(make_app):
    kept = make_app().test_client()
    fresh = make_app(TEMPLATES_AUTO_RELOAD=True).test_client()
    kept.get("/screening")

    def without_tokens(client):
        page = client.get("/screening").get_data(as_text=True)
        return re.sub(
            r'(name="(?:csrf_token|nonce)" type="hidden" value=")[^"]*', r"\1", page
        )

    assert without_tokens(kept) == without_tokens(fresh)


def test_a_form_with_answers_is_never_the_kept_page(client, answers):
    client.get("/screening")
    answers.update(full_name="Ada Kept", consent="")
    page = client.post("/screening", data=answers)
    assert page.status_code == 200 and "Ada Kept" in page.get_data(as_text=True)
    assert "Ada Kept" not in client.get("/screening").get_data(as_text=True)
