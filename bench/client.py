"""A small HTTP client for preparing benchmark requests ahead of the timed phase."""

from __future__ import annotations

import http.client
import json
import re
import urllib.parse
from datetime import date, timedelta

from .load import Request

NONCE = re.compile(r'name="nonce" type="hidden" value="([^"]+)"')
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class Browser:
    """Keep-alive connection with one cookie jar; never follows redirects."""

    def __init__(self, base: str):
        host = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(host.hostname, host.port)
        self.cookies: dict[str, str] = {}

    def request(self, method, path, body=None, headers=None):
        """Return (status, headers, body) and remember any cookie set."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.headers, data

    def get(self, path):
        """Return the body of a GET that must succeed."""
        status, _, data = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        return data

    def cookie_header(self) -> str:
        """Return the jar as one Cookie header value."""
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())


def screening_answers(index: int) -> dict[str, str]:
    """Return valid, varied answers for the ``index``-th benchmark patient."""
    birth = date(1960, 1, 1) + timedelta(days=(index * 37) % 14000)
    return {
        "full_name": f"Bench Patient {index}",
        "email": f"patient{index}@example.com",
        "phone": "",
        "date_of_birth-day": str(birth.day),
        "date_of_birth-month": str(birth.month),
        "date_of_birth-year": str(birth.year),
        "pregnant": ("no", "no", "unsure")[index % 3],
        "good_health": "yes",
        "cancer_history": "no",
        "heart_arrhythmia": "no",
        "blood_clots": ("no", "yes")[index % 7 == 0],
        "takes_medication": "no",
        "medications": "",
        "allergies": "no",
        "consent": "y",
    }


def peer_answers(index: int) -> dict[str, str]:
    """Return the same answers as the peer's form takes them (ISO dates)."""
    answers = screening_answers(index)
    parts = [answers.pop(f"date_of_birth-{part}") for part in ("year", "month", "day")]
    answers["date_of_birth"] = "{}-{:0>2}-{:0>2}".format(*parts)
    return answers


def prepared_submissions(
    base: str, count: int, answers=screening_answers
) -> list[Request]:
    """Fetch ``count`` fresh forms (one session) and return their POSTs.

    The app's form carries a one-time nonce; the peer's has none.
    """
    browser = Browser(base)
    requests = []
    for index in range(count):
        page = browser.get("/screening").decode()
        nonce = NONCE.search(page)
        fields = {
            **answers(index),
            "csrf_token": CSRF.search(page).group(1),
            **({"nonce": nonce.group(1)} if nonce else {}),
        }
        requests.append(
            Request(
                "POST",
                "/screening",
                browser.cookie_header(),
                "application/x-www-form-urlencoded",
                urllib.parse.urlencode(fields),
            )
        )
    return requests


def submit(base: str, count: int, answers=screening_answers) -> list[str]:
    """Store ``count`` screenings through the form; return their result paths."""
    browser = Browser(base)
    paths = []
    for request in prepared_submissions(base, count, answers):
        status, headers, _ = browser.request(
            "POST",
            request.path,
            request.body,
            {"Content-Type": request.content_type, "Cookie": request.cookie},
        )
        if status != 303:
            raise RuntimeError(f"submission answered {status}")
        paths.append(urllib.parse.urlsplit(headers["Location"]).path)
    return paths


def api_requests(count: int) -> list[Request]:
    """Return varied eligibility API calls."""
    requests = []
    for index in range(count):
        answers = screening_answers(index)
        birth = date(
            int(answers["date_of_birth-year"]),
            int(answers["date_of_birth-month"]),
            int(answers["date_of_birth-day"]),
        )
        body = {
            "date_of_birth": birth.isoformat(),
            "pregnant": answers["pregnant"],
            "good_health": True,
            "cancer_history": False,
            "heart_arrhythmia": False,
            "blood_clots": index % 7 == 0,
            "takes_medication": index % 5 == 0,
            "medications": "vitamin D" if index % 5 == 0 else None,
            "allergies": False,
        }
        requests.append(
            Request(
                "POST", "/api/v1/eligibility", "", "application/json", json.dumps(body)
            )
        )
    return requests
