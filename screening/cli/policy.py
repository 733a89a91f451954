"""``flask --app app policy-impact``: what a new policy would change, read-only."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..rules import PolicyError, load_ruleset, unknown_reads
from ..services.policy_impact import assess, report
from ..services.store import current_catalogue
from . import needs_current_schema


@click.command("policy-impact")
@with_appcontext
@needs_current_schema
@click.argument("policy", type=click.Path(dir_okay=False))
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only screenings stored on or after this day (YYYY-MM-DD, UTC).",
)
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, writable=True),
    default="policy-impact.csv",
    show_default=True,
    help="Where to write the references of the screenings that change.",
)
def policy_impact_command(policy: str, since, csv_path: str) -> None:
    """Show what the policy file POLICY would change; change nothing."""
    try:
        ruleset = load_ruleset(policy)
    except PolicyError as error:
        raise click.ClickException(str(error)) from None
    catalogue = current_catalogue()
    if unknown_reads(ruleset, catalogue):
        raise click.ClickException("a rule reads an answer no question asks")
    with open(csv_path, "w", newline="", encoding="utf-8") as changed:
        impact = assess(ruleset, catalogue, since and since.date(), changed)
    for line in report(impact, ruleset.version):
        click.echo(line)
    click.echo(f"Wrote the references of the {impact.total_changed} to {csv_path}.")
