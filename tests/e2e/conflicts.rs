//! Issue 19: a programme that breaks rules is shown, whole, by every view,
//! with one line on stderr; `--strict` refuses it as before; `check` is
//! unchanged. One programme in three formats (`tests/fixtures/conflicts/`,
//! FOSDEM-like, written by hand): the opening streamed into a second room
//! (FOSDEM Staff due twice), a main-track talk that starts before the
//! opening ends (an overlap in Janson), and Ana Tanaka in two devrooms at
//! once. Brussels is UTC+01:00 on 31 January 2026; the times below were
//! worked out by hand from the fixtures' local times.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};

use crate::harness::{fixture, root, Test};

/// The one programme, in each format.
const FORMATS: [&str; 3] = ["fosdem.toml", "fosdem.xml", "fosdem.json"];

/// Every block: title, local times in Brussels, UTC times, and the rules
/// it breaks (codes in the order `check` lists codes).
const BLOCKS: [(&str, &str, &str, &[&str]); 6] = [
    (
        "Welcome to FOSDEM",
        "10:30–11:20",
        "09:30–10:20",
        &["overlap", "double-booking"],
    ),
    (
        "Welcome to FOSDEM (stream)",
        "10:30–11:20",
        "09:30–10:20",
        &["double-booking"],
    ),
    (
        "State of the Source",
        "11:00–11:50",
        "10:00–10:50",
        &["overlap"],
    ),
    (
        "Async Rust in embedded",
        "11:00–11:25",
        "10:00–10:25",
        &["double-booking"],
    ),
    (
        "Go generics in practice",
        "11:15–11:40",
        "10:15–10:40",
        &["double-booking"],
    ),
    ("Rust on RISC-V", "11:30–11:55", "10:30–10:55", &[]),
];

/// The row of the `show` table whose title cell is `title`.
fn row<'a>(table: &'a str, title: &str) -> &'a str {
    table
        .lines()
        .find(|line| {
            line.split('┆')
                .nth(2)
                .is_some_and(|cell| cell.trim() == title)
        })
        .unwrap_or_else(|| panic!("no row titled {title:?} in\n{table}"))
}

/// What the views say on stderr, and nothing else, for the file as named.
fn summary(name: &str) -> String {
    format!(
        "agenda: {name} breaks 3 rules (double-booking ×2, overlap ×1); \
         run `agenda check -f {name}` for details\n"
    )
}

fn path(name: &str) -> String {
    format!("tests/fixtures/conflicts/{name}")
}

/// A view of a fixture, from the repository root: its stdout, after
/// checking that it exits 0 and says exactly the summary on stderr.
fn view(name: &str, args: &[&str]) -> String {
    let file = path(name);
    Test::new()
        .in_root()
        .args(["-f", &file])
        .args(args)
        .stderr(summary(&file))
        .run()
        .stdout
}

/// Under `--strict` the view refuses the programme: `check`'s report,
/// nothing on stdout, exit 1.
fn refused(name: &str, args: &[&str]) {
    Test::new()
        .in_root()
        .args(["-f", &path(name)])
        .args(args)
        .arg("--strict")
        .status(1)
        .stdout("")
        .stderr_contains("error[double-booking]: Ana Tanaka is due in two places at once")
        .stderr_contains("error[overlap]: `State of the Source`")
        .stderr_contains("3 errors, 0 warnings")
        .stderr_contains("has errors; nothing done")
        .run();
}

#[test]
fn show_prints_every_block_marked_and_one_line() {
    for name in FORMATS {
        for (zone, local) in [("Europe/Brussels", true), ("UTC", false)] {
            let table = view(name, &["--tz", zone]);
            for (title, brussels, utc, codes) in BLOCKS {
                let line = row(&table, title);
                let times = if local { brussels } else { utc };
                assert!(line.contains(times), "{name} {zone}: {line}");
                let mark = if codes.is_empty() { "talk  " } else { "talk !" };
                assert!(line.contains(&format!("┆ {mark} ┆")), "{name}: {line}");
            }
            assert!(
                table.contains(
                    "! breaks a rule of the programme (overlap, double-booking); \
                     `agenda check` says which and where"
                ),
                "{table}"
            );
        }
        refused(name, &["--tz", "UTC"]);
    }
}

