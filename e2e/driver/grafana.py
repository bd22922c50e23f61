"""What Grafana does to a Prometheus target before it reaches Prometheus.

Two steps, in Grafana's order:
1. template variables (`$var`, `${var}`, `${var:format}`, `[[var]]`) are
   replaced with each variable's value on dashboard load: the current value
   when it is one of the options, else the first option ("All" when the
   variable has includeAll);
2. the Prometheus data source's backend computes the query interval from the
   time range, the max data points and the minimum interval (the data
   source's scrape interval, or the target's own `interval`), then replaces
   `$__interval`, `$__interval_ms`, `$__range`, `$__range_s`, `$__range_ms`
   and `$__rate_interval` (= max(interval + scrape, 4 * scrape)).
The formulas follow Grafana's pkg/tsdb/prometheus query parsing and
pkg/tsdb/intervalv2 (roundInterval, FormatDuration), read for this purpose.
"""

import json
import math
import re

SECOND = 1000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR
WEEK = 7 * DAY
YEAR = 365 * DAY

# Grafana's "safe" resolution: at most 11000 points per series.
SAFE_RESOLUTION = 11000
# Data points Grafana asks for when a panel sets none: the panel's width in
# pixels. A 24-column row is about 1800 px wide on a common screen.
FULL_WIDTH_PX = 1800

ALL_VALUE = "$__all"


class DashboardError(Exception):
    """A dashboard or variable that cannot be evaluated, with the reason."""


_DURATION_RE = re.compile(r"^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)$")
_UNIT_MS = {"ms": 1, "s": SECOND, "m": MINUTE, "h": HOUR, "d": DAY, "w": WEEK, "y": YEAR}


def parse_duration_ms(text):
    """Parse a Grafana interval string like `15s`, `1m`, `500ms` (a bare number means seconds)."""
    text = str(text).strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return int(float(text) * SECOND)
    m = _DURATION_RE.match(text)
    if not m:
        raise DashboardError(
            f"invalid interval {text!r}: expected a number and a unit (ms, s, m, h, d, w, y), e.g. 15s"
        )
    return int(float(m.group(1)) * _UNIT_MS[m.group(2)])


def round_interval_ms(ms):
    """Grafana's roundInterval: snap a computed interval to a 'nice' value."""
    table = [
        (10, 1),
        (15, 10),
        (35, 20),
        (75, 50),
        (150, 100),
        (350, 200),
        (750, 500),
        (1500, SECOND),
        (3500, 2 * SECOND),
        (7500, 5 * SECOND),
        (12500, 10 * SECOND),
        (17500, 15 * SECOND),
        (25000, 20 * SECOND),
        (45000, 30 * SECOND),
        (90000, MINUTE),
        (210000, 2 * MINUTE),
        (450000, 5 * MINUTE),
        (750000, 10 * MINUTE),
        (1050000, 15 * MINUTE),
        (1500000, 20 * MINUTE),
        (2700000, 30 * MINUTE),
        (5400000, HOUR),
        (9000000, 2 * HOUR),
        (16200000, 3 * HOUR),
        (32400000, 6 * HOUR),
        (86400000, 12 * HOUR),
        (172800000, DAY),
        (604800000, DAY),
        (1814400000, WEEK),
    ]
    for limit, value in table:
        if ms <= limit:
            return value
    if ms < 3628800000:
        return 30 * DAY
    return YEAR


def format_interval(ms):
    """Grafana's FormatDuration: the largest whole unit, truncated (`15s`, `1m`, `2h`, `500ms`)."""
    for unit_ms, suffix in ((YEAR, "y"), (DAY, "d"), (HOUR, "h"), (MINUTE, "m"), (SECOND, "s")):
        if ms >= unit_ms:
            return f"{ms // unit_ms}{suffix}"
    if ms >= 1:
        return f"{ms}ms"
    return "1ms"


