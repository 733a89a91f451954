"""Bytes a browser downloads for a page and its CSS and JavaScript, gzipped."""

from __future__ import annotations

import gzip
import re

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
