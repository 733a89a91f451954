"""Password rules and argon2 hashing for staff accounts."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from ...rules.text import N_, Message

MINIMUM_LENGTH = 12
MAXIMUM_LENGTH = 256
MINIMUM_DISTINCT_CHARACTERS = 5
# "Password2024!" is "password" with decoration: judge the word inside.
DECORATION = re.compile(r"^[^a-z]+|[^a-z]+$")


@cache
def common_passwords() -> frozenset[str]:
    """Return the shipped list of common passwords, lower-cased."""
    text = files("screening").joinpath("data/common-passwords.txt").read_text()
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def password_problem(password: str, email: str = "") -> str | None:
    """Return why ``password`` may not be used, or None when it may."""
    if len(password) < MINIMUM_LENGTH:
        return Message(
            "Password must be at least {count} characters", count=MINIMUM_LENGTH
        )
    if len(password) > MAXIMUM_LENGTH:
        return Message(
            "Password must be {count} characters or fewer", count=MAXIMUM_LENGTH
        )
    lowered = password.lower()
    if lowered in common_passwords() or DECORATION.sub("", lowered) in (
        common_passwords()
    ):
        return N_("Password is too common: choose one that is hard to guess")
    if len(set(lowered)) < MINIMUM_DISTINCT_CHARACTERS:
        return N_(
            "Password repeats too few characters: choose one that is hard to guess"
        )
    local_part = email.split("@", 1)[0].lower()
    if len(local_part) >= 4 and local_part in lowered:
        return N_("Password must not contain your email address")
    return None


def hasher() -> PasswordHasher:
    """Return the argon2 hasher with the configured cost profile."""
    profile = getattr(profiles, current_app.config["PASSWORD_HASH_PROFILE"])
    return PasswordHasher.from_parameters(profile)


def hash_password(password: str) -> str:
    """Return an argon2id hash of ``password``."""
    return hasher().hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    """Return True when ``password`` is the one hashed in ``password_hash``."""
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Return True when the hash was made with weaker parameters than today's."""
    return hasher().check_needs_rehash(password_hash)


@cache
def _dummy_hash(profile: str) -> str:
    return PasswordHasher.from_parameters(getattr(profiles, profile)).hash(
        "not a real password"
    )


def spend_hashing_time(password: str) -> None:
    """Verify against a dummy hash so unknown accounts take as long as known ones."""
    password_matches(_dummy_hash(current_app.config["PASSWORD_HASH_PROFILE"]), password)
