"""The shell commands the documentation shows, read from its fenced code blocks.

A fence's info string names its language (```sh, ```toml, ```text, ...). A
shell fence either holds commands that tests run, or carries the word
``outside-infrastructure`` (```sh outside-infrastructure) when what it shows
needs something the tests cannot have (nginx, cron, systemd, a backup store).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHELL_LANGUAGES = {"sh", "shell", "bash", "console", "crontab"}
OUTSIDE = "outside-infrastructure"
FENCE = re.compile(r"^(```|~~~)(.*)$")


@dataclass(frozen=True)
class Fence:
    """One fenced block: where it starts, its info string and its lines."""

    path: str
    line: int
    info: tuple[str, ...]
    lines: tuple[str, ...]

    @property
    def language(self) -> str | None:
        return self.info[0] if self.info else None

    @property
    def is_shell(self) -> bool:
        return self.language in SHELL_LANGUAGES

    @property
    def needs_outside_infrastructure(self) -> bool:
        return OUTSIDE in self.info[1:]


@dataclass(frozen=True)
class Command:
    """One shell command as the documentation writes it, without its comment."""

    path: str
    line: int
    text: str
    outside: bool

    @property
    def first_line(self) -> str:
        """Return the command's first line, without a continuation backslash."""
        return self.text.splitlines()[0].removesuffix("\\").strip()


def documentation() -> list[Path]:
    """Return README.md and every page in docs/."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def fences(path: Path) -> list[Fence]:
    """Return every fenced block of a Markdown file."""
    found, current, start, info = [], None, 0, ()
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        match = FENCE.match(line)
        if current is None and match:
            current, start, info = [], number, tuple(match.group(2).split())
        elif current is not None and match and not match.group(2).strip():
            name = str(path.relative_to(ROOT))
            found.append(Fence(name, start, info, tuple(current)))
            current = None
        elif current is not None:
            current.append(line)
    return found


def commands(fence: Fence) -> list[Command]:
    """Return the commands of a shell fence, joining continued and quoted lines."""
    found, pending, first = [], "", 0
    for offset, line in enumerate(fence.lines, start=1):
        if not pending:
            first = fence.line + offset
        pending += line + "\n"
        if line.endswith("\\") or not complete(pending):
            continue
        text = without_comment(pending)
        if text:
            found.append(
                Command(fence.path, first, text, fence.needs_outside_infrastructure)
            )
        pending = ""
    return found


def complete(text: str) -> bool:
    """Return True unless ``text`` stops inside a quoted string."""
    try:
        shlex.split(text, comments=True)
    except ValueError:
        return False
    return True


def without_comment(text: str) -> str:
    """Return the command without a trailing ``# comment`` and outer blank space."""
    quote = None
    for index, character in enumerate(text):
        if quote:
            quote = None if character == quote else quote
        elif character in "'\"":
            quote = character
        elif character == "#" and (index == 0 or text[index - 1].isspace()):
            return text[:index].strip()
    return text.strip()


def shell_commands() -> list[Command]:
    """Return every shell command in the documentation, in order."""
    return [
        command
        for path in documentation()
        for fence in fences(path)
        if fence.is_shell
        for command in commands(fence)
    ]


def documented(first_line: str) -> str:
    """Return the documented command whose first line is ``first_line``, verbatim."""
    shown = [c.text for c in shell_commands() if c.first_line == first_line]
    assert shown, f"no fenced command {first_line!r} in the documentation"
    return shown[0]
