//! End-to-end tests of `agenda zones` and of the zone matcher it shares
//! with `--tz` and with the suggestions after an unknown zone.
//!
//! Offsets are facts of the tz database, checked by hand: Chile is on
//! summer time (UTC-3) in January and, since 4 April 2021, on UTC-4;
//! Japan is UTC+9 (JST) all year; Berlin is CEST (UTC+2) in April.

use assert_cmd::Command;
use predicates::prelude::*;

fn agenda() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_agenda"));
    cmd.env("AGENDA_TZDB", "bundled").env_remove("TZDIR");
    cmd.env("NO_COLOR", "1");
    cmd
}

fn zones(args: &[&str]) -> String {
    let out = agenda().arg("zones").args(args).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The words of the line that starts with `name`.
fn line<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    text.lines()
        .find(|l| l.split_whitespace().next() == Some(name))
        .unwrap_or_else(|| panic!("{name} not in\n{text}"))
        .split_whitespace()
        .collect()
}

#[test]
fn santiago_in_april_and_in_january() {
    let april = zones(&["santiago", "--at", "2021-04-13T14:00:00Z"]);
    assert_eq!(
        line(&april, "America/Santiago"),
        ["America/Santiago", "UTC-04:00"]
    );
    let january = zones(&["santiago", "--at", "2021-01-13T14:00:00Z"]);
    assert_eq!(
        line(&january, "America/Santiago"),
        ["America/Santiago", "UTC-03:00"]
    );
}

#[test]
fn abbreviations_where_the_zone_has_one() {
    let text = zones(&["tokyo", "--at", "2021-04-13T14:00:00Z"]);
    assert_eq!(
        line(&text, "Asia/Tokyo"),
        ["Asia/Tokyo", "UTC+09:00", "JST"]
    );
    let text = zones(&["berlin", "--at", "2021-04-13T14:00:00Z"]);
    assert_eq!(
        line(&text, "Europe/Berlin"),
        ["Europe/Berlin", "UTC+02:00", "CEST"]
    );
}

#[test]
fn matching_ignores_case_underscores_and_accents() {
    let at = ["--at", "2021-04-13T14:00:00Z"];
    let plain = zones(&["buenos aires", at[0], at[1]]);
    assert!(plain.contains("America/Argentina/Buenos_Aires"), "{plain}");
    assert_eq!(zones(&["BUENOS_AIRES", at[0], at[1]]), plain);
    let text = zones(&["são paulo", at[0], at[1]]);
    assert!(text.contains("America/Sao_Paulo"), "{text}");
    // Every line of a search contains what was asked for.
    let text = zones(&["america/", at[0], at[1]]);
    assert!(text.lines().count() > 100);
    assert!(text.lines().all(|l| l.starts_with("America/")), "{text}");
}

#[test]
fn no_query_lists_every_zone() {
    let text = zones(&["--at", "2021-04-13T14:00:00Z"]);
    // chrono-tz carries the whole tz database: several hundred names.
    assert!(text.lines().count() > 400, "{}", text.lines().count());
    assert_eq!(line(&text, "UTC"), ["UTC", "UTC+00:00", "UTC"]);
}

#[test]
fn nothing_found_suggests_close_names() {
    agenda()
        .args(["zones", "tokio"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("Asia/Tokyo"));
}

#[test]
fn tz_flag_uses_the_same_matcher() {
    // A city, a unique part of a name, and an accented city all resolve.
    for (query, zone) in [
        ("santiago", "America/Santiago"),
        ("york", "America/New_York"),
        ("são paulo", "America/Sao_Paulo"),
    ] {
        agenda()
            .args(["show", "--tz", query])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("Times in {zone} (--tz")));
    }
}

#[test]
fn unknown_and_ambiguous_zones_are_usage_errors_with_help() {
    agenda()
        .args(["show", "--tz", "Amerika/Santaigo"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("did you mean"))
        .stderr(predicate::str::contains("America/Santiago"));
    agenda()
        .args(["now", "--tz", "new"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("America/New_York"))
        .stderr(predicate::str::contains("agenda zones new"));
}
