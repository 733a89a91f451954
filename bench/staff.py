"""A signed-in staff member for the benchmark, made the way an operator makes one.

The account comes from `flask --app app create-staff` (the password on
stdin, twice); signing in goes through the real pages over HTTP,
two-factor set-up included, with pyotp playing the authenticator app, then
the member chooses their own password, as after every create-staff. The
benchmark server keeps two-factor sign-in required, as in production.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import urllib.parse

import pyotp

from .client import CSRF, Browser
from .servers import ROOT

EMAIL = "bench.nurse@clinic.example"
PASSWORD = "benchmark staff passphrase, not for production"  # noqa: S105
OWN_PASSWORD = "the benchmark nurse's own passphrase"  # noqa: S105
SECRET = re.compile(r'<p class="secret-key"><code>([A-Z2-7]+)</code></p>')


def create_staff(environment: dict[str, str], admin: bool = False) -> None:
    """Create the benchmark's staff account with the operator's command."""
    role = ["--admin"] if admin else []
    with tempfile.TemporaryDirectory() as instance:
        subprocess.run(  # noqa: S603 (fixed command)
            [
                sys.executable,
                "-m",
                "flask",
                "--app",
                "app",
                "create-staff",
                EMAIL,
                *role,
            ],
            input=f"{PASSWORD}\n{PASSWORD}\n",
            cwd=ROOT,
            env={**os.environ, **environment, "FLASK_INSTANCE_PATH": instance},
            capture_output=True,
            text=True,
            check=True,
        )


def post_form(browser: Browser, path: str, page: bytes, fields: dict[str, str]):
    """Post ``fields`` with the CSRF token of ``page``; return (status, location)."""
    token = CSRF.search(page.decode()).group(1)
    body = urllib.parse.urlencode({**fields, "csrf_token": token})
    status, headers, _ = browser.request(
        "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    return status, headers.get("Location", "")


def sign_in(base: str) -> Browser:
    """Sign in through the pages, setting up two-factor on first sign-in."""
    browser = Browser(base)
    page = browser.get("/staff/login")
    status, location = post_form(
        browser, "/staff/login", page, {"email": EMAIL, "password": PASSWORD}
    )
    if status != 303 or not location.endswith("/staff/login/two-factor-setup"):
        raise RuntimeError(f"sign-in answered {status} to {location}")
    page = browser.get("/staff/login/two-factor-setup")
    code = pyotp.TOTP(SECRET.search(page.decode()).group(1)).now()
    status, _ = post_form(
        browser, "/staff/login/two-factor-setup", page, {"code": code}
    )
    if status != 200:
        raise RuntimeError(f"two-factor set-up answered {status}")
    page = browser.get("/staff/password")
    status, location = post_form(
        browser,
        "/staff/password",
        page,
        {
            "current_password": PASSWORD,
            "new_password": OWN_PASSWORD,
            "confirm_password": OWN_PASSWORD,
        },
    )
    if status != 303 or not location.endswith("/staff/"):
        raise RuntimeError(f"changing the password answered {status} to {location}")
    browser.get("/staff/")
    return browser


def staff_browser(
    base: str, environment: dict[str, str], admin: bool = False
) -> Browser:
    """Create the account (an admin's if ``admin``) and return a browser signed in."""
    create_staff(environment, admin)
    return sign_in(base)
