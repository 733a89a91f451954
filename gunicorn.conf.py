"""gunicorn settings for production; `gunicorn app:app` reads this file by itself.

Every value can be changed without editing it: the environment variables
named below, or any gunicorn option in GUNICORN_CMD_ARGS or on the command
line (both win over this file).
"""

import logging
import os
import sys


def available_cpus() -> int:
    """Return the CPUs this process may use (a container's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS has no sched_getaffinity
        return os.cpu_count() or 1


# Behind a reverse proxy on the same host; containers set GUNICORN_BIND=0.0.0.0:8000.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: each serves one request at a time and the app waits mostly
# on the database, so gunicorn's rule of thumb applies. WEB_CONCURRENCY wins.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * available_cpus() + 1))
worker_class = "sync"

# A worker silent for this long is killed and replaced: nothing here should
# take more than a few seconds, so a stuck one is a bug or a hung database.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# On SIGTERM (a deploy, a scale-down) workers stop accepting and finish the
# requests they hold for up to this long, so no acknowledged screening is cut off.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))

# Recycle workers now and then, staggered, so a slow leak cannot grow forever.
max_requests = 10000
max_requests_jitter = 1000

# The master loads the app once (policy check, embedded migration, schema
# check) and forks workers from it, so a worker replaced after max_requests
# costs a fork, not a fresh import: importing the app takes about 0.5 s of
# CPU, which at a thousand requests per worker was half a millisecond on
# every request. The app leaves no database connection open once it is
# created (prepare_database), so no forked worker shares one.
preload_app = True


def on_starting(server):
    """Refuse to start workers that would each count rate limits alone."""
    from screening.infra.ratelimits import per_process_counting

    config = getattr(server.app.wsgi(), "config", {})
    problem = per_process_counting(config, server.cfg.workers)
    if problem:
        server.log.error(problem)
        sys.exit(1)


def post_fork(server, worker):
    """Let long streamed responses (exports) tell the arbiter they progress."""
    from screening.infra.heartbeat import install

    install(worker.notify)


# X-Forwarded-Proto is trusted only from these addresses (the reverse proxy).
# Never "*" unless nothing but the proxy can reach this port.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The application writes one JSON line per request (route rule, status,
# duration, request id): that is the access log. Gunicorn's own could only
# name the raw path, which carries screening tokens, so it is off unless
# GUNICORN_ACCESS_LOG names a file ("-" for stdout), and even then it names
# neither the path nor the query string.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '"%(m)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s'

loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Python's warnings go through logging too, so they are JSON lines as well.
logging.captureWarnings(True)
# Every line on stderr, gunicorn's and the application's, is one JSON object.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "screening.infra.logs.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
        if accesslog
        else {"class": "logging.NullHandler"},
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {
            "level": loglevel.upper(),
            "handlers": ["stderr"],
            "propagate": False,
        },
        "gunicorn.access": {
            "level": "INFO",
            "handlers": ["access"],
            "propagate": False,
        },
    },
}

# gunicorn's control socket (gunicornc) is not used; its default path is shared
# by every gunicorn of the same user, which breaks several servers on one host.
control_socket_disable = True
