"""The OpenAPI description: built from the catalogue, and checked by Schemathesis.

Schemathesis generates requests from the description (valid ones, and ones
that break it) and sends them to a live gunicorn server: with its default
checks, no answer may be a 5xx, valid requests must be accepted, invalid
ones refused, and every response must match the description.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from support.servers import live_server

from screening.rules import CATALOGUE

UNLIMITED = {"FLASK_RATELIMIT_ENABLED": "false"}
# Enough to find a gap between description and code, and bounded in time.
MAX_EXAMPLES = 60


def described(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_the_request_body_lists_every_question_of_the_catalogue(client):
    operation = described(client)["paths"]["/api/v1/eligibility"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["properties"]) == CATALOGUE.ids
    assert body["required"] == [q.id for q in CATALOGUE if q.required is True]
    assert body["additionalProperties"] is False
    pregnant = body["properties"]["pregnant"]
    assert pregnant["enum"] == ["yes", "no", "unsure"]
    assert body["allOf"][0]["then"]["required"] == ["medications"]


def test_every_status_the_api_sends_is_described_with_the_fhir_content_type(client):
    operation = described(client)["paths"]["/api/v1/eligibility"]["post"]
    assert set(operation["responses"]) == {"200", "400", "405", "413", "415", "429"}
    assert "application/fhir+json" in operation["requestBody"]["content"]
    assert "application/fhir+json" in operation["responses"]["400"]["content"]


def test_the_date_bounds_are_those_of_the_clinics_today(client, today):
    operation = described(client)["paths"]["/api/v1/eligibility"]["post"]
    properties = operation["requestBody"]["content"]["application/json"]["schema"][
        "properties"
    ]
    born = re.compile(properties["date_of_birth"]["pattern"])
    assert born.match(today.isoformat()) and born.match("1900-01-01")
    assert not born.match((today + timedelta(days=1)).isoformat())
    assert not born.match("1899-12-31") and not born.match("2023-02-29")
    visit = re.compile(properties["visit_date"]["anyOf"][0]["pattern"])
    assert visit.match(today.isoformat())
    assert not visit.match((today - timedelta(days=1)).isoformat())


@pytest.mark.slow
def test_schemathesis_finds_nothing_against_a_live_server(server_database, tmp_path):
    with live_server(server_database, env=UNLIMITED, log_dir=tmp_path) as server:
        run = subprocess.run(
            [
                str(Path(sys.executable).parent / "schemathesis"),
                "run",
                f"{server.url}/api/v1/openapi.json",
                f"--max-examples={MAX_EXAMPLES}",
                "--generation-deterministic",
                "--no-color",
                "--suppress-health-check=all",
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
            cwd=tmp_path,
        )
        log = server.log()
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
    assert '"status": 500' not in log
