"""The planned visit as an iCalendar file (RFC 5545), with the article's reminders.

Built with the ``icalendar`` library: an all-day event on the visit date
holding the clinic's name, address and phone, and two reminders from the
article's section "What are the Side Effects of Mesotherapy?": avoid
caffeine and other stimulants before the visit, and do not shower or put
on make-up just before it. The article gives no time window for caffeine:
the first reminder's timing is the clinic's policy
(CLINIC_CAFFEINE_REMINDER_HOURS, 24 hours by default).

Its words are in the language being spoken when it is made: the patient
page asks for the screening's own (``flask_babel.force_locale``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext, lazy_gettext
from icalendar import Alarm, Calendar, Event

PRODUCT_ID = "-//Mesotherapy eligibility screening//visit//EN"
# On the morning of the visit, before a patient would shower or dress.
MORNING_REMINDER = timedelta(hours=7)
CAFFEINE_REMINDER = lazy_gettext(
    "Avoid caffeine (coffee, tea, cola, energy drinks) and other stimulants "
    "before your mesotherapy visit."
)
SHOWER_REMINDER = lazy_gettext(
    "Your mesotherapy visit is today: do not shower or put on make-up just "
    "before the appointment."
)


def alarm(text: str, trigger: timedelta) -> Alarm:
    """Return a display reminder ``trigger`` from the start of the visit day."""
    reminder = Alarm()
    reminder.add("action", "DISPLAY")
    reminder.add("description", str(text))
    reminder.add("trigger", trigger)
    return reminder


def visit_calendar(
    config: Mapping[str, Any], reference: str, visit_date, stamp: datetime
) -> bytes:
    """Return the .ics file for a visit; it names no patient, only the reference."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"visit-{reference}@mesotherapy-screening")
    event.add("dtstamp", stamp)
    event.add("dtstart", visit_date)
    event.add("dtend", visit_date + timedelta(days=1))
    event.add(
        "summary",
        gettext("Mesotherapy visit at %(clinic)s", clinic=config["CLINIC_NAME"]),
    )
    lines = [gettext("Your screening reference: %(reference)s", reference=reference)]
    if config["CLINIC_PHONE"]:
        lines.append(gettext("Clinic phone: %(phone)s", phone=config["CLINIC_PHONE"]))
    if config["CLINIC_ADDRESS"]:
        event.add("location", f"{config['CLINIC_NAME']}, {config['CLINIC_ADDRESS']}")
        address = config["CLINIC_ADDRESS"]
        lines.append(gettext("Clinic address: %(address)s", address=address))
    else:
        event.add("location", config["CLINIC_NAME"])
    event.add("description", "\n".join(lines))
    hours = config["CLINIC_CAFFEINE_REMINDER_HOURS"]
    event.add_component(alarm(CAFFEINE_REMINDER, -timedelta(hours=hours)))
    event.add_component(alarm(SHOWER_REMINDER, MORNING_REMINDER))
    calendar.add_component(event)
    return calendar.to_ical()
