"""gunicorn settings for `make run` and production (`gunicorn -c gunicorn.conf.py wsgi:app`).

Threat: a web server's access log is the usual place a resident's address ends up. The format
below has no remote address (%(h)s), no user agent (%(a)s), no referer (%(f)s) and no query
string: only time, method, path, status, size and duration.
"""

import os

bind = os.environ.get("TIPSAPP_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Preload so every worker shares the in-memory seed of the rate-limit key (security/client_key).
preload_app = True
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("TIPSAPP_LOG_LEVEL", "info").lower()
timeout = 30
graceful_timeout = 20
# No control socket file in the home folder; nothing here needs run-time control.
control_socket_disable = True