#[test]
fn check_still_reports_every_finding_and_fails() {
    for name in FORMATS {
        let out = Test::new()
            .in_root()
            .args(["check", "-f", &path(name)])
            .status(1)
            .stdout("")
            .stderr_contains(format!("{}: 3 errors, 0 warnings", path(name)))
            .run();
        assert_eq!(out.stderr.matches("error[double-booking]").count(), 2);
        assert_eq!(out.stderr.matches("error[overlap]").count(), 1);
        // `--strict` is what `check` always is.
        Test::new()
            .in_root()
            .args(["check", "--strict", "-f", &path(name)])
            .status(2)
            .stderr_contains("unexpected argument '--strict'")
            .run();
        Test::new()
            .in_root()
            .args(["--strict", "check", "-f", &path(name)])
            .status(2)
            .stderr("agenda: --strict does nothing for `agenda check`: it is always strict\n")
            .run();
    }
}

#[test]
fn now_shows_what_runs_whatever_rules_it_breaks() {
    // 10:10 UTC is 11:10 in Brussels: four blocks run, Go generics is next.
    for name in FORMATS {
        let args = [
            "now",
            "--tz",
            "Europe/Brussels",
            "--at",
            "2026-01-31T10:10:00Z",
        ];
        let out = view(name, &args);
        for line in [
            "Now in H.2215 (Ferrer): talk · Async Rust in embedded (Ana Tanaka) — until 11:25 CET, 15 min left",
            "Now in Janson: talk · Welcome to FOSDEM (FOSDEM Staff) — until 11:20 CET, 10 min left",
            "Now in Janson: talk · State of the Source (Cy Doe) — until 11:50 CET, 40 min left",
            "Now in K.1.105 (La Fontaine): talk · Welcome to FOSDEM (stream) (FOSDEM Staff) — until 11:20 CET, 10 min left",
            "Next in UB2.252A (Lameere): talk · Go generics in practice (Ana Tanaka) — starts 11:15 CET, in 5 min",
        ] {
            assert!(out.contains(line), "{name}: no {line:?} in\n{out}");
        }
        refused(name, &args);
    }
}

#[test]
fn hours_measures_every_block() {
    // The union of the blocks is 10:30–11:55 in Brussels: 85 minutes, all
    // awake.
    for name in FORMATS {
        let out = view(name, &["hours", "--tz", "Europe/Brussels"]);
        assert!(out.contains("The programme runs 85 minutes"), "{out}");
        assert!(
            out.contains("10:30–11:55 Sat 31 Jan  85/85 min 100%"),
            "{out}"
        );
        refused(name, &["hours"]);
    }
}

