"""Patient pages: start, screening form, result and printable checklist."""

from flask import Blueprint

from . import words

bp = Blueprint("patient", __name__)
# Answers and times in the reader's language, for every page that shows them.
bp.add_app_template_filter(words.answer_words, "answer_words")
bp.add_app_template_filter(words.time_words, "time_words")

from . import own_data, views  # noqa: E402,F401
