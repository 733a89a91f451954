"""Reading the service in Spanish: choosing it, and the catalogue's own words.

A patient chooses Spanish with the language link (``?lang=es``), which sets
the ``language`` cookie. Words from another part of the catalogue (the
form's questions and messages) are compared with what the catalogue says
for them, so a test checks the page speaks the catalogue's Spanish.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from flask_babel import force_locale, gettext


def choose_spanish(client) -> None:
    """Follow the language link to Spanish, as a patient does; the cookie stays."""
    response = client.get("/?lang=es")
    assert response.status_code == 302
    assert client.get_cookie("language").value == "es"


def in_spanish(app, english: str) -> str:
    """Return what the Spanish catalogue says for ``english`` (itself if missing)."""
    with app.test_request_context(), force_locale("es"):
        return gettext(english)


def words(page: BeautifulSoup) -> str:
    """Return a page's visible text, its spaces run together."""
    return re.sub(r"\s+", " ", page.get_text(" ")).strip()
