#!/usr/bin/env bash
# Whole-process comparison of `agenda` with the floor (read + generic
# `toml::Table` parse, examples/floor.rs) and the peer (bench/peer.py:
# tomllib + zoneinfo + icalendar), on the same generated files, in one run.
# Prints every median, the ratios the targets of BENCHMARKS.md are stated
# in, and the peak memory; and the read of one programme as frab schedule
# XML and as schedule JSON (bench/frab_json.py makes the JSON from the XML).
#
#   bench/compare.sh              # from the repository root, or anywhere
#   RUNS=20 bench/compare.sh      # more runs per command (x100 for the
#                                 # start-up of the bundled agenda)
#
# Needs: cargo, python3 (3.11+, for tomllib) with venv, hyperfine and
# GNU time (Debian packages `hyperfine` and `time`, installed when run as
# root). Writes only under the cargo target directory.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

runs=${RUNS:-10}
target=${CARGO_TARGET_DIR:-$root/target}
work=$target/bench
mkdir -p "$work"

# need_pkg PACKAGE: installs a Debian package when run as root, else stops.
need_pkg() {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && apt-get install -y -qq "$1" >/dev/null
    else
        echo "compare.sh: needs the Debian package $1" >&2
        exit 2
    fi
}
# need COMMAND PACKAGE: the package unless the command is there.
need() { command -v "$1" >/dev/null || need_pkg "$2"; }
need hyperfine hyperfine
[ -x /usr/bin/time ] || need /usr/bin/time time

echo "== building (release)"
cargo build --release --locked --quiet --bin agenda --example floor --example gen_agenda
bin=$target/release
agenda=$bin/agenda
floor=$bin/examples/floor

venv=$work/venv
if ! "$venv/bin/python" -c 'import icalendar' 2>/dev/null; then
    echo "== installing icalendar into $venv"
    python3 -m venv "$venv" 2>/dev/null || {
        rm -rf "$venv"
        need_pkg python3-venv
        python3 -m venv "$venv"
    }
    "$venv/bin/pip" install --quiet icalendar
fi
python=$venv/bin/python
peer="$python $root/bench/peer.py"

export_cmd=""
if "$agenda" export --help >/dev/null 2>&1; then
    export_cmd=yes
else
    echo "== this agenda has no \`export\` command: the export and peer rows are left out"
fi

hours_cmd=""
"$agenda" hours --help >/dev/null 2>&1 && hours_cmd=yes

for n in 1000 10000 100000; do
    [ -s "$work/agenda-$n.toml" ] || "$bin/examples/gen_agenda" "$n" >"$work/agenda-$n.toml"
done
"$agenda" -f "$work/agenda-100000.toml" check >/dev/null 2>&1 || {
    echo "compare.sh: the generated agenda does not pass agenda check" >&2
    exit 1
}
# The same programmes as frab schedule XML and as schedule JSON, for the
# read of the two formats (issue 20: JSON within 2x XML).
for n in 10000 100000; do
    [ -s "$work/schedule-$n.xml" ] || "$agenda" -f "$work/agenda-$n.toml" export --format xml -o "$work/schedule-$n.xml"
    [ -s "$work/schedule-$n.json" ] || python3 "$root/bench/frab_json.py" "$work/schedule-$n.xml" >"$work/schedule-$n.json"
done

# SOURCE_DATE_EPOCH makes both exports deterministic, and no colour or
# system zone lookup differs between runs.
export SOURCE_DATE_EPOCH=1618322400 NO_COLOR=1

# hyperfine NAME -- COMMAND...: runs them in one hyperfine call, JSON in $work/NAME.json.
bench() {
    local name=$1
    shift 2
    hyperfine -N --style basic --warmup 2 --runs "$runs" --export-json "$work/$name.json" "$@" \
        >"$work/$name.log" 2>&1 || { cat "$work/$name.log" >&2; exit 1; }
}

echo "== uptime: $(uptime)"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "== runs per command: $runs (medians)"

for n in 10000 100000; do
    file=$work/agenda-$n.toml
    cmds=(-n floor "$floor $file" -n check "$agenda -f $file check")
    if [ -n "$export_cmd" ]; then
        cmds+=(-n export "$agenda -f $file export")
        [ "$n" = 10000 ] && cmds+=(-n peer "$peer $file")
    fi
    # `hours` (issue 14): the event zone, plus four zones as organizers ask.
    if [ -n "$hours_cmd" ] && [ "$n" = 10000 ]; then
        cmds+=(-n hours "$agenda -f $file hours")
        cmds+=(-n hours4 "$agenda -f $file hours --tz santiago --tz phoenix --tz paris --tz tokyo")
    fi
    cmds+=(-n xml "$agenda -f $work/schedule-$n.xml check" -n json "$agenda -f $work/schedule-$n.json check")
    echo "== $n blocks"
    bench "size-$n" -- "${cmds[@]}"
