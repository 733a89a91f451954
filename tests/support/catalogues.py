"""Read the message catalogues the way the translation gate and page checks need."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from .servers import ROOT

TRANSLATIONS = ROOT / "screening" / "translations"
# %(name)s and %s (gettext, Jinja), {name} (the rules' str.format templates).
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w*)\}")


def catalogue_paths(directory: Path = TRANSLATIONS) -> list[Path]:
    """Return every language's catalogue (``<lang>/LC_MESSAGES/messages.po``)."""
    return sorted(directory.glob("*/LC_MESSAGES/messages.po"))


def read_catalogue(path: Path) -> Catalog:
    """Return the catalogue at ``path``, header comment and all."""
    with path.open("rb") as source:
        return read_po(source, locale=path.parent.parent.name)


def placeholders(text: str) -> list[str]:
    """Return the placeholders in ``text``, sorted, so order may differ."""
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


def texts(message: Message) -> tuple[list[str], list[str]]:
    """Return a message's source forms and its translated forms."""
    ids = list(message.id) if isinstance(message.id, tuple | list) else [message.id]
    strings = message.string
    strings = list(strings) if isinstance(strings, tuple | list) else [strings]
    return ids, strings


def problems(catalogue: Catalog) -> Iterator[str]:
    """Say what is wrong with each message: untranslated, fuzzy, placeholders."""
    for message in catalogue:
        if not message.id:
            continue
        ids, strings = texts(message)
        shown = ids[0][:60]
        if message.fuzzy:
            yield f"fuzzy: {shown!r}"
        if not all(strings):
            yield f"not translated: {shown!r}"
            continue
        wanted = placeholders(ids[-1])
        for string in strings:
            if placeholders(string) != wanted:
                yield f"placeholders differ: {shown!r} → {string[:60]!r}"
        for error in message.check(catalogue):
            yield f"{error}: {shown!r}"


def header_field(catalogue: Catalog, name: str) -> str | None:
    """Return a field of the catalogue's header comment (``# Name: value``)."""
    for line in (catalogue.header_comment or "").splitlines():
        key, _, value = line.lstrip("# ").partition(":")
        if key.strip() == name:
            return value.strip()
    return None


def english_sentences(catalogue: Catalog, *, shortest_words: int = 2) -> set[str]:
    """Return the source sentences whose translation differs, to look for on pages.

    Single words are left out ("Email", "No"): a name or a cognate may share
    them. Placeholders split a template into the English around them.
    """
    found = set()
    for message in catalogue:
        if not message.id:
            continue
        ids, strings = texts(message)
        for source in ids:
            if source in strings:
                continue
            for part in PLACEHOLDER.split(source):
                part = (part or "").strip(" .,:;()\n")
                if len(part.split()) >= shortest_words and "%" not in part:
                    found.add(" ".join(part.split()))
    return found
