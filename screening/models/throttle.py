"""Failed sign-in attempts counted per account and client address."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..infra.extensions import db
from .types import UTCDateTime


class LoginThrottle(db.Model):
    """How often one address got one account's sign-in wrong, and until when it waits.

    Written by one INSERT ... ON CONFLICT DO UPDATE per attempt
    (screening/services/auth/throttle.py), so concurrent attempts never lose a count.
    """

    __tablename__ = "login_throttle"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_member.id", ondelete="CASCADE"), primary_key=True
    )
    # The client address as the app sees it (behind ProxyFix: the forwarded one).
    address: Mapped[str] = mapped_column(String(45), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<LoginThrottle {self.staff_id} {self.failures}>"
