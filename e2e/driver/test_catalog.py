"""Tests of the catalog-versus-scrape comparison."""

import unittest

from catalog import compare, diff_capture, merge_families, parse_exposition

CATALOG = """# HELP jobs_total Jobs.
# TYPE jobs_total counter
# LABELS jobs_total job_type customer_id
# TYPE work_seconds histogram
# LABELS work_seconds job_type
# BUCKETS work_seconds 1.0 5.0 +Inf
# TYPE idle gauge
"""


def scrape(text):
    return parse_exposition(text, declared=False)


class CatalogTests(unittest.TestCase):
    def test_matching_scrape_has_no_problem(self):
        real = scrape(
            '# TYPE jobs_total counter\njobs_total{job_type="a",customer_id="c"} 1.0\n'
            '# TYPE work_seconds histogram\nwork_seconds_bucket{job_type="a",le="1.0"} 1.0\n'
            'work_seconds_bucket{job_type="a",le="5.0"} 1.0\nwork_seconds_bucket{job_type="a",le="+Inf"} 1.0\n'
            'work_seconds_count{job_type="a"} 1.0\n# TYPE idle gauge\nidle 0.0\n'
        )
        problems, notes = compare({"c.prom:" + k: v for k, v in parse_exposition(CATALOG).items()}, {"web": real})
        self.assertEqual((problems, notes), ([], []))

    def test_wrong_labels_type_buckets_and_missing_family(self):
        real = scrape(
            '# TYPE jobs_total gauge\njobs_total{job_type="a"} 1.0\n'
            '# TYPE work_seconds histogram\nwork_seconds_bucket{job_type="a",le="2.0"} 1.0\n'
            'work_seconds_bucket{job_type="a",le="+Inf"} 1.0\n'
        )
        problems, _ = compare({"c.prom:" + k: v for k, v in parse_exposition(CATALOG).items()}, {"web": real})
        text = "\n".join(problems)
        self.assertIn("jobs_total is a counter in the catalog but a gauge", text)
        self.assertIn("jobs_total labels ['customer_id', 'job_type']", text)
        self.assertIn("work_seconds buckets", text)
        self.assertIn("idle (gauge) is exported by no process", text)

    def test_family_without_samples_is_a_note(self):
        real = scrape("# TYPE jobs_total counter\n# TYPE work_seconds histogram\n# TYPE idle gauge\nidle 1\n")
        problems, notes = compare({"c.prom:" + k: v for k, v in parse_exposition(CATALOG).items()}, {"celery": real})
        self.assertEqual(problems, [])
        self.assertEqual(len(notes), 2)


class CaptureDiffTests(unittest.TestCase):
    SNAPSHOT = (
        "# TYPE jobs_total counter\njobs_total{customer_id=\"\",job_type=\"\"} 0\n"
        "# TYPE work_seconds histogram\n# LABELS work_seconds\n# TYPE idle gauge\nidle 0\n"
    )

    def test_same_families_types_and_labels_is_no_difference(self):
        committed = merge_families(parse_exposition(CATALOG))
        diff, notes = diff_capture(committed, parse_exposition(self.SNAPSHOT))
        self.assertEqual(diff, [])
        # work_seconds has no sample in the capture: its labels are not compared.
        self.assertEqual(len(notes), 1)
        self.assertIn("work_seconds: no sample in the capture", notes[0])

    def test_a_family_type_or_label_on_one_side_only_is_a_difference(self):
        committed = merge_families(parse_exposition(CATALOG), parse_exposition("# TYPE gone_total counter\n"))
        live = parse_exposition(
            "# TYPE jobs_total gauge\njobs_total{job_type=\"\",queue=\"\"} 0\n"
            "# TYPE work_seconds histogram\n# TYPE idle gauge\nidle 0\n# TYPE new gauge\nnew 0\n"
        )
        diff, _ = diff_capture(committed, live)
        self.assertEqual(
            diff,
            [
                "- gone_total (counter): in the committed catalogs, not exported by the live app",
                "~ jobs_total: a counter in the committed catalogs, a gauge in the live app",
                "~ jobs_total: label names -customer_id +queue (- committed, + live)",
                "+ new (gauge): exported by the live app, not in the committed catalogs",
            ],
        )
        diff, notes = diff_capture(committed, live, {"gone_total": "only under load"})
        self.assertNotIn("gone_total", "\n".join(diff))
        self.assertIn("gone_total: not exported by the test app (only under load)", notes)


if __name__ == "__main__":
    unittest.main()
