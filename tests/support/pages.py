"""Reading pages in tests: every page's hygiene, the form's hidden tokens."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup


def nonce_from(html: str) -> str:
    """Return the one-time form nonce embedded in a rendered form."""
    return re.search(r'name="nonce" type="hidden" value="([^"]+)"', html).group(1)


def csrf_token_in(html: str) -> str | None:
    """Return the CSRF token of the first form in ``html``, if it has one."""
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    found = found or re.search(r'type="hidden" name="csrf_token" value="([^"]+)"', html)
    return found.group(1) if found else None


def checked_page(response) -> BeautifulSoup:
    """Parse an HTML response and check what every page needs.

    Like GOV.UK Notify's page checks: a title, unique ids, labels and
    in-page links that point at something, forms that say where they go.
    """
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '="None"' not in html, "an attribute rendered from None"
    page = BeautifulSoup(html, "html.parser")
    assert page.title and page.title.get_text(strip=True)
    ids = [element["id"] for element in page.select("[id]")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for label in page.select("label[for]"):
        assert label["for"] in ids, f"label for missing #{label['for']}"
    for link in page.select('a[href^="#"]'):
        assert link["href"][1:] in ids, f"link to missing {link['href']}"
    for form in page.select("form"):
        assert form.get("action") and form.get("method")
    assert not page.select("script:not([src])"), "inline script"
    assert not page.select("style, [style]"), "inline style"
    return page
