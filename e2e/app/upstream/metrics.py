"""The platform's own metrics, with the names, types, labels and buckets of
the Upstream platform's `upstream/metrics.py` (see ../shared/reference/metrics.md).

Everything is registered on prometheus_client's default registry, as on the
platform: the web process exposes it through django-prometheus's `/metrics`
view, the Celery worker through its own HTTP server (see e2esite/celery.py).
"""

from prometheus_client import Counter, Gauge, Histogram

# Alerts
ALERT_CREATED = Counter(
    "upstream_alert_created_total",
    "Alerts created",
    ["product", "severity", "customer_id"],
)
ALERT_DELIVERED = Counter(
    "upstream_alert_delivered_total",
    "Alerts delivered to a channel",
    ["product", "channel_type", "customer_id"],
)
ALERT_FAILED = Counter(
    "upstream_alert_failed_total",
    "Alert deliveries that failed",
    ["product", "channel_type", "error_type", "customer_id"],
)
ALERT_PROCESSING_SECONDS = Histogram(
    "upstream_alert_processing_seconds",
    "Time to process an alert",
    ["product"],
    buckets=[0.1, 0.5, 1, 2, 5, 10, 30, 60],
)
ALERT_SUPPRESSED = Counter(
    "upstream_alert_suppressed_total",
    "Alerts suppressed before delivery",
    ["product", "reason", "customer_id"],
)

# Drift detection and payer signals
DRIFT_EVENT_DETECTED = Counter(
    "upstream_drift_event_detected_total",
    "Drift events detected",
    ["product", "drift_type", "severity_level", "customer_id"],
)
DRIFT_COMPUTATION_SECONDS = Histogram(
    "upstream_drift_computation_seconds",
    "Time to compute drift",
    ["product"],
    buckets=[1, 5, 10, 30, 60, 120, 300, 600],
)
PAYMENT_DELAY_SIGNAL = Counter(
    "upstream_payment_delay_signal_total",
    "Payment delay signals",
    ["severity", "customer_id"],
)
DENIAL_SIGNAL = Counter(
    "upstream_denial_signal_total",
    "Denial signals",
    ["signal_type", "customer_id"],
)

# Data quality
DATA_QUALITY_SCORE = Gauge(
    "upstream_data_quality_score",
    "Latest data quality score",
    ["customer_id", "metric_type"],
)
DATA_QUALITY_CHECK_FAILED = Counter(
    "upstream_data_quality_check_failed_total",
    "Data quality checks that failed",
    ["check_type", "severity", "customer_id"],
)

# Ingestion
CLAIM_RECORDS_INGESTED = Counter(
    "upstream_claim_records_ingested_total",
    "Claim records ingested",
    ["customer_id", "status"],
)
INGESTION_PROCESSING_SECONDS = Histogram(
    "upstream_ingestion_processing_seconds",
    "Time to process an ingestion batch",
    ["customer_id"],
    buckets=[0.5, 1, 5, 10, 30, 60, 120, 300],
)

# Background jobs
BACKGROUND_JOB_STARTED = Counter(
    "upstream_background_job_started_total",
    "Background jobs started",
    ["job_type", "customer_id"],
)
BACKGROUND_JOB_COMPLETED = Counter(
    "upstream_background_job_completed_total",
    "Background jobs completed",
    ["job_type", "customer_id"],
)
BACKGROUND_JOB_FAILED = Counter(
    "upstream_background_job_failed_total",
    "Background jobs failed",
    ["job_type", "error_type", "customer_id"],
)
BACKGROUND_JOB_DURATION_SECONDS = Histogram(
    "upstream_background_job_duration_seconds",
    "Background job duration",
    ["job_type"],
    buckets=[1, 5, 30, 60, 300, 600, 1800, 3600],
)

# Reports
REPORT_GENERATED = Counter(
    "upstream_report_generated_total",
    "Reports generated",
    ["report_type", "customer_id"],
)
REPORT_GENERATION_SECONDS = Histogram(
    "upstream_report_generation_seconds",
    "Report generation time",
    ["report_type"],
    buckets=[1, 5, 10, 30, 60, 120, 300, 600],
)
REPORT_GENERATION_FAILED = Counter(
    "upstream_report_generation_failed_total",
    "Report generations that failed",
    ["report_type", "error_type", "customer_id"],
)

# API
API_ENDPOINT_CALLS = Counter(
    "upstream_api_endpoint_calls_total",
    "API endpoint calls",
    ["endpoint", "method", "customer_id"],
)
API_RATE_LIMIT_HIT = Counter(
    "upstream_api_rate_limit_hit_total",
    "API requests refused by a throttle",
    ["endpoint", "throttle_class", "customer_id"],
)

# Cache
CACHE_HIT = Counter("upstream_cache_hit_total", "Cache hits", ["cache_key_prefix"])
CACHE_MISS = Counter("upstream_cache_miss_total", "Cache misses", ["cache_key_prefix"])
