"""Bounded traffic against the test site on 127.0.0.1: every response class,
database successes and failures, and work for every Celery task, including
the failing paths. Bounded by a request count and a deadline.
"""

import json
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

CUSTOMERS = ["cust-001", "cust-002", "cust-003"]
NEW_CUSTOMER = "cust-004-new"  # has no data: its reports fail
PAYERS = ["aetna", "bluecross", "cigna", "united"]
PRODUCTS = ["DenialScope", "DriftWatch", "DelayGuard"]
REPORT_TYPES = ["weekly_summary", "payer_drift", "denial_analysis"]


class Traffic:
    """Sends rounds of requests to `base_url` (must be a 127.0.0.1 URL)."""

    def __init__(self, base_url, closed_port, max_requests, deadline_seconds, workers=4):
        if not base_url.startswith("http://127.0.0.1:"):
            raise ValueError(f"traffic goes to 127.0.0.1 only, not {base_url}")
        self.base_url = base_url.rstrip("/")
        self.webhook_url = f"http://127.0.0.1:{closed_port}/hooks/alerts"
        self.max_requests = max_requests
        self.deadline_seconds = deadline_seconds
        self.workers = workers
        self.sent = 0
        self.by_status = {}
        self.transport_errors = 0
        self._lock = threading.Lock()
        self._claim_ids = {c: [] for c in CUSTOMERS}

    def _request(self, method, path, customer=None, body=None, headers=None):
        with self._lock:
            if self.sent >= self.max_requests:
                return None, None
            self.sent += 1
        all_headers = dict(headers or {})
        if customer:
            all_headers["X-Customer-Id"] = customer
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base_url + path, data=data, headers=all_headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as resp:
                status, payload = resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            status, payload = exc.code, exc.read()
        except (urllib.error.URLError, OSError):
            with self._lock:
                self.transport_errors += 1
            return None, None
        with self._lock:
            self.by_status[status] = self.by_status.get(status, 0) + 1
        return status, payload

    def _round(self, n):
        """One round of mixed requests; `n` makes the mix vary deterministically."""
        customer = CUSTOMERS[n % len(CUSTOMERS)]
        calls = []
        # Ingestion: new claims, a duplicate of an earlier one, a rejected record.
        batch = [
            {"claim_number": f"C{n:05d}-{i}", "payer": PAYERS[(n + i) % len(PAYERS)], "amount_cents": 1000 + 17 * n + i}
            for i in range(3)
        ]
        if n >= len(CUSTOMERS):
            # Re-sent from this customer's previous round: a duplicate.
            batch.append({"claim_number": f"C{n - len(CUSTOMERS):05d}-0", "payer": "aetna", "amount_cents": 1})
        batch.append({"claim_number": f"C{n:05d}-bad", "payer": "cigna"})
        if n % 7 == 3:
            batch = [{"payer": "united"}, {"claim_number": "", "amount_cents": 5}]
        calls.append(("POST", "/api/claims/ingest/", customer, {"claims": batch}, None))
        calls.append(("POST", "/api/claims/ingest/", customer, None, None))  # 400: not JSON
        calls.append(("GET", "/api/claims/", customer, None, None))
        calls.append(("GET", "/api/claims/", customer, None, {"X-Requested-With": "XMLHttpRequest"}))
        calls.append(("GET", "/api/claims/", None, None, None))  # 401
        calls.append(("GET", "/api/claims/", "blocked", None, None))  # 403
        calls.append(("PUT", "/api/claims/", customer, {}, None))  # 405
        calls.append(("GET", f"/api/claims/{900000 + n}/", customer, None, None))  # 404
        ids = self._claim_ids.get(customer) or []
        if ids:
            calls.append(("GET", f"/api/claims/{ids[-1]}/", customer, None, None))
            calls.append(
                ("PATCH", f"/api/claims/{ids[-1]}/", customer, {"status": "paid" if n % 2 else "denied"}, None)
            )
            if len(ids) > 3 and n % 2 == 0:
                calls.append(("POST", f"/api/claims/{ids.pop(0)}/void/", customer, {}, None))
        for payer in PAYERS[: 2 + n % 3]:
            calls.append(("GET", f"/api/payers/{payer}/summary/", customer, None, None))
        # Reports: good ones, an unknown type (400), a renderer failure, a customer without data.
        calls.append(("POST", "/api/reports/", customer, {"report_type": REPORT_TYPES[n % 3]}, None))
        calls.append(("POST", "/api/reports/", customer, {"report_type": "bogus"}, None))
        if n % 4 == 1:
            calls.append(
                ("POST", "/api/reports/", customer, {"report_type": "payer_drift", "simulate_failure": True}, None)
            )
        if n % 3 == 2:
            calls.append(("POST", "/api/reports/", NEW_CUSTOMER, {"report_type": "weekly_summary"}, None))
        # Alerts: delivered (email/slack), failed (webhook to a closed port), suppressed.
        product = PRODUCTS[n % len(PRODUCTS)]
        severity = ["high", "medium", "critical", "info"][n % 4]
        calls.append(
            (
                "POST",
                "/api/alerts/evaluate/",
                customer,
                {"product": product, "severity": severity, "channel_type": ["email", "slack"][n % 2]},
                None,
            )
        )
        calls.append(
            (
                "POST",
                "/api/alerts/evaluate/",
                customer,
                {"product": product, "severity": severity, "channel_type": "email"},
                None,
            )
        )
        if n % 2 == 0:
            calls.append(
                (
                    "POST",
                    "/api/alerts/evaluate/",
                    CUSTOMERS[(n + 1) % 3],
                    {
                        "product": product,
                        "severity": "high",
                        "channel_type": "webhook",
                        "webhook_url": self.webhook_url,
                    },
                    None,
                )
            )
        calls.append(("POST", "/api/alerts/evaluate/", customer, {"severity": "high"}, None))  # 400
        calls.append(("POST", "/api/drift/", customer, {"product": product}, None))
        calls.append(("POST", "/api/data-quality/", customer, {}, None))
        # Other response kinds and the failure paths.
        calls.append(("GET", "/api/export/", customer, None, None))  # streaming
        calls.append(("GET", "/dashboard/", customer, None, None))  # template
        calls.append(("GET", "/api/reporting/", customer, None, None))  # 503, connection error
        calls.append(("GET", "/api/broken-sql/", customer, None, None))  # 500, DB error
        calls.append(("GET", "/api/crash/", customer, None, None))  # 500, exception
        calls.append(("GET", "/api/upstream-timeout/", customer, None, None))  # 504
        calls.append(("GET", f"/no/such/page/{n}", None, None, None))  # 404, unnamed view
        return calls

    def _burst(self, n, pool):
        """Enough requests in one second for one customer to trip the throttle (429)."""
        customer = CUSTOMERS[(n // 3) % len(CUSTOMERS)]
        futures = [pool.submit(self._request, "GET", "/api/claims/", customer) for _ in range(12)]
        for f in futures:
            f.result()

    def run(self, on_round=None):
        """Send rounds (about one per second) until the count or the deadline is reached."""
        start = time.monotonic()
        n = 0
        pool = ThreadPoolExecutor(max_workers=self.workers)
        try:
            while time.monotonic() - start < self.deadline_seconds and self.sent < self.max_requests:
                round_start = time.monotonic()
                futures = [pool.submit(self._request, *call) for call in self._round(n)]
                for f in futures:
                    f.result()
                self._remember_claims(CUSTOMERS[n % len(CUSTOMERS)])
                if n % 3 == 0:
                    self._burst(n, pool)
                if on_round:
                    on_round(n)
                n += 1
                spent = time.monotonic() - round_start
                if spent < 1.0:
                    time.sleep(1.0 - spent)
        finally:
            # On an interrupt, drop queued requests instead of sending them.
            pool.shutdown(wait=True, cancel_futures=True)
        return n

    def _remember_claims(self, customer):
        status, payload = self._request("GET", "/api/claims/", customer)
        if status == 200 and payload:
            try:
                results = json.loads(payload).get("results") or []
            except ValueError:
                return
            known = self._claim_ids.setdefault(customer, [])
            for row in reversed(results):
                if isinstance(row, dict) and row.get("id") not in known:
                    known.append(row["id"])
