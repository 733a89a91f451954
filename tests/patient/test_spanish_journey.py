"""A patient who chose Spanish reads every page of the journey in Spanish (spot checks).

The language is chosen once with the link (``?lang=es``, a cookie); the
form, its error round trip, the CSRF-failure page, the result, checklist,
answers and delete pages, and the error pages all speak it. The words of
the form's questions come from another part of the catalogue: they are
compared with what the catalogue says for them.
"""

from __future__ import annotations

from datetime import timedelta

from support.spanish import choose_spanish, in_spanish, words


def spanish_client(app):
    client = app.test_client()
    choose_spanish(client)
    return client


def screened(client, answers, **changes) -> str:
    """Post the answers; return the token of the stored screening."""
    response = client.post("/screening", data={**answers, **changes})
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.location.rsplit("/", 1)[-1]


def test_the_start_page_and_the_form_speak_spanish(app, page):
    client = spanish_client(app)

    start = page(client.get("/"))
    form = page(client.get("/screening"))

    assert start.html["lang"] == "es"
    assert "Compruebe si la mesoterapia es adecuada para usted" in words(start)
    assert "La clínica no puede tratarle si usted:" in words(start)
    assert "Comenzar ahora" in words(start)
    assert "Saltar al contenido principal" in words(start)
    assert form.html["lang"] == "es"
    assert form.title.get_text().startswith("Preguntas de evaluación")
    for heading in ("Sus datos", "Su salud", "Tratamiento", "Su consentimiento"):
        assert heading in words(form)
    assert [label.get_text() for label in form.select(".date-input__label")][:3] == [
        "Día",
        "Mes",
        "Año",
    ]
    send = form.select_one('button[type="submit"]')
    assert send.get_text() == "Enviar mis respuestas"


def test_a_spanish_patient_is_stored_in_spanish_and_reads_the_result_so(
    app, answers, page, stored, visiting, today
):
    client = spanish_client(app)
    token = screened(
        client,
        answers,
        takes_medication="yes",
        medications="Ibuprofen",
        **visiting(today + timedelta(days=20)),
    )

    result = page(client.get(f"/screening/{token}"))
    text = words(result)

    [screening] = stored()
    assert screening.language == "es"
    assert result.html["lang"] == "es"
    assert result.title.get_text().startswith("Resultado de su evaluación")
    assert "Un profesional de la salud necesita revisar sus respuestas" in text
    assert f"Su referencia: {screening.reference}" in text
    assert "Por qué" in text and "Qué ocurre ahora" in text
    assert "La clínica se comunicará con usted en un plazo de 2 días hábiles." in text
    assert "De dónde viene esta información" in text
    assert "Puede eliminar su evaluación ahora en lugar de esperar 365 días" in text
    assert result.select_one('a[href$="/answers"]').get_text() == (
        "ver e imprimir sus respuestas"
    )


def test_the_checklist_answers_and_delete_pages_speak_spanish(
    app, answers, page, visiting, today
):
    client = spanish_client(app)
    visit = today + timedelta(days=20)
    token = screened(
        client,
        answers,
        takes_medication="yes",
        medications="Ibuprofen",
        **visiting(visit),
    )

    checklist = words(page(client.get(f"/screening/{token}/checklist")))
    answers_page = words(page(client.get(f"/screening/{token}/answers")))
    delete = page(client.get(f"/screening/{token}/delete"))

    assert "Su lista de verificación previa a la visita" in checklist
    assert "Visita prevista 5 de julio de 2026" in checklist
    assert "Medicamentos que nos indicó Ibuprofen" in checklist
    assert "Imprimir o guardar esta lista de verificación" in checklist
    assert "Volver a su resultado" in checklist
    assert "Sus respuestas" in answers_page
    assert "Nombre completo Ada Example" in answers_page
    assert "enviada el 15 jun 2026, 12:00." in answers_page
    assert "14 de marzo de 1990" in answers_page
    assert f"{in_spanish(app, 'Do you take any medication?')} Sí" in answers_page
    assert "Número de teléfono No indicado" in answers_page
    assert "Eliminar su evaluación" in words(delete)
    assert delete.select_one('button[type="submit"]').get_text() == (
        "Sí, eliminar mi evaluación"
    )
    deleted = client.post(f"/screening/{token}/delete")
    assert "Se ha eliminado su evaluación" in words(page(client.get(deleted.location)))


