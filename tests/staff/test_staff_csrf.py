"""Every staff form (and the patient's deletion form) needs its CSRF token."""

from __future__ import annotations

import re

from support.pages import csrf_token_in


def post_routes(app):
    """Return the URL of every POST rule under /staff and of patient deletion."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and (
            rule.rule.startswith("/staff") or rule.endpoint == "patient.delete"
        ):
            url = rule.rule.replace("<reference>", "MS-AAAAA-22222")
            url = url.replace("<token>", "t" * 43)
            urls.append(re.sub(r"<int:\w+>", "1", url))
    return urls


def test_there_are_staff_forms_to_protect(csrf_app):
    assert len(post_routes(csrf_app)) >= 7


def test_every_staff_form_refuses_a_post_without_its_token(
    csrf_app, login, admin_member
):
    client = csrf_app.test_client()
    assert login(client, admin_member).location == "/staff/"
    for url in post_routes(csrf_app):
        response = client.post(url, data={"kind": "declined", "note": "n", "q": "x"})
        assert response.status_code == 400, url
        assert "Your session has expired" in response.get_data(as_text=True), url
    assert client.get("/staff/").status_code == 200  # still signed in


def test_a_token_from_another_session_is_refused(csrf_app, login, admin_member):
    stranger = csrf_app.test_client()
    foreign = csrf_token_in(stranger.get("/staff/login").get_data(as_text=True))
    client = csrf_app.test_client()
    login(client, admin_member)
    response = client.post("/staff/logout", data={"csrf_token": foreign})
    assert response.status_code == 400


def test_staff_forms_work_with_their_token(
    csrf_app, login, admin_member, screening_factory
):
    reference = screening_factory()
    client = csrf_app.test_client()
    login(client, admin_member)
    page = client.get(f"/staff/screenings/{reference}").get_data(as_text=True)
    response = client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "declined", "note": "n", "csrf_token": csrf_token_in(page)},
    )
    assert response.status_code == 303
    queue = client.get("/staff/screenings").get_data(as_text=True)
    searched = client.post(
        "/staff/screenings", data={"q": "grace", "csrf_token": csrf_token_in(queue)}
    )
    assert reference in searched.get_data(as_text=True)
    logout = client.post("/staff/logout", data={"csrf_token": csrf_token_in(queue)})
    assert logout.status_code == 303


def test_signing_in_needs_the_token_of_the_login_page(csrf_app, admin_member):
    client = csrf_app.test_client()
    response = client.post(
        "/staff/login",
        data={"email": admin_member.email, "password": admin_member.password},
    )
    assert response.status_code == 400
