"""API views with the platform's code paths: every response class the
dashboards break down (2xx, 4xx, 5xx, raised exceptions), database work that
succeeds and fails, and the platform's own counters.

The customer is named by the `X-Customer-Id` header, as the platform's API
clients do; work that the platform runs in Celery is enqueued with `.delay()`.
"""

import json
import threading
import time

from django.core.cache import cache
from django.db import IntegrityError, connection, connections, transaction
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import metrics, tasks
from .models import Claim

# Per-customer fixed-window throttle (requests per second per endpoint).
THROTTLE_RATE = 8
_throttle_lock = threading.Lock()
_throttle_windows = {}


def _customer(request):
    return request.headers.get("X-Customer-Id", "")


def _unauthorized():
    return JsonResponse({"detail": "missing X-Customer-Id"}, status=401)


def _throttled(endpoint, customer_id):
    """True (and counted) when this customer exceeded THROTTLE_RATE on endpoint this second."""
    window = int(time.time())
    key = (endpoint, customer_id)
    with _throttle_lock:
        start, count = _throttle_windows.get(key, (window, 0))
        if start != window:
            start, count = window, 0
        count += 1
        _throttle_windows[key] = (start, count)
    if count > THROTTLE_RATE:
        metrics.API_RATE_LIMIT_HIT.labels(endpoint, "CustomerRateThrottle", customer_id).inc()
        return True
    return False


def _api_call(request, endpoint):
    """Count the call; return an error response for unauthenticated or throttled calls."""
    customer_id = _customer(request)
    if not customer_id:
        return _unauthorized()
    if customer_id == "blocked":
        return JsonResponse({"detail": "customer disabled"}, status=403)
    metrics.API_ENDPOINT_CALLS.labels(endpoint, request.method, customer_id).inc()
    if _throttled(endpoint, customer_id):
        return JsonResponse({"detail": "throttled"}, status=429)
    return None


def _cached(prefix, key, compute):
    value = cache.get(f"{prefix}:{key}")
    if value is None:
        metrics.CACHE_MISS.labels(prefix).inc()
        value = compute()
        cache.set(f"{prefix}:{key}", value, timeout=3)
    else:
        metrics.CACHE_HIT.labels(prefix).inc()
    return value


@require_http_methods(["GET"])
def claim_list(request):
    """GET: the customer's claims (cached for a few seconds)."""
    refused = _api_call(request, "claims")
    if refused:
        return refused
    customer_id = _customer(request)

    def load():
        return list(
            Claim.objects.filter(customer_id=customer_id)
            .order_by("-id")
            .values("id", "claim_number", "payer", "amount_cents")[:20]
        )

    return JsonResponse({"results": _cached("claims_list", customer_id, load)})


@csrf_exempt
@require_http_methods(["POST"])
def claim_ingest(request):
    """POST {"claims": [...]}: ingest a batch; each record is accepted, rejected or a duplicate."""
    refused = _api_call(request, "claims_ingest")
    if refused:
        return refused
    customer_id = _customer(request)
    try:
        batch = json.loads(request.body)["claims"]
        if not isinstance(batch, list):
            raise ValueError("claims must be a list")
    except (ValueError, KeyError, TypeError) as exc:
        return HttpResponseBadRequest(f"invalid batch: {exc}")
    started = time.monotonic()
    counts = {"accepted": 0, "rejected": 0, "duplicate": 0}
    audit = []
    for record in batch:
        if (
            not isinstance(record, dict)
            or not record.get("claim_number")
            or not isinstance(record.get("amount_cents"), int)
        ):
            status = "rejected"
        else:
            try:
                with transaction.atomic():
                    Claim.objects.create(
                        customer_id=customer_id,
                        claim_number=str(record["claim_number"]),
                        payer=str(record.get("payer", "unknown")),
                        amount_cents=record["amount_cents"],
                    )
                status = "accepted"
            except IntegrityError:
                status = "duplicate"
        counts[status] += 1
        metrics.CLAIM_RECORDS_INGESTED.labels(customer_id, status).inc()
        audit.append((customer_id, f"ingest_{status}", str(record)[:200]))
    if audit:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO upstream_auditentry (customer_id, action, detail) VALUES (%s, %s, %s)",
                audit,
            )
    metrics.INGESTION_PROCESSING_SECONDS.labels(customer_id).observe(time.monotonic() - started)
    tasks.process_ingestion_batch.delay(customer_id, counts["accepted"], counts["rejected"])
    return JsonResponse(counts, status=201 if counts["accepted"] else 200)


@csrf_exempt
@require_http_methods(["GET", "PATCH"])
def claim_detail(request, claim_id):
    """GET a claim, PATCH its status; 404 when it does not exist."""
    refused = _api_call(request, "claim_detail")
    if refused:
        return refused
    try:
        claim = Claim.objects.get(pk=claim_id, customer_id=_customer(request))
    except Claim.DoesNotExist:
        raise Http404("no such claim")
    if request.method == "PATCH":
        try:
            claim.status = str(json.loads(request.body)["status"])[:16]
        except (ValueError, KeyError, TypeError):
            return HttpResponseBadRequest('body must be {"status": ...}')
        claim.save()
    return JsonResponse({"id": claim.id, "claim_number": claim.claim_number, "status": claim.status})


