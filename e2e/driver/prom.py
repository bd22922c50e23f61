"""A small client for Prometheus's HTTP API (the calls Grafana's data source makes)."""

import json
import urllib.error
import urllib.parse
import urllib.request


class PromError(Exception):
    """An error answer from Prometheus (bad query, bad parameters, unreachable)."""


class Prometheus:
    """Prometheus at `base_url` (e.g. http://127.0.0.1:PORT)."""

    def __init__(self, base_url, timeout=20):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _call(self, path, params):
        data = urllib.parse.urlencode(params, doseq=True).encode()
        request = urllib.request.Request(
            self.base_url + path,
            data=data,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:
                body = resp.read()
        except urllib.error.HTTPError as exc:
            body = exc.read()
            try:
                answer = json.loads(body)
                raise PromError(f"{answer.get('errorType', 'error')}: {answer.get('error', body[:300])}") from None
            except ValueError:
                raise PromError(f"HTTP {exc.code}: {body[:300]!r}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise PromError(f"Prometheus unreachable at {self.base_url}: {exc}") from None
        try:
            answer = json.loads(body)
        except ValueError:
            raise PromError(f"not JSON from {path}: {body[:300]!r}") from None
        if answer.get("status") != "success":
            raise PromError(f"{answer.get('errorType', 'error')}: {answer.get('error', answer)}")
        return answer.get("data")

    def query_range(self, expr, start, end, step):
        """/api/v1/query_range: the result list of a matrix."""
        data = self._call(
            "/api/v1/query_range", {"query": expr, "start": f"{start:.3f}", "end": f"{end:.3f}", "step": f"{step:g}"}
        )
        return data.get("result") or []

    def query(self, expr, at):
        """/api/v1/query: the result list (vector/matrix) or a scalar wrapped as one series."""
        data = self._call("/api/v1/query", {"query": expr, "time": f"{at:.3f}"})
        if data.get("resultType") in ("scalar", "string"):
            return [{"metric": {}, "value": data.get("result")}]
        return data.get("result") or []

    def label_values(self, label, start, end, match=None):
        """/api/v1/label/<label>/values, optionally restricted by a series selector."""
        params = {"start": f"{start:.3f}", "end": f"{end:.3f}"}
        if match:
            params["match[]"] = [match]
        path = "/api/v1/label/" + urllib.parse.quote(label, safe="") + "/values"
        # GET only for this endpoint in older Prometheus versions.
        url = self.base_url + path + "?" + urllib.parse.urlencode(params, doseq=True)
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as resp:
                answer = json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            raise PromError(f"label values of {label!r}: HTTP {exc.code}: {exc.read()[:300]!r}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise PromError(f"label values of {label!r}: {exc}") from None
        if answer.get("status") != "success":
            raise PromError(f"label values of {label!r}: {answer.get('error')}")
        return [str(v) for v in answer.get("data") or []]

    def label_names(self, start, end):
        """/api/v1/labels."""
        return [str(v) for v in self._call("/api/v1/labels", {"start": f"{start:.3f}", "end": f"{end:.3f}"}) or []]

    def series(self, match, start, end):
        """/api/v1/series for one selector."""
        return self._call("/api/v1/series", {"match[]": [match], "start": f"{start:.3f}", "end": f"{end:.3f}"}) or []
