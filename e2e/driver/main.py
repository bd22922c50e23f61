"""End-to-end check: every panel of the generated dashboards returns data from
a real Prometheus scraping the real instrumented stack.

Starts Redis, the Celery worker, the Django app and Prometheus on 127.0.0.1,
drives bounded traffic, then evaluates every target of every dashboard JSON
under --dashboards the way Grafana would, and prints a table. Exit status 0
only when every target evaluates without an error and every panel has at
least one series with a value. Every started process is stopped at the end,
also on failure or interrupt.
"""

import argparse
import difflib
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from catalog import compare, diff_capture, load_catalogs, merge_families, parse_exposition  # noqa: E402
from grafana import (  # noqa: E402
    DashboardError,
    apply_variable_regex,
    compute_timing,
    interpolate_builtins,
    interpolate_variables,
    iter_panels,
    panel_targets,
    parse_duration_ms,
    resolve_variables,
    sort_values,
)
from prom import PromError, Prometheus  # noqa: E402
from stack import DEATH_SIGNAL, Stack, StackError, free_port, tail  # noqa: E402
from traffic import Traffic  # noqa: E402

E2E_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP_DIR = os.path.join(E2E_DIR, "app")

# Targets of the project's prometheus.yml (docker-compose service names) and
# the local process that plays each of them here.
TARGET_ROLES = {"web:8000": "web", "celery_worker:9808": "worker"}


class Interrupted(Exception):
    """SIGTERM/SIGHUP received."""


def _on_signal(signum, _frame):
    raise Interrupted(f"received signal {signum}")


def log(msg):
    """Progress line on stderr (the table goes to stdout)."""
    print(f"[e2e {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def load_dashboards(directory):
    """Every *.json under `directory` (recursive, sorted), parsed."""
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".json"):
                path = os.path.join(root, name)
                try:
                    with open(path, encoding="utf-8") as f:
                        doc = json.load(f)
                except (OSError, ValueError) as exc:
                    raise DashboardError(f"{path}: not a readable JSON file: {exc}") from None
                if not isinstance(doc, dict) or "panels" not in doc:
                    raise DashboardError(f"{path}: not a bare Grafana dashboard (no top-level `panels`)")
                found.append((os.path.relpath(path, directory), doc))
    return found


def local_prometheus_config(root_config_path, out_path, scrape_interval, addresses):
    """The project's prometheus.yml with loopback targets and the test's scrape interval."""
    try:
        with open(root_config_path, encoding="utf-8") as f:
            config = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as exc:
        raise StackError(f"cannot read {root_config_path}: {exc}") from None
    if not isinstance(config, dict) or not isinstance(config.get("scrape_configs"), list):
        raise StackError(f"{root_config_path}: no scrape_configs list")
    config.setdefault("global", {})
    config["global"]["scrape_interval"] = scrape_interval
    config["global"]["evaluation_interval"] = scrape_interval
    jobs = {}
    for job in config["scrape_configs"]:
        name = job.get("job_name")
        job.pop("scrape_interval", None)
        job.pop("scrape_timeout", None)
        for static in job.get("static_configs") or []:
            mapped = []
            for target in static.get("targets") or []:
                role = TARGET_ROLES.get(target)
                if role is None:
                    raise StackError(
                        f"{root_config_path}: job {name!r} scrapes {target!r}, which the end-to-end test does not run; "
                        f"known targets: {', '.join(sorted(TARGET_ROLES))} (extend TARGET_ROLES in e2e/driver/main.py)"
                    )
                mapped.append(addresses[role])
                jobs[name] = role
            static["targets"] = mapped
    with open(out_path, "w", encoding="utf-8") as f:
        yaml.safe_dump(config, f, sort_keys=False)
    return jobs


