"""Structured request logs: one JSON line per request, no tokens, no patient data."""

from __future__ import annotations

import json
import logging
import re
import sys

import pytest
from support.answers import PATIENT
from support.records import stored_screening

from screening.infra.logs import JsonFormatter, install_json_handler, request_id_from


@pytest.fixture
def log_lines(caplog):
    """Return a function listing the JSON lines logged so far, as dicts."""
    caplog.set_level(logging.INFO)
    caplog.handler.setFormatter(JsonFormatter())

    def lines() -> list[dict]:
        return [json.loads(line) for line in caplog.text.splitlines()]

    return lines


def request_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "screening.requests"]


def test_a_result_page_request_is_one_line_naming_the_rule_not_the_token(
    app, client, log_lines
):
    with app.app_context():
        token = stored_screening().token
    response = client.get(f"/screening/{token}?email={PATIENT['email']}")
    assert response.status_code == 200
    (line,) = request_lines(log_lines())
    assert line == {
        "time": line["time"],
        "level": "INFO",
        "logger": "screening.requests",
        "message": "request",
        "request_id": response.headers["X-Request-ID"],
        "method": "GET",
        "route": "/screening/<token>",
        "endpoint": "patient.result",
        "status": 200,
        "duration_ms": line["duration_ms"],
    }
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    everything = json.dumps(log_lines())
    for secret in (token, PATIENT["email"], PATIENT["full_name"]):
        assert secret not in everything


def test_an_unknown_path_is_logged_without_it(client, log_lines):
    response = client.get("/people/lovelace@example.com")
    assert response.status_code == 404
    (line,) = request_lines(log_lines())
    assert (line["route"], line["endpoint"], line["status"]) == (None, None, 404)
    # Not "ada": a random request id is hexadecimal and sometimes spells it.
    assert "lovelace" not in json.dumps(log_lines())


def test_a_well_formed_request_id_is_kept_logged_and_echoed(client, log_lines):
    given = "3f2b8c1e-9d4a-4e2f-8a6b-1c2d3e4f5a6b"
    response = client.get("/healthz", headers={"X-Request-ID": given})
    assert response.headers["X-Request-ID"] == given
    assert request_lines(log_lines())[0]["request_id"] == given


@pytest.mark.parametrize(
    "given", ["short", "ada@example.com", "a b c d e f g h", "x" * 129, "idé12345678"]
)
def test_a_malformed_request_id_is_replaced_by_a_new_one(client, log_lines, given):
    response = client.get("/healthz", headers={"X-Request-ID": given})
    replaced = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)
    assert request_lines(log_lines())[0]["request_id"] == replaced


def test_a_request_id_with_a_trailing_newline_is_not_well_formed():
    assert request_id_from("abcdef123456\n") != "abcdef123456\n"


def test_every_line_written_during_a_request_carries_its_id(app, log_lines):
    with app.test_request_context(headers={"X-Request-ID": "req-0123456789"}):
        app.preprocess_request()
        logging.getLogger("screening.views").warning("something happened")
    (line,) = [line for line in log_lines() if line["logger"] == "screening.views"]
    assert line["request_id"] == "req-0123456789"


def raise_with_message(message: str) -> None:
    raise ValueError(message)


def test_an_exception_during_a_request_is_logged_without_its_message(app, log_lines):
    with app.test_request_context():
        try:
            raise_with_message(PATIENT["full_name"])
        except ValueError:
            logging.getLogger("screening.views").exception("failed")
    (line,) = [line for line in log_lines() if line["logger"] == "screening.views"]
    assert line["exception"] == "ValueError"
    assert "raise_with_message" in line["stack"]
    assert PATIENT["full_name"] not in json.dumps(line)


def test_an_exception_at_start_up_keeps_its_message_for_the_operator(log_lines):
    try:
        raise_with_message("Run 'flask --app app db upgrade' first")
    except ValueError:
        logging.getLogger("screening").exception("cannot start")
    (line,) = log_lines()
    assert line["error"] == "Run 'flask --app app db upgrade' first"


def test_the_development_server_request_lines_are_dropped(app):
    werkzeug = logging.getLogger("werkzeug")
    request_line = werkzeug.makeRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '127.0.0.1 - - [26/Nov/2026 09:00:00] "%s" %s %s',
        ("GET /screening/secret-token HTTP/1.1", "200", "-"),
        None,
    )
    banner = werkzeug.makeRecord(
        "werkzeug", logging.INFO, __file__, 1, " * Debugger PIN: %s", ("1",), None
    )
    assert not werkzeug.filter(request_line)
    assert werkzeug.filter(banner)


def test_a_process_without_logging_gets_one_json_handler_on_stderr(monkeypatch):
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    monkeypatch.setattr(root, "level", logging.WARNING)
    install_json_handler("INFO")
    install_json_handler("INFO")
    (handler,) = root.handlers
    assert isinstance(handler.formatter, JsonFormatter)
    assert handler.stream is sys.stderr
    assert root.level == logging.INFO
