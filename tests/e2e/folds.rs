//! Issue 21, point 8: in a fold, every time carries its offset. Berlin
//! left CEST (UTC+2) for CET (UTC+1) at 01:00 UTC on 25 October 2026:
//! 03:00 CEST became 02:00 CET, so every wall time from 02:00 to 02:59
//! happened twice (from 00:00 UTC at +02, from 01:00 UTC at +01), and
//! 03:00 once. The fixture's blocks, worked out by hand:
//!
//! | block | written       | UTC         | Berlin                  |
//! |-------|---------------|-------------|-------------------------|
//! | A     | 02:00+02:00   | 00:00–00:30 | 02:00 +02 – 02:30 +02   |
//! | B     | 02:30+02:00   | 00:30–01:00 | 02:30 +02 – 02:00 +01   |
//! | C     | 02:30+01:00   | 01:30–02:00 | 02:30 +01 – 03:00 +01   |
//! | D     | 03:00         | 02:00–02:30 | 03:00–03:30             |
//!
//! Between B and C, 01:00–01:30 UTC is unscheduled: B ends at 02:00 +01
//! and C starts at 02:30 +01.

use crate::harness::Test;

const FOLD: &str = r#"[event]
name = "Fold"
timezone = "Europe/Berlin"

[[day]]
date = 2026-10-25

[[day.block]]
start = "02:00+02:00"
minutes = 30
kind = "session"
title = "A"

[[day.block]]
start = "02:30+02:00"
minutes = 30
kind = "session"
title = "B"

[[day.block]]
start = "02:30+01:00"
minutes = 30
kind = "session"
title = "C"

[[day.block]]
start = "03:00"
minutes = 30
kind = "session"
title = "D"
"#;

/// `agenda ARGS -f fold.toml`.
fn fold(args: &[&str]) -> Test {
    let test = Test::new().write("fold.toml", FOLD);
    let file = test.path("fold.toml");
    test.args(args).arg("-f").arg(file)
}

/// The cells of the table row whose title is `title`.
fn row(table: &str, title: &str) -> Vec<String> {
    table
        .lines()
        .find(|l| l.split('┆').nth(3).is_some_and(|c| c.trim() == title))
        .unwrap_or_else(|| panic!("no row {title} in\n{table}"))
        .trim_matches('│')
        .split('┆')
        .map(|c| c.trim().to_string())
        .collect()
}

#[test]
fn the_table_gives_every_time_in_the_fold_its_offset() {
    let table = fold(&["show", "--tz", "Europe/Berlin", "--tz", "UTC"])
        .run()
        .stdout;
    for (title, berlin, utc) in [
        ("A", "02:00 +02 – 02:30 +02", "00:00–00:30"),
        ("B", "02:30 +02 – 02:00 +01", "00:30–01:00"),
        ("C", "02:30 +01 – 03:00 +01", "01:30–02:00"),
        ("D", "03:00–03:30", "02:00–02:30"),
    ] {
        assert_eq!(
            row(&table, title)[..2],
            [berlin, utc],
            "{title} in\n{table}"
        );
    }
}

#[test]
fn check_gives_the_offsets_of_a_gap_in_the_fold() {
    fold(&["check"])
        .stderr_contains(
            "30 minutes unscheduled between `B` (ends 02:00 +01) and `C` (starts 02:30 +01)",
        )
        .run();
}

#[test]
fn markdown_gives_them_too() {
    let text = fold(&["export", "--format", "markdown"]).run().stdout;
    for line in [
        "| 02:30 +02 – 02:00 +01 | session | **B** |",
        "| 02:30 +01 – 03:00 +01 | session | **C** |",
        "| 03:00–03:30 | session | **D** |",
    ] {
        assert!(text.contains(line), "{line} not in\n{text}");
    }
}
