"""gunicorn.conf.py: its settings, and real servers started with it."""

from __future__ import annotations

import json
import os
import signal
import socket
import urllib.error
import urllib.request

import pytest
from gunicorn.app.base import Application
from support.databases import database_kind, fresh_database_url
from support.servers import ROOT, LiveServer, live_server, start_server

from screening.infra.extensions import db

CONFIG = ROOT / "gunicorn.conf.py"


class ConfigOnly(Application):
    """gunicorn's own loader and validation of the file, without a server."""

    def load_config(self):
        self.load_config_from_file(str(CONFIG))

    def load(self):
        raise AssertionError("only the configuration is loaded")


def settings(monkeypatch, **environment):
    for name in ("WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS", "GUNICORN_ACCESS_LOG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return ConfigOnly().cfg


def test_the_defaults_suit_a_server_behind_a_reverse_proxy(monkeypatch):
    cfg = settings(monkeypatch)
    assert cfg.workers == 2 * len(os.sched_getaffinity(0)) + 1
    assert cfg.worker_class_str == "sync"
    assert (cfg.timeout, cfg.graceful_timeout) == (30, 30)
    assert cfg.forwarded_allow_ips == ["127.0.0.1", "::1"]
    assert cfg.accesslog is None
    assert cfg.control_socket_disable is True
    assert cfg.preload_app is True


def test_the_environment_sets_workers_and_trusted_proxies(monkeypatch):
    cfg = settings(monkeypatch, WEB_CONCURRENCY="3", FORWARDED_ALLOW_IPS="10.0.0.5")
    assert cfg.workers == 3
    assert cfg.forwarded_allow_ips == ["10.0.0.5"]


def test_the_access_log_format_names_neither_path_nor_query_nor_client(monkeypatch):
    cfg = settings(monkeypatch, GUNICORN_ACCESS_LOG="-")
    assert cfg.accesslog == "-"
    for atom in ("%(r)s", "%(U)s", "%(q)s", "%(h)s", "%(a)s", "%(f)s"):
        assert atom not in cfg.access_log_format


def test_a_preloaded_app_hands_forked_workers_no_open_connection(make_app):
    app = make_app()
    with app.app_context():
        assert db.engine.pool.checkedin() == 0


def get_json(server: LiveServer, path: str) -> tuple[int, dict]:
    with urllib.request.urlopen(server.url + path, timeout=30) as reply:
        return reply.status, json.load(reply)


def status_of(server: LiveServer, path: str) -> int:
    try:
        with urllib.request.urlopen(server.url + path, timeout=30) as reply:
            return reply.status
    except urllib.error.HTTPError as refused:
        return refused.code


@pytest.mark.slow
def test_a_server_serves_unlimited_health_checks_and_logs_json(
    server_database, tmp_path
):
    # A default limit on every route, to show the health checks are exempt.
    every_route = {"FLASK_RATELIMIT_DEFAULT": "2 per hour"}
    with live_server(
        server_database, env=every_route, workers=1, log_dir=tmp_path
    ) as server:
        assert get_json(server, "/healthz") == (200, {"status": "ok"})
        status, ready = get_json(server, "/readyz")
        assert (status, ready["status"]) == (200, "ready")
        assert [status_of(server, "/healthz") for _ in range(4)] == [200] * 4
        assert [status_of(server, "/readyz") for _ in range(4)] == [200] * 4
        assert [status_of(server, "/") for _ in range(3)] == [200, 200, 429]
        assert server.stop() == 0
    lines = server.log_lines()
    requests = [line for line in lines if line["logger"] == "screening.requests"]
    assert [line["route"] for line in requests].count("/healthz") == 5
    assert all(line.keys() >= {"time", "level", "logger", "message"} for line in lines)


def partial_request(port: int, body: bytes) -> socket.socket:
    """Send a request's headers and wait until a worker has taken it.

    gunicorn answers "100 Continue" from inside the worker, just before it
    calls the application, so the request is then in flight.
    """
    connection = socket.create_connection(("127.0.0.1", port), timeout=60)
    connection.sendall(
        b"POST /api/v1/eligibility HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nExpect: 100-continue\r\n"
        b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body)
    )
    assert connection.recv(64).startswith(b"HTTP/1.1 100 Continue")
    return connection


def read_reply(connection: socket.socket) -> tuple[int, dict]:
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


@pytest.mark.slow
def test_sigterm_lets_an_in_flight_request_finish_then_exits(
    server_database, api_answers, tmp_path
):
    with live_server(server_database, workers=1, log_dir=tmp_path) as server:
        body = json.dumps(api_answers).encode()
        connection = partial_request(server.port, body)
        server.process.send_signal(signal.SIGTERM)
        server.wait_for_log("Handling signal: term")
        connection.sendall(body)
        status, answer = read_reply(connection)
        connection.close()
        assert (status, answer["outcome"]) == (200, "eligible")
        assert server.process.wait(timeout=60) == 0
    assert "WORKER TIMEOUT" not in server.log()


@pytest.mark.slow
def test_workers_starting_together_migrate_a_new_embedded_database_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'screening.sqlite3'}"
    with live_server(url, workers=4, log_dir=tmp_path) as server:
        assert get_json(server, "/readyz")[0] == 200
        assert server.stop() == 0
    messages = [line["message"] for line in server.log_lines()]
    assert messages.count("Running upgrade  -> 0001, screening table") == 1
    assert not [line for line in server.log_lines() if line["level"] == "ERROR"]


@pytest.mark.slow
def test_a_server_refuses_to_start_on_a_database_behind_the_code(tmp_path):
    behind = "Run 'flask --app app db upgrade' before starting it."
    with (
        fresh_database_url(database_kind()) as url,
        pytest.raises(RuntimeError, match="exited while starting") as refused,
    ):
        start_server(
            url, env={"FLASK_AUTO_MIGRATE_EMBEDDED": "false"}, log_dir=tmp_path
        )
    assert behind in str(refused.value)
