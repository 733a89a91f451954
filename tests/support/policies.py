"""A clinic's policy file for tests: minimum age 21, medication only advised."""

from __future__ import annotations

RIVERSIDE_2027 = """\
name = "Riverside 2027"
[ages]
minimum = 21
[severity]
takes-medication = "advise"
"""
