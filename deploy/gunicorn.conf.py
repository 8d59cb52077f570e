"""gunicorn settings for the NTM tracker: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed from the environment (the systemd unit reads /etc/ntm/ntm.env):
GUNICORN_BIND (127.0.0.1:8000: only nginx on the same machine talks to gunicorn),
GUNICORN_WORKERS (3: one slow PDF never holds up other users), GUNICORN_TIMEOUT (120 s: a
district plan PDF takes about 2 s, a large import some more), LOG_FORMAT (json or plain).

Logs go to stdout: the access log (one line a request, without query string, headers or
cookies) and gunicorn's own messages, as JSON lines by ntm.logging.JsonFormatter, like the
application's own logs (LOGGING in ntm/settings.py).
"""

import os
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))  # ntm.logging, before gunicorn configures its logs

chdir = str(PROJECT_DIR)
wsgi_app = "ntm.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Restart each worker now and then, so a slow leak (PDF rendering) cannot grow without bound.
max_requests = 1000
max_requests_jitter = 100
# nginx on this machine sets X-Forwarded-Proto; trust it from there only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Requests bigger than nginx lets through never reach here; these bound the header part.
limit_request_line = 8190
limit_request_fields = 100
# gunicorn 24+ opens a control socket in $HOME for `gunicornc`; systemd manages this process,
# and the service user has no writable home (ProtectSystem=strict). Older versions ignore it.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
_log_format = os.environ.get("LOG_FORMAT", "json")
if _log_format not in ("json", "plain"):
    raise RuntimeError(f"LOG_FORMAT must be json or plain, not {_log_format!r}.")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "ntm.logging.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": _log_format,
        },
    },
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
}
