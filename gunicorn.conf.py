"""gunicorn settings for `make run` and production (`gunicorn -c gunicorn.conf.py wsgi:app`).

Threat: a web server's access log is the usual place a resident's address ends up. The format
below has no remote address (%(h)s), no user agent (%(a)s), no referer (%(f)s) and no query
string: only time, method, path, status, size and duration.
"""

import os

bind = os.environ.get("TIPSAPP_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Preload so every worker shares the in-memory seed of the rate-limit key (security/client_key)
# when limits are counted without Redis; with Redis all hosts share the seed kept there.
preload_app = True
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("TIPSAPP_LOG_LEVEL", "info").lower()
timeout = 30
graceful_timeout = 20
# No control socket file in the home folder; nothing here needs run-time control.
control_socket_disable = True


def on_starting(server):
    """Refuse a production start whose rate limits each worker would count on its own.

    With ``memory://`` every worker keeps its own counters, so N workers let N times the limit
    through (the receipt check's 5 a minute would be 10 with two). Development allows it and
    says so in the README; production must share counts in Redis or run one worker.
    """
    production = os.environ.get("TIPSAPP_ENV", "development") == "production"
    storage = os.environ.get("TIPSAPP_RATELIMIT_STORAGE_URI", "memory://")
    if production and storage.startswith("memory://") and server.cfg.workers > 1:
        raise SystemExit(
            "tipsapp: TIPSAPP_RATELIMIT_STORAGE_URI is memory:// with "
            f"{server.cfg.workers} workers: each would count limits on its own. Set it to a "
            "Redis URL (redis://host:6379/0) or run one worker (WEB_CONCURRENCY=1)."
        )


def child_exit(server, worker):
    """Drop a dead worker's live gauges from /metrics (prometheus_client's multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def when_ready(server):
    """Say where to go once the app answers (the first thing `make run` shows a newcomer)."""
    host, _, port = bind.rpartition(":")
    base = f"http://{host or '127.0.0.1'}:{port}"
    server.log.info(
        "tipsapp is ready:\n"
        f"  residents:      {base}/\n"
        f"  staff console:  {base}/staff\n"
        f"  API docs:       {base}/api/docs\n"
        "  first admin:    see the README (flask orgs create, then flask users create)"
    )
