#!/usr/bin/env bash
# planlens against plain baselines on generated national plans (issue #5).
#
#   bash bench/run.sh                 # scales 1 and 4 (the table of BENCHMARKS.md), 20 indicators × 10 years
#   SCALES="1 4 16" bash bench/run.sh # also 604 MB (Node cannot hold a string that long)
#   SCALES=1 RUNS=3 bash bench/run.sh # one size only
#
# Steps: builds the release CLI; for each scale generates a plan with
#   planlens generate --seed S --indicators N --years Y --scale K --perturb P -o FILE
# (which also writes FILE.planted.json, see planlens_generate::planted_json); runs
#   planlens check --format json FILE > /dev/null
#   node bench/baseline.mjs FILE                   (plain JavaScript, bench/areasum.mjs)
#   python3 bench/baseline_duckdb.py FILE          (DuckDB SQL)
# once under /usr/bin/time -v (peak memory; each tool's failing set is compared with the
# planted list through bench/failset.mjs), then times them with hyperfine (or repeated
# runs when hyperfine is missing), and writes a Markdown table of medians, ratios and
# peak memory to bench/results.md. With dist/planlens.html built (`make page`), the
# in-browser comparison (bench/browser.mjs) runs on the first scale's plan and is appended.
#
# Environment: SCALES ("1 4"), INDICATORS (20), YEARS (10), PERTURB (50), SEED (1),
# RUNS (5; hyperfine runs per command), WORK (target/bench-data: plans and outputs,
# about 1 GB at scale 16), OUT (bench/results.md), BROWSER (1; 0 skips the browser),
# PAGE (dist/planlens.html: the page bench/browser.mjs opens),
# GENERATE (the generator command; default "target/release/planlens generate").
# Tools that are missing (node, python3's duckdb) are skipped with a note.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SCALES=${SCALES:-"1 4"}
INDICATORS=${INDICATORS:-20}
YEARS=${YEARS:-10}
PERTURB=${PERTURB:-50}
SEED=${SEED:-1}
RUNS=${RUNS:-5}
WORK=${WORK:-$ROOT/target/bench-data}
OUT=${OUT:-$ROOT/bench/results.md}
BROWSER=${BROWSER:-1}
PAGE=${PAGE:-$ROOT/dist/planlens.html}
BIN=$ROOT/target/release/planlens
# Node's default heap (about 4 GB) is too small for the larger plans' object trees.
NODE="node --max-old-space-size=16384"

log() { printf '== %s\n' "$*" >&2; }

log "building the release CLI"
cargo build --release --quiet
GENERATE=${GENERATE:-"$BIN generate"}
mkdir -p "$WORK"
ROWS=$WORK/rows.tsv
: >"$ROWS"

have_hyperfine=0
command -v hyperfine >/dev/null 2>&1 && have_hyperfine=1
have_time=0
[ -x /usr/bin/time ] && have_time=1
have_node=0
command -v node >/dev/null 2>&1 && have_node=1
have_duckdb=0
python3 -c 'import duckdb' >/dev/null 2>&1 && have_duckdb=1
[ "$have_node" = 1 ] || { echo "node is needed (bench/failset.mjs compares the outputs)" >&2; exit 2; }

