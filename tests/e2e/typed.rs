//! Issue 21, points 4 and 5, and issue 22, point 8: zones and times as
//! people type them. Times are worked out by hand on the bundled agenda
//! (13 April 2021, UTC): the introduction runs 14:00–14:10, Broker
//! interfaces I 14:30–15:15. Offsets are facts of the tz database: Los
//! Angeles is on PDT (UTC-7) and New York on EDT (UTC-4) in April; EST is
//! UTC-5 all year; Tokyo is UTC+9; India UTC+5:30.

use std::time::Duration;

use crate::harness::Test;

/// `agenda ARGS` on the bundled agenda.
fn agenda(args: &[&str]) -> Test {
    Test::new().in_root().args(args)
}

/// The header line and the first row of the table.
fn first_row(stdout: &str) -> &str {
    stdout
        .lines()
        .find(|l| l.contains("Introduction"))
        .unwrap_or_else(|| panic!("no first row in\n{stdout}"))
}

#[test]
fn fixed_offsets_are_zones() {
    // 14:00 UTC is 19:30 at UTC+05:30.
    let out = agenda(&["--tz", "UTC+05:30"]).stderr("").run();
    assert!(out.stdout.contains("Times in UTC+05:30"), "{}", out.stdout);
    assert!(
        first_row(&out.stdout).contains("19:30–19:40"),
        "{}",
        out.stdout
    );
    // Written three ways, it is one zone and one column.
    let out = agenda(&["--tz", "UTC+05:30", "--tz", "+05:30", "--tz", "utc+0530"]).run();
    assert_eq!(first_row(&out.stdout).matches("19:30–19:40").count(), 1);
    // 14:00 UTC is 11:00 at UTC-03:00.
    let out = agenda(&["--tz", "UTC-3"]).run();
    assert!(
        first_row(&out.stdout).contains("11:00–11:10"),
        "{}",
        out.stdout
    );
}

#[test]
fn gmt_plus_five_is_five_hours_ahead_with_a_note() {
    let out = agenda(&["--tz", "GMT+5"])
        .stderr_contains("note: `GMT+5` is read as UTC+05:00")
        .stderr_contains("Etc/GMT+5 is the opposite, UTC-05:00")
        .run();
    assert!(
        first_row(&out.stdout).contains("19:00–19:10"),
        "{}",
        out.stdout
    );
}

#[test]
fn utc_plus_two_is_no_reason_to_suggest_etc_utc() {
    let out = agenda(&["--tz", "UTC+2"]).stderr("").run();
    assert!(
        first_row(&out.stdout).contains("16:00–16:10"),
        "{}",
        out.stdout
    );
    let out = agenda(&["--tz", "UTC+25"])
        .status(2)
        .stderr_contains("`UTC+25` is not a UTC offset a clock can be at")
        .run();
    assert!(!out.stderr.contains("Etc/UTC"), "{}", out.stderr);
}

#[test]
fn zones_lists_what_tz_takes_when_no_name_contains_it() {
    let at = ["--at", "2021-04-13T14:00:00Z"];
    agenda(&["zones", "UTC+2", at[0], at[1]])
        .stdout("UTC+02:00  UTC+02:00\n")
        .stderr("")
        .run();
    agenda(&["zones", "JST", at[0], at[1]])
        .stdout("Asia/Tokyo  UTC+09:00  JST\n")
        .run();
    // Arizona keeps MST (UTC-7) all year.
    agenda(&["zones", "tucson", at[0], at[1]])
        .stdout("America/Phoenix  UTC-07:00  MST\n")
        .run();
}

#[test]
fn abbreviations_name_the_zone_taken() {
    // PST is Los Angeles, on PDT (UTC-7) in April: 14:00 UTC is 07:00.
    let out = agenda(&["--tz", "PST"])
        .stderr(
            "agenda: note: `PST` is taken as America/Los_Angeles (Pacific Time; PDT in summer)\n",
        )
        .run();
    assert!(
        out.stdout.contains("PST → America/Los_Angeles"),
        "{}",
        out.stdout
    );
    assert!(
        first_row(&out.stdout).contains("07:00–07:10"),
        "{}",
        out.stdout
    );
    // JST: 14:00 UTC is 23:00.
    let out = agenda(&["--tz", "jst"]).run();
    assert!(
        first_row(&out.stdout).contains("23:00–23:10"),
        "{}",
        out.stdout
    );
}

#[test]
fn ambiguous_abbreviations_list_their_zones() {
    agenda(&["--tz", "IST"])
        .status(2)
        .stderr(
            "agenda: `IST` could be India Standard Time (Asia/Kolkata), Irish Standard Time \
             (Europe/Dublin) or Israel Standard Time (Asia/Jerusalem); write the zone's name\n",
        )
        .run();
    agenda(&["--tz", "CST"])
        .status(2)
        .stderr_contains("Central Standard Time, North America (America/Chicago)")
        .stderr_contains("China Standard Time (Asia/Shanghai)")
        .run();
}

