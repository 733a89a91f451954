"""Bytes a browser downloads for a page and its CSS and JavaScript, gzipped."""

from __future__ import annotations

import gzip
import re

from tests.support.databases import fresh_database_url, migrate_to_head

from .client import Browser, submit
from .servers import gunicorn
from .throughput import app_environment

TARGET_KB = 30

ASSET_PATTERN = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def gzipped_size(body: bytes) -> int:
    """Return the size of ``body`` as a server compressing at level 6 sends it."""
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def page_weight(fetch, path: str) -> dict[str, int]:
    """Return raw and gzipped bytes of the page at ``path`` and its static assets.

    ``fetch(path) -> bytes`` is any HTTP getter on the running app.
    """
    html = fetch(path)
    assets = sorted(set(ASSET_PATTERN.findall(html.decode())))
    bodies = [html, *(fetch(asset) for asset in assets)]
    return {
        "raw": sum(len(body) for body in bodies),
        "gzip": sum(gzipped_size(body) for body in bodies),
        "files": len(bodies),
        "scripts": sum(asset.endswith(".js") for asset in assets),
    }


def measure() -> dict[str, dict[str, int]]:
    """Return the weights of the form page and of a result page, as served."""
    with fresh_database_url("sqlite") as url:
        migrate_to_head(url)
        with gunicorn("app:app", app_environment(url), workers=1) as (base, _):
            browser = Browser(base)
            (result,) = submit(base, 1)
            return {
                "form page": page_weight(browser.get, "/screening"),
                "result page": page_weight(browser.get, result),
            }
