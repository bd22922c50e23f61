"""Celery tasks: the platform's background jobs, alert delivery, reports,
drift and data-quality checks. They run in the worker process, so their
metrics are exported by the worker (job `celery`), not by the web app.
"""

import functools
import random
import time
import urllib.error
import urllib.request

from celery import shared_task

from . import metrics

_last_alert = {}
SUPPRESS_WINDOW_SECONDS = 2.0


def tracked_job(job_type):
    """Count a task as a background job: started, then completed or failed(error_type), and its duration."""

    def wrap(func):
        @functools.wraps(func)
        def run(customer_id, *args, **kwargs):
            metrics.BACKGROUND_JOB_STARTED.labels(job_type, customer_id).inc()
            started = time.monotonic()
            try:
                result = func(customer_id, *args, **kwargs)
            except Exception as exc:
                metrics.BACKGROUND_JOB_FAILED.labels(job_type, type(exc).__name__, customer_id).inc()
                raise
            else:
                metrics.BACKGROUND_JOB_COMPLETED.labels(job_type, customer_id).inc()
                return result
            finally:
                metrics.BACKGROUND_JOB_DURATION_SECONDS.labels(job_type).observe(time.monotonic() - started)

        return run

    return wrap


def _work(seconds):
    """Stand-in for the platform's processing time."""
    time.sleep(seconds)


@shared_task(name="upstream.process_ingestion_batch")
@tracked_job("claim_ingestion")
def process_ingestion_batch(customer_id, accepted, rejected):
    """Post-process an ingested batch; a batch with only rejected records fails validation."""
    _work(0.01 + 0.002 * accepted)
    if accepted == 0 and rejected > 0:
        raise ValueError(f"batch for {customer_id} had no valid record")
    return accepted


class ReportDataMissing(Exception):
    """The report's source data is not available."""


@shared_task(name="upstream.generate_report")
@tracked_job("report_generation")
def generate_report(customer_id, report_type, simulate_failure=False):
    """Generate a report; a customer without data or a failing renderer fails it."""
    started = time.monotonic()
    try:
        _work(0.02)
        if simulate_failure:
            raise TimeoutError("report renderer timed out")
        if customer_id.endswith("-new"):
            raise ReportDataMissing(f"no claims for {customer_id}")
    except Exception as exc:
        metrics.REPORT_GENERATION_FAILED.labels(report_type, type(exc).__name__, customer_id).inc()
        raise
    metrics.REPORT_GENERATION_SECONDS.labels(report_type).observe(time.monotonic() - started)
    metrics.REPORT_GENERATED.labels(report_type, customer_id).inc()
    return report_type


@shared_task(name="upstream.deliver_alert")
@tracked_job("alert_delivery")
def deliver_alert(customer_id, product, severity, channel_type, webhook_url=None):
    """Create an alert, suppress duplicates and informational ones, deliver the rest."""
    started = time.monotonic()
    try:
        metrics.ALERT_CREATED.labels(product, severity, customer_id).inc()
        key = (customer_id, product, severity)
        now = time.monotonic()
        last = _last_alert.get(key)
        _last_alert[key] = now
        if severity == "info":
            metrics.ALERT_SUPPRESSED.labels(product, "below_threshold", customer_id).inc()
            return "suppressed"
        if last is not None and now - last < SUPPRESS_WINDOW_SECONDS:
            metrics.ALERT_SUPPRESSED.labels(product, "duplicate", customer_id).inc()
            return "suppressed"
        try:
            _deliver(channel_type, webhook_url)
        except Exception as exc:
            reason = getattr(exc, "reason", None)
            error_type = type(reason).__name__ if isinstance(reason, BaseException) else type(exc).__name__
            metrics.ALERT_FAILED.labels(product, channel_type, error_type, customer_id).inc()
            raise
        metrics.ALERT_DELIVERED.labels(product, channel_type, customer_id).inc()
        return "delivered"
    finally:
        metrics.ALERT_PROCESSING_SECONDS.labels(product).observe(time.monotonic() - started)


def _deliver(channel_type, webhook_url):
    if channel_type == "webhook":
        if not webhook_url or not webhook_url.startswith("http://127.0.0.1:"):
            raise ValueError("webhook_url must be a loopback URL in this environment")
        request = urllib.request.Request(webhook_url, data=b"{}", method="POST")
        with urllib.request.urlopen(request, timeout=1):
            return
    if channel_type not in ("email", "slack"):
        raise ValueError(f"unknown channel_type {channel_type!r}")
    _work(0.005)


@shared_task(name="upstream.compute_drift")
@tracked_job("drift_detection")
def compute_drift(customer_id, product):
    """Compare recent payer behaviour to the baseline; emits drift events."""
    started = time.monotonic()
    rng = random.Random(f"{customer_id}:{product}:{int(time.time())}")
    _work(0.02)
    for drift_type in ("denial_rate", "payment_delay", "underpayment"):
        if rng.random() < 0.6:
            level = rng.choice(["low", "medium", "high"])
            metrics.DRIFT_EVENT_DETECTED.labels(product, drift_type, level, customer_id).inc()
    metrics.DRIFT_COMPUTATION_SECONDS.labels(product).observe(time.monotonic() - started)


@shared_task(name="upstream.run_data_quality_checks")
@tracked_job("data_quality_check")
def run_data_quality_checks(customer_id):
    """Score completeness/validity/timeliness; failing checks are counted by severity."""
    rng = random.Random(f"{customer_id}:{int(time.time())}")
    _work(0.01)
    for metric_type, check_type in (
        ("completeness", "missing_fields"),
        ("validity", "invalid_codes"),
        ("timeliness", "stale_data"),
    ):
        score = round(rng.uniform(0.7, 1.0), 3)
        metrics.DATA_QUALITY_SCORE.labels(customer_id, metric_type).set(score)
        if score < 0.9:
            severity = "critical" if score < 0.8 else "warning"
            metrics.DATA_QUALITY_CHECK_FAILED.labels(check_type, severity, customer_id).inc()
