"""Tests of the Grafana substitution rules the end-to-end check relies on."""

import unittest

from grafana import (
    DashboardError,
    Variable,
    apply_variable_regex,
    compute_timing,
    format_interval,
    go_duration,
    interpolate_builtins,
    interpolate_variables,
    iter_panels,
    panel_targets,
    parse_duration_ms,
    resolve_variables,
    round_interval_ms,
    sort_values,
)


class IntervalTests(unittest.TestCase):
    def test_rate_interval_is_four_scrapes_for_short_ranges(self):
        # 1h over 1500 points = 2.4s, below the 15s scrape interval: interval 15s, rate 60s.
        t = compute_timing(3600_000, 15_000, 1500)
        self.assertEqual(t.interval_ms, 15_000)
        self.assertEqual(t.rate_interval_ms, 60_000)
        self.assertEqual(interpolate_builtins("rate(x[$__rate_interval])", t), "rate(x[1m0s])")

    def test_rate_interval_is_interval_plus_scrape_for_long_ranges(self):
        # 7d over 1000 points = 604.8s -> rounded to 10m; rate = 10m + 15s.
        t = compute_timing(7 * 86400_000, 15_000, 1000)
        self.assertEqual(t.interval_ms, 600_000)
        self.assertEqual(t.rate_interval_ms, 615_000)
        self.assertEqual(go_duration(t.rate_interval_ms), "10m15s")

    def test_min_interval_of_target_replaces_scrape_interval(self):
        t = compute_timing(60_000, 2_000, 1000, min_interval="1m")
        self.assertEqual(t.interval_ms, 60_000)
        self.assertEqual(t.rate_interval_ms, 240_000)

    def test_rate_interval_as_target_interval(self):
        t = compute_timing(60_000, 2_000, 1000, rate_interval_target=True)
        self.assertEqual(t.interval_ms, 8_000)

    def test_round_and_format(self):
        self.assertEqual(round_interval_ms(2400), 2000)
        self.assertEqual(round_interval_ms(16_000), 15_000)
        self.assertEqual(round_interval_ms(100_000), 120_000)
        self.assertEqual(format_interval(120_000), "2m")
        self.assertEqual(format_interval(90_000), "1m")
        self.assertEqual(format_interval(500), "500ms")
        self.assertEqual(go_duration(8_000), "8s")
        self.assertEqual(go_duration(3600_000), "1h0m0s")

    def test_builtins_all_forms(self):
        t = compute_timing(90_000, 2_000, 1000)
        out = interpolate_builtins(
            "$__interval ${__interval} $__interval_ms ${__interval_ms} $__range $__range_s $__range_ms ${__range} $__rate_interval ${__rate_interval}",
            t,
        )
        self.assertEqual(out, "2s 2s 2000 2000 90s 90 90000 90s 8s 8s")

    def test_parse_duration_rejects_garbage(self):
        self.assertEqual(parse_duration_ms("15s"), 15_000)
        self.assertEqual(parse_duration_ms("10"), 10_000)
        with self.assertRaises(DashboardError):
            parse_duration_ms("fast")


