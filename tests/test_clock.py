"""One clock: the clinic's date comes from it, and no test reads it at import."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from screening.infra import clock as screening_clock
from screening.infra.clock import clinic_today

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
# Calls that read the time or the date.
TIME_READERS = {"now", "today", "utcnow", "clinic_today", "time", "monotonic"}


def import_time_calls(tree: ast.Module) -> list[tuple[int, str]]:
    """Return the time-reading calls that run when the module is imported.

    Function bodies run later; their decorators and default values do not.
    """
    found = []
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            pending.extend(node.decorator_list)
            defaults = node.args.defaults + node.args.kw_defaults
            pending.extend(default for default in defaults if default is not None)
            continue
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.Call):
            function = node.func
            name = getattr(function, "attr", None) or getattr(function, "id", None)
            if name in TIME_READERS:
                found.append((node.lineno, ast.unparse(function)))
        pending.extend(ast.iter_child_nodes(node))
    return found


def test_no_test_module_reads_the_date_or_the_time_at_import():
    offenders = {
        f"{path.relative_to(ROOT)}:{line}": call
        for path in sorted(TESTS.rglob("*.py"))
        for line, call in import_time_calls(ast.parse(path.read_text()))
    }
    assert offenders == {}, "read the clock in a test, through the clock fixture"


def test_the_scan_finds_a_date_read_at_import_but_not_one_in_a_test():
    tree = ast.parse(
        "TOMORROW = clinic_today('UTC') + ONE_DAY\n"
        "@pytest.mark.parametrize('day', [date.today()])\n"
        "def test_later(day):\n"
        "    return clock.now()\n"
    )
    assert sorted(import_time_calls(tree)) == [
        (1, "clinic_today"),
        (2, "date.today"),
    ]


def test_the_clinic_date_comes_from_the_one_clock(clock):
    clock.set(datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    assert clinic_today("UTC") == date(2026, 12, 31)
    assert clinic_today("Pacific/Auckland") == date(2027, 1, 1)
    assert clinic_today("America/New_York") == date(2026, 12, 31)
    clock.advance(minutes=31)
    assert clinic_today("UTC") == date(2027, 1, 1)


def test_the_clock_fixture_also_reaches_model_defaults_bound_at_import(clock):
    from screening.models.audit import AuditEvent

    default = AuditEvent.__table__.c.occurred_at.default.arg
    assert default(None) == clock.now() == screening_clock.now()


def run_crossing_midnight(*paths: str) -> subprocess.CompletedProcess:
    """Run pytest on ``paths`` with the clock crossing midnight after collection."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "support.midnight", "-q", *paths],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(TESTS)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_run_that_crosses_midnight_passes():
    run = run_crossing_midnight("tests/test_odd_dates.py")
    assert run.returncode == 0, run.stdout + run.stderr
    assert " passed" in run.stdout and "failed" not in run.stdout


def test_a_date_read_at_import_fails_a_run_that_crosses_midnight(tmp_path):
    module = tmp_path / "test_reads_at_import.py"
    module.write_text(
        "from screening.infra.clock import clinic_today\n"
        "TODAY_AT_IMPORT = clinic_today('UTC')\n"
        "def test_today_is_still_today():\n"
        "    assert clinic_today('UTC') == TODAY_AT_IMPORT\n"
    )
    run = run_crossing_midnight(str(module))
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 failed" in run.stdout