def test_a_spanish_patient_who_is_too_young_is_told_when_in_spanish(
    app, answers, born, page, visiting, today
):
    client = spanish_client(app)
    token = screened(
        client,
        answers,
        **born(today.replace(year=today.year - 17)),
        **visiting(today + timedelta(days=20)),
    )

    result = page(client.get(f"/screening/{token}"))
    text = words(result)
    no_checklist = client.get(f"/screening/{token}/checklist")

    assert "La mesoterapia en esta clínica no es adecuada para usted" in text
    assert "La clínica trata a personas a partir de los 18 años." in text
    assert "En la fecha prevista de su visita, el 5 de julio de 2026" in text
    assert "Cumple 18 años el 15 de junio de 2027 ." in text
    assert result.select_one("[data-again-from]").get_text() == "15 de junio de 2027"
    assert "¿Cree que esto es un error?" in text
    assert no_checklist.status_code == 404
    assert "No hay ninguna visita que preparar" in words(page(no_checklist))


def test_an_english_patient_reads_english_whatever_others_chose(
    app, answers, page, stored
):
    spanish_client(app)
    client = app.test_client()
    token = screened(client, answers)

    result = page(client.get(f"/screening/{token}"))

    assert stored()[0].language == "en"
    assert result.html["lang"] == "en"
    assert "You can book a consultation" in words(result)
    assert "Resultado" not in words(result)


def test_the_language_survives_the_forms_error_round_trip(app, answers, page):
    client = spanish_client(app)

    response = client.post(
        "/screening",
        data={**answers, "full_name": "", "consent": "", "email": "ana@example.com"},
    )

    assert response.status_code == 200
    form = page(response)
    summary = form.select_one("[data-error-summary]")
    assert form.html["lang"] == "es"
    assert form.title.get_text().startswith("Error: Preguntas de evaluación")
    assert summary.select_one("h2").get_text() == "Hay un problema"
    assert [link.get_text() for link in summary.select("a")] == [
        in_spanish(app, "Enter your full name"),
        in_spanish(app, "Tick the box to agree to the clinic storing your answers"),
    ]
    assert form.select_one("#full_name-error").get_text(" ", strip=True) == (
        f"Error: {in_spanish(app, 'Enter your full name')}"
    )
    assert form.select_one("#email")["value"] == "ana@example.com"
    assert form.select_one('input[name="good_health"][checked]')["value"] == "yes"


def test_the_csrf_failure_page_keeps_the_answers_and_the_spanish(
    csrf_app, answers, page, stored
):
    client = spanish_client(csrf_app)
    client.get("/screening")

    response = client.post("/screening", data=answers | {"full_name": "Ana Q"})

    assert response.status_code == 400
    form = page(response)
    assert form.html["lang"] == "es"
    assert "Sus respuestas todavía no se han enviado" in words(form)
    assert "“Enviar mis respuestas”" in words(form)
    assert form.select_one("#full_name")["value"] == "Ana Q"
    assert stored() == []


def test_a_csrf_failure_elsewhere_is_a_spanish_error_page(csrf_app, page):
    client = spanish_client(csrf_app)

    response = client.post("/screening/not-a-token/delete")

    assert response.status_code == 400
    error = page(response)
    assert error.title.get_text().startswith("Hay un problema con su solicitud")
    assert "Su sesión ha caducado o la página estaba desactualizada." in words(error)
    assert "Ir a la página de inicio" in words(error)


def test_a_missing_page_is_not_found_in_spanish(app, page):
    client = spanish_client(app)

    response = client.get("/screening/not-a-token")

    assert response.status_code == 404
    missing = page(response)
    assert missing.html["lang"] == "es"
    assert missing.title.get_text().startswith("Página no encontrada")
    assert "Si escribió la dirección web, compruebe que sea correcta." in words(missing)


def test_too_many_requests_is_refused_in_spanish(make_app, answers, page):
    client = spanish_client(make_app(RATELIMIT_SCREENING="1 per minute"))
    assert client.post("/screening", data=answers).status_code == 303

    response = client.post("/screening", data=answers)

    assert response.status_code == 429
    refused = page(response)
    text = words(refused)
    assert refused.title.get_text().startswith("Demasiadas solicitudes")
    assert "no aceptamos la última y no se guardó nada de ella" in text
    assert "Espere " in text and ("segundo" in text or "1 minuto" in text)


def test_api_errors_follow_accept_language(client):
    spanish = {"Accept-Language": "es"}

    missing = client.get("/api/v1/nothing-here", headers=spanish)
    english = client.get("/api/v1/nothing-here", headers={"Accept-Language": "en"})

    assert missing.status_code == 404
    assert missing.get_json() == {"error": "Página no encontrada"}
    assert english.get_json() == {"error": "Page not found"}
