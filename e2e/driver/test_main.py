"""Tests of the verdict and of the Prometheus configuration derived from the project's."""

import os
import tempfile
import unittest

import yaml
from main import check_datasource_interval, local_prometheus_config, summarize
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


class DatasourceIntervalTests(unittest.TestCase):
    def _tree(self, tmp, ds_yaml, prom_yaml):
        os.makedirs(os.path.join(tmp, "tree", "dashboards"))
        os.makedirs(os.path.join(tmp, "tree", "provisioning", "datasources"))
        with open(os.path.join(tmp, "tree", "provisioning", "datasources", "p.yml"), "w") as f:
            f.write(ds_yaml)
        with open(os.path.join(tmp, "prometheus.yml"), "w") as f:
            f.write(prom_yaml)
        return os.path.join(tmp, "tree", "dashboards"), os.path.join(tmp, "prometheus.yml")

    def test_default_15s_matches_15s(self):
        with tempfile.TemporaryDirectory() as tmp:
            dashboards, prom = self._tree(
                tmp, "datasources:\n  - name: P\n    type: prometheus\n", "global:\n  scrape_interval: 15s\n"
            )
            self.assertEqual(check_datasource_interval(dashboards, prom), [])

    def test_mismatch_is_reported(self):
        with tempfile.TemporaryDirectory() as tmp:
            dashboards, prom = self._tree(
                tmp,
                "datasources:\n  - name: P\n    type: prometheus\n    jsonData:\n      timeInterval: 15s\n",
                "global:\n  scrape_interval: 30s\n",
            )
            problems = check_datasource_interval(dashboards, prom)
            self.assertEqual(len(problems), 1)
            self.assertIn("scrapes every 30s", problems[0])


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
