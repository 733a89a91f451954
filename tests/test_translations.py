"""The translation gate, and how a page picks its language.

The gate runs ``make translations`` on a copy of the catalogues: it
extracts every word marked in the source (Python, the rules' data and the
templates), updates each catalogue and compiles it. Anything new in the
source arrives in the copy untranslated, and the gate names it; so does a
fuzzy entry or a translation whose placeholders differ from the source.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from gettext import GNUTranslations
from pathlib import Path

import pytest
from support.catalogues import (
    TRANSLATIONS,
    catalogue_paths,
    header_field,
    problems,
    read_catalogue,
)
from support.servers import ROOT

from screening.infra import languages
from screening.infra.clinic import SettingsError
from screening.infra.languages import compile_catalogues

MAKE_TRANSLATIONS = "make translations"


@pytest.fixture(scope="module")
def updated_copy(tmp_path_factory) -> Path:
    """Return a copy of the catalogues after the documented ``make translations``."""
    copy = tmp_path_factory.mktemp("translations") / "translations"
    shutil.copytree(TRANSLATIONS, copy, ignore=shutil.ignore_patterns("*.mo"))
    run_make_translations(copy)
    return copy


def run_make_translations(copy: Path) -> None:
    """Run the documented command on ``copy`` with the tests' environment."""
    environment = Path(sys.executable).parent.parent
    # The test environment is installed already: make must not reinstall it.
    subprocess.run(
        [
            *MAKE_TRANSLATIONS.split(),
            f"TRANSLATIONS={copy}",
            f"VENV={environment}",
            "-o",
            f"{environment}/.dev-deps",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_documented_make_translations_leaves_nothing_untranslated(updated_copy):
    """The gate: every catalogue, updated from today's source, is complete."""
    paths = catalogue_paths(updated_copy)
    assert paths, "no catalogue besides English"
    found = {
        path.parent.parent.name: list(problems(read_catalogue(path))) for path in paths
    }
    assert found == {language: [] for language in found}


def test_make_translations_compiles_every_catalogue(updated_copy):
    for path in catalogue_paths(updated_copy):
        with path.with_suffix(".mo").open("rb") as compiled:
            translations = GNUTranslations(compiled)
        singular = [m for m in read_catalogue(path) if m.id and isinstance(m.id, str)]
        assert singular
        for message in singular:
            assert translations.gettext(message.id) == message.string


def test_the_committed_catalogues_are_what_make_translations_writes(updated_copy):
    """Translations live in the catalogue a translator edits, nowhere else."""
    for path in catalogue_paths():
        committed = read_catalogue(path)
        updated = read_catalogue(updated_copy / path.relative_to(TRANSLATIONS))
        ids = {message.id for message in committed if message.id}
        assert ids == {message.id for message in updated if message.id}


def test_each_catalogue_says_who_reviewed_it_and_when():
    for path in catalogue_paths():
        catalogue = read_catalogue(path)
        assert header_field(catalogue, "Reviewed-By"), path
        assert header_field(catalogue, "Reviewed-On"), path


def test_a_changed_catalogue_is_compiled_when_the_app_starts(tmp_path):
    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, copy, ignore=shutil.ignore_patterns("*.mo"))
    first = compile_catalogues(copy)
    assert [path.parent.parent.name for path in first] == ["es"]
    assert compile_catalogues(copy) == []
    po = catalogue_paths(copy)[0]
    later = time.time() + 5
    os.utime(po, (later, later))
    assert compile_catalogues(copy) == [po.with_suffix(".mo")]
    assert not list(copy.glob("*/LC_MESSAGES/*.mo-new"))


# How a page picks its language.


def test_without_a_choice_the_page_speaks_the_clinics_default(client):
    response = client.get("/")
    assert '<html lang="en">' in response.text
    assert 'hreflang="es"' in response.text
    assert "Accept-Language" in response.headers["Vary"]


def test_the_browsers_accept_language_picks_spanish(client):
    response = client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"})
    assert '<html lang="es">' in response.text
    assert 'hreflang="en"' in response.text
    assert 'aria-current="true">Español' in response.text
    assert response.headers["Content-Language"] == "es"


def test_a_language_the_clinic_does_not_offer_falls_back_to_the_default(client):
    response = client.get("/", headers={"Accept-Language": "fr-FR,fr"})
    assert '<html lang="en">' in response.text


def test_the_language_link_sets_a_cookie_and_returns_to_the_same_page(client):
    response = client.get("/screening?lang=es")
    assert response.status_code == 302
    assert response.headers["Location"] == "/screening"
    cookie = client.get_cookie("language")
    assert cookie.value == "es" and cookie.http_only and cookie.same_site == "Lax"
    page = client.get("/screening", headers={"Accept-Language": "en"})
    assert '<html lang="es">' in page.text


def test_the_language_link_keeps_the_rest_of_the_query(client):
    response = client.get("/staff/screenings?outcome=eligible&lang=es")
    assert response.headers["Location"] == "/staff/screenings?outcome=eligible"


def test_an_unknown_language_is_dropped_without_a_cookie(client):
    response = client.get("/?lang=xx")
    assert response.status_code == 302
    assert client.get_cookie("language") is None
    assert '<html lang="en">' in client.get("/").text


def test_the_language_link_never_leaves_the_site(client):
    response = client.get("//evil.example/?lang=es")
    assert response.headers["Location"] == "/"


def test_a_post_with_lang_in_the_query_is_not_redirected(client):
    response = client.post("/screening?lang=es", data={})
    assert response.status_code != 302


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"LANGUAGES": ("en", "fr")}, "LANGUAGES"),
        ({"LANGUAGES": ()}, "LANGUAGES"),
        ({"DEFAULT_LANGUAGE": "es", "LANGUAGES": ("en",)}, "DEFAULT_LANGUAGE"),
    ],
)
def test_languages_without_a_catalogue_stop_start_up(make_app, settings, named):
    with pytest.raises(SettingsError, match=named):
        make_app(**settings)


