"""The reference article the screening rests on: its title, author and sections.

Section headings are quoted verbatim from
shared/reference/mesotherapy-article.txt, in the article's order, so a
reviewer can find each passage and a page can list the sections it used.
The headings are marked for translation, so a page lists them in the
reader's language; the title stays as published, a name.
"""

from __future__ import annotations

from .text import N_

TITLE = "Mesoderm Mesotherapy: Is it Safe Way to Get Rid of Cellulite?"
AUTHOR = "Melissa Feldman"

WHAT_IS = N_("What is Mesotherapy?")
HOW_IT_WORKS = N_("How Does Mesotherapy Work?")
AREAS = N_("What Areas of the Body can be Treated with Mesotherapy?")
BENEFITS = N_("What are the Benefits of Using Mesotherapy?")
SIDE_EFFECTS = N_("What are the Side Effects of Mesotherapy?")
EFFECTIVENESS = N_(
    "Is Mesotherapy an Effective Way to Get Rid of Cellulite Permanently?"
)

SECTIONS = (WHAT_IS, HOW_IT_WORKS, AREAS, BENEFITS, SIDE_EFFECTS, EFFECTIVENESS)
