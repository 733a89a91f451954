"""Patient pages: start, screening form, result and printable checklist."""

from flask import Blueprint

bp = Blueprint("patient", __name__)

from . import own_data, views  # noqa: E402,F401
