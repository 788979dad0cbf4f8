//! End-to-end tests of `agenda zones` and of the zone matcher it shares
//! with `--tz` and with the suggestions after an unknown zone.
//!
//! Offsets are facts of the tz database, checked by hand: Chile is on
//! summer time (UTC-3) in January and, since 4 April 2021, on UTC-4;
//! Japan is UTC+9 (JST) all year; Berlin is CEST (UTC+2) in April.

use crate::harness::Test;

fn zones(args: &[&str]) -> String {
    let out = Test::new().in_root().arg("zones").args(args).output();
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
    Test::new()
        .args(["zones", "tokio"])
        .status(2)
        .stdout("")
        .stderr_contains("Asia/Tokyo")
        .run();
}

#[test]
fn tz_flag_uses_the_same_matcher() {
    // A city, a unique part of a name, and an accented city all resolve.
    for (query, zone) in [
        ("santiago", "America/Santiago"),
        ("argentina/sal", "America/Argentina/Salta"),
        ("são paulo", "America/Sao_Paulo"),
    ] {
        Test::new()
            .in_root()
            .args(["show", "--tz", query])
            .stdout_contains(format!("Times in {zone} (--tz"))
            .run();
    }
}

#[test]
fn unknown_and_ambiguous_zones_are_usage_errors_with_help() {
    Test::new()
        .args(["show", "--tz", "Amerika/Santaigo"])
        .status(2)
        .stdout("")
        .stderr_contains("did you mean")
        .stderr_contains("America/Santiago")
        .run();
    Test::new()
        .args(["now", "--tz", "new"])
        .status(2)
        .stderr_contains("America/New_York")
        .stderr_contains("agenda zones new")
        .run();
}

/// Cities people type, from GeoNames' table: Tucson keeps Arizona's
/// year-round UTC-07:00 (America/Phoenix), so the bundled 14:00 UTC start
/// is 07:00 there; Portland (Oregon, Maine, ...) keeps different clocks,
/// so it is a question, with the candidates most populous first.
#[test]
fn cities_people_type_resolve_through_the_world_table() {
    let out = Test::new().in_root().args(["--tz", "tucson"]).output();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Times in Tucson → America/Phoenix (--tz, UTC-07:00)"),
        "{text}"
    );
    assert!(text.contains("07:00–07:10"), "{text}");
    // A city that names its own zone is not named twice.
    for (city, label) in [
        ("la serena", "La Serena → America/Santiago"),
        ("bengaluru", "Bengaluru → Asia/Kolkata"),
        ("são paulo", "America/Sao_Paulo"),
    ] {
        let shown = Test::new().in_root().args(["--tz", city]).output();
        let text = String::from_utf8(shown.stdout).unwrap();
        assert!(
            text.contains(&format!("Times in {label} (--tz")),
            "{city}: {text}"
        );
    }
    let out = Test::new().in_root().args(["--tz", "portland"]).output();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("agenda: `portland` could be Portland, Oregon, United States (America/Los_Angeles); Portland, Maine, United States (America/New_York)"),
        "{stderr}"
    );
}
