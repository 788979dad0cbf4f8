//! End-to-end tests of `agenda now` at fixed instants (`--at`), in two
//! zones at once. Expected times are worked out by hand: the fixture is in
//! UTC; Tokyo is UTC+9 (JST) all year; Santiago is UTC-4 from 4 April 2021
//! (the tz database names no abbreviation for it, so it shows as UTC-04:00).

use crate::harness::Test;

const FIXTURE: &str = "tests/fixtures/multiday_rooms.toml";

fn now(at: &str, zones: &[&str]) -> String {
    let mut test = Test::new()
        .in_root()
        .args(["now", "-f", FIXTURE, "--at", at]);
    for zone in zones {
        test = test.args(["--tz", zone]);
    }
    test.run().stdout
}

const UTC_TOKYO: &[&str] = &["UTC", "tokyo"];

#[test]
fn before_the_event() {
    assert_eq!(
        now("2021-04-13T12:30:00Z", UTC_TOKYO),
        "Broker Workshop · three days
It is Tue 13 Apr 2021 12:30 UTC / Tue 13 Apr 2021 21:30 JST (Asia/Tokyo).

Not started yet: it starts 14:00 UTC / 23:00 JST, in 1 h 30 min.
Next: talk · Welcome & logistics (Eleni Graikou) — starts 14:00 UTC / 23:00 JST, in 1 h 30 min
"
    );
    // Days ahead, the date is given.
    let text = now("2021-04-10T14:00:00Z", &["UTC"]);
    assert!(
        text.contains("Not started yet: it starts Tue 13 Apr 2021 14:00 UTC, in 3 d 0 h."),
        "{text}"
    );
}

#[test]
fn during_a_block() {
    assert_eq!(
        now("2021-04-13T14:05:00Z", UTC_TOKYO),
        "Broker Workshop · three days
It is Tue 13 Apr 2021 14:05 UTC / Tue 13 Apr 2021 23:05 JST (Asia/Tokyo).

Now: talk · Welcome & logistics (Eleni Graikou) — until 14:10 UTC / 23:10 JST, 5 min left
Next: tutorial · Broker interfaces I (moderator Eleni Graikou) — starts 14:10 UTC / 23:10 JST, in 5 min
"
    );
}

#[test]
fn during_an_item_of_a_tutorial() {
    // Items of 10 minutes from 14:10: ANTARES, the fourth, runs 14:40-14:50.
    // 14:44:30 is 10:44:30 in Santiago; 5.5 and 10.5 minutes round up.
    let text = now("2021-04-13T10:44:30-04:00", &["UTC", "santiago"]);
    assert!(text.contains(
        "Now: tutorial · Broker interfaces I (moderator Eleni Graikou) — until 14:55 UTC / 10:55 UTC-04:00, 11 min left\n  \
         item 4 of 4: ANTARES — until 14:50 UTC / 10:50 UTC-04:00, 6 min left\n\
         Next: Break — starts 14:55 UTC / 10:55 UTC-04:00, in 11 min\n"
    ), "{text}");
    // An item with its own length and speaker (Lasair, 14:30-14:45 on day 2),
    // and the item after it.
    let text = now("2021-04-14T14:41:00Z", UTC_TOKYO);
    assert!(
        text.contains(
            "  item 2 of 4: Lasair (Roy Williams) — until 14:45 UTC / 23:45 JST, 4 min left\n  \
             next item: ALeRCE — starts 14:45 UTC / 23:45 JST, in 4 min\n"
        ),
        "{text}"
    );
}

#[test]
fn in_a_break_with_the_rooms_that_come_next() {
    // 14:57 UTC is 23:57 in Tokyo; the break ends at midnight there, the
    // next day, and both breakout rooms start then.
    assert_eq!(
        now("2021-04-13T14:57:00Z", UTC_TOKYO),
        "Broker Workshop · three days
It is Tue 13 Apr 2021 14:57 UTC / Tue 13 Apr 2021 23:57 JST (Asia/Tokyo).

Now: Break — until 15:00 UTC / Wed 14 Apr 2021 00:00 JST, 3 min left
Next in Room A: discussion · Breakout: classification (moderator Keivan Stassun) — starts 15:00 UTC / Wed 14 Apr 2021 00:00 JST, in 3 min
Next in Room B: discussion · Breakout: Solar System objects (moderator Melissa Graham) — starts 15:00 UTC / Wed 14 Apr 2021 00:00 JST, in 3 min
"
    );
}