done

echo "== bundled agenda.toml (start-up)"
hyperfine -N --style basic --warmup 50 --runs $((runs * 100)) --export-json "$work/bundled.json" \
    -n check "$agenda -f $root/agenda.toml check" -n show "$agenda -f $root/agenda.toml show" \
    >"$work/bundled.log" 2>&1 || { cat "$work/bundled.log" >&2; exit 1; }

echo "== peak memory at 100000 blocks (max RSS)"
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }
file=$work/agenda-100000.toml
mem_floor=$(rss "$floor" "$file")
mem_check=$(rss "$agenda" -f "$file" check)
mem_export=""
[ -n "$export_cmd" ] && mem_export=$(rss "$agenda" -f "$file" export)

"$python" - "$work" "$mem_floor" "$mem_check" "$mem_export" <<'PY'
import json, sys
work, mem_floor, mem_check, mem_export = sys.argv[1:5]

def medians(name):
    with open(f"{work}/{name}.json") as f:
        return {r["command"]: r["median"] for r in json.load(f)["results"]}

s10, s100 = medians("size-10000"), medians("size-100000")
small = medians("bundled")
rows = []
def row(target, figure, ok):
    rows.append((target, figure, "met" if ok else "NOT met"))

for n, s in (("10,000", s10), ("100,000", s100)):
    r = s["check"] / s["floor"]
    row(f"check at {n} blocks <= 1.2x floor",
        f"{s['check']*1e3:.1f} ms / {s['floor']*1e3:.1f} ms = {r:.2f}x", r <= 1.2)
for cmd in ("hours", "hours4"):
    if cmd in s10:
        r = s10[cmd] / s10["check"]
        row(f"{cmd} at 10,000 blocks <= 2x check",
            f"{s10[cmd]*1e3:.1f} ms / {s10['check']*1e3:.1f} ms = {r:.2f}x", r <= 2)
if "export" in s10 and "peer" in s10:
    r = s10["peer"] / s10["export"]
    row("export (ics) at 10,000 >= 30x faster than peer",
        f"{s10['peer']*1e3:.0f} ms / {s10['export']*1e3:.1f} ms = {r:.1f}x", r >= 30)
for cmd in ("check", "export"):
    if cmd in s10 and cmd in s100:
        r = s100[cmd] / s10[cmd]
        row(f"{cmd}: 100,000 blocks <= 12x 10,000",
            f"{s100[cmd]*1e3:.1f} ms / {s10[cmd]*1e3:.1f} ms = {r:.2f}x", r <= 12)
for n, s in (("10,000", s10), ("100,000", s100)):
    if "xml" in s and "json" in s:
        r = s["json"] / s["xml"]
        row(f"schedule JSON read at {n} events <= 2x XML (check -f)",
            f"{s['json']*1e3:.0f} ms / {s['xml']*1e3:.0f} ms = {r:.2f}x", r <= 2)
r = s100["floor"] / s10["floor"]
rows.append(("(floor: 100,000 / 10,000, for reference)",
             f"{s100['floor']*1e3:.1f} ms / {s10['floor']*1e3:.1f} ms = {r:.2f}x", "-"))
for cmd, mem in (("check", mem_check), ("export", mem_export)):
    if mem:
        row(f"peak memory of {cmd} at 100,000 < floor's",
            f"{int(mem)/1024:.1f} MiB vs {int(mem_floor)/1024:.1f} MiB", int(mem) < int(mem_floor))
for cmd in ("check", "show"):
    row(f"bundled agenda: {cmd} well under 10 ms",
        f"{small[cmd]*1e3:.2f} ms", small[cmd] < 0.010)

print()
print("| target | measured (medians) | |")
print("|---|---|---|")
for target, figure, verdict in rows:
    print(f"| {target} | {figure} | {verdict} |")
print()
for name, s in (("10,000 blocks", s10), ("100,000 blocks", s100), ("bundled", small)):
    print(f"{name}: " + ", ".join(f"{k} {v*1e3:.2f} ms" for k, v in s.items()))
PY
echo "(hyperfine logs and JSON: $work)"
