"""The signed webhook: a JSON POST a booking system can verify and react to.

The signature is ``sha256=`` and the hex HMAC-SHA256 of the raw body with
WEBHOOK_SECRET, in the X-Screening-Signature header. The body holds a
reference, an outcome, a decision and a time: no personal data.
"""

from __future__ import annotations

import hashlib
import hmac
import urllib.request
from urllib.error import HTTPError

SIGNATURE_HEADER = "X-Screening-Signature"
DELIVERY_HEADER = "X-Screening-Delivery"


class WebhookRefused(RuntimeError):
    """The receiver answered with something other than 2xx."""


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Treat a redirect as a refusal: a signed POST must reach the configured URL."""

    def redirect_request(self, *_args, **_kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def signature(body: bytes, secret: str) -> str:
    """Return the header value that signs ``body`` with ``secret``."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def post(url: str, body: str, secret: str, delivery_id: str, timeout: float) -> int:
    """POST the body, signed; return the status or raise (a timeout cuts a hang)."""
    data = body.encode()
    request = urllib.request.Request(  # noqa: S310 (http(s) only, checked at start)
        url,
        data=data,
        method="POST",
        headers={
            "Content-Type": "application/json",
            SIGNATURE_HEADER: signature(data, secret),
            DELIVERY_HEADER: delivery_id,
            "User-Agent": "mesotherapy-screening-webhook",
        },
    )
    try:
        with OPENER.open(request, timeout=timeout) as response:  # nosec B310
            status = response.status
    except HTTPError as error:
        raise WebhookRefused(f"HTTP {error.code}") from None
    if not 200 <= status < 300:
        raise WebhookRefused(f"HTTP {status}")
    return status
