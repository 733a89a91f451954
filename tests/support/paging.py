"""Walk a paged staff list the way a person does: by its "next page" link."""

from __future__ import annotations

import re
from collections.abc import Iterator

NEXT_PAGE = re.compile(r'data-next-page href="([^"]+)"')


def pages(client, url: str) -> Iterator:
    """Yield each page's response, fetching the next only when asked for it."""
    while url:
        response = client.get(url)
        yield response
        found = NEXT_PAGE.search(response.get_data(as_text=True))
        url = found[1].replace("&amp;", "&") if found else None
