//! End-to-end tests of `agenda init`: the starter passes `check`, shows
//! every part of the format, and an existing file is never touched.

use std::collections::BTreeSet;

use assert_cmd::Command;
use predicates::prelude::*;

fn agenda() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_agenda"));
    cmd.env("AGENDA_TZDB", "bundled").env_remove("TZDIR");
    cmd.env("NO_COLOR", "1").env("TZ", "UTC");
    cmd
}

#[test]
fn the_starter_passes_check_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workshop.toml");
    agenda()
        .arg("init")
        .arg(&path)
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("wrote"));
    agenda()
        .args(["check", "--deny-warnings", "-f"])
        .arg(&path)
        .assert()
        .success()
        .stderr(predicate::str::contains("0 errors, 0 warnings"));
    // And every attendee command takes it.
    agenda()
        .args(["show", "--tz", "tokyo", "-f"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("Breakout: transients"));
}

#[test]
fn a_second_init_leaves_the_first_file_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agenda.toml");
    agenda().arg("init").arg(&path).assert().success();
    let first = std::fs::read(&path).unwrap();
    agenda()
        .arg("init")
        .arg(&path)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(std::fs::read(&path).unwrap(), first);
    // An edited agenda is not replaced by the starter either.
    std::fs::write(&path, "# my own agenda\n").unwrap();
    agenda().arg("init").arg(&path).assert().code(2);
    assert_eq!(std::fs::read(&path).unwrap(), b"# my own agenda\n");
}

#[test]
fn without_a_path_it_writes_the_agenda_file() {
    let dir = tempfile::tempdir().unwrap();
    agenda()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .success();
    assert!(dir.path().join("agenda.toml").is_file());
    agenda()
        .current_dir(dir.path())
        .args(["init", "-f", "other.toml"])
        .assert()
        .success();
    assert!(dir.path().join("other.toml").is_file());
}

#[test]
fn an_unwritable_place_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no such dir").join("agenda.toml");
    agenda()
        .arg("init")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write"));
    assert!(!path.exists());
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
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agenda.toml");
    agenda().arg("init").arg(&path).assert().success();
    let text = std::fs::read_to_string(&path).unwrap();
    let doc: toml::Value = toml::from_str(&text).unwrap();
    // The keys of SPEC §1, table by table.
    assert_eq!(
        keys(std::iter::once(&doc["event"])),
        set(&["name", "timezone", "url", "location", "id"])
    );
    assert_eq!(
        keys(std::iter::once(&doc["rules"])),
        set(&["talk_minutes", "item_minutes"])
    );
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
