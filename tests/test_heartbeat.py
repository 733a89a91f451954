"""Long streamed responses tell gunicorn's arbiter that their worker is alive."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from screening.infra import heartbeat


@pytest.fixture
def beats(monkeypatch):
    """Return the list of beats the arbiter would have received."""
    received = []
    monkeypatch.setattr(heartbeat, "_notify", [lambda: received.append(1)])
    return received


def test_a_stream_beats_after_every_batch_and_yields_everything(beats):
    assert list(heartbeat.beating(range(2500), every=1000)) == list(range(2500))
    assert len(beats) == 2


def test_a_stream_beats_only_as_its_reader_takes_items(beats):
    stream = heartbeat.beating(iter(range(5)), every=1)
    next(stream)
    next(stream)
    assert len(beats) == 1


def test_each_gunicorn_worker_installs_its_notify(monkeypatch):
    monkeypatch.setattr(heartbeat, "_notify", [])
    config = runpy.run_path(str(Path(__file__).parent.parent / "gunicorn.conf.py"))
    calls = []

    class Worker:
        def notify(self):
            calls.append("notify")

    config["post_fork"](None, Worker())
    heartbeat.beat()
    assert calls == ["notify"]


def test_outside_gunicorn_a_beat_does_nothing(monkeypatch):
    monkeypatch.setattr(heartbeat, "_notify", [])
    heartbeat.beat()
