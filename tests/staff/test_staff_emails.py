"""One email normalisation, the same at account creation and at sign-in.

Issue 12, point 8: addresses were NFC-normalised at creation but only
lower-cased at sign-in, so a decomposed "é" typed at sign-in missed.
"""

from __future__ import annotations

import pytest

from screening.infra.extensions import db
from screening.models import StaffMember
from screening.services.auth.login import normalise_email

COMPOSED = "jos\u00e9@clinic.example"
DECOMPOSED = "jose\u0301@clinic.example"
PASSWORD = "a long harbour passphrase"


@pytest.mark.parametrize(
    "typed",
    [COMPOSED, DECOMPOSED, " JOS\u00c9@Clinic.Example ", "JOSE\u0301@CLINIC.EXAMPLE"],
)
def test_every_spelling_of_one_address_normalises_alike(typed):
    assert normalise_email(typed) == COMPOSED


def test_case_folding_goes_beyond_lower_case():
    assert normalise_email("STRASSE@clinic.example") == normalise_email(
        "stra\u00dfe@clinic.example"
    )


@pytest.mark.parametrize(
    ("created", "typed"),
    [(DECOMPOSED, COMPOSED), (COMPOSED, "JOSE\u0301@Clinic.Example")],
)
def test_an_account_is_found_however_its_address_is_typed(app, runner, created, typed):
    result = runner.invoke(
        args=["create-staff", created], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalars(db.select(StaffMember.email)).all() == [COMPOSED]
    client = app.test_client()
    response = client.post("/staff/login", data={"email": typed, "password": PASSWORD})
    assert response.location == "/staff/login/two-factor-setup"
    duplicate = runner.invoke(
        args=["create-staff", typed], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert duplicate.exit_code == 1 and "exists already" in duplicate.output