def redis_keep_environment(redis_server):
    """`--set-proc-title no` where Redis knows it (7.0 and later).

    Redis otherwise writes its process title over its environment in memory,
    and /proc/PID/environ no longer shows the DASHC_E2E_RUN mark by which the
    harness and its watchdog find what this run started.
    """
    try:
        out = subprocess.run([redis_server, "--version"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    m = re.search(r"\bv=(\d+)\.", out)
    return ["--set-proc-title", "no"] if m and int(m.group(1)) >= 7 else []


def start_stack(stack, args, run_dir):
    """Redis, migrations, Celery worker, Django, Prometheus; returns (Prometheus client, ports)."""
    ports = {role: free_port(stack.ports) for role in ("redis", "web", "worker", "prometheus", "closed")}
    py = sys.executable
    env = {
        "E2E_RUN_DIR": run_dir,
        "E2E_REDIS_URL": f"redis://127.0.0.1:{ports['redis']}/0",
        "E2E_CELERY_METRICS_PORT": str(ports["worker"]),
        "E2E_CELERY_METRICS_ADDR": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "e2esite.settings",
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    redis_dir = os.path.join(run_dir, "redis")
    os.makedirs(redis_dir)
    log(f"redis on 127.0.0.1:{ports['redis']}")
    redis = stack.start(
        "redis",
        [
            args.redis_server,
            "--port",
            str(ports["redis"]),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            redis_dir,
            "--daemonize",
            "no",
        ]
        + redis_keep_environment(args.redis_server),
    )
    stack.wait_tcp(redis, ports["redis"], 20)

    log("django migrate")
    migrate = subprocess.run(
        DEATH_SIGNAL + [py, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=APP_DIR,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=120,
    )
    if migrate.returncode != 0:
        raise StackError(
            f"manage.py migrate failed (status {migrate.returncode}):\n{migrate.stdout.decode('utf-8', 'replace')[-4000:]}"
        )

    log(f"celery worker, metrics on 127.0.0.1:{ports['worker']}")
    worker = stack.start(
        "celery-worker",
        [
            py,
            "-m",
            "celery",
            "-A",
            "e2esite",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            "e2e@127.0.0.1",
        ],
        env=env,
        cwd=APP_DIR,
    )
    log(f"django on 127.0.0.1:{ports['web']}")
    web = stack.start(
        "django",
        [py, "manage.py", "runserver", "--noreload", f"127.0.0.1:{ports['web']}"],
        env={**env, "E2E_EXPORT_MIGRATIONS": "1"},
        cwd=APP_DIR,
    )
    stack.wait_http(web, f"http://127.0.0.1:{ports['web']}/metrics", 60)
    stack.wait_http(worker, f"http://127.0.0.1:{ports['worker']}/metrics", 60)

    addresses = {"web": f"127.0.0.1:{ports['web']}", "worker": f"127.0.0.1:{ports['worker']}"}
    prom_config = os.path.join(run_dir, "prometheus.yml")
    jobs = local_prometheus_config(args.prometheus_yml, prom_config, args.scrape_interval, addresses)
    log(
        f"prometheus on 127.0.0.1:{ports['prometheus']} (jobs: {', '.join(f'{j}->{r}' for j, r in sorted(jobs.items()))}, scrape every {args.scrape_interval})"
    )
    prometheus = stack.start(
        "prometheus",
        [
            args.prometheus,
            f"--config.file={prom_config}",
            f"--storage.tsdb.path={os.path.join(run_dir, 'tsdb')}",
            f"--web.listen-address=127.0.0.1:{ports['prometheus']}",
            "--storage.tsdb.retention.time=1h",
            "--log.level=warn",
        ],
    )
    stack.wait_http(prometheus, f"http://127.0.0.1:{ports['prometheus']}/-/ready", 60)
    prom = Prometheus(f"http://127.0.0.1:{ports['prometheus']}")
    wait_targets_up(stack, prometheus, ports["prometheus"], set(jobs), 45)
    return prom, ports, jobs


def _targets(prom_port):
    with urllib.request.urlopen(f"http://127.0.0.1:{prom_port}/api/v1/targets", timeout=5) as resp:
        return json.loads(resp.read())["data"]["activeTargets"]


def _rfc3339(text):
    """Unix time of Prometheus's `lastScrape` (nanosecond RFC 3339); 0 when unreadable."""
    m = re.match(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$", text or "")
    if not m:
        return 0.0
    base = datetime.fromisoformat(m.group(1) + (m.group(3).replace("Z", "+00:00")))
    return base.timestamp() + (float("0." + m.group(2)) if m.group(2) else 0.0)


def wait_targets_up(stack, prometheus, prom_port, jobs, timeout, after=None):
    """Wait until every job has a healthy target (scraped after `after`, a unix time, if given)."""
    deadline = time.monotonic() + timeout
    last = []
    while time.monotonic() < deadline:
        stack.check_alive()
        try:
            last = _targets(prom_port)
        except (OSError, ValueError, KeyError):
            last = []
        ok = set()
        for t in last:
            if t.get("health") != "up":
                continue
            if after is not None and _rfc3339(t.get("lastScrape", "")) < after:
                continue
            ok.add(t.get("labels", {}).get("job"))
        if jobs <= ok:
            return
        time.sleep(0.5)
    detail = "; ".join(
        f"{t.get('labels', {}).get('job')} {t.get('scrapeUrl')} {t.get('health')} {t.get('lastError')}" for t in last
    )
    raise StackError(
        f"Prometheus targets not all up within {timeout}s: {detail or 'no targets'}\n{prometheus.describe_failure()}"
    )


def query_variable_options(prom, start, end):
    """Grafana's Prometheus variable queries, answered by this Prometheus."""

    def options(name, query, regex, sort):
        q = query.strip()
        try:
            if q.startswith("label_values(") and q.endswith(")"):
                inner = q[len("label_values(") : -1].strip()
                if "," in inner:
                    metric, label = inner.rsplit(",", 1)
                    values = prom.label_values(label.strip(), start, end, match=metric.strip())
                else:
                    values = prom.label_values(inner, start, end)
            elif q.startswith("label_names(") and q.endswith(")"):
                values = prom.label_names(start, end)
            elif q.startswith("metrics(") and q.endswith(")"):
                pattern = q[len("metrics(") : -1].strip()
                values = [v for v in prom.label_values("__name__", start, end) if re.search(pattern, v)]
            elif q.startswith("query_result(") and q.endswith(")"):
                result = prom.query(q[len("query_result(") : -1], end)
                values = []
                for s in result:
                    labels = ",".join(f'{k}="{v}"' for k, v in sorted(s.get("metric", {}).items()) if k != "__name__")
                    value = s.get("value") or [end, ""]
                    values.append(
                        f"{s.get('metric', {}).get('__name__', '')}{{{labels}}} {value[1]} {int(float(value[0]) * 1000)}"
                    )
            else:
                raise DashboardError(
                    f"variable ${name}: query {query!r} is not a Prometheus variable query (label_values, label_names, metrics, query_result)"
                )
        except PromError as exc:
            raise DashboardError(f"variable ${name}: query {query!r} failed: {exc}") from None
        return sort_values(
            apply_variable_regex(sorted(set(values)) if not q.startswith("query_result(") else values, regex), sort
        )

    return options


def check_datasource_interval(dashboards_dir, prometheus_yml):
    """Grafana's data source scrape interval must be Prometheus's: `$__rate_interval` is built on it.

    Reads the provisioned data sources beside the dashboards (`../provisioning/datasources/*.y*ml`
    of the generated tree); returns problems (none when there is no provisioning there).
    """
    ds_dir = os.path.join(os.path.dirname(os.path.abspath(dashboards_dir.rstrip("/"))), "provisioning", "datasources")
    if not os.path.isdir(ds_dir):
        return []
    try:
        with open(prometheus_yml, encoding="utf-8") as f:
            prom_config = yaml.safe_load(f) or {}
    except (OSError, yaml.YAMLError) as exc:
        return [f"cannot read {prometheus_yml}: {exc}"]
    # Prometheus's default global scrape_interval is 1m.
    prom_interval = str((prom_config.get("global") or {}).get("scrape_interval") or "1m")
    problems = []
    for name in sorted(os.listdir(ds_dir)):
        if not name.endswith((".yml", ".yaml")):
            continue
        path = os.path.join(ds_dir, name)
        try:
            with open(path, encoding="utf-8") as f:
                doc = yaml.safe_load(f) or {}
        except (OSError, yaml.YAMLError) as exc:
            problems.append(f"cannot read {path}: {exc}")
            continue
        for ds in doc.get("datasources") or []:
            if not isinstance(ds, dict) or ds.get("type") != "prometheus":
                continue
            # Grafana's default for a Prometheus data source without timeInterval is 15s.
            ds_interval = str((ds.get("jsonData") or {}).get("timeInterval") or "15s")
            try:
                same = parse_duration_ms(ds_interval) == parse_duration_ms(prom_interval)
            except DashboardError as exc:
                problems.append(f"{path}: data source {ds.get('name')!r}: {exc}")
                continue
            if not same:
                problems.append(
                    f"{path}: data source {ds.get('name')!r} has scrape interval {ds_interval} "
                    f"(jsonData.timeInterval) but {prometheus_yml} scrapes every {prom_interval}: "
                    "$__rate_interval would not cover four scrapes; make them equal"
                )
    return problems


def check_catalogs(directory, ports, jobs):
    """Compare the catalogs with the processes' /metrics; returns the problems."""
    if not directory:
        return []
    if not os.path.isdir(directory):
        return [f"no catalog directory {directory}"]
    catalog = load_catalogs(directory)
    role_port = {"web": ports["web"], "worker": ports["worker"]}
    scrapes = {}
    for job, role in sorted(jobs.items()):
        url = f"http://127.0.0.1:{role_port[role]}/metrics"
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:
                scrapes[job] = parse_exposition(resp.read().decode("utf-8", "replace"), declared=False)
        except OSError as exc:
            return [f"cannot read {url}: {exc}"]
    problems, notes = compare(catalog, scrapes)
    log(
        f"catalogs: {len(catalog)} families in {directory} compared with the scrapes of {', '.join(sorted(scrapes))}: {len(problems)} problems"
    )
    for note in notes:
        log(f"catalog note: {note}")
    return problems


# Families of the committed catalogs that the test's app cannot export in a run, and why; a family
# listed here that the capture lacks is a note, not a difference. Empty: every committed family is
# exported (declared by # HELP/# TYPE at least) by the app from its start.
UNEXPORTED_IN_TEST = {}


def check_capture(dashc, directory, ports, jobs, run_dir):
    """`dashc catalog capture` of the live endpoints, twice, compared with the committed catalogs.

    Returns the problems: a capture that fails, two captures that differ, and every difference that
    matters (a family, its type, or a label name present on one side only).
    """
    if not dashc or not directory:
        return []
    role_port = {"web": ports["web"], "worker": ports["worker"]}
    urls = [f"http://127.0.0.1:{role_port[role]}/metrics" for _, role in sorted(jobs.items())]
    texts = []
    for attempt in ("captured.prom", "captured-again.prom"):
        out = os.path.join(run_dir, attempt)
        cmd = [dashc, "catalog", "capture", *urls, "--out", out]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return [f"dashc catalog capture did not run: {exc}"]
        if proc.returncode != 0:
            return [f"dashc catalog capture failed (status {proc.returncode}): {proc.stderr.strip()}"]
        log(f"capture: {proc.stderr.strip()}")
        with open(out, encoding="utf-8") as f:
            texts.append(f.read())
    problems = []
    if texts[0] != texts[1]:
        changed = [
            line
            for line in difflib.unified_diff(texts[0].splitlines(), texts[1].splitlines(), lineterm="", n=0)
            if not line.startswith(("---", "+++", "@@"))
        ]
        problems.append("two captures of the same app differ: " + "; ".join(changed[:10]))
    committed = merge_families(
        *(
            parse_exposition(open(os.path.join(directory, name), encoding="utf-8").read())
            for name in sorted(os.listdir(directory))
            if name.endswith(".prom")
        )
    )
    captured = parse_exposition(texts[0])
    diff, notes = diff_capture(committed, captured, UNEXPORTED_IN_TEST)
    sampled = sum(1 for fam in captured.values() if fam.samples)
    log(
        f"capture: {len(captured)} families ({sampled} with samples) from {', '.join(urls)} against "
        f"{len(committed)} committed: {len(diff)} differences (snapshot: {run_dir}/captured.prom)"
    )
    for note in notes:
        log(f"capture note: {note}")
    if diff:
        problems.append("the live capture differs from the committed catalogs:\n    " + "\n    ".join(diff))
    return problems


def fmt_value(v):
    """A sample value, short."""
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "+Inf" if v > 0 else "-Inf"
        if v == 0:
            return "0"
        if abs(v) >= 1e5 or abs(v) < 1e-3:
            return f"{v:.3e}"
        return f"{v:.4g}"
    return str(v)


def summarize(result):
    """(series count, series with a non-NaN value, sample text) of a query result."""
    series = sorted(result, key=lambda s: json.dumps(s.get("metric", {}), sort_keys=True))
    with_data = 0
    sample = "-"
    for s in series:
        points = s.get("values") or ([s["value"]] if s.get("value") else [])
        values = []
        for p in points:
            try:
                values.append(float(p[1]))
            except (TypeError, ValueError, IndexError):
                continue
        real = [v for v in values if not math.isnan(v)]
        if real:
            with_data += 1
            if sample == "-":
                labels = ",".join(f"{k}={v}" for k, v in sorted(s.get("metric", {}).items()) if k != "__name__")
                sample = fmt_value(real[-1]) + (f" {{{labels}}}" if labels else "")
    return len(series), with_data, sample


def evaluate(prom, dashboards, start, end, scrape_ms, force_first=False):
    """Evaluate every target; returns (rows, panel verdicts, errors).

    With `force_first`, query and custom variables take their first value
    instead of their default ("All"), as a user narrowing the view would.
    """
    rows = []
    panels = []
    errors = []
    range_ms = int(round((end - start) * 1000))
    for rel, doc in dashboards:
        title = doc.get("title") or rel
        uid = doc.get("uid") or rel
        try:
            variables = resolve_variables(
                (doc.get("templating") or {}).get("list") or [], query_variable_options(prom, start, end), force_first
            )
        except DashboardError as exc:
            errors.append(f"{rel}: {exc}")
            rows.append(
                {
                    "dashboard": uid,
                    "panel": "(variables)",
                    "ref": "-",
                    "series": "ERR",
                    "sample": str(exc)[:80],
                    "expr": "",
                }
            )
            continue
        if not force_first:
            for name, var in variables.items():
                log(f"{uid}: ${name} = {var.describe()}")
        for panel in iter_panels(doc.get("panels")):
            targets = panel_targets(panel)
            if not targets:
                continue
            panel_ok = False
            panel_err = False
            for t in targets:
                try:
                    expr = interpolate_variables(t.expr, variables)
                    raw_interval = t.raw.get("interval") or panel.get("interval")
                    rate_target = raw_interval in ("$__rate_interval", "${__rate_interval}")
                    if isinstance(raw_interval, str) and raw_interval.startswith("$") and not rate_target:
                        raw_interval = interpolate_variables(raw_interval, variables)
                        if raw_interval.startswith("$"):
                            raw_interval = None
                    timing = compute_timing(
                        range_ms,
                        scrape_ms,
                        t.max_data_points(),
                        min_interval=raw_interval if not rate_target else None,
                        interval_factor=int(t.raw.get("intervalFactor") or 1),
                        rate_interval_target=rate_target,
                    )
                    expr = interpolate_builtins(expr, timing)
                    step = timing.step_seconds
                    if step * 3 > end - start and not force_first:
                        log(
                            f"warning: {uid} / {t.panel_title} / {t.ref_id}: step {step:g}s is long for the "
                            f"{end - start:.0f}s range (raise E2E_TRAFFIC_SECONDS)"
                        )
                    # Grafana aligns the range to the step.
                    q_start = math.floor(start / step) * step
                    q_end = math.floor(end / step) * step
                    result = []
                    if t.range:
                        result = prom.query_range(expr, q_start, q_end, step)
                    if t.instant:
                        result = result + prom.query(expr, end)
                    count, with_data, sample = summarize(result)
                    if with_data:
                        panel_ok = True
                    rows.append(
                        {
                            "dashboard": uid,
                            "panel": t.panel_title,
                            "ref": t.ref_id
                            + (" (hidden)" if t.hidden else "")
                            + (" (instant)" if t.instant and not t.range else ""),
                            "series": str(with_data) if with_data == count else f"{with_data}/{count}",
                            "sample": sample,
                            "expr": expr,
                        }
                    )
                except (DashboardError, PromError) as exc:
                    panel_err = True
                    errors.append(f"{uid} / {t.panel_title} / {t.ref_id}: {exc}\n    expr: {t.expr}")
                    rows.append(
                        {
                            "dashboard": uid,
                            "panel": t.panel_title,
                            "ref": t.ref_id,
                            "series": "ERR",
                            "sample": str(exc)[:80],
                            "expr": t.expr,
                        }
                    )
            panels.append(
                {
                    "dashboard": uid,
                    "title": title,
                    "panel": targets[0].panel_title,
                    "ok": panel_ok and not panel_err,
                    "has_data": panel_ok,
                    "targets": targets,
                }
            )
    return rows, panels, errors


def print_table(rows):
    """The result table on stdout."""
    headers = ["dashboard", "panel", "refId", "series", "sample value"]
    data = [[r["dashboard"], r["panel"], r["ref"], r["series"], r["sample"]] for r in rows]
    widths = [len(h) for h in headers]
    for row in data:
        for i, cell in enumerate(row):
            widths[i] = min(max(widths[i], len(cell)), 70 if i == 4 else 48)
    line = "  ".join(h.ljust(widths[i]) for i, h in enumerate(headers))
    print(line)
    print("  ".join("-" * w for w in widths))
    for row in data:
        cells = []
        for i, cell in enumerate(row):
            cell = cell if len(cell) <= widths[i] else cell[: widths[i] - 1] + "~"
            cells.append(cell.ljust(widths[i]))
        print("  ".join(cells).rstrip())
    sys.stdout.flush()


def main(argv=None):
    """Run the end-to-end check; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--dashboards",
        required=True,
        help="directory holding the generated dashboard JSON files (searched recursively)",
    )
    parser.add_argument("--prometheus-yml", required=True, help="the project's prometheus.yml")
    parser.add_argument(
        "--scrape-interval",
        default=os.environ.get("E2E_SCRAPE_INTERVAL", "2s"),
        help="scrape interval of the test (also Grafana's data source scrape interval); default 2s",
    )
    parser.add_argument(
        "--traffic-seconds",
        type=float,
        default=float(os.environ["E2E_TRAFFIC_SECONDS"]) if os.environ.get("E2E_TRAFFIC_SECONDS") else None,
        help="how long to send traffic; default 30, or 12 scrape intervals when that is longer",
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        default=int(os.environ.get("E2E_MAX_REQUESTS", "5000")),
        help="upper bound on requests; default 5000",
    )
    parser.add_argument("--catalogs", help="directory of metric catalogs (*.prom) to compare with the real scrapes")
    parser.add_argument(
        "--dashc",
        help="the dashc binary: `dashc catalog capture` of the live endpoints is compared with --catalogs",
    )
    parser.add_argument("--prometheus", default=shutil.which("prometheus") or "/usr/bin/prometheus")
    parser.add_argument("--redis-server", default=shutil.which("redis-server") or "/usr/bin/redis-server")
    parser.add_argument(
        "--pid-file",
        default=os.environ.get("E2E_PID_FILE"),
        help="file to append started process-group ids to (for the caller's cleanup)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        default=os.environ.get("E2E_KEEP") == "1",
        help="keep the run directory (logs, TSDB) after success",
    )
    args = parser.parse_args(argv)

    # SIGINT too: a shell without job control starts background jobs with SIGINT ignored.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)

    try:
        scrape_ms = parse_duration_ms(args.scrape_interval)
    except DashboardError as exc:
        log(f"FAIL: --scrape-interval / E2E_SCRAPE_INTERVAL: {exc}")
        return 2
    if args.traffic_seconds is None:
        # Enough scrapes for rate() over $__rate_interval (4 scrapes) at many steps.
        args.traffic_seconds = max(30.0, 12 * scrape_ms / 1000)
    try:
        dashboards = load_dashboards(args.dashboards)
    except DashboardError as exc:
        log(f"FAIL: {exc}")
        return 1
    if not dashboards:
        log(f"FAIL: no dashboard JSON under {args.dashboards}: did `cargo build` generate the dashboards?")
        return 1
    target_count = sum(len(panel_targets(p)) for _, d in dashboards for p in iter_panels(d.get("panels")))
    log(f"{len(dashboards)} dashboards, {target_count} targets under {args.dashboards}")

    config_problems = check_datasource_interval(args.dashboards, args.prometheus_yml)
    for p in config_problems:
        log(f"CONFIG {p}")
    tree_ds = os.path.join(os.path.dirname(os.path.abspath(args.dashboards.rstrip("/"))), "provisioning", "datasources")
    if not config_problems and os.path.isdir(tree_ds):
        log(f"the data sources in {tree_ds} have prometheus.yml's scrape interval")

    # A fresh directory per run under e2e/.run (git-ignored): logs, sqlite, Redis and the TSDB.
    runs = os.path.join(E2E_DIR, ".run")
    os.makedirs(runs, exist_ok=True)
    run_dir = tempfile.mkdtemp(prefix=time.strftime("%Y%m%d-%H%M%S-"), dir=runs)
    pid_file = args.pid_file or os.path.join(run_dir, "pgids")
    stack = Stack(run_dir, pid_file)
    ok = False
    started = time.monotonic()
    try:
        prom, ports, jobs = start_stack(stack, args, run_dir)
        log(
            f"stack up after {time.monotonic() - started:.1f}s; traffic for {args.traffic_seconds:.0f}s (at most {args.max_requests} requests)"
        )
        traffic = Traffic(f"http://127.0.0.1:{ports['web']}", ports["closed"], args.max_requests, args.traffic_seconds)
        t0 = time.time()

        def on_round(n):
            if n % 10 == 9:
                stack.check_alive()

        rounds = traffic.run(on_round)
        t1 = time.time()
        stack.check_alive()
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(traffic.by_status.items()))
        log(f"{rounds} rounds, {traffic.sent} requests ({statuses}; transport errors: {traffic.transport_errors})")
        # The range ends a fixed 1.5 scrape intervals after the traffic (whatever the machine's
        # speed), so instant and last-point rates still see traffic; wait until both jobs were
        # scraped after that moment so the data up to the end is in.
        end = t1 + 1.5 * scrape_ms / 1000
        wait_targets_up(stack, stack.by_name("prometheus"), ports["prometheus"], set(jobs), 30, after=end)
        start = t0 - scrape_ms / 1000
        log(
            f"evaluating over [{time.strftime('%H:%M:%S', time.gmtime(start))}, {time.strftime('%H:%M:%S', time.gmtime(end))}] UTC ({end - start:.0f}s), traffic ended {end - t1:.1f}s before the end"
        )
        catalog_problems = check_catalogs(args.catalogs, ports, jobs)
        catalog_problems += check_capture(args.dashc, args.catalogs, ports, jobs, run_dir)
        rows, panels, errors = evaluate(prom, dashboards, start, end, scrape_ms)
        print_table(rows)
        empty = [p for p in panels if not p["ok"]]
        print()
        no_data = sum(1 for p in panels if not p["has_data"])
        print(
            f"{len(dashboards)} dashboards, {len(panels)} panels, {len(rows)} targets: "
            f"{len(panels) - no_data} panels with data, {no_data} without, {len(errors)} target errors"
        )
        for e in errors:
            print(f"ERROR {e}")
        for p in empty:
            what = "NO DATA" if not p["has_data"] else "FAILED (a target errored)"
            print(f"{what} {p['dashboard']} / {p['panel']}")
            for t in p["targets"]:
                print(f"    {t.ref_id}: {t.expr}")
        for p in catalog_problems:
            print(f"CATALOG {p}")
        # Informational: the same panels with every variable narrowed to its first value.
        _, narrowed, narrowed_errors = evaluate(prom, dashboards, start, end, scrape_ms, force_first=True)
        good = {(p["dashboard"], p["panel"]) for p in panels if p["ok"]}
        for p in narrowed:
            if (p["dashboard"], p["panel"]) in good and not p["ok"]:
                print(f"NOTE {p['dashboard']} / {p['panel']}: no data with every variable at its first value")
        for e in narrowed_errors:
            print(f"NOTE (first values) {e}")
        for p in config_problems:
            print(f"CONFIG {p}")
        ok = not errors and not empty and not catalog_problems and not config_problems
        log(f"{'PASS' if ok else 'FAIL'} after {time.monotonic() - started:.1f}s")
        # The plain summary line CI reads: one result per panel.
        print(f"e2e: {len(panels) - len(empty)} passed, {len(empty)} failed")
    except (StackError, DashboardError, PromError) as exc:
        log(f"FAIL: {exc}")
    except (KeyboardInterrupt, Interrupted) as exc:
        log(f"interrupted ({exc or 'Ctrl-C'}); stopping the stack")
    finally:
        # A second Ctrl-C must not cut the cleanup short (it takes at most ~10s).
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        stack.stop_all()
        leftovers = [p.name for p in stack.procs if p.alive()]
        if leftovers:
            log(f"could not stop: {', '.join(leftovers)}")
        if ok and not args.keep:
            shutil.rmtree(run_dir, ignore_errors=True)
        else:
            if not ok:
                for proc in stack.procs:
                    if proc.popen.returncode not in (0, -15, None) and proc.name != "prometheus":
                        print(f"--- {proc.name} log tail:\n{tail(proc.log_path, 20)}", file=sys.stderr)
            log(f"logs and data kept in {run_dir}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
