"""The metric catalogs the dashboards are checked against at compile time
(`dashboards-def/catalogs/*.prom`) compared with what the running processes
really export: every catalog family must be exported with the same type,
label names and histogram buckets.
"""

import os
import re

_SAMPLE_RE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+\S+(\s+\S+)?$")
_LABEL_RE = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
IMPLIED = {"le", "quantile"}


class Family:
    """Name, type, label names and `le` values of one metric family."""

    def __init__(self, name, kind):
        self.name = name
        self.kind = kind
        self.labels = set()
        self.buckets = []
        self.samples = 0


def parse_exposition(text, declared=True):
    """Families of a text-format 0.0.4 exposition; `declared` also reads the catalog's `# LABELS`/`# BUCKETS` lines."""
    families = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            parts = line.split()
            if len(parts) >= 4 and parts[1] == "TYPE":
                current = families.setdefault(parts[2], Family(parts[2], parts[3]))
                current.kind = parts[3]
            elif declared and len(parts) >= 3 and parts[1] == "LABELS" and parts[2] in families:
                families[parts[2]].labels.update(parts[3:])
            elif declared and len(parts) >= 3 and parts[1] == "BUCKETS" and parts[2] in families:
                families[parts[2]].buckets = parts[3:]
            continue
        m = _SAMPLE_RE.match(line)
        if not m or current is None:
            continue
        current.samples += 1
        labels = dict(_LABEL_RE.findall(m.group(3) or ""))
        current.labels.update(k for k in labels if k not in IMPLIED)
        if "le" in labels and m.group(1).endswith("_bucket") and labels["le"] not in current.buckets:
            current.buckets.append(labels["le"])
    return families


def load_catalogs(directory):
    """All families of the *.prom files in `directory` (sorted by file)."""
    families = {}
    for name in sorted(os.listdir(directory)):
        if name.endswith(".prom"):
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                for fam_name, fam in parse_exposition(f.read()).items():
                    families[f"{name}:{fam_name}"] = fam
    return families


def compare(catalog, scrapes):
    """Problems (strings) and notes (families the traffic never produced a sample for).

    `scrapes` maps a job name to its parsed exposition.
    """
    problems = []
    notes = []
    for key, fam in sorted(catalog.items()):
        source = key.split(":", 1)[0]
        found = [(job, fams[fam.name]) for job, fams in sorted(scrapes.items()) if fam.name in fams]
        if not found:
            problems.append(
                f"{source}: {fam.name} ({fam.kind}) is exported by no process (jobs: {', '.join(sorted(scrapes))})"
            )
            continue
        kinds = {real.kind for _, real in found}
        if kinds != {fam.kind}:
            problems.append(
                f"{source}: {fam.name} is a {fam.kind} in the catalog but a {'/'.join(sorted(kinds))} in the scrape"
            )
        sampled = [(job, real) for job, real in found if real.samples]
        if not sampled:
            notes.append(
                f"{fam.name}: declared by {', '.join(job for job, _ in found)} but no sample after the traffic"
            )
            continue
        real_labels = set().union(*(real.labels for _, real in sampled))
        if real_labels != fam.labels:
            problems.append(
                f"{source}: {fam.name} labels {sorted(fam.labels)} in the catalog, {sorted(real_labels)} in the scrape ({', '.join(j for j, _ in sampled)})"
            )
        if fam.kind == "histogram" and fam.buckets:
            real_buckets = next((real.buckets for _, real in sampled if real.buckets), [])
            if real_buckets and real_buckets != fam.buckets:
                problems.append(
                    f"{source}: {fam.name} buckets {fam.buckets} in the catalog, {real_buckets} in the scrape"
                )
    return problems, notes