#[test]
fn parallel_rooms_one_line_each() {
    assert_eq!(
        now("2021-04-13T15:10:00Z", UTC_TOKYO),
        "Broker Workshop · three days
It is Tue 13 Apr 2021 15:10 UTC / Wed 14 Apr 2021 00:10 JST (Asia/Tokyo).

Now in Room A: discussion · Breakout: classification (moderator Keivan Stassun) — until 15:40 UTC / 00:40 JST, 30 min left
Now in Room B: discussion · Breakout: Solar System objects (moderator Melissa Graham) — until 15:40 UTC / 00:40 JST, 30 min left
Next: session · Reports from the breakout rooms (Keivan Stassun, Melissa Graham) — starts 15:40 UTC / 00:40 JST, in 30 min
"
    );
}

#[test]
fn between_days() {
    // 20:00 UTC on the 13th is 05:00 on the 14th in Tokyo, so day 2's
    // 14:00 UTC (23:00 JST on the 14th) is "today" there but not in UTC.
    assert_eq!(
        now("2021-04-13T20:00:00Z", UTC_TOKYO),
        "Broker Workshop · three days
It is Tue 13 Apr 2021 20:00 UTC / Wed 14 Apr 2021 05:00 JST (Asia/Tokyo).

Day 1 (Tue 13 Apr 2021) is over. Day 2 (Wed 14 Apr 2021) starts Wed 14 Apr 2021 14:00 UTC / 23:00 JST, in 18 h 00 min.
Next: talk · Vera C. Rubin Observatory & LSST (Melissa Graham) — starts Wed 14 Apr 2021 14:00 UTC / 23:00 JST, in 18 h 00 min
"
    );
}

#[test]
fn after_the_event() {
    // The last block ends 15:00 UTC on the 15th: midnight in Tokyo, which
    // at 18:00 UTC (03:00 JST on the 16th) is the same day there.
    assert_eq!(
        now("2021-04-15T18:00:00Z", UTC_TOKYO),
        "Broker Workshop · three days
It is Thu 15 Apr 2021 18:00 UTC / Fri 16 Apr 2021 03:00 JST (Asia/Tokyo).

It is over: the last block ended 15:00 UTC / 00:00 JST.
"
    );
    // A block's end is the instant it is over.
    let text = now("2021-04-15T15:00:00Z", &["UTC"]);
    assert!(text.contains("It is over"), "{text}");
}

#[test]
fn unscheduled_time_inside_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gap.toml");
    std::fs::write(
        &path,
        r#"
[event]
name = "Gap"
timezone = "UTC"
[[day]]
date = 2021-04-13
[[day.block]]
start = "14:00"
minutes = 10
kind = "talk"
title = "First"
[[day.block]]
start = "14:30"
minutes = 10
kind = "talk"
title = "Second"
"#,
    )
    .unwrap();
    Test::new()
        .args(["now", "--tz", "UTC", "--at", "2021-04-13T14:15:00Z", "-f"])
        .arg(&path)
        .stdout_contains("Nothing is on now.\nNext: talk · Second — starts 14:30 UTC, in 15 min\n")
        .run();
}

#[test]
fn the_bundled_agenda_in_tokyo() {
    // Day 1 of the workshop: Fink is the second item of Broker interfaces I
    // (14:40-14:50 UTC, 23:40-23:50 JST); the block ends 15:15 UTC, 00:15
    // on the 14th in Tokyo.
    Test::new().in_root()
        .args(["now", "--tz", "Asia/Tokyo", "--at", "2021-04-13T14:41:00Z"])
        .stdout_contains("Now: tutorial · Broker interfaces I (moderator TBD) — until Wed 14 Apr 2021 00:15 JST, 34 min left\n  \
             item 2 of 4: Fink — until 23:50 JST, 9 min left\n")
        .run();
}

