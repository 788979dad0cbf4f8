//! End-to-end tests of `agenda hours` and of `show --person` with home
//! zones. Every expected figure is worked out by hand from tz facts given
//! beside it; the `--shift` search is compared with a brute-force count,
//! minute by minute, on an independent tz database (chrono-tz's compiled-in
//! copy; the program reads its rules through jiff).

use std::collections::BTreeSet;

use chrono::Timelike;

use serde_json::Value;

use crate::harness::Test;

/// `agenda ARGS...` with the environment pinned, its stdout as JSON.
fn json(args: &[&str]) -> Value {
    let out = Test::new().in_root().args(args).run().stdout;
    serde_json::from_str(&out).expect("hours --format json prints JSON")
}

fn text(args: &[&str]) -> String {
    Test::new()
        .in_root()
        .args(args)
        .env("COLUMNS", "200")
        .run()
        .stdout
}

/// The figures of `zone` in a report: (minutes, waking, night, strip) of
/// each day, then of the total.
fn figures(report: &Value, zone: &str) -> Vec<(i64, i64, i64, String)> {
    let z = report["zones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["zone"] == zone)
        .unwrap_or_else(|| panic!("no {zone} in {report}"));
    let one = |v: &Value| {
        (
            v["minutes"].as_i64().unwrap(),
            v["waking_minutes"].as_i64().unwrap(),
            v["night_minutes"].as_i64().unwrap(),
            v["strip"].as_str().unwrap().to_string(),
        )
    };
    let mut out: Vec<_> = z["days"].as_array().unwrap().iter().map(one).collect();
    out.push(one(&z["total"]));
    out
}

#[test]
fn the_bundled_day_in_tokyo_and_santiago() {
    // 14:00–18:30 UTC on 2021-04-13, breaks included: 270 minutes.
    // Tokyo is UTC+9 (no DST since 1951): 23:00–03:30, none of it inside
    // 07:00–22:00, and 00:00–03:30 (210 minutes) in the night; it runs in
    // local hours 23, 0, 1, 2 and 3.
    // Santiago left DST on 2021-04-04, so is UTC-4: 10:00–14:30, all
    // inside, none at night, hours 10 to 14.
    let report = json(&[
        "hours", "--tz", "tokyo", "--tz", "santiago", "--format", "json",
    ]);
    let tokyo = "████···················█".to_string();
    let santiago = "··········█████·········".to_string();
    assert_eq!(
        figures(&report, "Asia/Tokyo"),
        [(270, 0, 210, tokyo.clone()), (270, 0, 210, tokyo)]
    );
    assert_eq!(
        figures(&report, "America/Santiago"),
        [(270, 270, 0, santiago.clone()), (270, 270, 0, santiago)]
    );
    let day = &report["zones"][0]["days"][0];
    assert_eq!(day["start"], "2021-04-13T23:00:00+09:00");
    assert_eq!(day["end"], "2021-04-14T03:30:00+09:00");
    assert_eq!(day["waking_share"], 0.0);
    assert_eq!(
        report["waking_hours"],
        serde_json::json!(["07:00", "22:00"])
    );

    let shown = text(&["hours", "--tz", "tokyo", "--tz", "santiago"]);
    let row = |zone: &str| {
        let at = shown
            .find(zone)
            .unwrap_or_else(|| panic!("{zone} in\n{shown}"));
        shown[at..]
            .lines()
            .find(|l| l.contains("2021-04-13"))
            .unwrap()
            .to_string()
    };
    let tokyo = row("Asia/Tokyo");
    assert!(
        tokyo.contains("23:00 Tue 13 Apr–03:30 Wed 14 Apr"),
        "{tokyo}"
    );
    assert!(tokyo.contains("0/270 min 0%"), "{tokyo}");
    assert!(tokyo.contains("210 min"), "{tokyo}");
    assert!(tokyo.ends_with("████···················█"), "{tokyo}");
    let santiago = row("America/Santiago");
    assert!(santiago.contains("10:00–14:30 Tue 13 Apr"), "{santiago}");
    assert!(santiago.contains("270/270 min 100%"), "{santiago}");
}

#[test]
fn a_block_across_the_autumn_change_in_paris() {
    // 00:00–02:00 UTC on 2021-10-31. Paris is UTC+2 until 01:00 UTC, then
    // UTC+1: the first hour reads 02:00–03:00 CEST, the second 02:00–03:00
    // CET again. So all 120 minutes fall in local hour 2 and at night,
    // the span reads 02:00–03:00, and with waking hours from 02:30 each
    // hour has 30 minutes inside: 60 of 120. (Taking the offset at the
    // start for the whole block would say 02:00–04:00 and 90 minutes.)
    let path = crate::harness::fixture("people/dst_paris.toml");
    let path = path.to_str().unwrap();
    let report = json(&[
        "hours",
        "-f",
        path,
        "--tz",
        "Europe/Paris",
        "--format",
        "json",
    ]);
    let strip = "··█·····················".to_string();
    assert_eq!(
        figures(&report, "Europe/Paris"),
        [(120, 60, 120, strip.clone()), (120, 60, 120, strip)]
    );
    let day = &report["zones"][0]["days"][0];
    assert_eq!(day["start"], "2021-10-31T02:00:00+02:00");
    assert_eq!(day["end"], "2021-10-31T03:00:00+01:00");
    let shown = text(&["hours", "-f", path, "--tz", "Europe/Paris"]);
    assert!(
        shown.contains("02:00 +02 – 03:00 +01 Sun 31 Oct"),
        "{shown}"
    );
}

#[test]
fn each_day_with_its_own_offset() {
    // 10:00–12:00 UTC on 2021-04-03 is 07:00–09:00 in Santiago (UTC-3):
    // all 120 minutes inside 07:00–22:00. On 2021-04-05, after the change
    // to UTC-4, it is 06:00–08:00: 60 inside, and 06:00 is past the night.
    // Total: 180 of 240, hours 6, 7 and 8.
    let path = crate::harness::fixture("people/santiago_days.toml");
    let path = path.to_str().unwrap();
    let report = json(&["hours", "-f", path, "--tz", "santiago", "--format", "json"]);
    assert_eq!(
        figures(&report, "America/Santiago"),
        [
            (120, 120, 0, "·······██···············".to_string()),
            (120, 60, 0, "······██················".to_string()),
            (240, 180, 0, "······███···············".to_string()),
        ]
    );
    let shown = text(&["hours", "-f", path, "--tz", "santiago"]);
    assert!(shown.contains("2021-04-03 Before"), "{shown}");
    assert!(shown.contains("180/240 min 75%"), "{shown}");
}

#[test]
fn default_zones_are_the_event_zone_and_every_home_zone() {
    let path = crate::harness::fixture("people/home_zones.toml");
    let report = json(&["hours", "-f", path.to_str().unwrap(), "--format", "json"]);
    let zones: Vec<&str> = report["zones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|z| z["zone"].as_str().unwrap())
        .collect();
    // Zoe Berlin's zone is the event's, so it is listed once.
    assert_eq!(
        zones,
        [
            "Europe/Berlin",
            "Europe/Budapest",
            "America/Santiago",
            "Asia/Tokyo"
        ]
    );
}

#[test]
fn show_person_adds_the_home_zone_column() {
    let path = crate::harness::fixture("people/home_zones.toml");
    let path = path.to_str().unwrap();
    // 14:40 in Berlin (UTC+2 in April) is 12:40 UTC, 21:40 in Tokyo.
    let shown = text(&["show", "-f", path, "--person", "tanaka"]);
    assert!(
        shown.contains("Asia/Tokyo (home zone in [people], UTC+09:00)"),
        "{shown}"
    );
    let row = crate::harness::row(&shown, "Tokyo talk");
    assert!(row.contains("12:40–13:00"), "{row}");
    assert!(row.contains("21:40–22:00"), "{row}");
    // Accents, case and spacing do not matter: `zoe   odon` in the block
    // and `Zoë Ödön` in [people] are one person.
    let shown = text(&["show", "-f", path, "--person", "ZOE ODON"]);
    assert!(shown.contains("Europe/Budapest (home zone"), "{shown}");
    assert!(crate::harness::row(&shown, "Budapest talk").contains("14:20–14:40"));
    // With --tz, only the zones asked for.
    let shown = text(&["show", "-f", path, "--person", "tanaka", "--tz", "UTC"]);
    assert!(!shown.contains("Asia/Tokyo"), "{shown}");
    // Everyone awake: check is clean.
    Test::new()
        .args(["check", "--deny-warnings", "-f", path])
        .run();
}

/// Minutes since the epoch of every minute during which some block runs.
fn programme_minutes(text: &str) -> BTreeSet<i64> {
    let doc: toml::Value = toml::from_str(text).unwrap();
    let mut minutes = BTreeSet::new();
    for day in doc["day"].as_array().unwrap() {
        let date = day["date"].to_string();
        for block in day["block"].as_array().unwrap() {
            let start = block["start"].as_str().unwrap();
            let at = chrono::DateTime::parse_from_rfc3339(&format!(
                "{}T{start}:00Z",
                date.trim_matches('"')
            ))
            .unwrap();
            let first = at.timestamp() / 60;
            let len = block["minutes"].as_integer().unwrap();
            minutes.extend(first..first + len);
        }
    }
    minutes
}

#[test]
fn shift_agrees_with_a_brute_force_count() {
    // Four days around three DST changes: Paris springs forward on
    // 2021-03-28 at 01:00 UTC; Santiago falls back and Sydney leaves DST
    // on 2021-04-04. Rooms overlap, and a gap splits one day.
    let agenda = r#"
[event]
name = "Shift"
timezone = "UTC"

[rules]
waking_hours = ["08:00", "20:30"]

[[day]]
date = 2021-03-27
[[day.block]]
start = "06:00"
minutes = 90
kind = "session"
title = "A"
room = "1"
[[day.block]]
start = "07:00"
minutes = 120
kind = "session"
title = "B"
room = "2"

[[day]]
date = 2021-03-28
[[day.block]]
start = "00:30"
minutes = 60
kind = "session"
title = "C"
[[day.block]]
start = "22:00"
minutes = 100
kind = "session"
title = "D"

[[day]]
date = 2021-04-03
[[day.block]]
start = "15:00"
minutes = 240
kind = "session"
title = "E"

[[day]]
date = 2021-04-04
[[day.block]]
start = "02:10"
minutes = 50
kind = "session"
title = "F"
"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shift.toml");
    std::fs::write(&path, agenda).unwrap();
    let zones = [
        "America/Santiago",
        "America/Phoenix",
        "Europe/Paris",
        "Asia/Tokyo",
        "Australia/Sydney",
    ];
    let mut args = vec![
        "hours",
        "-f",
        path.to_str().unwrap(),
        "--shift",
        "--format",
        "json",
    ];
    for zone in &zones {
        args.extend(["--tz", zone]);
    }
    let report = json(&args);

    let minutes = programme_minutes(agenda);
    let (wake, sleep) = (8 * 60, 20 * 60 + 30);
    let tzs: Vec<chrono_tz::Tz> = zones.iter().map(|z| z.parse().unwrap()).collect();
    let mut expected = Vec::new();
    for k in -24i64..=24 {
        let by = k * 30;
        let waking: Vec<i64> = tzs
            .iter()
            .map(|tz| {
                minutes
                    .iter()
                    .filter(|&&m| {
                        let t = chrono::DateTime::from_timestamp((m + by) * 60, 0).unwrap();
                        let local = t.with_timezone(tz);
                        let of_day = i64::from(local.hour()) * 60 + i64::from(local.minute());
                        (wake..sleep).contains(&of_day)
                    })
                    .count() as i64
            })
            .collect();
        expected.push((by, waking));
    }
    // The best move: the largest worst-zone count; ties to the smallest
    // move, then the earlier.
    let best = expected
        .iter()
        .map(|(by, w)| (*w.iter().min().unwrap(), -by.abs(), -by))
        .max()
        .map(|(_, _, neg)| -neg)
        .unwrap();

    let steps = report["shift"]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 49);
    for ((by, waking), step) in expected.iter().zip(steps) {
        assert_eq!(step["minutes"].as_i64(), Some(*by));
        for (zone, w) in zones.iter().zip(waking) {
            assert_eq!(
                step["waking_minutes"][zone].as_i64(),
                Some(*w),
                "{zone} moved by {by}"
            );
        }
    }
    assert_eq!(report["shift"]["best_minutes"].as_i64(), Some(best));
    // The unmoved figures are the report's own.
    let total = minutes.len() as i64;
    for (zone, w) in zones.iter().zip(&expected[24].1) {
        let figures = figures(&report, zone);
        let last = figures.last().unwrap();
        assert_eq!((last.0, last.1), (total, *w), "{zone}");
    }
}

