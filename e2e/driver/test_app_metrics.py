"""The test app's platform metrics match ../shared/reference/metrics.md exactly:
names, types, label names (in order) and histogram buckets."""

import importlib.util
import math
import os
import re
import unittest

E2E_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_ROOT = os.path.dirname(E2E_DIR)
METRICS_MD = os.path.join(REPO_ROOT, "..", "shared", "reference", "metrics.md")
APP_METRICS = os.path.join(E2E_DIR, "app", "upstream", "metrics.py")


def reference_rows():
    """(name, type, buckets or None, labels) of every upstream_* row of metrics.md."""
    if not os.path.exists(METRICS_MD):
        raise AssertionError(
            f"missing {os.path.normpath(METRICS_MD)}: the shared reference data must sit beside the repository"
        )
    rows = []
    with open(METRICS_MD, encoding="utf-8") as f:
        for line in f:
            m = re.match(
                r"^\|\s*(upstream_\w+)\s*\|\s*(counter|gauge|histogram)\s*(?:\[([^\]]*)\])?\s*\|\s*([^|]*)\|", line
            )
            if m:
                buckets = [float(b) for b in m.group(3).split(",")] if m.group(3) else None
                labels = [x.strip() for x in m.group(4).split(",") if x.strip() and x.strip() != "-"]
                rows.append((m.group(1), m.group(2), buckets, labels))
    return rows


def load_app_metrics():
    spec = importlib.util.spec_from_file_location("e2e_upstream_metrics", APP_METRICS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class AppMetricsMatchReference(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from prometheus_client import Counter, Gauge, Histogram

        cls.kinds = {Counter: "counter", Gauge: "gauge", Histogram: "histogram"}
        cls.module = load_app_metrics()
        cls.defined = {}
        for value in vars(cls.module).values():
            for cls_, kind in cls.kinds.items():
                if isinstance(value, cls_):
                    name = value._name + ("_total" if kind == "counter" else "")
                    cls.defined[name] = (kind, value)

    def test_reference_is_not_empty(self):
        self.assertGreaterEqual(len(reference_rows()), 20)

    def test_every_reference_metric_is_defined_identically(self):
        for name, kind, buckets, labels in reference_rows():
            with self.subTest(metric=name):
                self.assertIn(name, self.defined, f"{name} is not defined in e2e/app/upstream/metrics.py")
                got_kind, metric = self.defined[name]
                self.assertEqual(got_kind, kind)
                self.assertEqual(list(metric._labelnames), labels)
                if kind == "histogram":
                    bounds = [float(b) for b in metric._upper_bounds if not math.isinf(float(b))]
                    self.assertEqual(bounds, buckets)

    def test_no_metric_beyond_the_reference(self):
        names = {row[0] for row in reference_rows()}
        self.assertEqual(sorted(set(self.defined) - names), [])


if __name__ == "__main__":
    unittest.main()
