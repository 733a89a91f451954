"""Health checks for load balancers and orchestrators: no auth, no personal data.

Load balancers poll these every few seconds from a handful of addresses, so
they must never be rate-limited: the rate limiter exempts every blueprint
that sets RATE_LIMIT_EXEMPT.
"""

from flask import Blueprint

bp = Blueprint("health", __name__)

RATE_LIMIT_EXEMPT = True

from . import views  # noqa: E402,F401
