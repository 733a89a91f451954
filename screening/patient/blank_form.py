"""A performance device: the empty form, rendered once and handed out with fresh tokens.

What it buys (docs/benchmarks.md, "Third round"): the form page, WTForms
widgets and all, costs 1.4 ms of CPU per new visitor in process against
10.7 ms rendered afresh (the plain version), and the peer's 8.7 ms; under
gunicorn 123 req/s against 24 (medians of three 4-second runs, load
average 4-10), the peer 43. Without it the form GET misses its target
(at least 1.0 × the peer); with it the page is about 3 × the peer.

A campaign sends thousands of patients to the form; before anyone has
typed, the page is the same for all of them but for two values: the
session's CSRF token and the form's one-time nonce. The page is rendered
from the template once per worker (and per day, and per site prefix) with
those two values marked, and each request fills in its own. Nothing
personal is ever in it: a form with answers or errors is always rendered
afresh. Each language has its own kept page. In debug mode, where templates
reload, it is never kept.
"""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_wtf.csrf import generate_csrf

from ..infra.languages import current_language
from ..services.store import new_nonce
from .forms import new_screening_form

CSRF_SLOT = "\x00csrf-token\x00"
NONCE_SLOT = "\x00form-nonce\x00"


def blank_form_page(today) -> str:
    """Return the empty form page, with this session's token and a new nonce."""
    if current_app.debug or current_app.config["TEMPLATES_AUTO_RELOAD"]:
        return rendered(new_screening_form(today))
    key = (request.script_root, today, current_language())
    kept = current_app.extensions.setdefault("blank_screening_form", {})
    page = kept.get(key)
    if page is None:
        # One page per language is kept, for today and this site prefix, so
        # readers of several languages never keep rendering it afresh.
        for stale in [old for old in kept if old[:2] != key[:2]]:
            kept.pop(stale, None)
        page = kept[key] = marked_page(new_screening_form(today))
    if CSRF_SLOT in page:
        page = page.replace(CSRF_SLOT, generate_csrf(), 1)
    return page.replace(NONCE_SLOT, new_nonce(), 1)


def rendered(form) -> str:
    """Render the empty form with a new nonce."""
    form.nonce.data = new_nonce()
    return render_template("patient/form.html", form=form)


def marked_page(form) -> str:
    """Render the form once and mark where its token and nonce go."""
    page = rendered(form)
    marks = [(form.nonce.data, NONCE_SLOT)]
    if form.meta.csrf:
        marks.append((generate_csrf(), CSRF_SLOT))
    for value, slot in marks:
        if page.count(value) != 1:
            raise RuntimeError("the blank form must show each token exactly once")
        page = page.replace(value, slot)
    return page
