#!/bin/sh
# Builds the seed corpora of the fuzz targets in fuzz/corpus/<target>/ from
# real inputs: the dashboards of ../shared/corpus/dashboards/ (for lint and
# import), the catalogs of dashboards-def/catalogs/ and ../shared/reference/,
# and the DSL source of dashboards-def/src/lib.rs. Run from anywhere; needs python3.
set -eu
fuzz=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$fuzz/../.." && pwd)
shared="$root/../shared"
if [ ! -d "$shared/corpus/dashboards" ]; then
    echo "seeds.sh: $shared/corpus/dashboards is missing (the shared corpus of real dashboards)" >&2
    exit 1
fi
python3 - "$fuzz/corpus" "$root" "$shared" <<'PY'
import os, re, sys
corpus, root, shared = sys.argv[1:]
def put(target, name, text):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "w") as f:
        f.write(text)
dash_dir = os.path.join(shared, "corpus/dashboards/dashboards")
for name in sorted(os.listdir(dash_dir)):
    with open(os.path.join(dash_dir, name)) as f:
        text = f.read()
    put("lint", name, text)
    # The import target reads input starting with `{` as JSON text.
    put("import", name, text.lstrip())
catalogs = {}
for path in [os.path.join(root, "dashboards-def/catalogs", n)
             for n in sorted(os.listdir(os.path.join(root, "dashboards-def/catalogs")))] + \
            [os.path.join(shared, "reference/django-prometheus-2.5.0.metrics.txt")]:
    with open(path) as f:
        catalogs[os.path.basename(path)] = f.read()
        put("catalog", os.path.basename(path), catalogs[os.path.basename(path)])
src = open(os.path.join(root, "dashboards-def/src/lib.rs")).read()
queries = re.findall(r'r#"(.*?)"#', src) + re.findall(r'filter "(.*?)"', src)
for name, text in catalogs.items():
    put("checks", name, text + "\n%%\n" + "\n".join(queries) + "\n")
# The DSL: the body of `dashboards! { .. }`, each dashboard's body, and the
# body of `provisioning! { .. }`.
start = src.index("dashboards! {") + len("dashboards! {")
put("dsl", "dashboards", src[start:src.rindex("}")])
for i, body in enumerate(re.findall(r"pub const \w+ = \{(.*?)\n    \};", src, re.S)):
    put("dsl", f"dashboard-{i}", body)
prov = re.search(r"provisioning! \{(.*?)\};", src, re.S)
put("dsl", "provisioning", prov.group(1).rstrip().rstrip("}"))
PY
for t in lint import catalog checks dsl; do
    echo "$t: $(ls "$fuzz/corpus/$t" | wc -l) seeds"
done
