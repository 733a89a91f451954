"""The reference article the screening rests on: its title, author and sections.

Section headings are quoted verbatim from
shared/reference/mesotherapy-article.txt, in the article's order, so a
reviewer can find each passage and a page can list the sections it used.
"""

from __future__ import annotations

TITLE = "Mesoderm Mesotherapy: Is it Safe Way to Get Rid of Cellulite?"
AUTHOR = "Melissa Feldman"

WHAT_IS = "What is Mesotherapy?"
HOW_IT_WORKS = "How Does Mesotherapy Work?"
AREAS = "What Areas of the Body can be Treated with Mesotherapy?"
BENEFITS = "What are the Benefits of Using Mesotherapy?"
SIDE_EFFECTS = "What are the Side Effects of Mesotherapy?"
EFFECTIVENESS = "Is Mesotherapy an Effective Way to Get Rid of Cellulite Permanently?"

SECTIONS = (WHAT_IS, HOW_IT_WORKS, AREAS, BENEFITS, SIDE_EFFECTS, EFFECTIVENESS)
