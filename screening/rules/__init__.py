"""Screening rules as data, and the small engine that applies them.

This package is pure Python: it must never import Flask, WTForms or
SQLAlchemy, so the policy can be reviewed and tested on its own.
"""

from .engine import evaluate
from .guidance import checklist_for
from .model import Answers, Evaluation, FiredRule, Outcome, Rule, RuleSet, Severity
from .policy import PolicyError, default_ruleset, load_ruleset

__all__ = [
    "Answers",
    "Evaluation",
    "FiredRule",
    "Outcome",
    "PolicyError",
    "Rule",
    "RuleSet",
    "Severity",
    "checklist_for",
    "default_ruleset",
    "evaluate",
    "load_ruleset",
]