#[test]
fn bad_instant_is_a_usage_error() {
    Test::new()
        .in_root()
        .args(["now", "-f", FIXTURE, "--at", "13 April 2021"])
        .status(2)
        .stderr_contains("2021-04-13T14:41Z")
        .run();
}

/// An agenda whose zone cannot be read has no model at all: `now` refuses
/// it, `--strict` or not.
#[test]
fn an_agenda_with_no_usable_zone_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "[event]\nname = \"X\"\ntimezone = \"Mars/Olympus\"\n",
    )
    .unwrap();
    Test::new()
        .args(["now", "--at", "2021-04-13T14:00:00Z", "-f"])
        .arg(&path)
        .status(1)
        .stdout("")
        .stderr_contains("Mars/Olympus")
        .run();
}

#[test]
fn the_last_block_and_the_viewers_own_zone() {
    // Without --tz the zone comes from TZ, and the report says so. The
    // closing ends 15:00 UTC on the 15th: midnight starting the 16th in Tokyo.
    Test::new()
        .in_root()
        .env("TZ", "Asia/Tokyo")
        .args(["now", "-f", FIXTURE, "--at", "2021-04-15T14:56:00Z"])
        .assert()
        .success()
        .stdout(
            "Broker Workshop · three days
It is Thu 15 Apr 2021 23:56 JST (Asia/Tokyo, from TZ).

Now: session · Closing (Eleni Graikou) — until Fri 16 Apr 2021 00:00 JST, 4 min left
Nothing comes after it.
",
        );
}

/// `agenda now ARGS...` on the three-day fixture, with `TZ` set to
/// `tz` (the harness's UTC when `None`), returning stdout.
fn now_with(args: &[&str], tz: Option<&str>) -> String {
    Test::new()
        .in_root()
        .env("TZ", tz.unwrap_or("UTC"))
        .args(["now", "-f", FIXTURE])
        .args(args)
        .run()
        .stdout
}

#[test]
fn at_takes_instants_without_seconds_and_wall_times() {
    let full = now_with(&["--tz", "UTC", "--at", "2021-04-13T14:41:00Z"], None);
    // The form of the HTML page's #now=, without seconds.
    assert_eq!(
        now_with(&["--tz", "UTC", "--at", "2021-04-13T14:41Z"], None),
        full
    );
    // A wall time in the viewer's zone: 10:41 in Santiago (UTC-4) is
    // 14:41 UTC, whether the zone comes from --tz or from TZ.
    let santiago = now_with(&["--tz", "santiago", "--at", "2021-04-13 10:41"], None);
    assert!(
        santiago.contains("It is Tue 13 Apr 2021 10:41 UTC-04:00 (America/Santiago).\n"),
        "{santiago}"
    );
    assert!(santiago.contains("item 4 of 4: ANTARES — until 10:50 UTC-04:00, 9 min left"));
    let from_tz = now_with(&["--at", "2021-04-13 10:41"], Some("America/Santiago"));
    assert!(
        from_tz.contains("It is Tue 13 Apr 2021 10:41 UTC-04:00 (America/Santiago, from TZ)."),
        "{from_tz}"
    );
}

#[test]
fn at_now_is_the_clock_and_this_years_dates_have_no_year() {
    // The fixture is in 2021, so it is over; today's date is this year's
    // and is written without its year. Weekdays worked out from Thursday
    // 3 December 2026: the 20th is a Sunday, the 31st a Thursday, and
    // 2 March 2027 a Tuesday (1 January 2027 is a Friday, 1 February a
    // Monday, 1 March too).
    for (clock, first, year) in [
        (
            "2026-12-20T20:30:00Z",
            "It is Sun 20 Dec 20:30 UTC.",
            "2026",
        ),
        (
            "2026-12-31T23:59:00Z",
            "It is Thu 31 Dec 23:59 UTC.",
            "2026",
        ),
        ("2027-03-02T08:05:00Z", "It is Tue 2 Mar 08:05 UTC.", "2027"),
    ] {
        let text = Test::new()
            .in_root()
            .env("AGENDA_NOW", clock)
            .args(["now", "-f", FIXTURE, "--tz", "UTC", "--at", "now"])
            .run()
            .stdout;
        assert!(
            text.contains("It is over: the last block ended Thu 15 Apr 2021 15:00 UTC."),
            "{text}"
        );
        let line = text.lines().nth(1).unwrap();
        assert_eq!(line, first, "at {clock}");
        assert!(
            !line.contains(year),
            "the current year is not written: {line}"
        );
    }
}