#[test]
fn shift_on_the_bundled_agenda() {
    // Worked out by hand: moved by -2:30 the programme runs 11:30–16:00
    // UTC. Santiago (UTC-4) 07:30–12:00: 270 inside. Phoenix (UTC-7, no
    // DST) 04:30–09:00: 120. Paris (UTC+2) 13:30–18:00: 270. Tokyo (UTC+9)
    // 20:30–01:00: 90. The worst is 90; -3:00 gives Phoenix 90 and Tokyo
    // 120, also 90, so the smaller move wins; no move gives more.
    let report = json(&[
        "hours", "--tz", "santiago", "--tz", "phoenix", "--tz", "paris", "--tz", "tokyo",
        "--shift", "--format", "json",
    ]);
    assert_eq!(report["shift"]["best_minutes"].as_i64(), Some(-150));
    let step = report["shift"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["minutes"] == -150)
        .unwrap();
    assert_eq!(
        step["waking_minutes"],
        serde_json::json!({
            "America/Santiago": 270,
            "America/Phoenix": 120,
            "Europe/Paris": 270,
            "Asia/Tokyo": 90,
        })
    );
    let shown = text(&[
        "hours", "--tz", "santiago", "--tz", "phoenix", "--tz", "paris", "--tz", "tokyo", "--shift",
    ]);
    let best = crate::harness::row(&shown, "◀ best");
    assert!(best.trim_start().starts_with("-2:30"), "{best}");
    assert!(shown.contains("Best: start 2:30 h earlier"), "{shown}");
}

#[test]
fn bad_zone_flags_are_usage_errors() {
    Test::new()
        .in_root()
        .args(["hours", "--tz", "Asia/Tokio"])
        .status(2)
        .stderr_contains("Asia/Tokyo")
        .run();
}