# peak_kb FILE: "Maximum resident set size" from a /usr/bin/time -v log.
peak_kb() { sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$1" | tail -n1; }
wall_s() { sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" | tail -n1 |
  awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'; }

# run_once NAME OUTFILE CMD...: one run under /usr/bin/time -v; stdout to OUTFILE.
run_once() {
  local name=$1 out=$2
  shift 2
  local tlog=$WORK/$name.time
  local rc=0
  if [ "$have_time" = 1 ]; then
    /usr/bin/time -v -o "$tlog" "$@" >"$out" 2>"$WORK/$name.err" || rc=$?
  else
    "$@" >"$out" 2>"$WORK/$name.err" || rc=$?
    : >"$tlog"
  fi
  echo "$rc"
}

# median_runs CMD: median wall seconds of RUNS runs (the fallback without hyperfine).
median_runs() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s.%N)
    bash -c "$1" >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; print m }'
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
first_plan=""
for K in $SCALES; do
  F=$WORK/plan-s$K.json
  log "scale $K: generating $F"
  g0=$(date +%s.%N)
  # shellcheck disable=SC2086
  $GENERATE --seed "$SEED" --indicators "$INDICATORS" --years "$YEARS" --scale "$K" --perturb "$PERTURB" -o "$F"
  g1=$(date +%s.%N)
  gen_s=$(echo "$g1 - $g0" | bc -l)
  [ -n "$first_plan" ] || first_plan=$F
  size=$(stat -c %s "$F")
  targets=$(grep -c '^{"indicator"' "$F" || true)
  node bench/failset.mjs planted "$F.planted.json" >"$WORK/s$K.planted.canon"
  planted=$(wc -l <"$WORK/s$K.planted.canon")

  declare -A CMD=()
  names=(planlens)
  CMD[planlens]="$BIN check --format json $F"
  names+=(node)
  CMD[node]="$NODE bench/baseline.mjs $F"
  if [ "$have_duckdb" = 1 ]; then
    names+=(duckdb)
    CMD[duckdb]="python3 bench/baseline_duckdb.py $F"
  fi

  ok_names=()
  for n in "${names[@]}"; do
    log "scale $K: $n (once, for the failing set and peak memory)"
    out=$WORK/s$K.$n.out
    # shellcheck disable=SC2086
    rc=$(run_once "s$K.$n" "$out" ${CMD[$n]})
    # planlens exits 1 when a check fails (as planted): that is success here.
    if { [ "$n" = planlens ] && [ "$rc" -gt 1 ]; } || { [ "$n" != planlens ] && [ "$rc" != 0 ]; }; then
      verdict="error (exit $rc: $(tail -c 300 "$WORK/s$K.$n.err" | tr '\n|' '  '))"
    else
      if [ "$n" = planlens ]; then
        node bench/failset.mjs report "$out" >"$WORK/s$K.$n.canon"
      else
        node bench/failset.mjs lines "$out" >"$WORK/s$K.$n.canon"
      fi
      if cmp -s "$WORK/s$K.$n.canon" "$WORK/s$K.planted.canon"; then
        verdict="yes"
        ok_names+=("$n")
      else
        verdict="NO ($(diff "$WORK/s$K.$n.canon" "$WORK/s$K.planted.canon" | grep -c '^[<>]') lines differ)"
      fi
    fi
    kb=$(peak_kb "$WORK/s$K.$n.time")
    once=$(wall_s "$WORK/s$K.$n.time")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$K" "$n" "$size" "$targets" "$planted" "$gen_s" \
      "${kb:-}" "${once:-}" "$verdict" "${CMD[$n]}" >>"$ROWS"
    rm -f "$out"
  done

  if [ "${#ok_names[@]}" -gt 0 ]; then
    log "scale $K: timing ${ok_names[*]}"
    if [ "$have_hyperfine" = 1 ]; then
      args=()
      for n in "${ok_names[@]}"; do args+=(-n "$n" "${CMD[$n]} > /dev/null 2>&1"); done
      hyperfine -i --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/s$K.hyperfine.json" "${args[@]}" >&2
    else
      python3 - "$WORK/s$K.hyperfine.json" "${ok_names[@]}" <<'EOF' >/dev/null
import json, sys
json.dump({"results": []}, open(sys.argv[1], "w"))
EOF
      for n in "${ok_names[@]}"; do
        m=$(median_runs "${CMD[$n]}")
        python3 - "$WORK/s$K.hyperfine.json" "$n" "$m" <<'EOF'
import json, sys
p, n, m = sys.argv[1], sys.argv[2], float(sys.argv[3])
d = json.load(open(p))
d["results"].append({"command": n, "median": m, "mean": m, "stddev": None, "times": []})
json.dump(d, open(p, "w"))
EOF
      done
    fi
  fi
  unset CMD
done

