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


# English words that Spanish never uses on its own: two of them in one piece
# of text mean a sentence was left in English, marked for translation or not.
ENGLISH_WORDS = frozenset(
    [
        "the",
        "your",
        "you",
        "and",
        "with",
        "this",
        "that",
        "is",
        "are",
        "for",
        "if",
        "have",
        "will",
        "what",
        "when",
        "not",
        "can",
        "about",
        "before",
        "after",
        "from",
        "our",
        "who",
        "which",
    ]
)
WORD = re.compile(r"[A-Za-z']+")


def visible_texts(page) -> list[str]:
    """Return each piece of text a reader sees on a parsed page, spaces evened."""
    for hidden in page.select("script, style, template, [hidden]"):
        hidden.decompose()
    pieces = [" ".join(text.split()) for text in page.find_all(string=True)]
    title = page.select_one("title")
    return [piece for piece in pieces if piece] + (
        [title.get_text(" ", strip=True)] if title else []
    )


def english_left(page, sentences: set[str], allowed: tuple[str, ...] = ()) -> list[str]:
    """Return the English on a page: catalogue sentences, or pieces reading as English.

    ``allowed`` holds what may stay as written: names, free text, the clinic's
    own settings.
    """
    found = []
    texts = visible_texts(page)
    whole = " ".join(texts)
    for piece in allowed:
        whole = whole.replace(piece, " ")
    for sentence in sentences:
        if sentence in whole and not any(sentence in piece for piece in allowed):
            found.append(sentence)
    for text in texts:
        for piece in allowed:
            text = text.replace(piece, " ")
        words = {word.lower() for word in WORD.findall(text)}
        if len(words & ENGLISH_WORDS) >= 2:
            found.append(text)
    return sorted(set(found))
