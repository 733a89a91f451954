"""Configuration defaults; every key can be overridden with a FLASK_ variable."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path


class Config:
    """Safe defaults for a single clinic running the embedded database."""

    SQLALCHEMY_ENGINE_OPTIONS = {
        # A restarted database must not fail the next request.
        "pool_pre_ping": True,
        # SQL parameters are patient answers: keep them out of errors and logs.
        "hide_parameters": True,
    }
    # Answers must survive a slow patient: the token lives as long as the session.
    WTF_CSRF_TIME_LIMIT = None
    # The largest honest form is a few kilobytes; anything near this is abuse.
    MAX_CONTENT_LENGTH = 64 * 1024
    MAX_FORM_MEMORY_SIZE = 64 * 1024
    SESSION_COOKIE_NAME = "session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # None means: Secure outside debug and testing (decided in the factory).
    SESSION_COOKIE_SECURE = None
    # Flask-Login's cookie is never set, only cleared; with the same flags.
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = None
    # A clinic policy file (TOML) that changes age limits and rule severities.
    SCREENING_POLICY_FILE = None
    # The question catalogue (screening.rules.Catalogue); None asks the default.
    SCREENING_CATALOGUE = None
    CLINIC_NAME = "Mesotherapy clinic"
    # The publisher's contact details in the FHIR Questionnaire (each optional).
    CLINIC_CONTACT_EMAIL = None
    CLINIC_CONTACT_PHONE = None
    CLINIC_WEBSITE = None
    # Where the clinic's FHIR resources are named: the Questionnaire's canonical
    # URL starts with it. Set it once to an address the clinic controls and keep it.
    FHIR_BASE_URL = "https://mesotherapy-clinic.example/fhir"
    # "Today" for age and visit-date checks is the clinic's date, not the server's.
    CLINIC_TIMEZONE = "UTC"
    # The languages patients and staff may read the service in (each needs a
    # catalogue under screening/translations but English, the source), and
    # the one used when the browser asks for none of them.
    LANGUAGES = ("en", "es")
    DEFAULT_LANGUAGE = "en"
    # Shown to patients with the consent box; bump it when the wording changes.
    PRIVACY_NOTICE_VERSION = "2026-11-26"
    # The embedded SQLite database migrates itself; others are checked at start.
    AUTO_MIGRATE_EMBEDDED = True
    SCHEMA_CHECK_AT_START = True
    # How long screenings are kept; the privacy notice states this figure.
    RETENTION_DAYS = 365
    # Rate limits per client address (see screening/infra/ratelimits.py for the routes).
    RATELIMIT_ENABLED = True
    RATELIMIT_SCREENING = "10 per minute; 100 per hour"
    # Above STAFF_LOCKOUT_ATTEMPTS: one account's guesses meet the lockout
    # first; this stops one address trying many accounts or codes.
    RATELIMIT_STAFF_LOGIN = "10 per minute; 50 per hour"
    RATELIMIT_API = "60 per minute"
    # memory:// counts per process; redis://host:6379 shares counts between them.
    RATELIMIT_STORAGE_URI = "memory://"
    # When Redis is down, count in memory rather than turn patients away.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    # Behind a reverse proxy: how many proxies set X-Forwarded-For and
    # X-Forwarded-Proto. 0 ignores those headers, which any client can forge.
    PROXY_FIX_X_FOR = 0
    PROXY_FIX_X_PROTO = 0
    # Where the secret key and the SQLite database live; None means Flask's
    # instance/ folder beside the package. Set it when the code is read-only.
    INSTANCE_PATH = None
    # Application log level; lines are JSON and never carry personal data.
    LOG_LEVEL = "INFO"
    # Staff sign-in. Two-factor stays on outside local trials (see README).
    STAFF_TWO_FACTOR_REQUIRED = True
    # Failures from one address before it waits to try that account again;
    # the wait doubles with each further failure (screening/services/auth/throttle.py).
    STAFF_LOCKOUT_ATTEMPTS = 5
    STAFF_LOCKOUT_MINUTES = 15
    STAFF_LOCKOUT_MAX_MINUTES = 24 * 60
    # Failures from all addresses together after which each address waits
    # after its first failure: many addresses guessing one account.
    STAFF_ACCOUNT_CEILING = 20
    # Password hashes running at once on one machine (services/auth/hashing.py).
    STAFF_HASHING_SLOTS = 1
    STAFF_SESSION_IDLE_MINUTES = 30
    STAFF_SESSION_ABSOLUTE_MINUTES = 12 * 60
    STAFF_QUEUE_PAGE_SIZE = 50
    # Approving a screening the rules found not eligible (an override) needs
    # a confirmation and a reason at least this long; True: admins only.
    STAFF_OVERRIDE_ADMINS_ONLY = False
    STAFF_OVERRIDE_REASON_MIN = 20
    # How long the one-time set-up link of a new staff account works.
    STAFF_SETUP_LINK_HOURS = 72
    # An argon2-cffi profile name; tests use "CHEAPEST" to stay fast.
    PASSWORD_HASH_PROFILE = "RFC_9106_LOW_MEMORY"  # noqa: S105 (a profile name)
    # Fernet keys for the two-factor secrets, newest first (a JSON list or
    # comma-separated). None: one key generated in instance/totp_key.
    TOTP_ENCRYPTION_KEYS = None
    # The clinic's profile, shown where a patient needs it (screening/infra/clinic.py
    # checks every key below at start-up). None means "not offered".
    CLINIC_PHONE = None
    CLINIC_EMAIL = None
    CLINIC_ADDRESS = None
    CLINIC_OPENING_HOURS = None
    CLINIC_BOOKING_URL = None
    # How many working days staff take to answer a needs-review screening.
    CLINIC_REPLY_WORKING_DAYS = 2
    # The public address links in emails start with; None: the request's own.
    CLINIC_BASE_URL = None
    # Clinic policy: the article gives no time window for avoiding caffeine,
    # so the calendar's reminder comes this many hours before the visit day.
    CLINIC_CAFFEINE_REMINDER_HOURS = 24
    # The country whose phone numbers the form expects (GB, IE, US, CA, AU);
    # None: any number of 6 to 15 digits, or one starting with + anywhere.
    CLINIC_COUNTRY = None
    # The clinic's price per session and its currency (£, EUR, ...), shown
    # instead of the article's $300 to $500. Both or neither.
    CLINIC_SESSION_PRICE = None
    CLINIC_CURRENCY = None
    # Staff told of needs-review screenings; later ones within the window
    # are combined into one message.
    STAFF_NOTIFICATION_EMAILS = ()
    STAFF_NOTIFICATION_BATCH_MINUTES = 15
    # SMTP. No MAIL_SERVER: messages are written to instance/outbox/*.eml.
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_DEFAULT_SENDER = None
    MAIL_TIMEOUT_SECONDS = 30
    # A booking system told of new screenings and decisions (signed POST).
    WEBHOOK_URL = None
    WEBHOOK_SECRET = None
    WEBHOOK_TIMEOUT_SECONDS = 10
    # The deliverer: tries per message, the first retry delay (doubling after
    # each failure), how long a claimed batch is its own, batch size, idle poll.
    DELIVERY_MAX_ATTEMPTS = 8
    DELIVERY_FIRST_RETRY_SECONDS = 60
    DELIVERY_LEASE_SECONDS = 900
    DELIVERY_BATCH_SIZE = 20
    DELIVERY_POLL_SECONDS = 5


def database_url_from_environment() -> str | None:
    """Return DATABASE_URL, as platforms such as Heroku or Render set it."""
    return os.environ.get("DATABASE_URL") or None


def with_psycopg_driver(url: str) -> str:
    """Return a PostgreSQL URL that names psycopg 3, the driver installed.

    ``postgres://`` (Heroku's spelling) and a bare ``postgresql://`` would
    otherwise ask SQLAlchemy for psycopg2, which is not a dependency.
    """
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def default_database_url(instance_path: str) -> str:
    """Return the embedded SQLite database inside the instance folder."""
    return "sqlite:///" + str(Path(instance_path) / "screening.sqlite3")


def instance_secret_key(instance_path: str) -> str:
    """Return the secret key kept in the instance folder, creating it once."""
    return instance_key(Path(instance_path) / "secret_key", secrets.token_hex(32))


def instance_key(path: Path, new_key: str) -> str:
    """Return the key kept in ``path``, writing ``new_key`` there first if none is.

    A new key is written to a private temporary file and then linked into
    place, so workers starting together never read a half-written key and
    all use the first one linked.
    """
    if not path.exists():
        publish_new_key(path, new_key)
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it to generate a new key")
    return key


def publish_new_key(path: Path, key: str) -> None:
    """Create ``path`` holding ``key``, readable by its owner only, unless it exists."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(descriptor, "w") as key_file:
            key_file.write(key)
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)
