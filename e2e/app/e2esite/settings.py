"""Settings of the end-to-end test site.

Everything that differs between runs comes from the environment, set by
e2e/driver: E2E_RUN_DIR (sqlite files), E2E_REDIS_URL (Celery broker).
"""

import os
from pathlib import Path

RUN_DIR = Path(os.environ.get("E2E_RUN_DIR", "/tmp/dashc-e2e"))

SECRET_KEY = "e2e-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django_prometheus",
    "upstream",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "e2esite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {},
    }
]

DATABASES = {
    # The platform's engine wrapper: every query is counted and timed.
    "default": {
        "ENGINE": "django_prometheus.db.backends.sqlite3",
        "NAME": str(RUN_DIR / "upstream.sqlite3"),
        "OPTIONS": {"timeout": 20},
    },
    # A reporting replica that cannot be opened: connection errors are
    # counted in django_db_new_connection_errors_total{alias="reporting"}.
    "reporting": {
        "ENGINE": "django_prometheus.db.backends.sqlite3",
        "NAME": str(RUN_DIR / "missing-dir" / "reporting.sqlite3"),
    },
}
DATABASE_ROUTERS = ["e2esite.routers.ReportingReplicaRouter"]

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "upstream-e2e",
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"

# django-prometheus's own export walks every alias and would crash on the
# unreachable `reporting` one; upstream.apps exports the default database's
# migration gauges instead (same metric families).
PROMETHEUS_EXPORT_MIGRATIONS = False
E2E_EXPORT_MIGRATIONS = os.environ.get("E2E_EXPORT_MIGRATIONS", "0") == "1"

CELERY_BROKER_URL = os.environ.get("E2E_REDIS_URL", "redis://127.0.0.1:6399/0")
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
