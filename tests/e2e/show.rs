//! `agenda show`: the bundled programme in any zone. Expected times are
//! worked out by hand from the tz database's rules: the agenda is in UTC;
//! America/Santiago is UTC−4 on 2021-04-13 (Chile left daylight-saving
//! time on 2021-04-04) and Asia/Tokyo is UTC+9 with no DST.

use crate::harness::{row, rows, stdout, Test};

#[test]
fn santiago_runs_from_ten_to_half_past_two() {
    let out = stdout(&["--tz", "America/Santiago"]);
    assert!(out.contains("America/Santiago (--tz, UTC-04:00)"), "{out}");
    assert!(row(&out, "Introduction & logistics").contains("10:00–10:10"));
    assert!(row(&out, "Broker interfaces III + Solar System").contains("13:45–14:30"));
    let breaks = rows(&out, "┆ Break ");
    let times: Vec<bool> = ["11:15–11:20", "12:05–12:35", "13:40–13:45"]
        .iter()
        .zip(&breaks)
        .map(|(t, row)| row.contains(t))
        .collect();
    assert_eq!(times, [true, true, true], "{breaks:#?}");
    assert!(!out.contains("Apr "), "no date change in Santiago:\n{out}");
}

#[test]
fn tokyo_crosses_midnight_into_14_april() {
    let out = stdout(&["show", "--tz", "Asia/Tokyo"]);
    assert!(out.contains("Asia/Tokyo (--tz, UTC+09:00)"), "{out}");
    let first = row(&out, "Introduction & logistics");
    assert!(
        first.contains("23:00–23:10") && !first.contains("14 Apr"),
        "{first}"
    );
    // 14:30–15:15 UTC: starts on the 13th, ends on the 14th.
    assert!(row(&out, "Broker interfaces I ").contains("23:30–00:15 +1d"));
    // The 15:15 UTC break is at 00:15 on Wednesday 14 April in Tokyo.
    assert!(rows(&out, "┆ Break ")[0].contains("Wed 14 Apr 00:15–00:20"));
    assert!(row(&out, "Broker interfaces III + Solar System").contains("Wed 14 Apr 02:45–03:30"));
}

#[test]
fn items_are_indented_under_their_block_with_their_own_times() {
    let out = stdout(&["--tz", "UTC"]);
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("Broker interfaces II "))
        .expect("tutorial II row");
    let expected = [
        ("15:20–15:30", "· SCIMMA"),
        ("15:30–15:40", "· Lasair"),
        ("15:40–15:50", "· ALeRCE"),
        ("15:50–16:00", "· AMPEL"),
    ];
    for (line, (time, title)) in lines[at + 1..].iter().zip(expected) {
        assert!(line.contains(&format!("│   {time}")), "{line}");
        assert!(line.contains(title), "{line}");
    }
}

#[test]
fn several_zones_side_by_side() {
    let out = stdout(&["--tz", "santiago", "--tz", "tokyo", "--tz", "UTC"]);
    let first = row(&out, "Introduction & logistics");
    let (s, t, u) = (
        first.find("10:00–10:10"),
        first.find("23:00–23:10"),
        first.find("14:00–14:10"),
    );
    assert!(s < t && t < u && s.is_some(), "{first}");
}

#[test]
fn viewer_zone_comes_from_tz_and_the_header_says_so() {
    Test::new()
        .in_root()
        .env("TZ", "Asia/Tokyo")
        .stdout_contains("Times in Asia/Tokyo (from TZ, UTC+09:00)")
        .stdout_contains("23:00–23:10")
        .run();
}

#[test]
fn local_means_the_viewers_own_zone() {
    Test::new()
        .in_root()
        .args(["--tz", "local"])
        .env("TZ", "America/Santiago")
        .stdout_contains("America/Santiago (from TZ, UTC-04:00)")
        .run();
}

#[test]
fn unknown_zone_is_a_usage_error_with_suggestions() {
    Test::new()
        .in_root()
        .args(["--tz", "America/Santaigo"])
        .status(2)
        .stderr_contains("unknown time zone `America/Santaigo`")
        .stderr_contains("America/Santiago")
        .run();
}

#[test]
fn day_by_number_or_date() {
    let by_number = stdout(&["--tz", "UTC", "--day", "1"]);
    let by_date = stdout(&["--tz", "UTC", "--day", "2021-04-13"]);
    assert_eq!(by_number, by_date);
    Test::new()
        .in_root()
        .args(["--day", "2"])
        .status(2)
        .stderr_contains("no such day")
        .run();
}

