//! End-to-end tests of `agenda init`: the starter passes `check`, shows
//! every part of the format, and an existing file is never touched.

use std::collections::BTreeSet;

use crate::harness::Test;

#[test]
fn the_starter_passes_check_without_warnings() {
    let out = Test::new()
        .args(["init", "workshop.toml"])
        .stdout("")
        .stderr_contains("wrote")
        .run();
    let path = out.path("workshop.toml");
    Test::new()
        .args(["check", "--deny-warnings", "-f"])
        .arg(&path)
        .stderr_contains("0 errors, 0 warnings")
        .run();
    // And every attendee command takes it.
    Test::new()
        .args(["show", "--tz", "tokyo", "-f"])
        .arg(&path)
        .stdout_contains("Breakout: transients")
        .run();
}

#[test]
fn a_second_init_leaves_the_first_file_byte_identical() {
    let out = Test::new().args(["init", "agenda.toml"]).run();
    let first = out.read("agenda.toml");
    Test::new()
        .current_dir(out.dir.path())
        .args(["init", "agenda.toml"])
        .status(2)
        .stdout("")
        .stderr_contains("already exists")
        .run();
    assert_eq!(out.read("agenda.toml"), first);
    // An edited agenda is not replaced by the starter either.
    let test = Test::new().write("agenda.toml", "# my own agenda\n");
    let path = test.path("agenda.toml");
    let out = test.arg("init").arg(&path).status(2).run();
    assert_eq!(out.read("agenda.toml"), "# my own agenda\n");
}

#[test]
fn without_a_path_it_writes_the_agenda_file() {
    let out = Test::new().arg("init").run();
    assert!(out.path("agenda.toml").is_file());
    let out = Test::new().args(["init", "-f", "other.toml"]).run();
    assert!(out.path("other.toml").is_file());
}

#[test]
fn an_unwritable_place_is_a_usage_error() {
    let out = Test::new()
        .args(["init", "no such dir/agenda.toml"])
        .status(2)
        .stderr_contains("cannot write")
        .run();
    assert!(!out.path("no such dir/agenda.toml").exists());
}

/// Keys of every table in `tables`.
fn keys<'a>(tables: impl Iterator<Item = &'a toml::Value>) -> BTreeSet<String> {
    tables
        .filter_map(toml::Value::as_table)
        .flat_map(|t| t.keys().cloned())
        .collect()
}

fn set(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

#[test]
fn the_starter_shows_every_part_of_the_format() {
    let text = Test::new().arg("init").run().read("agenda.toml");
    let doc: toml::Value = toml::from_str(&text).unwrap();
    // The keys of the file format (docs/agenda-file.md), table by table.
    assert_eq!(
        keys(std::iter::once(&doc["event"])),
        set(&["name", "timezone", "url", "location", "id"])
    );
    assert_eq!(
        keys(std::iter::once(&doc["rules"])),
        set(&[
            "talk_minutes",
            "item_minutes",
            "waking_hours",
            "require_people",
            "max_gap_minutes",
            "allow"
        ])
    );
    // [people] maps a name to a table with its home zone.
    let people = doc["people"].as_table().unwrap();
    assert!(!people.is_empty());
    assert_eq!(keys(people.values()), set(&["timezone"]));
    let days = doc["day"].as_array().unwrap();
    assert_eq!(keys(days.iter()), set(&["date", "name", "end", "block"]));
    let blocks: Vec<&toml::Value> = days
        .iter()
        .flat_map(|d| d["block"].as_array().unwrap())
        .collect();
    assert_eq!(
        keys(blocks.iter().copied()),
        set(&[
            "start",
            "minutes",
            "end",
            "kind",
            "title",
            "speakers",
            "speaker",
            "moderator",
            "room",
            "location",
            "url",
            "description",
            "id",
            "items",
        ])
    );
    let items: Vec<&toml::Value> = blocks
        .iter()
        .filter_map(|b| b.get("items"))
        .flat_map(|i| i.as_array().unwrap())
        .collect();
    assert_eq!(
        keys(items.iter().copied()),
        set(&[
            "title",
            "minutes",
            "speakers",
            "speaker",
            "url",
            "description"
        ])
    );
    assert!(
        items.iter().any(|i| i.is_str()),
        "an item written as a title"
    );
    let kinds: BTreeSet<&str> = blocks.iter().map(|b| b["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["break", "discussion", "session", "talk", "tutorial"].into()
    );
    // A break without a title.
    assert!(blocks
        .iter()
        .any(|b| b["kind"].as_str() == Some("break") && b.get("title").is_none()));
    // Dates as TOML dates and as strings; times as strings, as TOML times,
    // and with an explicit offset.
    assert!(days.iter().any(|d| d["date"].is_datetime()));
    assert!(days.iter().any(|d| d["date"].is_str()));
    assert!(blocks.iter().any(|b| b["start"].is_datetime()));
    assert!(blocks
        .iter()
        .any(|b| b["start"].as_str().is_some_and(|s| s.contains(['+', '-']))));
    // Two rooms running at the same time.
    let rooms: BTreeSet<(String, &str)> = blocks
        .iter()
        .filter_map(|b| Some((b["start"].to_string(), b.get("room")?.as_str()?)))
        .collect();
    assert!(rooms.len() >= 2);
    assert_eq!(
        rooms
            .iter()
            .map(|(start, _)| start)
            .collect::<BTreeSet<_>>()
            .len(),
        1
    );
    // Comments explain it.
    assert!(text.lines().filter(|l| l.contains('#')).count() > 20);
}

#[test]
fn the_starter_is_dated_a_few_weeks_ahead() {
    // Day 1 is the first Tuesday at least four weeks after today (UTC):
    // 28 to 34 days on. `now` then says the programme has not started.
    // The clock, not SOURCE_DATE_EPOCH, dates the starter. Worked out by
    // hand: Thursday 3 December 2026 + 28 days is Thursday 31 December, so
    // Tuesday 5 January 2027; Thursday 31 December 2026 (a minute before
    // the new year) + 28 is Thursday 28 January, so Tuesday 2 February.
    for (clock, day1, day2) in [
        ("2026-12-03T12:00:00Z", "2027-01-05", "2027-01-06"),
        ("2026-12-31T23:59:00Z", "2027-02-02", "2027-02-03"),
    ] {
        let out = Test::new()
            .env_remove("SOURCE_DATE_EPOCH")
            .env("AGENDA_NOW", clock)
            .args(["init", "workshop.toml"])
            .run();
        let text = out.read("workshop.toml");
        let table: toml::Table = text.parse().unwrap();
        let days = table["day"].as_array().unwrap();
        assert_eq!(days[0]["date"].to_string(), day1, "at {clock}");
        assert_eq!(days[1]["date"].as_str(), Some(day2), "at {clock}");
        Test::new()
            .env("AGENDA_NOW", clock)
            .args(["now", "--tz", "UTC", "-f"])
            .arg(out.path("workshop.toml"))
            .stdout_contains("Not started yet")
            .run();
    }
}
