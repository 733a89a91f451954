"""Staff accounts from the command line, and the password rules."""

from __future__ import annotations

import pytest

from screening.infra.extensions import db
from screening.models import AuditEvent, StaffMember, StaffSession
from screening.services.auth.passwords import common_passwords, password_problem

GOOD = "a quiet harbour at dawn"


def account(app, email):
    with app.app_context():
        return db.session.scalar(db.select(StaffMember).filter_by(email=email))


def audit_events(app):
    with app.app_context():
        return [
            (entry.event, entry.staff_id, entry.detail)
            for entry in db.session.scalars(
                db.select(AuditEvent).order_by(AuditEvent.id)
            )
        ]


def test_create_staff_reads_the_password_twice_from_stdin(app, runner):
    result = runner.invoke(
        args=["create-staff", "Reception@Clinic.Example"], input=f"{GOOD}\n{GOOD}\n"
    )
    assert result.exit_code == 0, result.output
    assert "Two-factor is set up at sign-in" in result.output
    assert GOOD not in result.output
    staff = account(app, "reception@clinic.example")
    assert staff.password_hash.startswith("$argon2id$")
    assert not staff.is_admin and not staff.has_two_factor
    assert audit_events(app) == [
        ("staff.created", staff.id, {"admin": False, "via": "cli"})
    ]


def test_create_staff_makes_an_admin_with_the_flag(app, runner):
    result = runner.invoke(
        args=["create-staff", "boss@clinic.example", "--admin"],
        input=f"{GOOD}\n{GOOD}\n",
    )
    assert result.exit_code == 0, result.output
    assert account(app, "boss@clinic.example").is_admin


def test_create_staff_asks_twice_at_a_terminal(monkeypatch, runner):
    answers = iter([GOOD, GOOD])
    prompts = []

    def fake_prompt(text, **options):
        prompts.append((text, options))
        return next(answers)

    monkeypatch.setattr("screening.cli.accounts.click.prompt", fake_prompt)
    monkeypatch.setattr("screening.cli.accounts.stdin_is_terminal", lambda: True)
    result = runner.invoke(args=["create-staff", "tty@clinic.example"])
    assert result.exit_code == 0, result.output
    assert prompts == [
        (
            "Password",
            {"hide_input": True, "confirmation_prompt": "Repeat the password"},
        )
    ]


@pytest.mark.parametrize(
    "first, second, message",
    [
        (GOOD, GOOD + "!", "The two passwords are not the same"),
        ("short pass", "short pass", "at least 12 characters"),
        ("password1234", "password1234", "too common"),
        ("Password2024!", "Password2024!", "too common"),
        ("qwertyuiop12", "qwertyuiop12", "too common"),
        ("abababababab", "abababababab", "too few characters"),
        ("nurse-on-call-2026", "nurse-on-call-2026", "email address"),
    ],
)
def test_create_staff_refuses_bad_passwords(app, runner, first, second, message):
    result = runner.invoke(
        args=["create-staff", "nurse@clinic.example"], input=f"{first}\n{second}\n"
    )
    assert result.exit_code == 1
    assert message in result.output
    assert account(app, "nurse@clinic.example") is None


def test_create_staff_refuses_a_bad_or_taken_address(runner):
    bad = runner.invoke(
        args=["create-staff", "not-an-address"], input=f"{GOOD}\n{GOOD}\n"
    )
    assert bad.exit_code == 1 and "not a valid email address" in bad.output
    runner.invoke(args=["create-staff", "a@clinic.example"], input=f"{GOOD}\n{GOOD}\n")
    taken = runner.invoke(
        args=["create-staff", "A@clinic.example"], input=f"{GOOD}\n{GOOD}\n"
    )
    assert taken.exit_code == 1 and "exists already" in taken.output


def test_disable_staff_ends_sessions(app, runner, staff_client, staff_member):
    result = runner.invoke(args=["disable-staff", staff_member.email])
    assert result.exit_code == 0, result.output
    assert account(app, staff_member.email).disabled_at is not None
    assert staff_client.get("/staff/").status_code == 401
    assert audit_events(app)[-1] == ("staff.disabled", staff_member.id, {"via": "cli"})


def test_reset_password_sets_a_new_one_and_unlocks(app, runner, staff_member, login):
    new = "a different long passphrase"
    result = runner.invoke(
        args=["reset-password", staff_member.email], input=f"{new}\n{new}\n"
    )
    assert result.exit_code == 0, result.output
    response = login(app.test_client(), staff_member)
    assert response.status_code == 200  # the old password no longer works
    renewed = type(staff_member)(
        staff_member.id, staff_member.email, new, staff_member.totp_secret
    )
    assert login(app.test_client(), renewed).location == "/staff/"


def test_reset_password_refuses_a_common_password(runner, staff_member):
    result = runner.invoke(
        args=["reset-password", staff_member.email],
        input="letmein12345\nletmein12345\n",
    )
    assert result.exit_code == 1 and "too common" in result.output


def test_reset_two_factor_makes_the_member_set_it_up_again(
    app, runner, staff_client, staff_member
):
    result = runner.invoke(args=["reset-two-factor", staff_member.email])
    assert result.exit_code == 0, result.output
    assert staff_client.get("/staff/").status_code == 401
    response = app.test_client().post(
        "/staff/login",
        data={"email": staff_member.email, "password": staff_member.password},
    )
    assert response.location == "/staff/login/two-factor-setup"
    with app.app_context():
        assert db.session.scalar(db.select(StaffSession)).ended_at is not None


@pytest.mark.parametrize("command", ["disable-staff", "reset-two-factor"])
def test_commands_name_no_account_that_does_not_exist(runner, command):
    result = runner.invoke(args=[command, "ghost@clinic.example"])
    assert result.exit_code == 1
    assert "No staff account has that email address" in result.output


def test_the_shipped_list_of_common_passwords_is_loaded():
    passwords = common_passwords()
    assert len(passwords) > 3000
    assert {"password", "qwerty", "letmein", "iloveyou"} <= passwords
    assert not any(line.startswith("#") for line in passwords)


def test_a_long_uncommon_passphrase_is_accepted():
    assert password_problem("correct horse battery staple") is None
    assert password_problem("x" * 257) == "Password must be 256 characters or fewer"


def test_passwords_are_hashed_with_the_strong_argon2_profile_by_default(make_app):
    app = make_app(PASSWORD_HASH_PROFILE="RFC_9106_LOW_MEMORY")
    with app.app_context():
        from screening.services.auth.passwords import hash_password

        assert "$argon2id$v=19$m=65536,t=3,p=4$" in hash_password(GOOD)
    from screening.infra.config import Config

    assert Config.PASSWORD_HASH_PROFILE == "RFC_9106_LOW_MEMORY"


def test_a_weaker_stored_hash_is_upgraded_at_sign_in(make_app, staff_member, login):
    strong = make_app(PASSWORD_HASH_PROFILE="RFC_9106_LOW_MEMORY")
    assert login(strong.test_client(), staff_member).location == "/staff/"
    assert account(strong, staff_member.email).password_hash.startswith(
        "$argon2id$v=19$m=65536"
    )
