"""Tests of the verdict and of the Prometheus configuration derived from the project's."""

import os
import tempfile
import unittest

import yaml
from main import local_prometheus_config, summarize
from stack import StackError

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class SummarizeTests(unittest.TestCase):
    def test_nan_only_series_is_no_data(self):
        result = [{"metric": {"job": "celery"}, "values": [[1, "NaN"], [2, "NaN"]]}]
        self.assertEqual(summarize(result), (1, 0, "-"))

    def test_counts_series_with_values_and_samples_last_value(self):
        result = [
            {"metric": {"status": "500"}, "values": [[1, "NaN"], [2, "0.25"]]},
            {"metric": {"status": "404"}, "values": [[1, "1"], [2, "3"]]},
            {"metric": {"status": "200"}, "values": [[1, "NaN"]]},
        ]
        count, with_data, sample = summarize(result)
        self.assertEqual((count, with_data), (3, 2))
        self.assertEqual(sample, "3 {status=404}")

    def test_instant_vector(self):
        self.assertEqual(summarize([{"metric": {}, "value": [5, "+Inf"]}]), (1, 1, "+Inf"))
        self.assertEqual(summarize([]), (0, 0, "-"))


class PrometheusConfigTests(unittest.TestCase):
    def test_project_config_maps_to_loopback(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "p.yml")
            jobs = local_prometheus_config(
                os.path.join(REPO_ROOT, "prometheus.yml"),
                out,
                "2s",
                {"web": "127.0.0.1:1001", "worker": "127.0.0.1:1002"},
            )
            self.assertEqual(jobs, {"upstream-web": "web", "celery": "worker"})
            with open(out) as f:
                config = yaml.safe_load(f)
        self.assertEqual(config["global"]["scrape_interval"], "2s")
        targets = {
            j["job_name"]: (j.get("metrics_path", "/metrics"), j["static_configs"][0]["targets"])
            for j in config["scrape_configs"]
        }
        self.assertEqual(
            targets, {"upstream-web": ("/metrics", ["127.0.0.1:1001"]), "celery": ("/metrics", ["127.0.0.1:1002"])}
        )

    def test_unknown_target_is_an_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "src.yml")
            with open(src, "w") as f:
                f.write("scrape_configs:\n  - job_name: db\n    static_configs:\n      - targets: ['db:9187']\n")
            with self.assertRaises(StackError) as ctx:
                local_prometheus_config(src, os.path.join(tmp, "out.yml"), "2s", {"web": "a", "worker": "b"})
            self.assertIn("db:9187", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
