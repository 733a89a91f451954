"""Health checks for load balancers and orchestrators: no auth, no personal data.

Load balancers poll these every few seconds from a handful of addresses, so
they must never be rate-limited: register_blueprints exempts this blueprint.
"""

from flask import Blueprint

bp = Blueprint("health", __name__)

from . import views  # noqa: E402,F401
