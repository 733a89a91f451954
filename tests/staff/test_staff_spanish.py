"""Staff pages in the reader's language, and screenings answered in another.

A nurse whose browser asks for Spanish reads the staff pages in Spanish;
a screening a patient answered in Spanish shows "Answered in Spanish" to a
nurse reading English, with the answers in English and the free text as
the patient typed it. Admins see who reviewed each language's words.
"""

from __future__ import annotations

import shutil

import pytest
from support.catalogues import (
    TRANSLATIONS,
    english_left,
    english_sentences,
    read_catalogue,
)
from support.records import STORED_SCREENING

from screening.infra import languages

SPANISH_BROWSER = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}
SPANISH = read_catalogue(TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po")
SENTENCES = english_sentences(SPANISH)
# Typed by people or set by the clinic: shown as written in any language.
AS_WRITTEN = (
    "nurse@clinic.example",
    "admin@clinic.example",
    "Grace Stored",
    "grace@example.com",
    "ibuprofen",
    "Called, no answer.",
    "Mesotherapy clinic",
)


def text_of(page, selector: str) -> str:
    return page.select_one(selector).get_text(" ", strip=True)


def texts_of(page, selector: str) -> list[str]:
    return [element.get_text(" ", strip=True) for element in page.select(selector)]


def assert_no_english(page) -> None:
    """Check a page has no English left but names, free text and the clinic's own.

    The rules' tests ("age less than minimum_age (18)"), rule ids and
    severities as the policy file writes them ("exclude") stay as written.
    """
    assert english_left(page, SENTENCES, AS_WRITTEN) == []


def test_the_work_queue_speaks_spanish_to_a_nurse_whose_browser_asks_for_it(
    staff_client, screening_factory, page, clock
):
    reference = screening_factory(language="es")
    shown = page(staff_client.get("/staff/", headers=SPANISH_BROWSER))
    assert shown.select_one("html")["lang"] == "es"
    assert text_of(shown, "h1") == "Cola de trabajo"
    assert texts_of(shown, "header nav a")[:4] == [
        "Cola de trabajo",
        "Todas las evaluaciones",
        "Panel",
        "Criterios",
    ]
    assert text_of(shown, "[data-work-total]").startswith(
        "1 evaluación necesita una decisión"
    )
    row = shown.select_one(f'[data-reference="{reference}"]')
    facts = dict(zip(texts_of(row, "dt"), texts_of(row, "dd"), strict=True))
    assert facts["Edad"] == "41"
    assert facts["En espera"] == "Desde hoy"
    assert facts["Enviada"] == "26 nov 2026, 09:00"
    # The patient answered in Spanish, as this nurse reads: nothing to say.
    assert not row.select("[data-answered-in]")
    assert_no_english(shown)


def test_the_screening_detail_speaks_spanish_answers_dates_and_decisions(
    staff_client, screening_factory, page, clock
):
    fired = {**STORED_SCREENING["trace"][0], "basis": "clinic policy"}
    reference = screening_factory(visit_date=None, trace=[fired])
    staff_client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "needs_more_information", "note": "Called, no answer."},
        headers=SPANISH_BROWSER,
    )
    shown = page(
        staff_client.get(f"/staff/screenings/{reference}", headers=SPANISH_BROWSER)
    )
    assert text_of(shown, "h1") == f"Evaluación {reference}"
    assert texts_of(shown, "h2.heading-m") == [
        "Por qué: el registro de las reglas",
        "Datos de contacto",
        "Respuestas",
        "Decisiones",
        "Registrar una decisión",
    ]
    answers = shown.select_one("[data-answers]")
    assert "41 años el 26 de noviembre de 2026 (el día de la evaluación)" in (
        answers.get_text(" ", strip=True)
    )
    assert text_of(answers, '[data-answer="takes_medication"] dd').startswith("Sí")
    assert text_of(answers, '[data-answer="pregnant"] dd') == "No"
    decision = shown.select_one('[data-decision="needs_more_information"]')
    assert texts_of(decision, "td")[2] == "Necesita más información"
    assert text_of(shown, ".fieldset__legend") == "Decisión"
    assert "Aprobada para consulta" in texts_of(shown, ".radios__label")
    assert text_of(shown, '[data-rule="takes-medication"] td[data-basis]') == (
        "política de la clínica"
    )
    # The note is what the nurse typed: as written.
    assert text_of(shown, "td.note") == "Called, no answer."
    assert_no_english(shown)