#[test]
fn est_in_april_warns_that_new_york_is_on_edt() {
    // EST is UTC-5 all year: 14:00 UTC is 09:00, while New York reads 10:00.
    let out = agenda(&["--tz", "EST"])
        .env("AGENDA_NOW", "2021-04-13T14:00:00Z")
        .stderr(
            "agenda: warning: `EST` is UTC-05:00 all year, but New York is on EDT (UTC-04:00) \
             now: write America/New_York for New York's clock\n",
        )
        .run();
    assert!(
        first_row(&out.stdout).contains("09:00–09:10"),
        "{}",
        out.stdout
    );
    // In December New York is on EST; the note says when that ends: the
    // second Sunday of March 2027 is the 14th.
    agenda(&["--tz", "EST"])
        .stderr_contains(
            "note: `EST` is UTC-05:00 all year; New York moves to EDT (UTC-04:00) on 14 Mar 2027",
        )
        .run();
}

#[test]
fn cities_of_one_name_are_told_apart_by_state() {
    let out = agenda(&["--tz", "springfield"]).status(2).run();
    for city in [
        "Springfield, Missouri, United States (America/Chicago)",
        "Springfield, Massachusetts, United States (America/New_York)",
        "Springfield, Illinois, United States (America/Chicago)",
        "Springfield, Oregon, United States (America/Los_Angeles)",
    ] {
        assert_eq!(
            out.stderr.matches(city).count(),
            1,
            "{city} in {}",
            out.stderr
        );
    }
}

#[test]
fn spacing_does_not_matter_and_repeats_are_one_column() {
    // New York is on EDT (UTC-4): 14:00 UTC is 10:00.
    let out = agenda(&["--tz", "new  york"]).run();
    assert!(
        first_row(&out.stdout).contains("10:00–10:10"),
        "{}",
        out.stdout
    );
    let out = agenda(&["--tz", "paris", "--tz", "paris", "--tz", "Europe/Paris"]).run();
    // Paris is on CEST (UTC+2): 16:00.
    assert_eq!(
        first_row(&out.stdout).matches("16:00–16:10").count(),
        1,
        "{}",
        out.stdout
    );
}

#[test]
fn ten_thousand_repeated_cities_cost_one_lookup() {
    // Before, each took 6 ms (a pass over 34,000 cities) and made a column.
    let mut test = agenda(&["now"]).timeout(Duration::from_secs(20));
    for _ in 0..10_000 {
        test = test.args(["--tz", "tokyo"]);
    }
    let out = test.run();
    assert_eq!(out.stdout.matches("JST").count(), 2, "{}", out.stdout);
}

#[test]
fn files_take_fixed_offsets() {
    let agenda = "[event]\nname = \"E\"\ntimezone = \"UTC+05:30\"\n\n\
                  [people]\n\"Ana\" = { timezone = \"-03:00\" }\n\n\
                  [[day]]\ndate = 2021-04-13\n\n[[day.block]]\nstart = \"19:30\"\nminutes = 10\n\
                  kind = \"talk\"\ntitle = \"T\"\nspeaker = \"Ana\"\n";
    let test = Test::new().write("a.toml", agenda);
    let file = test.path("a.toml");
    // 19:30 at UTC+05:30 is 14:00 UTC, 11:00 for Ana at UTC-03:00.
    let out = test.args(["--tz", "UTC"]).arg("-f").arg(&file).run();
    assert!(
        out.stdout.contains("event time zone: UTC+05:30"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("14:00–14:10"), "{}", out.stdout);
    Test::new().args(["check", "-f"]).arg(&file).run();
}

#[test]
fn at_takes_a_time_of_today_and_a_zone() {
    // At 10:00 UTC on 13 April 2021, 14:41 today is during Broker
    // interfaces I (14:30–15:15 UTC).
    for at in [
        "14:41",
        "2021-04-13 14:41 UTC",
        "2021-04-13T14:41Z",
        "2021-04-13 23:41 tokyo",
    ] {
        agenda(&["now", "--at", at])
            .env("AGENDA_NOW", "2021-04-13T10:00:00Z")
            .stdout_contains("Now: tutorial · Broker interfaces I")
            .run();
    }
    // Today in Tokyo (19:00 JST on the 13th), 14:41 JST is 05:41 UTC:
    // before the start.
    agenda(&["now", "--tz", "tokyo", "--at", "14:41"])
        .env("AGENDA_NOW", "2021-04-13T10:00:00Z")
        .stdout_contains("Not started yet")
        .run();
    agenda(&["now", "--at", "2021-04-13 14:41 Mars"])
        .status(2)
        .stderr_contains("unknown time zone `Mars`")
        .run();
}