def test_languages_may_be_given_as_a_comma_separated_variable(make_app):
    app = make_app(LANGUAGES="es, en", DEFAULT_LANGUAGE="es")
    assert app.config["LANGUAGES"] == ("es", "en")
    assert '<html lang="es">' in app.test_client().get("/").text


def test_a_screenings_pages_speak_the_language_it_was_answered_in(
    client, screen, answers, stored
):
    client.get("/?lang=es")
    token = screen(answers)
    assert stored()[-1].language == "es"
    client.delete_cookie("language")
    for suffix in ("", "/checklist", "/answers"):
        page = client.get(
            f"/screening/{token}{suffix}", headers={"Accept-Language": "en"}
        )
        assert '<html lang="es">' in page.text, suffix
    # The reader's own choice wins.
    client.get("/?lang=en")
    assert '<html lang="en">' in client.get(f"/screening/{token}").text


def test_a_screening_answered_without_a_choice_is_stored_in_the_default(
    client, screen, answers, stored
):
    screen(answers)
    assert stored()[-1].language == "en"


def test_a_read_only_install_compiles_its_catalogues_into_the_instance_folder(
    make_app, monkeypatch
):
    in_place = languages.compile_catalogues

    def read_only_sources(directory=TRANSLATIONS, into=None):
        if into is None:
            raise PermissionError("read-only file system")
        return in_place(directory, into)

    monkeypatch.setattr(languages, "compile_catalogues", read_only_sources)
    app = make_app()
    compiled = Path(app.instance_path) / "translations"
    assert app.config["BABEL_TRANSLATION_DIRECTORIES"] == str(compiled)
    assert (compiled / "es" / "LC_MESSAGES" / "messages.mo").exists()
    page = app.test_client().get("/", headers={"Accept-Language": "es"})
    assert "Idioma" in page.text


@pytest.mark.parametrize(
    "accept",
    ["*", "es;q=abc", ",,;;", "x" * 4000, "es-ES;q=0, en;q=0", "zz-ZZ, es;q=0.1"],
)
def test_an_odd_accept_language_header_still_gets_a_page(client, accept):
    response = client.get("/", headers={"Accept-Language": accept})
    assert response.status_code == 200
    assert response.headers["Content-Language"] in ("en", "es")


def test_a_tampered_language_cookie_is_ignored(client):
    client.set_cookie("language", "<script>alert(1)</script>")
    response = client.get("/")
    assert '<html lang="en">' in response.text and "<script>alert" not in response.text
