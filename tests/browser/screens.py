"""Every page state the browser tests visit, by name."""

from __future__ import annotations

from .pages import ERROR_SCREENS, PATIENT_SCREENS
from .staff import STAFF_SCREENS

EVERY_SCREEN = PATIENT_SCREENS + ERROR_SCREENS + STAFF_SCREENS
BY_NAME = {screen.name: screen for screen in EVERY_SCREEN}


def screens(*names: str) -> list:
    """Return the named screens, for tests that need only some."""
    return [BY_NAME[name] for name in names]
