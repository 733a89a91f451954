"""Liveness and readiness, answered in JSON that names no patient and no secret."""

from __future__ import annotations

import logging

from flask import jsonify
from sqlalchemy.exc import SQLAlchemyError

from ..infra.database import applied_revisions, schema_state
from . import bp

log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    """Say the process is up; touches nothing, so a slow database cannot fail it."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Say whether this server can serve: database reachable, schema not behind.

    A schema *ahead* of this code (a newer release migrated it) still
    counts as ready: during a rolling deploy the old servers keep serving
    on the expanded schema until the new ones replace them, instead of all
    leaving the load balancer at once.
    """
    try:
        state = schema_state(applied_revisions())
    except SQLAlchemyError as error:
        log.warning("readiness check: database unreachable (%s)", type(error).__name__)
        return not_ready(database="unreachable", migrations="unknown")
    if state == "behind":
        log.warning("readiness check: database schema behind the code")
        return not_ready(database="ok", migrations=state)
    return jsonify(status="ready", checks={"database": "ok", "migrations": state})


def not_ready(**checks: str):
    """Return 503 so the load balancer sends traffic elsewhere."""
    return jsonify(status="unavailable", checks=checks), 503
