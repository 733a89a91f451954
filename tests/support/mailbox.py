"""A real SMTP server (aiosmtpd) for tests, and a real HTTP webhook receiver.

Both listen on 127.0.0.1 and keep what they receive, parsed, so a test can
read recipients, headers and bodies exactly as a mail client or a booking
system would.
"""

from __future__ import annotations

import email
import hmac
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from screening.infra.webhooks import signature

WAIT_SECONDS = 30
# The staff addresses and the webhook secret, as a clinic sets them.
STAFF_ADDRESSES = ("nurse@clinic.example", "lead@clinic.example")
WEBHOOK_SECRET = "a webhook secret only the test knows"


def mail_config(port: int, **config) -> dict:
    """Return the settings that send mail through the test SMTP server."""
    return {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_DEFAULT_SENDER": "screening@clinic.example",
        "CLINIC_BASE_URL": "https://screening.clinic.example",
        "STAFF_NOTIFICATION_EMAILS": ",".join(STAFF_ADDRESSES),
        **config,
    }


def free_port() -> int:
    """Return a port nothing listens on now (for a server started later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    """One message as the SMTP server took it: envelope and parsed content."""

    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def delivery_id(self) -> str:
        return self.message["X-Screening-Delivery"]

    def text(self) -> str:
        """Return the whole message as text, every part decoded."""
        parts = [str(self.message["Subject"])]
        for part in self.message.walk():
            if part.get_content_maintype() == "text":
                parts.append(part.get_content())
        return "\n".join(parts)


@dataclass
class Mailbox:
    """What the test SMTP server received, in order."""

    port: int
    delay: float = 0.0
    # What the server answers to DATA: change it to refuse messages.
    reply: str = "250 Message accepted"
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, _server, _session, envelope):  # noqa: N802 (aiosmtpd)
        if self.delay:
            time.sleep(self.delay)  # a slow server: the deliverer waits
        if not self.reply.startswith("250"):
            return self.reply
        message = email.message_from_bytes(envelope.content, policy=default)
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), message)
        )
        return self.reply

    def wait_for(self, count: int) -> list[Received]:
        """Wait until at least ``count`` messages arrived; return them all."""
        deadline = time.monotonic() + WAIT_SECONDS
        while len(self.received) < count:
            assert time.monotonic() < deadline, f"only {len(self.received)} arrived"
            time.sleep(0.02)
        return list(self.received)


def refuse_every_login(*_args) -> AuthResult:
    """Refuse any user name and password, as a server with a changed password would."""
    return AuthResult(success=False, handled=False)


@contextmanager
def smtp_server(
    port: int | None = None, delay: float = 0.0, refuse_login: bool = False
) -> Iterator[Mailbox]:
    """Run an SMTP server on 127.0.0.1 until the block ends."""
    mailbox = Mailbox(port or free_port(), delay)
    login = {"authenticator": refuse_every_login, "auth_require_tls": False}
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=mailbox.port,
        **(login if refuse_login else {}),
    )
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()


@dataclass
class Webhooks:
    """What the test webhook receiver got, and how it answers."""

    url: str
    secret: str
    status: int = 204
    delay: float = 0.0
    calls: list[dict] = field(default_factory=list)

    def verified(self, headers, body: bytes) -> bool:
        """Check the signature as a booking system would (constant time)."""
        expected = signature(body, self.secret)
        return hmac.compare_digest(expected, headers.get("X-Screening-Signature", ""))


@contextmanager
def webhook_receiver(secret: str) -> Iterator[Webhooks]:
    """Run an HTTP server that records signed POSTs until the block ends."""
    state = Webhooks("", secret)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if state.delay:
                time.sleep(state.delay)
            state.calls.append(
                {
                    "path": self.path,
                    "headers": dict(self.headers),
                    "body": json.loads(body),
                    "raw": body,
                    "verified": state.verified(self.headers, body),
                }
            )
            self.send_response(state.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/screening"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
