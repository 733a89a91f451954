"""Liveness and readiness, answered in JSON that names no patient and no secret."""

from __future__ import annotations

import logging

from flask import jsonify
from sqlalchemy.exc import SQLAlchemyError

from ..database import schema_problem
from . import bp

log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    """Say the process is up; touches nothing, so a slow database cannot fail it."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Say whether this server can serve: database reachable, schema current."""
    try:
        problem = schema_problem()
    except SQLAlchemyError as error:
        log.warning("readiness check: database unreachable (%s)", type(error).__name__)
        return not_ready(database="unreachable", migrations="unknown")
    if problem:
        log.warning("readiness check: database schema not current")
        return not_ready(database="ok", migrations="not current")
    return jsonify(status="ready", checks={"database": "ok", "migrations": "current"})


def not_ready(**checks: str):
    """Return 503 so the load balancer sends traffic elsewhere."""
    return jsonify(status="unavailable", checks=checks), 503
