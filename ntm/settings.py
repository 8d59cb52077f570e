"""Settings for the NTM tracker: one module, values from the environment (django-environ).

Every variable is listed in `.env.example` and in the README. With nothing set, the app runs
on SQLite in `db.sqlite3` beside this project, in debug mode only if DEBUG=true.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional file; the real environment wins

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = (
    env("SECRET_KEY", default="dev-insecure-only-for-local-use") if DEBUG else env("SECRET_KEY")
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    # before django.contrib.auth: its `changepassword` command (on record) is found first
    "units",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "criteria",
    "plans",
    "assignments",
    "recognition",
    "dossiers",
    "imports",
    "dashboards",
    "ops",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # pages compressed for cheap phones on slow links (with Django's "Heal The Breach" padding;
    # CSRF tokens are masked per response); static files come compressed from WhiteNoise
    "django.middleware.gzip.GZipMiddleware",
    # Content-Security-Policy on every response, static files included (see CONTENT_SECURITY_POLICY)
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # a password an administrator set leads to «Đổi mật khẩu» until its person chooses their own
    "units.accounts.ChosenPasswordMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # 503 with a Vietnamese page and Retry-After while the database cannot be reached
    "ntm.middleware.DatabaseUnavailableMiddleware",
    # last: turns a login refused by AxesStandaloneBackend into the lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ntm.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "assignments.context_processors.waiting",
            ],
        },
    },
]

WSGI_APPLICATION = "ntm.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# A persistent connection (CONN_MAX_AGE > 0) is tested before a request reuses it, so a
# database restart costs no request once the server is back (docs/benchmarks.md, Fault).
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", env.bool("CONN_HEALTH_CHECKS", default=True))

AUTH_USER_MODEL = "units.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # criteria.views.home: a commune official's own commune
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # first: refuses a locked-out username + address before any password is checked
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Failed-login limit (django-axes). After AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair is refused for AXES_COOLOFF_MINUTES (0 = until an administrator
# runs `manage.py axes_reset_username <username>`); another user at the same address, or the
# same user elsewhere, can still sign in. A successful login clears the count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
_axes_cooloff_minutes = env.int("AXES_COOLOFF_MINUTES", default=15)
AXES_COOLOFF_TIME = timedelta(minutes=_axes_cooloff_minutes) if _axes_cooloff_minutes else None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False  # no start-up banner on every manage.py command; failures are still logged
# The client's address is REMOTE_ADDR unless AXES_IPWARE_PROXY_COUNT is set: X-Forwarded-For is
# whatever the client sent unless a proxy of ours rewrites it, so it is trusted only when asked.
# The count is django-ipware's: proxy addresses in X-Forwarded-For after the client's. 0 behind
# one nginx with `proxy_set_header X-Forwarded-For $remote_addr`; with proxies that append
# ($proxy_add_x_forwarded_for), their number minus one. A header with another number of entries
# is not trusted, so a client cannot pick its address by adding its own.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=None)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("REMOTE_ADDR",) if AXES_IPWARE_PROXY_COUNT is None else ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
)

# Argon2id first (ntm/hashers.py: OWASP's minimum parameters): a sign-in costs ~25 ms of CPU
# instead of PBKDF2's 0,3–0,5 s at 1 000 000 iterations, so fifty officials signing in at once
# no longer queue every request behind them (docs/benchmarks.md). Older hashes (PBKDF2, or
# Argon2 with Django's parameters) still verify and are re-made at the user's next sign-in.
PASSWORD_HASHERS = [
    "ntm.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# «Quên mật khẩu?»: at most this many requests an hour for one e-mail address, and for one
# network address (the client address as axes reads it, see AXES_IPWARE_PROXY_COUNT); the next
# is refused with the minutes to wait (units.accounts.ResetForm). The letters go through the
# task queue (units.tasks.send_reset_letter): no reset token is stored in it.
PASSWORD_RESET_LIMITS = {
    "address": env.int("PASSWORD_RESET_PER_ADDRESS", default=3),
    "ip": env.int("PASSWORD_RESET_PER_IP", default=10),
}

# Vietnamese for everyone: the app's own text has no other language, so Django's (a required
# field, a password rule) is Vietnamese too, whatever language the browser asks for – many
# phones here are set to English. No LocaleMiddleware: one page for every browser.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False  # group explicitly (|num, money filters): years stay 2023
FORMAT_MODULE_PATH = ["ntm.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
# Evidence files go through the "evidence" storage alias only (criteria.models.storage.evidence_storage).
# EVIDENCE_STORAGE=filesystem (default): the folder EVIDENCE_ROOT below; with several app
# servers it is one shared network folder (NFS) mounted at the same path on each.
# EVIDENCE_STORAGE=s3: an S3-compatible object store (MinIO, Ceph, a cloud) through
# django-storages, installed separately: pip install "django-storages[s3]" (deploy/README.md).
EVIDENCE_STORAGE = env("EVIDENCE_STORAGE", default="filesystem")
if EVIDENCE_STORAGE == "filesystem":
    _evidence_storage = {"BACKEND": "criteria.models.storage.EvidenceStorage"}
elif EVIDENCE_STORAGE == "s3":
    _s3_options = {
        "bucket_name": env("EVIDENCE_S3_BUCKET"),
        "endpoint_url": env("EVIDENCE_S3_ENDPOINT_URL", default=None),  # unset: AWS itself
        "region_name": env("EVIDENCE_S3_REGION", default=None),
        # unset: boto3's own lookup (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, ~/.aws, a role)
        "access_key": env("EVIDENCE_S3_ACCESS_KEY", default=None),
        "secret_key": env("EVIDENCE_S3_SECRET_KEY", default=None),
        "location": env("EVIDENCE_S3_PREFIX", default=None),  # a folder inside the bucket
        "addressing_style": env("EVIDENCE_S3_ADDRESSING_STYLE", default=None),  # MinIO: path
        # Never replace an object; no ACL is sent, so the bucket stays private as created, and
        # downloads go through the view that checks the user's unit, never a bucket URL.
        "file_overwrite": False,
    }
    _evidence_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {k: v for k, v in _s3_options.items() if v is not None},
    }
else:
    raise ImproperlyConfigured(
        f"EVIDENCE_STORAGE must be filesystem or s3, not {EVIDENCE_STORAGE!r}."
    )
STORAGES = {
    # Nothing stores files through "default": evidence has its own alias and Excel imports keep
    # their bytes in the database (imports.ImportRun.content).
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "evidence": _evidence_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Evidence files (minh chứng) live outside any public URL; a view checks the user's unit
# before streaming one. Never point a web server alias at this folder.
EVIDENCE_ROOT = env.path("EVIDENCE_ROOT", default=BASE_DIR / "var" / "evidence")
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
EVIDENCE_ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = False
# Preloading HSTS binds the whole registered domain (often a shared .gov.vn parent) for years;
# that is the domain owner's decision, not this app's, so the reminder is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# The health check answers plain HTTP from a monitor on the machine itself, even when Django
# redirects everything else to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4): scripts, styles, images and fonts from this site only,
# no inline <script>, no on…= handlers, no style="…" attributes (templates link static files
# instead); forms post only here; no framing. The PDF templates are rendered by WeasyPrint, not
# served, so their style attributes are not concerned.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
    },
}

# The address officials open the app at, for links in e-mails (reminders): https://ntm.example.gov.vn
NTM_BASE_URL = env("NTM_BASE_URL", default="http://127.0.0.1:8000")
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ntm@localhost")

# Logs go to stdout (systemd's journal, or whatever runs the process): one JSON object a line
# (ntm.logging.JsonFormatter) unless LOG_FORMAT=plain, which is the default in DEBUG.
LOG_FORMAT = env("LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "ntm.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Excel exports (django-import-export): a control character someone typed into a text field
# (XML forbids them in a sheet) becomes U+FFFD instead of failing the whole export.
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

# Work done outside the request (django-tasks): large spreadsheet imports and the task reminders
# are queued in the database and run by `manage.py db_worker` (deploy/ntm-worker.service;
# scripts/demo starts one beside the server). TASKS_BACKEND=immediate runs each task at once in
# the process that queues it; that is the default under pytest (PYTEST_VERSION is set by pytest
# itself), the database queue everywhere else.
TASKS_BACKEND = env(
    "TASKS_BACKEND", default="immediate" if "PYTEST_VERSION" in os.environ else "database"
)
if TASKS_BACKEND not in ("database", "immediate"):
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be database or immediate, not {TASKS_BACKEND!r}."
    )
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
    }
}
# Imports of more rows than this are queued (the page follows them); smaller ones are written
# in the request. A queued run beats its heartbeat every IMPORTS_HEARTBEAT_SECONDS; one silent
# for IMPORTS_STALE_SECONDS is shown as interrupted and its owner may start it again.
IMPORTS_SYNC_ROWS = env.int("IMPORTS_SYNC_ROWS", default=2000)
IMPORTS_HEARTBEAT_SECONDS = env.float("IMPORTS_HEARTBEAT_SECONDS", default=30)
IMPORTS_STALE_SECONDS = env.float("IMPORTS_STALE_SECONDS", default=300)

# Where `load_criteria` reads the national catalogue from (YAML, one file a framework).
CRITERIA_FIXTURES_DIR = BASE_DIR / "fixtures" / "criteria"