def test_a_decision_in_spanish_is_confirmed_and_refused_in_spanish(
    staff_client, screening_factory, page
):
    reference = screening_factory(outcome="not_eligible")
    refused = page(
        staff_client.post(
            f"/staff/screenings/{reference}/decisions",
            data={"kind": "approved_for_consultation", "note": "Seen."},
            headers=SPANISH_BROWSER,
        )
    )
    assert "Confirme que está anulando el resultado de las reglas" in texts_of(
        refused, "[data-error-summary] li"
    )
    done = staff_client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "declined", "note": "Pregnant: not treated."},
        headers=SPANISH_BROWSER,
        follow_redirects=True,
    )
    assert "Decisión registrada: Rechazada." in texts_of(page(done), ".notification p")


def test_the_audit_log_speaks_spanish_with_the_event_codes_unchanged(
    admin_client, screening_factory, page
):
    reference = screening_factory()
    admin_client.get(f"/staff/screenings/{reference}/summary")
    shown = page(admin_client.get("/staff/audit", headers=SPANISH_BROWSER))
    assert text_of(shown, "h1") == "Registro de auditoría"
    viewed = shown.select_one('[data-event="screening.viewed"]')
    assert text_of(viewed, ".audit-entry__what strong") == "Consultó una evaluación"
    facts = dict(zip(texts_of(viewed, "dt"), texts_of(viewed, "dd"), strict=True))
    assert facts["Página"] == "resumen para imprimir"
    assert facts["Evaluación"] == reference
    signed_in = shown.select_one('[data-event="login.success"]')
    assert text_of(signed_in, ".audit-entry__what strong") == "Inició sesión"
    assert texts_of(shown, ".audit-filters label")[:2] == [
        "Miembro del personal",
        "Referencia de la evaluación",
    ]
    assert_no_english(shown)


def test_the_audit_csv_stays_in_english_for_a_spanish_reader(admin_client):
    csv = admin_client.get("/staff/audit.csv", headers=SPANISH_BROWSER).text
    assert "Signed in" in csv
    assert "Inició sesión" not in csv


def test_the_sign_in_page_and_its_refusal_speak_spanish(client, staff_member, page):
    shown = page(client.get("/staff/login", headers=SPANISH_BROWSER))
    assert shown.select_one("html")["lang"] == "es"
    assert shown.title.get_text().startswith("Iniciar sesión")
    assert text_of(shown, "h1") == "Inicie sesión en el área del personal"
    assert text_of(shown, 'label[for="password"]') == "Contraseña"
    assert text_of(shown, "button.button") == "Continuar"
    assert_no_english(shown)
    refused = page(
        client.post(
            "/staff/login",
            data={"email": staff_member.email, "password": "not the password"},
            headers=SPANISH_BROWSER,
        )
    )
    assert text_of(refused, "#email-error").endswith(
        "Después de 5 intentos fallidos, la cuenta se bloquea durante 15 minutos."
    )


@pytest.mark.parametrize(
    "path",
    [
        "/staff/screenings",
        "/staff/criteria",
        "/staff/dashboard",
        "/staff/accounts",
        "/staff/deliveries",
        "/staff/password",
        "/staff/accounts/1/disable",
    ],
)
def test_staff_pages_have_no_english_left_for_a_spanish_reader(
    admin_client, screening_factory, page, path
):
    screening_factory()
    shown = page(admin_client.get(path, headers=SPANISH_BROWSER))
    assert shown.select_one("html")["lang"] == "es"
    assert_no_english(shown)