/// `(summary, start, end)` of every VEVENT, as the icalendar crate reads
/// them, by title.
fn calendar_events(ics: &str) -> BTreeMap<String, (DateTime<Utc>, DateTime<Utc>)> {
    let calendar = Calendar::from_str(ics).expect("the icalendar crate parses it");
    let utc = |at: Option<DatePerhapsTime>| match at {
        Some(DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(t))) => t,
        other => panic!("not UTC: {other:?}"),
    };
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some((
                e.get_summary().unwrap().to_string(),
                (utc(e.get_start()), utc(e.get_end())),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn the_calendar_holds_every_block_and_nothing_about_rules() {
    let at = |hm: &str| -> DateTime<Utc> { format!("2026-01-31T{hm}:00Z").parse().unwrap() };
    for name in FORMATS {
        let ics = view(name, &["export"]);
        let events = calendar_events(&ics);
        assert_eq!(events.len(), 6, "{name}");
        for (title, _, utc, _) in BLOCKS {
            let (start, end) = utc.split_once('–').unwrap();
            assert_eq!(events[title], (at(start), at(end)), "{name}: {title}");
        }
        assert!(!ics.contains("rule"), "{ics}");
        assert!(!ics.contains("overlap"), "{ics}");
        refused(name, &["export"]);
    }
}

#[test]
fn json_carries_each_blocks_finding_codes() {
    for name in FORMATS {
        let json = view(name, &["export", "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let blocks = json["days"][0]["blocks"].as_array().unwrap();
        assert_eq!(blocks.len(), 6);
        for (title, _, utc, codes) in BLOCKS {
            let block = blocks
                .iter()
                .find(|b| b["title"] == title)
                .unwrap_or_else(|| panic!("{name}: no {title}"));
            let (start, _) = utc.split_once('–').unwrap();
            assert_eq!(block["start_utc"], format!("2026-01-31T{start}:00Z"));
            assert_eq!(
                block["findings"],
                serde_json::json!(codes),
                "{name}: {title}"
            );
        }
        refused(name, &["export", "--format", "json"]);
    }
}

#[test]
fn markdown_and_html_mark_the_blocks_that_break_a_rule() {
    for name in FORMATS {
        let markdown = view(name, &["export", "--format", "markdown"]);
        for (title, brussels, _, codes) in BLOCKS {
            let line = markdown
                .lines()
                .find(|l| l.contains(&format!("**{title}**")))
                .unwrap();
            assert!(line.starts_with(&format!("| {brussels} |")), "{line}");
            let kind = if codes.is_empty() {
                "| talk |"
            } else {
                "| talk ! |"
            };
            assert!(line.contains(kind), "{name}: {line}");
        }
        assert!(markdown.contains("\n! breaks a rule of the programme (overlap, double-booking);"));

        let html = view(name, &["export", "--format", "html"]);
        assert_eq!(
            html.matches("<tr class=\"block kind-talk breaks-rule\"")
                .count(),
            5
        );
        assert_eq!(html.matches("<tr class=\"block kind-talk\"").count(), 1);
        // In words, for every reader.
        assert!(html.contains(
            "<p class=\"conflict\"><span aria-hidden=\"true\">⚠ </span>Breaks a rule of the \
             programme: overlap, double-booking</p>"
        ));
        assert_eq!(
            html.matches("Breaks a rule of the programme: double-booking</p>")
                .count(),
            3
        );
        refused(name, &["export", "--format", "html"]);
    }
}

/// Whether xmllint is there to validate with (CI installs it).
fn xmllint() -> bool {
    if Command::new("xmllint").arg("--version").output().is_ok() {
        return true;
    }
    assert!(std::env::var_os("CI").is_none(), "xmllint is not installed");
    eprintln!("skipped: xmllint is not installed (CI installs libxml2-utils)");
    false
}

#[test]
fn frab_xml_holds_every_block_valid_and_nothing_about_rules() {
    let dir = tempfile::tempdir().unwrap();
    for name in FORMATS {
        let out = dir.path().join(format!("{name}.xml"));
        let file = path(name);
        Test::new()
            .in_root()
            .args(["export", "--format", "xml", "-f", &file, "-o"])
            .arg(&out)
            .stdout("")
            .stderr(summary(&file))
            .run();
        let xml = std::fs::read_to_string(&out).unwrap();
        assert_eq!(xml.matches("<event ").count(), 6, "{xml}");
        assert!(
            xml.contains("<date>2026-01-31T11:15:00+01:00</date>"),
            "{xml}"
        );
        assert!(!xml.contains("overlap") && !xml.contains("rule"), "{xml}");
        if xmllint() {
            let check = Command::new("xmllint")
                .args(["--noout", "--schema"])
                .arg(root().join("schemas/frab-schedule.xsd"))
                .arg(&out)
                .output()
                .unwrap();
            assert!(check.status.success(), "{check:?}");
        }
    }
}

#[test]
fn strict_export_leaves_the_target_untouched() {
    for name in FORMATS {
        let test = Test::new().write("programme.ics", "the old calendar\n");
        let target = test.path("programme.ics");
        let out = test
            .in_root()
            .args(["export", "--strict", "-f", &path(name), "-o"])
            .arg(&target)
            .status(1)
            .stderr_contains("3 errors, 0 warnings")
            .run();
        assert_eq!(out.read("programme.ics"), "the old calendar\n");
        // Without --strict it is replaced, and the line says why to look.
        let test = Test::new().write("programme.ics", "the old calendar\n");
        let target = test.path("programme.ics");
        let out = test
            .in_root()
            .args(["export", "-f", &path(name), "-o"])
            .arg(&target)
            .stderr(summary(&path(name)))
            .run();
        assert_eq!(calendar_events(&out.read("programme.ics")).len(), 6);
    }
}

/// The fixture with Go generics at 11:45 instead of 11:15 (in Brussels),
/// when Ana Tanaka was due in one devroom at a time; written beside the
/// test's other files.
fn earlier_version(name: &str, dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(fixture(&format!("conflicts/{name}"))).unwrap();
    let earlier = match name {
        "fosdem.toml" => text.replace("start = \"11:15\"", "start = \"11:45\""),
        _ => text
            .replace("2026-01-31T11:15:00+01:00", "2026-01-31T11:45:00+01:00")
            .replace("<start>11:15</start>", "<start>11:45</start>")
            .replace("\"start\": \"11:15\"", "\"start\": \"11:45\""),
    };
    assert_ne!(earlier, text, "{name}");
    let path = dir.join(format!("earlier-{name}"));
    std::fs::write(&path, earlier).unwrap();
    path
}

#[test]
fn diff_reports_the_changes_and_the_conflicts_they_make() {
    let dir = tempfile::tempdir().unwrap();
    for name in FORMATS {
        let old = earlier_version(name, dir.path());
        let new = path(name);
        let out = Test::new()
            .in_root()
            .args(["diff", "--tz", "Europe/Brussels"])
            .arg(&old)
            .arg(&new)
            .status(1)
            .run();
        // Both versions break rules: one line for both.
        assert_eq!(
            out.stderr,
            // Ties in the order of the codes.
            format!(
                "agenda: {} breaks 2 rules (overlap ×1, double-booking ×1); {new} breaks 3 rules \
                 (double-booking ×2, overlap ×1); run `agenda check -f FILE` for details\n",
                old.display()
            )
        );
        assert!(
            out.stdout.contains(
                "\n  new double booking: \"Async Rust in embedded\" (11:00–11:25) and \
                 \"Go generics in practice\" (11:15–11:40)\n  moved       \"Go generics in \
                 practice\" now 11:15–11:40 (was 11:45–12:10)\n"
            ),
            "{name}:\n{}",
            out.stdout
        );
        // The conflicts both versions have are no change.
        assert!(!out.stdout.contains("overlap"), "{}", out.stdout);
        assert!(!out.stdout.contains("stream"), "{}", out.stdout);

        let back = Test::new()
            .in_root()
            .args(["diff", "--tz", "Europe/Brussels", "--format", "markdown"])
            .arg(&new)
            .arg(&old)
            .status(1)
            .run();
        assert!(
            back.stdout.contains(
                "- **Resolved double booking:** *Async Rust in embedded* (11:00–11:25) and \
                 *Go generics in practice* (11:15–11:40)\n"
            ),
            "{}",
            back.stdout
        );
        // `--strict` refuses either version: exit 2, as 1 means "changed".
        Test::new()
            .in_root()
            .args(["diff", "--strict"])
            .arg(&old)
            .arg(&new)
            .status(2)
            .stdout("")
            .stderr_contains("error[overlap]")
            .stderr_contains("has errors; nothing done")
            .run();
    }
}

#[test]
fn a_block_whose_time_cannot_be_read_is_left_out_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    for name in FORMATS {
        let text = std::fs::read_to_string(fixture(&format!("conflicts/{name}"))).unwrap();
        // Rust on RISC-V is the only block that starts at 11:30.
        let (code, broken) = match name {
            "fosdem.toml" => (
                "bad-time",
                text.replace("start = \"11:30\"", "start = \"11:3x\""),
            ),
            _ => (
                "bad-date",
                text.replace("2026-01-31T11:30:00+01:00", "2026-01-31T11:3x:00+01:00"),
            ),
        };
        assert_ne!(broken, text);
        let file = dir.path().join(name);
        std::fs::write(&file, broken).unwrap();
        let shown = file.display();
        let out = Test::new()
            .args(["-f"])
            .arg(&file)
            .args(["--tz", "Europe/Brussels"])
            .stderr(format!(
                "agenda: {shown} breaks 3 rules (double-booking ×2, overlap ×1), has 1 reading \
                 error ({code} ×1) and 1 block could not be read; run `agenda check -f {shown}` \
                 for details\n"
            ))
            .run();
        assert!(!out.stdout.contains("Rust on RISC-V"), "{}", out.stdout);
        for (title, brussels, _, _) in &BLOCKS[..5] {
            assert!(row(&out.stdout, title).contains(brussels), "{}", out.stdout);
        }
    }
}

#[test]
fn import_keeps_the_conflicts_and_says_how_many_rules_break() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["fosdem.xml", "fosdem.json"] {
        let out = dir.path().join(format!("{name}.toml"));
        let shown = out.display();
        Test::new()
            .in_root()
            .args(["import", &path(name), "-o"])
            .arg(&out)
            .stderr(format!(
                "agenda: the imported agenda {shown} breaks 3 rules (double-booking ×2, \
                 overlap ×1); run `agenda check -f {shown}` on it for details\n"
            ))
            .run();
        // The agenda written holds every event, conflicts and all, and
        // `check` finds them there.
        let check = Test::new()
            .args(["check", "-f"])
            .arg(&out)
            .status(1)
            .stderr_contains(format!("{shown}: 3 errors, 0 warnings"))
            .run();
        assert_eq!(check.stderr.matches("error[double-booking]").count(), 2);
        let table = Test::new()
            .args(["-f"])
            .arg(&out)
            .args(["--tz", "UTC"])
            .stderr_contains("breaks 3 rules")
            .run()
            .stdout;
        for (title, _, utc, _) in BLOCKS {
            assert!(row(&table, title).contains(utc), "{table}");
        }
    }
}

/// Every agenda of the test fixtures, good or bad, through every view:
/// never a panic; exit 0 with at most the one summary line, or 1 with the
/// report when there is no programme at all (or when frab XML cannot hold
/// what there is: no block, or one longer than 99 h 59 min).
#[test]
fn every_fixture_through_every_view_is_shown_or_refused_cleanly() {
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["bad", "import", "conflicts", "show", "export"] {
        for entry in std::fs::read_dir(fixture(dir)).unwrap() {
            let path = entry.unwrap().path();
            let ext = path.extension().and_then(|e| e.to_str());
            if matches!(ext, Some("toml" | "xml" | "json")) {
                files.push(path);
            }
        }
    }
    files.sort();
    let views: [&[&str]; 8] = [
        &["show"],
        &["now", "--at", "2021-04-13T14:35:00Z"],
        &["hours"],
        &["export"],
        &["export", "--format", "json"],
        &["export", "--format", "markdown"],
        &["export", "--format", "html"],
        &["export", "--format", "xml"],
    ];
    // One thread per view: each run is short, and waiting for them one
    // by one would take most of the time.
    std::thread::scope(|scope| {
        for args in views {
            let files = &files;
            scope.spawn(move || {
                for file in files {
                    shown_or_refused(file, args);
                }
            });
        }
    });
}

#[track_caller]
fn shown_or_refused(file: &Path, args: &[&str]) {
    let out = Test::new()
        .arg("-f")
        .arg(file)
        .args(args)
        .assert()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let what = format!("{} {args:?}: {stderr}", file.display());
    assert!(!stderr.contains("panicked"), "{what}");
    match out.status.code() {
        Some(0) => {
            let lines: Vec<&str> = stderr.lines().collect();
            assert!(lines.len() <= 1, "{what}");
            if let Some(line) = lines.first() {
                assert!(line.ends_with("for details"), "{what}");
            }
        }
        Some(1) => assert!(
            stderr.contains("has errors; nothing done")
                || stderr.contains("nothing to export")
                || stderr.contains("too long for frab's HH:MM duration"),
            "{what}"
        ),
        other => panic!("exit {other:?}: {what}"),
    }
}
