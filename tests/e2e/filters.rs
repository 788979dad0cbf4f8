//! End-to-end tests of the block filters of `show` and `now` (README, "For attendees"), on
//! the three-day fixture with parallel rooms.

use std::collections::BTreeSet;

use crate::harness::Test;
use predicates::prelude::*;

const FIXTURE: &str = "tests/fixtures/multiday_rooms.toml";

/// Every block title of the fixture, to check that exactly the expected
/// ones are shown.
const TITLES: [&str; 17] = [
    "Welcome & logistics",
    "Broker interfaces I",
    "Break",
    "Breakout: classification",
    "Breakout: Solar System objects",
    "Reports from the breakout rooms",
    "Vera C. Rubin Observatory & LSST",
    "Broker interfaces II",
    "Break",
    "Breakout: data rights",
    "Breakout: alert filtering",
    "Summary of discussion",
    "Welcome back",
    "Broker interfaces III + Solar System",
    "Closing",
    // Item titles, shown only with their block.
    "· Lasair",
    "· Solar System: ALeRCE",
];

/// The table cells of `show`'s output, trimmed.
fn cells(stdout: &[u8]) -> BTreeSet<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .flat_map(|line| line.split(['│', '┆']))
        .map(|cell| cell.trim().to_string())
        .filter(|cell| !cell.is_empty())
        .collect()
}

/// Runs `show` with `args` and returns which of [`TITLES`] it shows.
fn shown(args: &[&str]) -> BTreeSet<&'static str> {
    let out = Test::new()
        .in_root()
        .args(["show", "-f", FIXTURE, "--tz", "UTC"])
        .args(args)
        .output();
    assert!(out.status.success(), "{out:?}");
    let cells = cells(&out.stdout);
    TITLES.into_iter().filter(|t| cells.contains(*t)).collect()
}

fn set(titles: &[&'static str]) -> BTreeSet<&'static str> {
    titles.iter().copied().collect()
}

#[test]
fn no_filter_shows_everything() {
    assert_eq!(shown(&[]), set(&TITLES));
}

#[test]
fn kind_keeps_blocks_of_the_kinds_given() {
    assert_eq!(shown(&["--kind", "break"]), set(&["Break"]));
    assert_eq!(
        shown(&["--kind", "session", "--kind", "talk"]),
        set(&[
            "Welcome & logistics",
            "Reports from the breakout rooms",
            "Vera C. Rubin Observatory & LSST",
            "Summary of discussion",
            "Welcome back",
            "Closing",
        ])
    );
}

#[test]
fn unknown_kind_is_a_usage_error() {
    Test::new()
        .in_root()
        .args(["show", "-f", FIXTURE, "--kind", "keynote"])
        .status(2)
        .stderr_contains("tutorial")
        .run();
}

#[test]
fn room_keeps_that_rooms_blocks_in_any_case_and_the_plenaries() {
    // Every block but Room B's two breakouts: the plenary ones run in
    // every room.
    let mut expected = set(&TITLES);
    expected.remove("Breakout: Solar System objects");
    expected.remove("Breakout: alert filtering");
    assert_eq!(shown(&["--room", "room a"]), expected);
}

#[test]
fn unknown_room_is_an_error_naming_the_rooms() {
    Test::new()
        .in_root()
        .args(["show", "-f", FIXTURE, "--room", "Room C"])
        .status(2)
        .stdout("")
        .stderr_contains("Room A, Room B")
        .run();
}

#[test]
fn person_matches_speakers_moderators_and_item_speakers() {
    assert_eq!(
        shown(&["--person", "graham"]),
        set(&[
            "Breakout: Solar System objects",
            "Reports from the breakout rooms",
            "Vera C. Rubin Observatory & LSST",
        ])
    );
    // Roy Williams presents an item of tutorial II and moderates a room.
    assert_eq!(
        shown(&["--person", "Roy Williams"]),
        set(&[
            "Broker interfaces II",
            "· Lasair",
            "Breakout: alert filtering"
        ])
    );
}

#[test]
fn person_ignores_accents() {
    // "José Núñez" presents the first item of tutorial III; the whole
    // block is shown, its other items too.
    assert_eq!(
        shown(&["--person", "jose nunez"]),
        set(&[
            "Broker interfaces III + Solar System",
            "· Solar System: ALeRCE"
        ])
    );
}

#[test]
fn match_searches_titles_items_and_descriptions_any_of_several() {
    assert_eq!(
        shown(&["--match", "FINK", "--match", "antares"]),
        set(&[
            "Broker interfaces I",
            // Its description mentions Fink and ANTARES.
            "Breakout: alert filtering",
            "Broker interfaces III + Solar System",
            "· Solar System: ALeRCE",
        ])
    );
    assert_eq!(
        shown(&["--match", "moving objects"]),
        set(&["Breakout: Solar System objects"])
    );
    assert_eq!(
        shown(&["--match", "Lasair"]),
        set(&["Broker interfaces II", "· Lasair"])
    );
}

#[test]
fn day_by_number_and_by_date() {
    let day3 = set(&[
        "Welcome back",
        "Broker interfaces III + Solar System",
        "· Solar System: ALeRCE",
        "Closing",
    ]);
    assert_eq!(shown(&["--day", "3"]), day3);
    assert_eq!(shown(&["--day", "2021-04-15"]), day3);
}

#[test]
fn filters_combine() {
    assert_eq!(
        shown(&["--day", "2", "--match", "fink"]),
        set(&["Breakout: alert filtering"])
    );
    assert_eq!(
        shown(&["--kind", "tutorial", "--match", "fink"]),
        set(&[
            "Broker interfaces I",
            "Broker interfaces III + Solar System",
            "· Solar System: ALeRCE",
        ])
    );
    assert_eq!(
        shown(&["--kind", "discussion", "--person", "stassun", "--day", "1"]),
        set(&["Breakout: classification"])
    );
}

#[test]
fn filters_that_keep_nothing_are_an_error() {
    Test::new()
        .in_root()
        .args([
            "show", "-f", FIXTURE, "--kind", "break", "--person", "graham",
        ])
        .status(2)
        .stdout("")
        .stderr_contains("no block matches --kind break --person \"graham\"")
        .run();
}

#[test]
fn now_takes_the_filters() {
    // Both rooms run at 15:10 on day 1; only Room B is asked for.
    Test::new()
        .in_root()
        .args(["now", "-f", FIXTURE, "--tz", "UTC"])
        .args(["--at", "2021-04-13T15:10:00Z", "--room", "Room B"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Now in Room B: discussion · Breakout: Solar System objects",
        ))
        .stdout(predicate::str::contains("Room A").not());
}

#[test]
fn export_by_room_keeps_the_plenary_blocks() {
    let out = Test::new()
        .in_root()
        .args(["export", "-f", FIXTURE, "--room", "Room B"])
        .output();
    assert!(out.status.success(), "{out:?}");
    let ics = String::from_utf8(out.stdout).unwrap();
    assert!(ics.contains("SUMMARY:Welcome & logistics\r\n"), "{ics}");
    assert!(
        ics.contains("SUMMARY:Breakout: Solar System objects\r\n"),
        "{ics}"
    );
    assert!(!ics.contains("classification"), "{ics}");
}
