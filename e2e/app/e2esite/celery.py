"""The Celery app, as the platform's `celery -A upstream worker` runs it.

The worker serves its own prometheus_client registry over HTTP on
E2E_CELERY_METRICS_PORT (the platform's prometheus.yml scrapes it as job
`celery` at `celery_worker:9808`). The worker runs with `--pool=solo`, so the
tasks execute in the process that serves the metrics.
"""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "e2esite.settings")

app = Celery("upstream")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def serve_worker_metrics(**_kwargs):
    """Start the worker's /metrics endpoint before the first task runs."""
    from prometheus_client import start_http_server

    port = int(os.environ.get("E2E_CELERY_METRICS_PORT", "9808"))
    addr = os.environ.get("E2E_CELERY_METRICS_ADDR", "127.0.0.1")
    start_http_server(port, addr=addr)
