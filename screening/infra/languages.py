"""Which language a page speaks, and the words and formats in it (Flask-Babel).

The language is, in order: the one the reader chose with the language link
(remembered in a cookie), on a screening's own pages the language it was
answered in, the best match for the browser's ``Accept-Language`` among
``LANGUAGES``, then ``DEFAULT_LANGUAGE``. Outside
a request (the deliverer writing a patient's email) the caller says which
language with ``flask_babel.force_locale``: the screening's own.

The link is ``?lang=es`` on the page being read: the cookie is set and the
reader is sent back to the same path without it, so the language never sits
in a stored or shared URL. Catalogues live in ``screening/translations``;
a ``.po`` newer than its ``.mo`` is compiled when the app starts, so a fresh
clone speaks every language without a build step.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency
from flask import Flask, current_app, g, has_request_context, redirect, request
from flask_babel import format_date, get_locale, gettext, refresh

from ..rules.text import Message, Money
from .clinic import SettingsError
from .extensions import babel

log = logging.getLogger(__name__)

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
LANGUAGE_COOKIE = "language"
LANGUAGE_ARGUMENT = "lang"
ONE_YEAR = 365 * 24 * 3600


def offered() -> tuple[str, ...]:
    """Return the languages this clinic offers, its default first."""
    config = current_app.config
    default = config["DEFAULT_LANGUAGE"]
    return (default, *(code for code in config["LANGUAGES"] if code != default))


def select_language() -> str:
    """Return the language for this request (Flask-Babel's locale selector).

    The reader's choice (the link's cookie); then, on a screening's own
    pages, the language it was answered in; then the browser's; then the
    clinic's default.
    """
    default = current_app.config["DEFAULT_LANGUAGE"]
    if not has_request_context():
        return default
    languages = offered()
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    answered_in = g.get("answered_in")
    if answered_in in languages:
        return answered_in
    return request.accept_languages.best_match(languages) or default


def speak_as_answered(language: str) -> None:
    """Show this request's pages about one screening in the language it was answered in.

    Unless the reader chose a language with the link: a patient who answered
    in Spanish reads the result, checklist and answers in Spanish on any
    device, opened from any email.
    """
    g.answered_in = language
    refresh()


def current_language() -> str:
    """Return the language code this request (or forced block) speaks."""
    locale = get_locale()
    return str(locale) if locale else current_app.config["DEFAULT_LANGUAGE"]


def language_name(code: str) -> str:
    """Return a language's name in that language: "English", "Español"."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def switch_language():
    """Remember a language chosen with ``?lang=``, then show the page without it."""
    if request.method != "GET" or LANGUAGE_ARGUMENT not in request.args:
        return None
    code = request.args[LANGUAGE_ARGUMENT]
    # "//host" would be read as another site: keep the path on this one.
    path = "/" + request.path.lstrip("/")
    query = urlencode(other_arguments())
    response = redirect(request.script_root + path + (f"?{query}" if query else ""))
    if code in offered():
        response.set_cookie(
            LANGUAGE_COOKIE,
            code,
            max_age=ONE_YEAR,
            secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
            httponly=True,
            samesite="Lax",
        )
    return response


def other_arguments() -> list[tuple[str, str]]:
    """Return this request's query arguments but the language link's own."""
    return [
        (name, value)
        for name, value in request.args.items(multi=True)
        if name != LANGUAGE_ARGUMENT
    ]


def language_link(code: str) -> str:
    """Return the link to this page in ``code``: the query kept, ``lang`` set."""
    return "?" + urlencode([*other_arguments(), (LANGUAGE_ARGUMENT, code)])


def vary_by_language(response):
    """Say the page's language, and tell caches it differs by cookie and header."""
    response.headers.setdefault("Content-Language", current_language())
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


def date_words(value: date) -> str:
    """Return a date written out in the reader's language: "5 de marzo de 2026"."""
    # Translators: a Babel (CLDR) date pattern for dates in sentences.
    return format_date(value, gettext("d MMMM y"))


def money_words(value: Money) -> str:
    """Return a whole amount with the reader's currency format: "$300", "300 US$"."""
    locale = Locale.parse(current_language())
    pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(
        value.amount,
        value.currency,
        format=pattern,
        locale=locale,
        currency_digits=False,
    )


def value_words(value: Any) -> str:
    """Return one value of a sentence the way the reader's language writes it.

    A value that is itself the rules' words (a ``Message``: the name of an
    answer in "Medication list must be 1000 characters or fewer") is
    translated too; any other text (a clinic's price, a name) is kept.
    """
    if isinstance(value, Message):
        return translated(value)
    if isinstance(value, date):
        return date_words(value)
    if isinstance(value, Money):
        return money_words(value)
    return str(value)


def translated(text: str | None, values: Mapping[str, Any] | None = None) -> str:
    """Return the rules' English ``text`` in the reader's language.

    A ``Message`` is looked up by its template and filled with its values;
    a plain string by itself. Words not in the catalogue (a clinic's own,
    say) are shown as written. The result is plain text: Jinja escapes it.
    """
    if not text:
        return text or ""
    if isinstance(text, Message):
        template, values = text.template, {**text.values, **(values or {})}
    else:
        template = str(text)
    words = gettext(template)
    if values:
        words = words.format_map({k: value_words(v) for k, v in values.items()})
    return str(words)


