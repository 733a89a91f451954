"""Build the rule set from the defaults and a clinic's policy file.

A clinic changes its age limits and the severity of any rule in a TOML file,
for example::

    name = "Riverside clinic 2027"
    [ages]
    minimum = 21
    maximum = 65
    [severity]
    takes-medication = "advise"

Any mistake stops start-up with a message naming the bad key, because a
silently ignored policy would screen patients against the wrong criteria.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from .criteria import DEFAULT_RULES, RULESET_VERSION
from .model import RuleSet, Severity
from .parameters import RULE_PARAMETERS, Parameter
from .text import Message

AGE_KEYS = {"minimum": "minimum_age", "maximum": "maximum_age"}
TOP_LEVEL_KEYS = {"name", "ages", "severity"}


class PolicyError(ValueError):
    """The clinic's policy file cannot be used as it stands."""


def default_ruleset() -> RuleSet:
    """Return the policy taken from the reference article, unchanged."""
    return RuleSet(RULESET_VERSION, DEFAULT_RULES, dict(RULE_PARAMETERS))


def load_ruleset(path: str | Path | None) -> RuleSet:
    """Return the default rule set adjusted by the policy file at ``path``."""
    if not path:
        return default_ruleset()
    try:
        raw = Path(path).read_bytes()
        policy = tomllib.loads(raw.decode("utf-8"))
    except OSError as error:
        raise PolicyError(f"cannot read policy file {path}: {error.strerror}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PolicyError(f"policy file {path} is not valid TOML: {error}") from None
    return apply_policy(policy, digest=hashlib.sha256(raw).hexdigest()[:8])


def apply_policy(policy: dict[str, Any], digest: str) -> RuleSet:
    """Return the default rule set with the policy's overrides applied."""
    unknown = set(policy) - TOP_LEVEL_KEYS
    if unknown:
        raise PolicyError(f"unknown key {sorted(unknown)[0]!r} in policy file")
    name = policy.get("name", digest)
    if not isinstance(name, str) or not name.strip():
        raise PolicyError("'name' must be a non-empty string")
    version = f"{RULESET_VERSION}+{name.strip()}"
    reference = Message("Clinic policy file {version}", version=version)
    parameters = _ages(_table(policy, "ages"), reference)
    rules = _severities(_table(policy, "severity"))
    return RuleSet(version, rules, parameters)


def _table(policy: dict[str, Any], key: str) -> dict[str, Any]:
    table = policy.get(key, {})
    if not isinstance(table, dict):
        raise PolicyError(f"{key!r} must be a table")
    return table


def _ages(ages: dict[str, Any], reference: str) -> dict[str, Parameter]:
    parameters = dict(RULE_PARAMETERS)
    for key, value in ages.items():
        if key not in AGE_KEYS:
            raise PolicyError(f"unknown key 'ages.{key}' in policy file")
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value <= 130
        ):
            raise PolicyError(f"'ages.{key}' must be a whole number from 0 to 130")
        name = AGE_KEYS[key]
        parameters[name] = parameters[name].with_value(value, reference)
    if parameters["minimum_age"].value > parameters["maximum_age"].value:
        raise PolicyError("'ages.minimum' must not be greater than 'ages.maximum'")
    return parameters


def _severities(overrides: dict[str, Any]) -> tuple:
    known = {rule.id for rule in DEFAULT_RULES}
    choices = [str(severity) for severity in Severity]
    for rule_id, severity in overrides.items():
        if rule_id not in known:
            raise PolicyError(f"unknown rule 'severity.{rule_id}' in policy file")
        if severity not in choices:
            raise PolicyError(
                f"'severity.{rule_id}' must be one of {', '.join(choices)}"
            )
    return tuple(
        replace(rule, severity=Severity(overrides[rule.id]))
        if rule.id in overrides
        else rule
        for rule in DEFAULT_RULES
    )