rm -f "$WORK/browser.md"
if [ "$BROWSER" = 1 ] && [ -n "$first_plan" ]; then
  if [ -f "$PAGE" ] && [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    log "in the browser: $first_plan"
    node bench/browser.mjs "$first_plan" --page "$PAGE" --markdown "$WORK/browser.md" >&2 ||
      echo "bench/browser.mjs failed; see above" >&2
  else
    log "no $PAGE (make page) or no Chromium: skipping the browser comparison"
  fi
fi

log "writing $OUT"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
python3 - "$ROWS" "$WORK" "$OUT" "$RUNS" "$have_hyperfine" "$INDICATORS" "$YEARS" "$SEED" "$LOAD_BEFORE" "$LOAD_AFTER" <<'EOF'
import json, os, platform, subprocess, sys, datetime

rows_path, work, out, runs, hf, inds, years, seed, load0, load1 = sys.argv[1:11]
rows = [l.rstrip("\n").split("\t") for l in open(rows_path, encoding="utf-8") if l.strip()]

def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except Exception:
        return ""

cpu = sh("lscpu | sed -n 's/^Model name:[[:space:]]*//p'") or platform.processor()
mem = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)
duck = sh("python3 -c 'import duckdb; print(duckdb.__version__)'") or "(missing)"
hyper = sh("hyperfine --version") or "no hyperfine (medians of repeated runs)"
lines = [
    "# planlens benchmark results",
    "",
    f"Generated by `bench/run.sh` on {datetime.date.today().isoformat()}: {cpu}, "
    f"{os.cpu_count()} cores, {mem} GiB; {sh('rustc --version')}, node {sh('node --version')}, "
    f"duckdb {duck}, {hyper}. Load average (1, 5, 15 min) before: {load0}, after: {load1} "
    "(above the core count, other work shared the machine and wall times are inflated).",
    "",
    f"Plans: `planlens generate --seed {seed} --indicators {inds} --years {years} --scale K "
    "--perturb 50`. Wall time is the median of "
    f"{runs} runs (after one warm-up) of the whole command: start, read, parse, check, output. "
    "planlens writes its full JSON report (every finding with its parts) to /dev/null; "
    "the baselines print only the failing set. Peak memory is the maximum resident set "
    "size of one run (`/usr/bin/time -v`); CPU is hyperfine's mean user + system time, "
    "less sensitive than wall time to other load on the machine (DuckDB may use several "
    "threads; planlens and Node's parse and check use one). \"Planted = failing\" compares each tool's "
    "failing area_sum set, with exact differences, with the generator's planted list.",
    "",
]
by_scale = {}
for r in rows:
    by_scale.setdefault(r[0], []).append(r)
for k, rs in by_scale.items():
    size, targets, planted, gen = rs[0][2], rs[0][3], rs[0][4], rs[0][5]
    lines.append(f"## Scale {k}: {int(size) / 1e6:.1f} MB, {int(targets):,} targets, {planted} planted failures")
    lines.append("")
    lines.append(f"Generation: {float(gen):.2f} s (including process start and writing the file).")
    lines.append("")
    hpath = os.path.join(work, f"s{k}.hyperfine.json")
    med = {}
    if os.path.exists(hpath):
        for res in json.load(open(hpath)).get("results", []):
            med[res["command"]] = res
    base = med.get("planlens", {}).get("median")
    cpu_base = None
    if "planlens" in med and med["planlens"].get("user") is not None:
        cpu_base = med["planlens"]["user"] + med["planlens"]["system"]
    lines.append(
        "| tool | median wall (s) | × planlens | σ (s) | CPU user+sys (s) | × planlens | peak memory (MB) | planted = failing |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|---|")
    fmt = lambda v, spec: "–" if v is None else format(v, spec)
    for r in rs:
        name, kb, verdict = r[1], r[6], r[8]
        m = med.get(name, {})
        mm, sd = m.get("median"), m.get("stddev")
        cpu = m["user"] + m["system"] if m.get("user") is not None else None
        ratio = mm / base if (mm and base) else None
        cratio = cpu / cpu_base if (cpu and cpu_base) else None
        mem = int(kb) / 1024 if kb else None
        lines.append(
            f"| {name} | {fmt(mm, '.3f')} | {fmt(ratio, '.2f')} | {fmt(sd, '.3f')} | {fmt(cpu, '.3f')} "
            f"| {fmt(cratio, '.2f')} | {fmt(mem, '.0f')} | {verdict} |"
        )
    lines.append("")
    lines.append("Commands: " + "; ".join(f"`{r[9].replace(os.getcwd() + '/', '')}`" for r in rs) + ".")
    lines.append("")
extra = os.path.join(work, "browser.md")
if os.path.exists(extra):
    lines.append(open(extra, encoding="utf-8").read().rstrip())
    lines.append("")
open(out, "w", encoding="utf-8").write("\n".join(lines))
print("\n".join(lines))
EOF