/// A programme that breaks a rule is shown whole, both overlapping
/// blocks marked, with one line on stderr; `--strict` refuses it with
/// `check`'s report, as `show` did before.
#[test]
fn an_agenda_with_errors_is_shown_or_refused_under_strict() {
    let out = Test::new()
        .in_root()
        .args(["-f", "tests/fixtures/show/overlap.toml", "--tz", "UTC"])
        .stderr(
            "agenda: tests/fixtures/show/overlap.toml breaks 1 rule (overlap ×1); \
             run `agenda check -f tests/fixtures/show/overlap.toml` for details\n",
        )
        .run();
    assert!(row(&out.stdout, "First").contains("14:00–14:20 ┆ talk !"));
    assert!(row(&out.stdout, "Second").contains("14:10–14:20 ┆ talk !"));
    assert!(out
        .stdout
        .contains("! breaks a rule of the programme (overlap)"));
    Test::new()
        .in_root()
        .args(["-f", "tests/fixtures/show/overlap.toml", "--tz", "UTC"])
        .arg("--strict")
        .status(1)
        .stdout("")
        .stderr_contains("overlaps")
        .stderr_contains("1 error")
        .stderr_contains("has errors; nothing done")
        .run();
}

#[test]
fn missing_file_is_exit_2_naming_it() {
    Test::new()
        .args(["-f", "no/such/agenda.toml"])
        .status(2)
        .stderr_contains("cannot read no/such/agenda.toml")
        .run();
}

/// Issue 10's case (tests/fixtures/clock/fold.toml): 02:30–03:30 UTC on
/// 2021-04-04 read in Santiago, which left DST at 03:00 UTC (00:00 -03 →
/// 23:00 -04 on the 3rd): 23:30 -03 to 23:30 -04; the first item runs
/// 23:30 -03 to 23:00 -04, the second 23:00 -04 to 23:30 -04, all on
/// Saturday 3 April. 23:00–23:59 happened twice that night, so the second
/// item's times carry their offset too (issue 21, point 8).
#[test]
fn a_clock_change_inside_a_block_names_both_offsets() {
    let out = stdout(&[
        "-f",
        "tests/fixtures/clock/fold.toml",
        "--tz",
        "America/Santiago",
    ]);
    assert!(
        out.contains("America/Santiago (--tz, UTC-03:00, then UTC-04:00)"),
        "{out}"
    );
    assert!(
        row(&out, "Across the fold ").contains("Sat 3 Apr 23:30 -03 – 23:30 -04"),
        "{out}"
    );
    assert!(
        row(&out, "First half").contains("Sat 3 Apr 23:30 -03 – 23:00 -04"),
        "{out}"
    );
    assert!(
        row(&out, "Second half").contains("Sat 3 Apr 23:00 -04 – 23:30 -04 "),
        "{out}"
    );
    // In UTC nothing changes: plain times.
    let utc = stdout(&["-f", "tests/fixtures/clock/fold.toml", "--tz", "UTC"]);
    assert!(
        row(&utc, "Across the fold ").contains("02:30–03:30 "),
        "{utc}"
    );
}

#[test]
fn markdown_names_both_offsets_across_a_clock_change() {
    let out = stdout(&[
        "-f",
        "tests/fixtures/clock/fold.toml",
        "export",
        "--format",
        "markdown",
        "--tz",
        "America/Santiago",
    ]);
    assert!(
        out.contains("Times in America/Santiago (UTC-03:00, then UTC-04:00)."),
        "{out}"
    );
    assert!(out.contains("| 23:30 -03 – 23:30 -04 | session |"), "{out}");
}

/// tests/fixtures/clock/gap-in-santiago.toml: the gap's two times are on
/// different clocks, so the warning names both offsets.
#[test]
fn check_names_offsets_across_a_clock_change() {
    Test::new().in_root().args(["-f", "tests/fixtures/clock/gap-in-santiago.toml", "check"])
        .stderr_contains("40 minutes unscheduled between `Before the change` (ends 23:50 -03) and `After the change` (starts 23:30 -04)")
        .run();
}

/// The harness's example in CONTRIBUTING.md ("Development"), kept true.
#[test]
fn tokyo_in_one_line() {
    Test::new()
        .in_root()
        .args(["--tz", "tokyo"])
        .stdout_contains("23:00–23:10")
        .run();
}
