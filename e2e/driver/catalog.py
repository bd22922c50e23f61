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


def merge_families(*groups):
    """One family per name over several parsed files: labels and buckets unioned, the first type kept."""
    merged = {}
    for families in groups:
        for name, fam in families.items():
            mine = merged.get(name)
            if mine is None:
                mine = merged[name] = Family(name, fam.kind)
            mine.labels |= fam.labels
            mine.samples += fam.samples
            mine.buckets = mine.buckets or list(fam.buckets)
    return merged


def diff_capture(committed, captured, unexported=None):
    """Differences that matter between the committed catalogs and a `dashc catalog capture` snapshot.

    Both map a family name to its `Family` (parsed with their `# LABELS` lines). A family present on one
    side only, a type, or a label name present on one side only is a difference. Label names are
    compared only for families the capture has samples of: a family the live app has not observed yet
    is exported without samples, so its label names are unknown there (a note, not a difference).
    `unexported` maps the names of committed families that the test's app cannot export to the reason;
    such a family missing from the capture is a note too. Returns (diff lines, notes).
    """
    unexported = unexported or {}
    diff = []
    notes = []
    for name in sorted(set(committed) | set(captured)):
        ours = committed.get(name)
        live = captured.get(name)
        if live is None:
            if name in unexported:
                notes.append(f"{name}: not exported by the test app ({unexported[name]})")
            else:
                diff.append(f"- {name} ({ours.kind}): in the committed catalogs, not exported by the live app")
            continue
        if ours is None:
            diff.append(f"+ {name} ({live.kind}): exported by the live app, not in the committed catalogs")
            continue
        if ours.kind != live.kind:
            diff.append(f"~ {name}: a {ours.kind} in the committed catalogs, a {live.kind} in the live app")
        if not live.samples:
            notes.append(
                f"{name}: no sample in the capture, label names not compared "
                f"(committed: {', '.join(sorted(ours.labels)) or 'none'})"
            )
            continue
        if ours.labels != live.labels:
            only_ours = ", ".join(f"-{label}" for label in sorted(ours.labels - live.labels))
            only_live = ", ".join(f"+{label}" for label in sorted(live.labels - ours.labels))
            diff.append(f"~ {name}: label names {' '.join(x for x in (only_ours, only_live) if x)} (- committed, + live)")
    return diff, notes
