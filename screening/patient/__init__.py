"""Patient pages: start, screening form, result and printable checklist."""

from flask import Blueprint

from ..services import wording

bp = Blueprint("patient", __name__)
# Answers and times in the reader's language, for every page that shows them.
bp.add_app_template_filter(wording.answer_text, "answer_text")
bp.add_app_template_filter(wording.clinic_time, "clinic_time")

from . import own_data, views  # noqa: E402,F401