@csrf_exempt
@require_http_methods(["POST"])
def claim_void(request, claim_id):
    """POST: delete a claim; 404 when it does not exist."""
    refused = _api_call(request, "claim_void")
    if refused:
        return refused
    deleted = 0
    for claim in Claim.objects.filter(pk=claim_id, customer_id=_customer(request)):
        claim.delete()
        deleted += 1
    if not deleted:
        raise Http404("no such claim")
    return HttpResponse(status=204)


def _json_body(request):
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


REPORT_TYPES = {"weekly_summary", "payer_drift", "denial_analysis"}


@csrf_exempt
@require_http_methods(["POST"])
def report_request(request):
    """POST {"report_type"}: generate a report in the background (202), 400 for an unknown type."""
    refused = _api_call(request, "reports")
    if refused:
        return refused
    body = _json_body(request)
    if body is None or body.get("report_type") not in REPORT_TYPES:
        return JsonResponse({"detail": f"report_type must be one of {sorted(REPORT_TYPES)}"}, status=400)
    tasks.generate_report.delay(_customer(request), body["report_type"], bool(body.get("simulate_failure")))
    return JsonResponse({"queued": True}, status=202)


@csrf_exempt
@require_http_methods(["POST"])
def alert_evaluate(request):
    """POST {"product", "severity", "channel_type", "webhook_url"?}: evaluate and deliver an alert."""
    refused = _api_call(request, "alerts")
    if refused:
        return refused
    body = _json_body(request)
    if body is None or not body.get("product") or not body.get("channel_type"):
        return JsonResponse({"detail": "product and channel_type are required"}, status=400)
    tasks.deliver_alert.delay(
        _customer(request),
        str(body["product"]),
        str(body.get("severity", "medium")),
        str(body["channel_type"]),
        body.get("webhook_url"),
    )
    return JsonResponse({"queued": True}, status=202)


@csrf_exempt
@require_http_methods(["POST"])
def drift_run(request):
    """POST {"product"}: compute payer drift in the background."""
    refused = _api_call(request, "drift")
    if refused:
        return refused
    body = _json_body(request) or {}
    tasks.compute_drift.delay(_customer(request), str(body.get("product", "DriftWatch")))
    return JsonResponse({"queued": True}, status=202)


@csrf_exempt
@require_http_methods(["POST"])
def data_quality_run(request):
    """POST: run the data-quality checks in the background."""
    refused = _api_call(request, "data_quality")
    if refused:
        return refused
    tasks.run_data_quality_checks.delay(_customer(request))
    return JsonResponse({"queued": True}, status=202)


@require_http_methods(["GET"])
def payer_summary(request, payer):
    """GET: a payer's delay and denial signals for the customer."""
    refused = _api_call(request, "payer_summary")
    if refused:
        return refused
    customer_id = _customer(request)

    def compute():
        claims = Claim.objects.filter(customer_id=customer_id, payer=payer)
        total = claims.count()
        return {"payer": payer, "claims": total}

    summary = _cached("payer_summary", f"{customer_id}:{payer}", compute)
    if summary["claims"] % 3 == 0:
        metrics.PAYMENT_DELAY_SIGNAL.labels("high" if summary["claims"] > 6 else "low", customer_id).inc()
    if summary["claims"] % 2 == 0:
        metrics.DENIAL_SIGNAL.labels(
            "denial_rate_spike" if payer.startswith("a") else "new_denial_code", customer_id
        ).inc()
    return JsonResponse(summary)


@require_http_methods(["GET"])
def claim_export(request):
    """GET: the customer's claims as a streamed CSV."""
    refused = _api_call(request, "claims_export")
    if refused:
        return refused
    rows = list(
        Claim.objects.filter(customer_id=_customer(request)).values_list("claim_number", "payer", "amount_cents")[:50]
    )

    def lines():
        yield "claim_number,payer,amount_cents\n"
        for row in rows:
            yield ",".join(str(v) for v in row) + "\n"

    return StreamingHttpResponse(lines(), content_type="text/csv")


def dashboard_page(request):
    """An HTML page rendered from a template (a TemplateResponse: counted by template name)."""
    customer_id = _customer(request) or "anonymous"
    count = Claim.objects.filter(customer_id=customer_id).count()
    return TemplateResponse(request, "upstream/dashboard.html", {"customer_id": customer_id, "count": count})


def reporting_replica(request):
    """Reads from the reporting replica, which is unreachable: 503."""
    try:
        with connections["reporting"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # the replica being down is the expected path here
        connections["reporting"].close()
        return JsonResponse({"detail": f"reporting replica unavailable: {type(exc).__name__}"}, status=503)
    return JsonResponse({"ok": True})


def broken_sql(request):
    """A query against a table that does not exist: the OperationalError propagates (500)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT amount_cents FROM upstream_claim_archive WHERE id = %s", [1])
        return JsonResponse({"rows": cursor.fetchall()})


def crash(request):
    """A bug: raises ValueError (500)."""
    raise ValueError("unexpected payer code")


def upstream_timeout(request):
    """A clearinghouse call that timed out: 504 without an exception."""
    return JsonResponse({"detail": "clearinghouse timed out"}, status=504)
