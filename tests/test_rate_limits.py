"""Rate limits per client address: screening POSTs, staff sign-in and the API."""

from __future__ import annotations

import secrets

import pytest
import redis
from flask import Flask
from support.answers import API_BODY
from support.records import count_screenings

REDIS_URL = "redis://127.0.0.1:6379/0"
# One prefix per test run, so runs never share counters; deleted afterwards.
REDIS_PREFIX = f"screening-test-{secrets.token_hex(6)}"
# Documentation addresses (RFC 5737): they only ever appear in a WSGI environ here.
CLIENT = "192.0.2.10"
OTHER_CLIENT = "198.51.100.20"


def post_screening(client, answers, address=CLIENT, **headers):
    """Post the answers with a fresh nonce, as one client address."""
    data = {**answers, "nonce": secrets.token_urlsafe(24)}
    return client.post(
        "/screening",
        data=data,
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


def assert_refused_politely(response, *, json: bool) -> None:
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    if json:
        assert response.is_json
        assert "try again" in response.get_json()["error"]
    else:
        page = response.get_data(as_text=True)
        assert "<title>Too many requests" in page
        assert 'class="site-header"' in page
        assert "nothing from it was saved" in page


def test_screening_posts_are_limited_per_client_address(make_app, answers):
    app = make_app(RATELIMIT_SCREENING="3 per minute")
    client = app.test_client()
    for _ in range(3):
        assert post_screening(client, answers).status_code == 303
    refused = post_screening(client, answers)
    assert_refused_politely(refused, json=False)
    assert count_screenings(app) == 3
    assert post_screening(client, answers, OTHER_CLIENT).status_code == 303
    assert client.get("/screening").status_code == 200


def test_api_requests_are_limited_and_refused_in_json(make_app):
    client = make_app(RATELIMIT_API="2 per minute").test_client()
    for _ in range(2):
        response = client.post("/api/v1/eligibility", json=API_BODY)
        assert response.status_code == 200
    assert_refused_politely(
        client.post("/api/v1/eligibility", json=API_BODY), json=True
    )


@pytest.mark.parametrize(
    "path", ["/staff/login", "/staff/login/code", "/staff/login/two-factor-setup"]
)
def test_staff_sign_in_posts_are_limited_per_client_address(make_app, path):
    """Password and code guessing from one address stops at the limit."""
    client = make_app(RATELIMIT_STAFF_LOGIN="2 per minute").test_client()
    wrong = {"email": "nobody@clinic.example", "password": "guess", "code": "000000"}
    statuses = [client.post(path, data=wrong).status_code for _ in range(3)]
    assert 429 not in statuses[:2]
    assert statuses[2] == 429
    assert client.get(path).status_code != 429
    other = client.post(path, data=wrong, environ_base={"REMOTE_ADDR": OTHER_CLIENT})
    assert other.status_code != 429


def test_routes_without_a_listed_limit_are_never_limited(make_app, answers):
    """Health checks and pages stay reachable whatever the limits."""
    app = make_app(
        RATELIMIT_SCREENING="1 per minute",
        RATELIMIT_API="1 per minute",
        RATELIMIT_STAFF_LOGIN="1 per minute",
    )
    client = app.test_client()
    token = post_screening(client, answers).headers["Location"].split("/")[-1]
    arguments = {
        "token": token,
        "reference": "MS-UNKNOWN",
        "filename": "site.css",
        "action": "disable",
        "staff_id": 1,
        "message_id": 1,
    }
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        path = rule.build({name: arguments[name] for name in rule.arguments})[1]
        for _ in range(3):
            with client.get(path) as response:
                assert response.status_code != 429, path


def test_forwarded_for_is_ignored_without_a_configured_proxy(make_app, answers):
    client = make_app(RATELIMIT_SCREENING="2 per minute").test_client()
    statuses = [
        post_screening(
            client, answers, **{"X-Forwarded-For": f"203.0.113.{n}"}
        ).status_code
        for n in range(3)
    ]
    assert statuses == [303, 303, 429]


def test_forwarded_for_is_the_client_behind_a_configured_proxy(make_app, answers):
    client = make_app(RATELIMIT_SCREENING="2 per minute", PROXY_FIX_X_FOR=1)
    client = client.test_client()
    for n in range(4):
        forwarded = {"X-Forwarded-For": f"203.0.113.{n}"}
        assert post_screening(client, answers, **forwarded).status_code == 303
    same = {"X-Forwarded-For": "203.0.113.99"}
    statuses = [post_screening(client, answers, **same).status_code for _ in range(3)]
    assert statuses == [303, 303, 429]


def test_limits_are_read_from_flask_environment_variables(monkeypatch, make_app):
    monkeypatch.setenv("FLASK_RATELIMIT_API", "7 per hour")
    monkeypatch.setenv("FLASK_RATELIMIT_STORAGE_URI", "memory://")
    monkeypatch.setenv("FLASK_PROXY_FIX_X_FOR", "1")
    app = make_app()
    assert app.config["RATELIMIT_API"] == "7 per hour"
    assert app.config["PROXY_FIX_X_FOR"] == 1


@pytest.fixture
def redis_client():
    """Return a client of the real Redis; delete this run's keys afterwards."""
    client = redis.Redis.from_url(REDIS_URL)
    yield client
    for key in client.scan_iter(match=f"*{REDIS_PREFIX}*"):
        client.delete(key)
    client.close()


def redis_app(make_app) -> Flask:
    return make_app(
        RATELIMIT_API="2 per minute",
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX=REDIS_PREFIX,
    )


def test_redis_storage_shares_counts_between_app_instances(make_app, redis_client):
    """A second instance (another worker or server) sees the first one's hits."""
    first = redis_app(make_app).test_client()
    for _ in range(2):
        assert first.post("/api/v1/eligibility", json=API_BODY).status_code == 200
    assert list(redis_client.scan_iter(match=f"*{REDIS_PREFIX}*"))
    second = redis_app(make_app).test_client()
    assert_refused_politely(
        second.post("/api/v1/eligibility", json=API_BODY), json=True
    )


def test_an_unreachable_redis_falls_back_to_counting_in_memory(make_app, answers):
    app = make_app(
        RATELIMIT_SCREENING="2 per minute",
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",
    )
    client = app.test_client()
    statuses = [post_screening(client, answers).status_code for _ in range(3)]
    assert statuses == [303, 303, 429]
