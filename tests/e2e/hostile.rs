//! Hostile sizes: each finishes in bounded time with a result or a clear
//! error. The scale tests (tens of thousands of blocks or findings) are
//! ignored by `cargo test` and run by `.ci/run` (`--include-ignored`).
//! The bounds asserted here are loose enough for a debug build on a
//! busy machine; the figures measured on a release build (time and peak
//! memory by `/usr/bin/time -v`) are in CONTRIBUTING.md, "Robustness
//! and fuzzing".

use std::fmt::Write as _;
use std::fs;
use std::time::{Duration, Instant};

use crate::harness::Test;
use agenda::ZoneSource;
use agenda::{Format, View};
use predicates::prelude::*;

const HEADER: &str = "[event]\nname = \"Big\"\ntimezone = \"America/Santiago\"\n\n";

/// Runs `agenda ARGS -f FILE` on `text` and returns how long it took.
fn run(text: &str, args: &[&str], code: i32, stderr: impl Predicate<str>) -> Duration {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("big.toml");
    fs::write(&path, text).expect("written");
    let started = Instant::now();
    Test::new()
        .args(args)
        .arg("-f")
        .arg(&path)
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(300))
        .assert()
        .code(code)
        .stderr(stderr);
    started.elapsed()
}

/// `days` days of `per_day` ten-minute talks from 06:00, each with a
/// description of `description` bytes.
fn programme(days: usize, per_day: usize, description: usize) -> String {
    let mut text = String::from(HEADER);
    let first = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).expect("a date");
    let filler = "x".repeat(description);
    for d in 0..days {
        let date = first + chrono::Duration::days(d as i64);
        write!(text, "[[day]]\ndate = {date}\n\n").expect("to a string");
        for b in 0..per_day {
            let m = 6 * 60 + b * 10;
            write!(
                text,
                "[[day.block]]\nstart = \"{:02}:{:02}\"\nminutes = 10\nkind = \"talk\"\n\
                 title = \"Talk {d}-{b}\"\nspeaker = \"Speaker {b}\"\n",
                m / 60,
                m % 60
            )
            .expect("to a string");
            if description > 0 {
                writeln!(text, "description = \"{filler}\"").expect("to a string");
            }
            text.push('\n');
        }
    }
    text
}

#[test]
#[ignore = "scale: 100,000 blocks under a wall-clock bound; .ci/run runs it"]
fn a_hundred_thousand_blocks_are_checked_and_shown() {
    let text = programme(1000, 100, 0);
    assert_eq!(text.matches("[[day.block]]").count(), 100_000);
    let took = run(
        &text,
        &["check"],
        0,
        predicate::str::ends_with("0 errors, 0 warnings\n"),
    );
    assert!(took < Duration::from_secs(120), "check took {took:?}");
    let took = run(
        &text,
        &["show", "--tz", "Asia/Tokyo"],
        0,
        predicate::str::is_empty(),
    );
    assert!(took < Duration::from_secs(120), "show took {took:?}");
}

#[test]
#[ignore = "scale: a 50 MB file under a wall-clock bound; .ci/run runs it"]
fn a_fifty_megabyte_file_is_checked() {
    let text = programme(1000, 100, 400);
    assert!(text.len() > 49_000_000, "{} bytes", text.len());
    let took = run(
        &text,
        &["check"],
        0,
        predicate::str::ends_with("0 errors, 0 warnings\n"),
    );
    assert!(took < Duration::from_secs(120), "check took {took:?}");
}

/// Twenty thousand talks at the same time given by one speaker: every
/// block but the first overlaps the first one (19,999 errors) and puts the
/// speaker in two places at once (19,999 more); all are reported.
#[test]
#[ignore = "scale: 40,000 findings under a wall-clock bound; .ci/run runs it"]
fn tens_of_thousands_of_findings_are_all_reported() {
    let mut text = String::from(
        "[event]\nname = \"Clash\"\ntimezone = \"UTC\"\n\n[[day]]\ndate = 2021-04-13\n\n",
    );
    for b in 0..20_000 {
        write!(
            text,
            "[[day.block]]\nstart = \"14:00\"\nminutes = 10\nkind = \"talk\"\ntitle = \"T{b}\"\nspeaker = \"Ann\"\n\n"
        )
        .expect("to a string");
    }
    let took = run(
        &text,
        &["check"],
        1,
        predicate::str::ends_with("39998 errors, 0 warnings\n"),
    );
    assert!(took < Duration::from_secs(120), "check took {took:?}");
}

