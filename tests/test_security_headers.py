"""Every route of the URL map answers with the security headers, in every state."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from screening.infra.extensions import db
from screening.models import Screening

# The exact policy: nothing inline, nothing from elsewhere, no framing.
EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE
)
SKIPPED_METHODS = {"HEAD", "OPTIONS"}


def parse_policy(header: str) -> dict[str, list[str]]:
    """Return the CSP header as {directive: [sources]}."""
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


@pytest.fixture
def sample_arguments(app, submit, answers):
    """Return a real value for every URL argument the routes take."""
    location = submit(answers).headers["Location"]
    token = location.rstrip("/").split("/")[-1]
    with app.app_context():
        reference = db.session.scalar(
            select(Screening.reference).filter_by(token=token)
        )
    return {
        "token": token,
        "reference": reference,
        "filename": "site.css",
        "message_id": 1,
        "staff_id": 1,
        "action": "disable",
    }


def every_request(app, sample_arguments):
    """Yield (method, path) for every rule of the URL map, all GETs first.

    POSTs come last because some end the session or delete the screening.
    """
    requests = []
    for rule in app.url_map.iter_rules():
        missing = set(rule.arguments) - set(sample_arguments)
        assert not missing, f"add a sample value for {missing} ({rule.rule})"
        path = rule.build({name: sample_arguments[name] for name in rule.arguments})[1]
        requests += [(method, path) for method in rule.methods - SKIPPED_METHODS]
    return sorted(requests, key=lambda request: (request[0] != "GET", request))


def assert_security_headers(response, path: str, secure: bool = False) -> None:
    """Check one response's headers against the policy."""
    headers = response.headers
    where = f"{response.request.method} {path} ({response.status_code})"
    policy = headers.get("Content-Security-Policy", "")
    assert parse_policy(policy) == EXPECTED_POLICY, where
    assert "unsafe-" not in policy, where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") == "same-origin", where
    if secure:
        assert headers.get("Strict-Transport-Security") == (
            "max-age=31536000; includeSubDomains"
        ), where
    else:
        assert "Strict-Transport-Security" not in headers, where
    if not path.startswith("/static/"):
        assert headers.get("Cache-Control") == "no-store", where
    if response.mimetype == "text/html":
        inline = INLINE_CODE.search(response.get_data(as_text=True))
        assert inline is None, f"{where}: inline code {inline.group(0)!r}"


@pytest.fixture(params=["anonymous", "admin"])
def visitor(request, app):
    """Return a client that is signed out, or signed in as an admin."""
    if request.param == "anonymous":
        return app.test_client()
    return request.getfixturevalue("admin_client")


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
def test_every_route_sends_the_security_headers(app, visitor, sample_arguments, secure):
    base_url = "https://localhost" if secure else "http://localhost"
    requests = every_request(app, sample_arguments)
    for method, path in requests:
        with visitor.open(path, method=method, base_url=base_url, data={}) as response:
            assert_security_headers(response, path, secure)
    assert len(requests) >= len(list(app.url_map.iter_rules()))


def test_error_pages_send_the_security_headers(client):
    for path in ("/no-such-page", "/api/v1/no-such-endpoint", "/screening/unknown"):
        assert_security_headers(client.get(path), path)


def test_forwarded_proto_is_ignored_without_a_configured_proxy(client):
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert_security_headers(response, "/", secure=False)


def test_forwarded_proto_turns_on_hsts_behind_a_configured_proxy(make_app):
    client = make_app(PROXY_FIX_X_PROTO=1).test_client()
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert_security_headers(response, "/", secure=True)