def stored_words(result: Mapping[str, Any], field: str = "message") -> str:
    """Return a stored rule result's words (``message`` or ``reason``) translated.

    A screening keeps the English words it was given. When the rule in
    force still says exactly that, its template is translated with the same
    values; when the clinic's policy has changed the words since, the stored
    English is shown as it was given, never a sentence the patient was not.
    """
    stored = result.get(field) or ""
    ruleset = current_app.extensions["screening_ruleset"]
    fresh = ruleset.result_of(result.get("rule", ""))
    if fresh is not None and getattr(fresh, field) == stored:
        return translated(getattr(fresh, field))
    return translated(stored)


def compile_catalogues(
    directory: Path = TRANSLATIONS, into: Path | None = None
) -> list[Path]:
    """Compile each ``.po`` newer than its ``.mo``; return what was written.

    Written beside the source (or under ``into``, in the same layout) under
    a temporary name and moved into place, so several workers starting at
    once never read half a file.
    """
    written = []
    for po in sorted(directory.glob("*/LC_MESSAGES/*.po")):
        mo = (into or directory) / po.relative_to(directory).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalogue = read_po(source, locale=po.parent.parent.name)
        mo.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=mo.parent, suffix=".mo-new")
        with os.fdopen(handle, "wb") as target:
            write_mo(target, catalogue, use_fuzzy=False)
        os.replace(temporary, mo)
        written.append(mo)
        log.info("translations compiled", extra={"catalogue": po.parent.parent.name})
    return written


def compiled_catalogues(instance_path: str) -> Path:
    """Compile stale catalogues; return the folder Flask-Babel reads them from.

    Beside the sources when the code's folder is writable (``make run``, a
    checkout); otherwise, as on a read-only install, in the instance folder.
    """
    try:
        compile_catalogues()
        return TRANSLATIONS
    except OSError:
        compiled = Path(instance_path) / "translations"
        compile_catalogues(TRANSLATIONS, compiled)
        return compiled


def available() -> set[str]:
    """Return the languages with a catalogue, and English, the source."""
    return {"en"} | {path.name for path in TRANSLATIONS.iterdir() if path.is_dir()}


def check_languages(config: dict[str, Any]) -> None:
    """Check LANGUAGES and DEFAULT_LANGUAGE, or raise SettingsError naming the key."""
    languages = config["LANGUAGES"]
    if isinstance(languages, str):
        languages = [code.strip() for code in languages.split(",") if code.strip()]
    known = available()
    if not languages or any(code not in known for code in languages):
        names = ", ".join(sorted(known))
        raise SettingsError(f"LANGUAGES must list languages with a catalogue: {names}")
    if config["DEFAULT_LANGUAGE"] not in languages:
        raise SettingsError("DEFAULT_LANGUAGE must be one of LANGUAGES")
    config["LANGUAGES"] = tuple(languages)


def init_languages(app: Flask) -> None:
    """Compile stale catalogues, bind Flask-Babel and give templates the helpers."""
    check_languages(app.config)
    compiled = compiled_catalogues(app.instance_path)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", app.config["DEFAULT_LANGUAGE"])
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compiled)
    babel.init_app(app, locale_selector=select_language)
    app.before_request(switch_language)
    app.after_request(vary_by_language)
    app.add_template_filter(translated, "translated")
    app.add_template_filter(date_words, "date_words")
    app.add_template_filter(stored_words, "stored_words")
    app.add_template_global(offered, "offered_languages")
    app.add_template_global(current_language, "current_language")
    app.add_template_global(language_name, "language_name")
    app.add_template_global(language_link, "language_link")


@dataclass(frozen=True)
class CatalogueReview:
    """Who checked a language's words for clinical sense, and when (None: not yet)."""

    language: str
    reviewed_by: str | None
    reviewed_on: str | None


NOT_REVIEWED = "not yet reviewed"
REVIEW_FIELDS = {"reviewed-by": "reviewed_by", "reviewed-on": "reviewed_on"}


def review_fields(path: Path) -> dict[str, str | None]:
    """Return a catalogue's Reviewed-By and Reviewed-On, from its header comment.

    Only the leading comment lines are read: the header comes first.
    """
    found: dict[str, str | None] = dict.fromkeys(REVIEW_FIELDS.values())
    with path.open(encoding="utf-8") as source:
        for line in source:
            if not line.startswith("#"):
                break
            name, _, value = line.lstrip("#").strip().partition(":")
            field = REVIEW_FIELDS.get(name.strip().lower())
            value = value.strip()
            if field and value and value.lower() != NOT_REVIEWED:
                found[field] = value
    return found


def catalogue_reviews() -> list[CatalogueReview]:
    """Return the clinical review recorded in each offered language's catalogue.

    Each catalogue's header comment names the clinician who checked its
    words (``# Reviewed-By:``) and the day (``# Reviewed-On:``); "not yet
    reviewed" is None. English, the source, has no catalogue to review.
    """
    reviews = []
    for code in offered():
        path = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
        if not path.exists():
            continue
        fields = review_fields(path)
        reviews.append(CatalogueReview(code, **fields))
    return reviews