def go_duration(ms):
    """Go's time.Duration.String() for whole milliseconds (`20s`, `1m0s`, `1h0m0s`, `500ms`)."""
    if ms == 0:
        return "0s"
    if ms < SECOND:
        return f"{ms}ms"
    hours, rest = divmod(ms, HOUR)
    minutes, rest = divmod(rest, MINUTE)
    seconds = rest / SECOND
    sec = f"{seconds:.3f}".rstrip("0").rstrip(".") if rest % SECOND else str(rest // SECOND)
    if hours:
        return f"{hours}h{minutes}m{sec}s"
    if minutes:
        return f"{minutes}m{sec}s"
    return f"{sec}s"


class QueryTiming:
    """The interval, step and range Grafana computes for one target."""

    def __init__(self, range_ms, interval_ms, rate_interval_ms):
        self.range_ms = range_ms
        self.interval_ms = interval_ms
        self.rate_interval_ms = rate_interval_ms

    @property
    def step_seconds(self):
        """The `step` sent to /api/v1/query_range."""
        return self.interval_ms / SECOND


def compute_timing(
    range_ms, scrape_interval_ms, max_data_points, min_interval=None, interval_factor=1, rate_interval_target=False
):
    """Grafana's calculatePrometheusInterval + calculateRateInterval.

    `min_interval` is the target's `interval` (or the panel's), which replaces
    the data source's scrape interval as the lower bound and as the "scrape"
    of `$__rate_interval`. `rate_interval_target` is True when the target's
    `interval` is `$__rate_interval` itself.
    """
    scrape_ms = scrape_interval_ms
    lower_ms = scrape_interval_ms
    if min_interval and not str(min_interval).startswith("$"):
        lower_ms = parse_duration_ms(min_interval)
        scrape_ms = lower_ms
    resolution = max_data_points or 1500
    calculated = range_ms // resolution
    calculated_ms = lower_ms if calculated < lower_ms else round_interval_ms(calculated)
    safe_ms = round_interval_ms(range_ms // SAFE_RESOLUTION)
    adjusted = max(calculated_ms, safe_ms)
    rate_ms = max(adjusted + scrape_ms, 4 * scrape_ms)
    if rate_interval_target:
        return QueryTiming(range_ms, rate_ms, rate_ms)
    interval_ms = adjusted * (interval_factor or 1)
    return QueryTiming(range_ms, interval_ms, max(interval_ms + scrape_ms, 4 * scrape_ms))


def interpolate_builtins(expr, timing):
    """Replace Grafana's interval and range variables as the Prometheus backend does."""
    range_s = int(math.floor(timing.range_ms / SECOND + 0.5))
    pairs = [
        ("__interval_ms", str(timing.interval_ms)),
        ("__interval", format_interval(timing.interval_ms)),
        ("__range_ms", str(timing.range_ms)),
        ("__range_s", str(range_s)),
        ("__range", f"{range_s}s"),
        ("__rate_interval_ms", str(timing.rate_interval_ms)),
        ("__rate_interval", go_duration(timing.rate_interval_ms)),
    ]
    for name, value in pairs:
        expr = expr.replace("${" + name + "}", value)
    # Plain `$name`: longest names first so `$__interval_ms` is not read as `$__interval` + `_ms`.
    for name, value in sorted(pairs, key=lambda p: -len(p[0])):
        expr = re.sub(r"\$" + re.escape(name) + r"(?![A-Za-z0-9_])", lambda _m, v=value: v, expr)
    return expr


# --- template variables -------------------------------------------------

_REGEX_SPECIAL = re.compile(r"[\\^$*+?.()|\[\]{}/]")


def _regex_escape(value):
    return _REGEX_SPECIAL.sub(lambda m: "\\" + m.group(0), value)


def _prom_regex_escape(value):
    # Grafana's prometheusSpecialRegexEscape: backslashes doubled for the PromQL string literal.
    value = value.replace("\\", "\\\\\\\\")
    return re.sub(r"[$^*+?.()|{}\[\]]", lambda m: "\\\\" + m.group(0), value)


def _prom_regular_escape(value):
    return value.replace("\\", "\\\\").replace("'", "\\'")


class Variable:
    """A resolved template variable: its values and how Grafana formats them."""

    def __init__(self, name, values, multi=False, include_all=False, all_value=None, is_all=False, all_options=None):
        self.name = name
        self.values = list(values)
        self.multi = multi
        self.include_all = include_all
        self.all_value = all_value
        self.is_all = is_all
        self.all_options = list(all_options or [])

    def describe(self):
        """A short human description of the chosen value."""
        if self.is_all:
            return f"All ({self.all_value})" if self.all_value is not None else f"All ({len(self.all_options)} values)"
        return ",".join(self.values)

    def render(self, fmt):
        """The text that replaces a reference with format `fmt` (None = the data source's default)."""
        if self.is_all and self.all_value is not None and fmt not in ("text", "percentencode", "queryparam"):
            return self.all_value
        values = self.all_options if self.is_all else self.values
        if fmt is None:
            # Prometheus data source's interpolateQueryExpr.
            if not self.multi and not self.include_all:
                return _prom_regular_escape(values[0] if values else "")
            escaped = [_prom_regex_escape(v) for v in values]
            if len(escaped) == 1:
                return escaped[0]
            return "(" + "|".join(escaped) + ")"
        if fmt == "regex":
            escaped = [_regex_escape(v) for v in values]
            return escaped[0] if len(escaped) == 1 else "(" + "|".join(escaped) + ")"
        if fmt == "pipe":
            return "|".join(values)
        if fmt in ("csv", "raw"):
            return ",".join(values)
        if fmt == "glob":
            return values[0] if len(values) == 1 else "{" + ",".join(values) + "}"
        if fmt == "json":
            return json.dumps(values if len(values) != 1 else values[0])
        if fmt == "doublequote":
            return ",".join('"' + v.replace('"', '\\"') + '"' for v in values)
        if fmt == "singlequote":
            return ",".join("'" + v.replace("'", "\\'") + "'" for v in values)
        if fmt == "text":
            return "All" if self.is_all else " + ".join(values)
        if fmt == "distributed":
            return ",".join(values if not values else [values[0]] + [f"{self.name}={v}" for v in values[1:]])
        if fmt == "sqlstring":
            return ",".join("'" + v.replace("'", "''") + "'" for v in values)
        if fmt in ("percentencode", "queryparam"):
            from urllib.parse import quote

            if fmt == "queryparam":
                return "&".join(f"var-{self.name}={quote(v, safe='')}" for v in values)
            return quote(",".join(values), safe="")
        raise DashboardError(
            f"variable ${{{self.name}:{fmt}}}: unknown format {fmt!r} "
            "(known: regex, pipe, csv, raw, glob, json, doublequote, singlequote, text, distributed, sqlstring, percentencode, queryparam)"
        )


_VAR_RE = re.compile(
    r"\$(?P<plain>[A-Za-z0-9_]+)"
    r"|\[\[(?P<bracket>[A-Za-z0-9_]+)(?::(?P<bfmt>[A-Za-z0-9_]+))?\]\]"
    r"|\$\{(?P<braced>[A-Za-z0-9_]+)(?:\.(?P<field>[^:}]+))?(?::(?P<fmt>[^}]+))?\}"
)


def interpolate_variables(expr, variables):
    """Replace references to known template variables; unknown ones (builtins) are left as they are."""

    def repl(m):
        name = m.group("plain") or m.group("bracket") or m.group("braced")
        fmt = m.group("bfmt") or m.group("fmt")
        var = variables.get(name)
        if var is None:
            return m.group(0)
        return var.render(fmt)

    return _VAR_RE.sub(repl, expr)


def _option_values(var):
    """Values of a custom/interval variable from its `query` (comma separated, `text : value` allowed)."""
    query = var.get("query") or ""
    if isinstance(query, dict):
        query = query.get("query", "")
    values = []
    for part in re.split(r"(?<!\\),", str(query)):
        part = part.strip().replace("\\,", ",")
        if not part:
            continue
        m = re.match(r"^(.*?)\s+:\s+(.*)$", part)
        values.append(m.group(2).strip() if m else part)
    if not values:
        values = [
            o.get("value")
            for o in var.get("options") or []
            if isinstance(o, dict) and o.get("value") not in (None, ALL_VALUE)
        ]
    return [str(v) for v in values]


def _current_values(var):
    current = var.get("current") or {}
    value = current.get("value") if isinstance(current, dict) else None
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _choose(var, name, options, force_first=False):
    """Grafana's choice on load: current if valid, else All (includeAll) or the first option.

    `force_first` picks the first option instead, as a user narrowing the dashboard would.
    """
    include_all = bool(var.get("includeAll"))
    multi = bool(var.get("multi"))
    if force_first and options:
        return Variable(name, [options[0]], multi, include_all)
    all_value = var.get("allValue")
    all_value = all_value if isinstance(all_value, str) and all_value != "" else None
    current = _current_values(var)
    is_all_current = bool(current) and all(v in (ALL_VALUE, "All", "$__all") for v in current)
    if include_all and (is_all_current or not [v for v in current if v in options]):
        if not options and all_value is None:
            raise DashboardError(f"variable ${name}: All selected but the variable has no values and no allValue")
        return Variable(name, [], multi, include_all, all_value, True, options)
    chosen = [v for v in current if v in options]
    if not chosen:
        if not options:
            raise DashboardError(f"variable ${name}: no value to choose (no options and no current value)")
        chosen = [options[0]]
    return Variable(name, chosen, multi, include_all)


def resolve_variables(templating, query_variable_values, force_first=False):
    """Resolve every template variable in definition order.

    `query_variable_values(name, query_text, regex, sort)` returns the option
    values of a query variable (it sees previously resolved variables through
    the query text, which is interpolated first). A query variable without
    any value is an error: its dropdown would be empty. With `force_first`,
    query and custom variables take their first option instead of the default.
    """
    resolved = {}
    for var in templating:
        if not isinstance(var, dict):
            continue
        name = var.get("name")
        vtype = var.get("type")
        if not name:
            raise DashboardError(f"a templating variable has no name: {json.dumps(var)[:120]}")
        if vtype == "datasource":
            continue
        if vtype in ("constant",):
            value = var.get("query")
            if value is None:
                value = (var.get("current") or {}).get("value", "")
            resolved[name] = Variable(name, [str(value)])
        elif vtype == "textbox":
            current = _current_values(var)
            value = current[0] if current else str(var.get("query") or "")
            resolved[name] = Variable(name, [value])
        elif vtype in ("custom", "interval"):
            options = _option_values(var)
            resolved[name] = _choose(var, name, options, force_first)
        elif vtype == "query":
            query = var.get("query") or var.get("definition") or ""
            if isinstance(query, dict):
                query = query.get("query") or ""
            query = interpolate_variables(str(query), resolved)
            options = query_variable_values(name, query, var.get("regex") or "", var.get("sort") or 0)
            if not options:
                raise DashboardError(f"variable ${name}: {query!r} returned no values (its dropdown would be empty)")
            resolved[name] = _choose(var, name, options, force_first)
        else:
            raise DashboardError(
                f"variable ${name}: type {vtype!r} is not supported here "
                "(supported: query, custom, interval, constant, textbox, datasource)"
            )
    return resolved


def apply_variable_regex(values, regex):
    """Grafana's variable `regex` filter: keep matches, use the capture group (or `text`/`value` groups) if any."""
    if not regex:
        return values
    m = re.fullmatch(r"/(.*)/([gimsuy]*)", regex, re.S)
    pattern, flags = (m.group(1), m.group(2)) if m else (regex, "")
    pattern = re.sub(r"\(\?<([A-Za-z_][A-Za-z0-9_]*)>", r"(?P<\1>", pattern)
    try:
        compiled = re.compile(pattern, re.I if "i" in flags else 0)
    except re.error as exc:
        raise DashboardError(f"variable regex {regex!r} is not a valid regular expression: {exc}") from None
    out = []
    for value in values:
        hit = compiled.search(value)
        if not hit:
            continue
        groups = hit.groupdict()
        if groups.get("value") is not None:
            out.append(groups["value"])
        elif groups.get("text") is not None:
            out.append(groups["text"])
        elif hit.groups() and hit.group(1) is not None:
            out.append(hit.group(1))
        else:
            out.append(value)
    seen = set()
    return [v for v in out if not (v in seen or seen.add(v))]


def sort_values(values, sort):
    """Grafana's variable sort: 1/2 alphabetical asc/desc, 3/4 numerical, 5/6 case-insensitive; 0 keeps order."""

    def num(v):
        m = re.search(r"-?\d+(?:\.\d+)?", v)
        return float(m.group(0)) if m else math.inf

    if sort in (1, 2):
        return sorted(values, reverse=sort == 2)
    if sort in (3, 4):
        return sorted(values, key=num, reverse=sort == 4)
    if sort in (5, 6, 7, 8):
        return sorted(values, key=str.lower, reverse=sort in (6, 8))
    return values


# --- dashboards -----------------------------------------------------------


class Target:
    """One Prometheus target of one panel."""

    def __init__(self, panel_title, panel_id, panel_width, panel, target):
        self.panel_title = panel_title
        self.panel_id = panel_id
        self.panel_width = panel_width
        self.panel = panel
        self.raw = target
        self.ref_id = str(target.get("refId") or "?")
        self.expr = str(target.get("expr") or "")
        self.hidden = bool(target.get("hide"))
        self.instant = bool(target.get("instant"))
        self.range = bool(target.get("range")) or not self.instant

    def max_data_points(self):
        """The panel's maxDataPoints, else its pixel width (Grafana's default)."""
        mdp = self.panel.get("maxDataPoints")
        if isinstance(mdp, (int, float)) and mdp > 0:
            return int(mdp)
        return max(1, int(FULL_WIDTH_PX * self.panel_width / 24))


def iter_panels(panels):
    """Every non-row panel, in layout order, including the children of collapsed rows."""
    for panel in panels or []:
        if not isinstance(panel, dict):
            continue
        if panel.get("type") == "row":
            yield from iter_panels(panel.get("panels"))
            continue
        yield panel


def panel_targets(panel):
    """The Prometheus targets of a panel (targets with an expr)."""
    width = (panel.get("gridPos") or {}).get("w") or 24
    title = panel.get("title") or f"panel {panel.get('id')}"
    out = []
    for target in panel.get("targets") or []:
        if isinstance(target, dict) and target.get("expr"):
            out.append(Target(title, panel.get("id"), width, panel, target))
    return out
