"""Reading the message catalogues in tests: what a word is in another language."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

import screening

TRANSLATIONS = Path(screening.__file__).parent / "translations"
SPANISH = {"Accept-Language": "es"}


@cache
def catalogue(language: str) -> Catalog:
    """Return the message catalogue of ``language`` as its .po file has it."""
    path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as source:
        return read_po(source, locale=language)


def words_in(language: str, english: str, **values) -> str:
    """Return the catalogue's translation of ``english``, values filled in.

    Values fill ``{name}`` templates (the rules') and ``%(name)s`` ones alike.
    """
    message = catalogue(language).get(english)
    assert message is not None and message.string, f"not translated: {english!r}"
    words = message.string
    if "%(" in words:
        return words % values
    return words.format_map(values)


def spanish(english: str, **values) -> str:
    """Return the Spanish catalogue's words for ``english``."""
    return words_in("es", english, **values)
