"""JSON API: stateless eligibility checks for booking systems."""

from flask import Blueprint

from ..infra.ratelimits import limit_api

bp = Blueprint("api", __name__, url_prefix="/api/v1")
limit_api(bp)

from . import views  # noqa: E402,F401
