//! `agenda export --format markdown`: one table per day in the chosen zone.

use crate::harness::Test;

fn export(file: &str, args: &[&str]) -> String {
    let mut all = vec!["export", "--format", "markdown", "-f", file];
    all.extend_from_slice(args);
    crate::harness::stdout(&all)
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[test]
fn default_zone_is_the_event_zone() {
    let md = export("agenda.toml", &[]);
    let l = lines(&md);
    assert_eq!(
        l[0],
        "# LSSTC Enabling Science Broker Workshop 2021 · Part II"
    );
    assert!(l.contains(&"## Day 1 · Tuesday 13 April 2021"));
    assert!(l.contains(&"Times in UTC (UTC+00:00)."));
    assert!(l.contains(&"| Time (UTC) | Kind | Title | People |"));
    assert!(l.contains(&"| 14:00–14:10 | talk | **Introduction & logistics** |  |"));
    assert!(l.contains(&"| 14:30–15:15 | tutorial | **Broker interfaces I** | moderator TBD |"));
    // Items under their block, with their own times.
    let at = l
        .iter()
        .position(|r| r.contains("**Broker interfaces I**"))
        .unwrap();
    assert_eq!(l[at + 1], "| 14:30–14:40 | | ↳ Pitt-Google |  |");
    assert_eq!(l[at + 4], "| 15:00–15:10 | | ↳ ANTARES |  |");
    assert_eq!(l[at + 5], "| 15:15–15:20 | break | **Break** |  |");
    // Ten blocks and twelve items: 22 rows under the header.
    let rows = l.iter().filter(|r| r.starts_with("| ")).count();
    assert_eq!(rows, 1 + 10 + 12);
}

#[test]
fn santiago_is_four_hours_behind() {
    let md = export("agenda.toml", &["--tz", "America/Santiago"]);
    let l = lines(&md);
    assert!(l.contains(&"Times in America/Santiago (UTC-04:00)."));
    assert!(l.contains(&"| 10:00–10:10 | talk | **Introduction & logistics** |  |"));
    assert!(l.contains(&"| 13:45–14:30 | tutorial | **Broker interfaces III + Solar System** | moderator Keivan Stassun |"));
}

#[test]
fn tokyo_names_the_next_day() {
    let md = export("agenda.toml", &["--tz", "tokyo"]);
    let l = lines(&md);
    assert!(l.contains(&"Times in Asia/Tokyo (UTC+09:00)."));
    assert!(l.contains(&"| 23:00–23:10 | talk | **Introduction & logistics** |  |"));
    // 14:30–15:15 UTC runs over Tokyo's midnight; 15:15 UTC is 00:15 on the 14th.
    assert!(l.contains(&"| 23:30–00:15 +1d | tutorial | **Broker interfaces I** | moderator TBD |"));
    assert!(l.contains(&"| Wed 14 Apr 00:15–00:20 | break | **Break** |  |"));
}

#[test]
fn cells_stay_in_their_column() {
    let md = export("tests/fixtures/export/tricky.toml", &[]);
    let l = lines(&md);
    assert!(l.contains(&"| Time (America/Santiago) | Kind | Title | People | Room |"));
    assert!(l.contains(
        &r"| 10:30–11:00 | tutorial | **Commas, semicolons; backslash \\ and newline \| pipe** | moderator Ana, the moderator | Room A |"
    ));
    assert!(l.contains(&"| 10:40–11:00 | | ↳ Part 2, deep | Kim | |"));
    // Every table row has as many unescaped pipes as the header.
    for row in l.iter().filter(|r| r.starts_with('|')) {
        let pipes = row.replace(r"\|", "").matches('|').count();
        assert_eq!(pipes, 6, "{row}");
    }
}

#[test]
fn unknown_zone_is_a_usage_error() {
    Test::new()
        .in_root()
        .args(["export", "--format", "markdown", "--tz", "Mars/Olympus"])
        .status(2)
        .stdout("")
        .run();
}
