"""A patient's browser for live servers: keeps its cookie, follows no redirects.

Each ``Patient`` fills in the screening form the way a browser does: it loads
the form (session cookie, CSRF token, one-time nonce), then posts the answers.
"""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

HIDDEN = re.compile(r'name="(csrf_token|nonce)" type="hidden" value="([^"]+)"')
TIMEOUT_SECONDS = 30


@dataclass
class Reply:
    """What came back for one request."""

    status: int
    location: str | None
    body: str


@dataclass
class Patient:
    """One browser session against one server."""

    base_url: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, body: str | None = None) -> Reply:
        """Send one request on a new connection and remember any cookie set."""
        parts = urlsplit(self.base_url)
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=TIMEOUT_SECONDS
        )
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            # As a browser does; staff pages answer other clients with 401.
            "Accept": "text/html,application/xhtml+xml",
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return Reply(response.status, response.getheader("Location"), text)

    def submit(self, answers: dict[str, str]) -> tuple[str, Reply]:
        """Load a fresh form, post ``answers`` with its hidden fields; return nonce."""
        form = self.request("GET", "/screening")
        hidden = dict(HIDDEN.findall(form.body))
        reply = self.request("POST", "/screening", urlencode({**answers, **hidden}))
        return hidden["nonce"], reply


def token_from(location: str) -> str:
    """Return the screening token at the end of a result URL."""
    return urlsplit(location).path.rstrip("/").rsplit("/", 1)[-1]