def test_a_spanish_answered_screening_says_so_to_a_nurse_reading_english(
    staff_client, screening_factory, page
):
    reference = screening_factory(
        language="es", medications="ibuprofeno 400 mg\nvitamina D"
    )
    english = screening_factory()
    detail = page(staff_client.get(f"/staff/screenings/{reference}"))
    assert text_of(detail, "[data-answered-in]") == "Answered in Spanish"
    assert detail.select_one("[data-answered-in]")["data-answered-in"] == "es"
    answers = detail.select_one("[data-answers]")
    # The answers in the nurse's English; what the patient typed, as typed.
    assert text_of(answers, '[data-answer="takes_medication"] dd').startswith("Yes")
    medications = answers.select_one('[data-answer="medications"] dd')
    assert medications["lang"] == "es"
    assert texts_of(medications, "li") == ["ibuprofeno 400 mg", "vitamina D"]
    summary = page(staff_client.get(f"/staff/screenings/{reference}/summary"))
    assert text_of(summary, "[data-answered-in]") == "Answered in Spanish"
    queue = page(staff_client.get("/staff/"))
    row = queue.select_one(f'[data-reference="{reference}"]')
    assert text_of(row, "[data-answered-in]") == "Answered in Spanish"
    listed = page(staff_client.get("/staff/screenings"))
    row = listed.select_one(f'tr[data-reference="{reference}"]')
    assert text_of(row, "[data-answered-in]") == "Answered in Spanish"
    # A screening answered in the nurse's own language says nothing.
    assert not listed.select(f'tr[data-reference="{english}"] [data-answered-in]')
    plain = page(staff_client.get(f"/staff/screenings/{english}"))
    assert not plain.select("[data-answered-in]")
    assert "lang" not in plain.select_one('[data-answer="medications"] dd').attrs


def test_an_english_answered_screening_says_so_to_a_nurse_reading_spanish(
    staff_client, screening_factory, page
):
    reference = screening_factory(language="en")
    shown = page(
        staff_client.get(f"/staff/screenings/{reference}", headers=SPANISH_BROWSER)
    )
    assert text_of(shown, "[data-answered-in]") == "Respondida en inglés"


def review_rows(shown) -> dict[str, list[str]]:
    return {
        row["data-translation"]: texts_of(row, "td")
        for row in shown.select("[data-translation]")
    }


def test_admins_see_that_the_spanish_words_await_a_clinicians_review(
    admin_client, page
):
    shown = page(admin_client.get("/staff/criteria"))
    assert text_of(shown, "#translations") == "Translations"
    assert review_rows(shown) == {"es": ["Español", "Not yet reviewed by a clinician"]}


def test_admins_see_who_reviewed_a_catalogue_and_when(
    admin_client, page, tmp_path, monkeypatch
):
    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, copy)
    po = copy / "es" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace(
        "# Reviewed-By: not yet reviewed", "# Reviewed-By: Dr Ana Ruiz, MD"
    ).replace("# Reviewed-On: not yet reviewed", "# Reviewed-On: 2026-12-01")
    po.write_text(text, encoding="utf-8")
    monkeypatch.setattr(languages, "TRANSLATIONS", copy)
    shown = page(admin_client.get("/staff/criteria"))
    assert review_rows(shown) == {"es": ["Español", "Dr Ana Ruiz, MD", "2026-12-01"]}
    assert not shown.select("[data-not-reviewed]")


def test_staff_who_are_not_admins_do_not_see_the_review(staff_client, page):
    shown = page(staff_client.get("/staff/criteria"))
    assert not shown.select("#translations, [data-translation]")
    assert "Not yet reviewed by a clinician" not in shown.get_text()