#[test]
fn without_a_fixed_clock_now_is_the_machines() {
    // The system clock, read by this test before and after the run (under
    // faketime, the faked one, which the harness passes on).
    let line =
        |at: chrono::DateTime<chrono::Utc>| at.format("It is %a %-d %b %H:%M UTC.").to_string();
    let before = line(chrono::Utc::now());
    let text = Test::new()
        .in_root()
        .env_remove("AGENDA_NOW")
        .args(["now", "-f", FIXTURE, "--tz", "UTC"])
        .run()
        .stdout;
    let after = line(chrono::Utc::now());
    let first = text.lines().nth(1).unwrap();
    assert!(
        first == before || first == after,
        "{first} is neither {before} nor {after}"
    );
}

#[test]
fn a_malformed_clock_is_refused() {
    Test::new()
        .in_root()
        .env("AGENDA_NOW", "tomorrow")
        .args(["now", "-f", FIXTURE])
        .status(2)
        .stderr_contains("AGENDA_NOW=\"tomorrow\" is not an RFC 3339 instant")
        .run();
}

#[test]
fn an_ambiguous_abbreviation_gives_way_to_the_offset() {
    // At 14:41 UTC on 13 April 2021 IST is India's (UTC+05:30) and
    // Ireland's (UTC+01:00), so Kolkata's time is written with its offset;
    // JST is Japan's alone.
    let text = now_with(
        &[
            "--tz",
            "kolkata",
            "--tz",
            "tokyo",
            "--at",
            "2021-04-13T14:41Z",
        ],
        None,
    );
    assert!(
        text.contains(
            "It is Tue 13 Apr 2021 20:11 UTC+05:30 / Tue 13 Apr 2021 23:41 JST (Asia/Kolkata; Asia/Tokyo)."
        ),
        "{text}"
    );
    assert!(!text.contains("IST"), "{text}");
}

#[test]
fn a_filter_that_is_done_for_the_day_does_not_end_the_programme() {
    // The bundled day: the talks are 14:00-14:10 and 14:10-14:30 UTC; the
    // programme runs until 18:30.
    let out = Test::new()
        .in_root()
        .args([
            "now",
            "--tz",
            "UTC",
            "--kind",
            "talk",
            "--at",
            "2021-04-13T16:00Z",
        ])
        .output();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "No more talks today: the last one ended 14:30 UTC. The programme goes on until 18:30 UTC."
        ),
        "{text}"
    );
    assert!(!text.contains("It is over"), "{text}");
    // Three days: at 15:00 UTC on day 1 the talks are done for the day
    // (day 1 runs to 16:00); day 2 opens with a talk at 14:00 UTC.
    let text = now_with(
        &["--tz", "UTC", "--kind", "talk", "--at", "2021-04-13T15:00Z"],
        None,
    );
    assert!(
        text.contains(
            "No more talks today; Day 1 (Tue 13 Apr 2021) goes on until 16:00 UTC. \
             The next one starts Wed 14 Apr 2021 14:00 UTC, in 23 h 00 min."
        ),
        "{text}"
    );
    assert!(!text.contains("is over"), "{text}");
    // Without filters, the end is the end.
    let text = now_with(&["--tz", "UTC", "--at", "2021-04-15T15:30Z"], None);
    assert!(text.contains("It is over"), "{text}");
}

#[test]
fn room_keeps_the_plenary_blocks() {
    // 14:05 UTC on day 1 is the plenary welcome: it runs in Room A too.
    let text = now_with(
        &[
            "--tz",
            "UTC",
            "--room",
            "Room A",
            "--at",
            "2021-04-13T14:05Z",
        ],
        None,
    );
    assert!(text.contains("Now: talk · Welcome & logistics"), "{text}");
}
