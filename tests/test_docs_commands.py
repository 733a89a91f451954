"""Every fenced shell command in README.md and docs/ is run by a test, or says why not.

A shell fence (```sh, ```bash, ```crontab, ...) is either run by the test
COVERAGE names, verbatim through /bin/sh with the environment the docs
name, or marked ```sh outside-infrastructure when it needs something tests
cannot have (cron, nginx, a backup store). ``make test`` is the suite
itself: CI runs it (.ci/run).
"""

from __future__ import annotations

import ast
import inspect
import json
import subprocess
import sys
import textwrap
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import test_delivery_processes
import test_deploy
import test_policy_impact
import test_translations
from support.commands import (
    free_port,
    operator_environment,
    run_documented,
    serving,
    spawn,
)
from support.databases import database_kind, fresh_database_url
from support.docs import ROOT, documentation, documented, fences, shell_commands
from support.servers import LiveServer

CI = "CI: .ci/run is `exec make test`"
STAFF = "test_the_documented_staff_commands_manage_accounts"
# How each documented command (by its first line) is covered.
COVERAGE = {
    "make run": "test_make_run_serves_logs_json_and_answers_the_documented_api_call",
    "make test": CI,
    "curl -s http://127.0.0.1:5000/api/v1/eligibility": "call_documented_api",
    "flask --app app create-staff nurse@clinic.example": STAFF,
    "flask --app app create-staff manager@clinic.example --admin": STAFF,
    'printf \'%s\\n%s\\n\' "$PW" "$PW" | flask --app app create-staff '
    "ops@clinic.example": STAFF,
    "flask --app app disable-staff nurse@clinic.example": STAFF,
    "flask --app app reset-password nurse@clinic.example": STAFF,
    "flask --app app reset-two-factor nurse@clinic.example": STAFF,
    "flask --app app db upgrade": "test_the_documented_deploy_serves_a_fresh_database",
    "gunicorn app:app": "test_the_documented_deploy_serves_a_fresh_database",
    # Both run by start_deliverer, which the two deliverer tests call.
    "flask --app app deliver": "start_deliverer",
    "flask --app app deliver --once": "start_deliverer",
    "make translations": "run_make_translations",
    "flask --app app policy-impact riverside-2027.toml --since 2026-01-01": (
        "test_the_documented_policy_impact_command"
    ),
}
PASSWORD = "a quiet harbour at dawn"


def covering_test(name: str):
    """Return the function called ``name``: here, or in the modules that run docs."""
    for module in (
        test_deploy,
        test_delivery_processes,
        test_policy_impact,
        test_translations,
    ):
        if hasattr(module, name):
            return getattr(module, name)
    return globals()[name]