class VariableTests(unittest.TestCase):
    def setUp(self):
        self.vars = {
            "job": Variable(
                "job", [], multi=True, include_all=True, is_all=True, all_options=["celery", "upstream-web"]
            ),
            "one": Variable("one", ["a.b"], multi=False, include_all=False),
            "multi": Variable("multi", ["x", "y.z"], multi=True),
            "star": Variable("star", [], include_all=True, all_value=".*", is_all=True, all_options=["p", "q"]),
        }

    def test_all_without_allvalue_is_a_regex_of_all_values(self):
        self.assertEqual(interpolate_variables('up{job=~"$job"}', self.vars), 'up{job=~"(celery|upstream-web)"}')

    def test_all_with_allvalue_is_raw(self):
        self.assertEqual(interpolate_variables('{c=~"${star}"}', self.vars), '{c=~".*"}')
        self.assertEqual(interpolate_variables('{c=~"${star:regex}"}', self.vars), '{c=~".*"}')

    def test_single_value_not_regex_escaped(self):
        self.assertEqual(interpolate_variables('{v="$one"}', self.vars), '{v="a.b"}')

    def test_formats(self):
        self.assertEqual(interpolate_variables("${multi:regex}", self.vars), "(x|y\\.z)")
        self.assertEqual(interpolate_variables("${multi:pipe}", self.vars), "x|y.z")
        self.assertEqual(interpolate_variables("${multi:csv}", self.vars), "x,y.z")
        self.assertEqual(interpolate_variables("${multi:raw}", self.vars), "x,y.z")
        self.assertEqual(interpolate_variables("[[multi]]", self.vars), "(x|y\\\\.z)")
        with self.assertRaises(DashboardError):
            interpolate_variables("${multi:nope}", self.vars)

    def test_builtins_untouched_by_template_pass(self):
        self.assertEqual(interpolate_variables("rate(x[$__rate_interval])", self.vars), "rate(x[$__rate_interval])")

    def test_resolution_order_and_defaults(self):
        seen = []

        def options(name, query, regex, sort):
            seen.append(query)
            return {"job": ["upstream-web", "celery"], "view": ["claim-list", "crash"]}[name]

        resolved = resolve_variables(
            [
                {"type": "datasource", "name": "datasource", "query": "prometheus"},
                {"type": "query", "name": "job", "query": {"query": "label_values(up, job)"}, "current": {}},
                {
                    "type": "query",
                    "name": "view",
                    "query": 'label_values(x{job="$job"}, view)',
                    "includeAll": True,
                    "current": {},
                },
                {"type": "custom", "name": "q", "query": "p99 : 0.99, p50 : 0.5", "current": {"value": "0.5"}},
                {"type": "interval", "name": "iv", "query": "1m,5m"},
                {"type": "constant", "name": "c", "query": "k"},
                {"type": "textbox", "name": "t", "query": "hello"},
            ],
            options,
        )
        self.assertNotIn("datasource", resolved)
        self.assertEqual(resolved["job"].values, ["upstream-web"])
        self.assertEqual(seen[1], 'label_values(x{job="upstream-web"}, view)')
        self.assertTrue(resolved["view"].is_all)
        self.assertEqual(resolved["q"].values, ["0.5"])
        self.assertEqual(resolved["iv"].values, ["1m"])
        self.assertEqual(resolved["c"].values, ["k"])
        self.assertEqual(resolved["t"].values, ["hello"])

    def test_force_first_and_empty_query_variable(self):
        spec = [
            {
                "type": "query",
                "name": "c",
                "query": "label_values(m, c)",
                "includeAll": True,
                "allValue": ".*",
                "current": {"value": ["$__all"]},
            }
        ]
        resolved = resolve_variables(spec, lambda *a: ["b", "a"], force_first=True)
        self.assertEqual(resolved["c"].values, ["b"])
        self.assertEqual(interpolate_variables('{c=~"$c"}', resolved), '{c=~"b"}')
        self.assertTrue(resolve_variables(spec, lambda *a: ["b"])["c"].is_all)
        with self.assertRaises(DashboardError) as ctx:
            resolve_variables(spec, lambda *a: [])
        self.assertIn("returned no values", str(ctx.exception))

    def test_unknown_variable_type_is_an_error(self):
        with self.assertRaises(DashboardError):
            resolve_variables([{"type": "adhoc", "name": "f"}], lambda *a: [])

    def test_regex_and_sort(self):
        self.assertEqual(apply_variable_regex(["a-1", "b-2", "c"], "/.*-(\\d)/"), ["1", "2"])
        self.assertEqual(sort_values(["b", "a", "C"], 1), ["C", "a", "b"])
        self.assertEqual(sort_values(["x10", "x9"], 3), ["x9", "x10"])


class PanelTests(unittest.TestCase):
    def test_collapsed_rows_are_walked(self):
        panels = [
            {"type": "row", "collapsed": False, "panels": []},
            {"type": "timeseries", "id": 1, "title": "A", "targets": [{"refId": "A", "expr": "up"}]},
            {
                "type": "row",
                "collapsed": True,
                "panels": [
                    {
                        "type": "stat",
                        "id": 2,
                        "title": "B",
                        "targets": [{"refId": "A", "expr": "up", "hide": True, "instant": True}],
                    }
                ],
            },
            {"type": "text", "id": 3, "title": "notes"},
        ]
        found = list(iter_panels(panels))
        self.assertEqual([p["id"] for p in found], [1, 2, 3])
        targets = panel_targets(found[1])
        self.assertTrue(targets[0].hidden)
        self.assertTrue(targets[0].instant)
        self.assertFalse(targets[0].range)
        self.assertEqual(panel_targets(found[2]), [])


if __name__ == "__main__":
    unittest.main()