#[test]
fn a_megabyte_title_is_checked_and_shown_intact() {
    let title = "é".repeat(500_000);
    let text = format!(
        "{HEADER}[[day]]\ndate = 2021-04-13\n\n[[day.block]]\nstart = \"14:00\"\n\
         minutes = 10\nkind = \"talk\"\ntitle = \"{title}\"\n"
    );
    let checked = agenda::load(&text);
    assert!(checked.findings.is_empty(), "{:?}", checked.findings);
    let agenda = checked.agenda.expect("a model");
    let view = View {
        zones: vec![(agenda::Zone::utc(), ZoneSource::Flag)],
        breaks: true,
        alarm: None,
        generated: chrono::Utc::now(),
        width: None,
        tzdb: None,
    };
    let table = Format::Table
        .renderer()
        .render(&agenda, &view)
        .expect("renders");
    // The table may wrap a long title over several lines; none of it is
    // lost.
    assert_eq!(table.matches('é').count(), 500_000);
}

/// A hundred thousand levels of inline tables or arrays: the TOML reader
/// stops at its recursion limit with an error, instead of overflowing the
/// stack.
#[test]
fn deeply_nested_values_are_refused_with_an_error() {
    let depth = 100_000;
    let tables = format!(
        "x = {}1{}\n{HEADER}",
        "{a = ".repeat(depth),
        "}".repeat(depth)
    );
    let arrays = format!("x = {}{}\n{HEADER}", "[".repeat(depth), "]".repeat(depth));
    for text in [tables, arrays] {
        run(
            &text,
            &["check"],
            1,
            predicate::str::contains(
                "error[invalid-toml]: invalid TOML: cannot recurse further; max recursion depth met",
            )
            .and(predicate::str::ends_with("1 error, 0 warnings\n")),
        );
    }
}

/// Nesting within the reader's limit, where a string or list is expected,
/// is a type error at the value.
#[test]
fn nested_values_where_a_string_is_expected_are_type_errors() {
    let deep = format!("{}\"x\"{}", "{a = ".repeat(40), "}".repeat(40));
    let text = format!(
        "{HEADER}[[day]]\ndate = 2021-04-13\n\n[[day.block]]\nstart = \"14:00\"\n\
         minutes = 10\nkind = \"talk\"\ntitle = {deep}\n"
    );
    let checked = agenda::load(&text);
    let messages: Vec<&str> = checked
        .findings
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(messages, ["`title` must be a string, not a table"]);
}

/// 20,000 `[people]` entries that no block uses, against 20,000 names
/// that blocks do use: suggesting the closest used name for each would be
/// 400 million comparisons; `check` bounds that search and still reports
/// every unused entry, and `hours --shift` stays linear.
#[test]
#[ignore = "scale: 20,000 people under a wall-clock bound; .ci/run runs it"]
fn twenty_thousand_unused_people_are_reported_in_bounded_time() {
    let mut text = String::from(HEADER);
    text.push_str("[people]\n");
    for i in 0..20_000 {
        writeln!(
            text,
            "\"Person {i:05} Unused\" = {{ timezone = \"Asia/Tokyo\" }}"
        )
        .expect("to a string");
    }
    // 200 days of 100 talks, each with a speaker of their own.
    let mut n = 0;
    let days = programme(200, 100, 0).replace(HEADER, "");
    for line in days.lines() {
        if line.starts_with("speaker = ") {
            writeln!(text, "speaker = \"Speaker {n:05}\"").expect("to a string");
            n += 1;
        } else {
            writeln!(text, "{line}").expect("to a string");
        }
    }
    let took = run(
        &text,
        &["check"],
        0,
        predicate::str::contains("0 errors, 20000 warnings"),
    );
    // A debug build takes about 3 s for each; a pass over every pair took
    // 40 s (found while writing this test), so the bound is tighter than
    // the others of this file.
    assert!(took < Duration::from_secs(30), "check took {took:?}");
    let took = run(&text, &["hours", "--shift"], 0, predicate::str::is_empty());
    assert!(took < Duration::from_secs(30), "hours took {took:?}");
}