def strings_in(function) -> set[str]:
    """Return the strings a function's source holds or names as module constants."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
        elif isinstance(node, ast.Name):
            value = function.__globals__.get(node.id)
            if isinstance(value, str):
                found.add(value)
    return found


def coverage_listing() -> list[str]:
    """Return one line per documented command saying how it is covered."""
    listing = []
    for command in shell_commands():
        where = f"{command.path}:{command.line}"
        if command.outside:
            how = "example needing outside infrastructure (marked in the doc)"
        else:
            how = COVERAGE.get(command.first_line, "NOT COVERED")
        listing.append(f"{where}  {command.first_line}  ->  {how}")
    return listing


def test_every_documented_shell_command_is_run_or_marked():
    listing = coverage_listing()
    print("\n".join(listing))
    assert not [line for line in listing if line.endswith("NOT COVERED")], listing
    for command in shell_commands():
        how = COVERAGE.get(command.first_line)
        if command.outside or how == CI:
            continue
        runs = strings_in(covering_test(how))
        assert command.first_line in runs, f"{how} does not run {command.first_line!r}"
    assert "exec make test" in (ROOT / ".ci" / "run").read_text()


def test_every_fence_says_what_it_holds():
    unlabelled = [
        f"{fence.path}:{fence.line}"
        for path in documentation()
        for fence in fences(path)
        if not fence.language
    ]
    assert unlabelled == [], "give each fence a language (sh, toml, text, ...)"


def test_the_parser_reads_comments_continuations_and_markings():
    commands = {c.first_line: c for c in shell_commands()}
    assert commands["make run"].text == "make run"
    curl = commands["curl -s http://127.0.0.1:5000/api/v1/eligibility"]
    assert curl.text.endswith('"medications": "ibuprofen"}\'')
    assert any(c.outside for c in shell_commands()), "the crontab line is marked"


@contextmanager
def started(command: str, folder: Path) -> Iterator[LiveServer]:
    """Run the documented `make run` on a free port (PORT=...) until the block ends.

    VENV names this interpreter's environment, already installed, so make
    skips its install step and runs the recipe's flask command.
    """
    venv = folder / "venv"
    venv.mkdir()
    (venv / "bin").symlink_to(Path(sys.executable).parent)
    (venv / ".run-deps").touch()
    port = free_port()
    env = operator_environment("", folder / "instance", VENV=str(venv), PORT=str(port))
    del env["DATABASE_URL"]  # make run serves the embedded database in instance/
    stderr = folder / "stderr.log"
    process = spawn(command, env, stderr, stdout=subprocess.DEVNULL)
    with serving(process, port, stderr) as server:
        yield server


def call_documented_api(server: LiveServer) -> dict:
    """Send the README's curl call to ``server`` (its port put in the URL)."""
    command = documented("curl -s http://127.0.0.1:5000/api/v1/eligibility")
    called = subprocess.run(
        ["/bin/sh", "-c", command.replace(":5000/", f":{server.port}/")],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return json.loads(called.stdout)


def test_make_run_serves_logs_json_and_answers_the_documented_api_call(tmp_path):
    with started(documented("make run"), tmp_path) as server:
        with urllib.request.urlopen(server.url + "/", timeout=30) as reply:
            assert reply.status == 200
        answer = call_documented_api(server)
        raw = server.log()
    assert set(answer) == {"outcome", "age", "as_of", "reasons", "advice"} | {
        "ruleset_version"
    }
    assert answer["outcome"] == "needs_review"
    assert [reason["rule"] for reason in answer["reasons"]] == ["takes-medication"]
    banner = [
        line["message"]
        for line in map(json.loads, raw.splitlines())
        if line["logger"] == "werkzeug"
    ]
    assert any(
        message.startswith("WARNING: This is a development server")
        and f" * Running on {server.url}" in message
        for message in banner
    ), banner
    assert "\x1b" not in raw and "\\u001b" not in raw, "colour codes in the log"


def test_make_run_takes_its_port_from_a_variable():
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=5001", f"VENV={Path(sys.executable).parents[1]}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "flask --app app run --host 127.0.0.1 --port 5001" in dry_run.stdout


def test_the_documented_staff_commands_manage_accounts(tmp_path):
    twice = f"{PASSWORD}\n{PASSWORD}\n"
    with fresh_database_url(database_kind()) as url:
        env = operator_environment(url, tmp_path, PW=PASSWORD)
        steps = [
            ("flask --app app db upgrade", "", ""),
            (
                "flask --app app create-staff nurse@clinic.example",
                twice,
                "Created staff",
            ),
            (
                "flask --app app create-staff manager@clinic.example --admin",
                twice,
                "Created admin",
            ),
            (
                'printf \'%s\\n%s\\n\' "$PW" "$PW" | flask --app app create-staff '
                "ops@clinic.example",
                "",
                "Created staff",
            ),
            ("flask --app app disable-staff nurse@clinic.example", "", "Disabled"),
            (
                "flask --app app reset-password nurse@clinic.example",
                twice,
                "New password",
            ),
            (
                "flask --app app reset-two-factor nurse@clinic.example",
                "",
                "Two-factor reset",
            ),
        ]
        for command, stdin, said in steps:
            done = run_documented(command, env, stdin=stdin)
            assert done.returncode == 0, (command, done.stderr)
            assert said in done.stdout, (command, done.stdout)
