//! `agenda diff OLD NEW`, end to end. Expected times worked out by hand:
//! the bundled agenda is in UTC, Tokyo is UTC+9, Berlin UTC+1 until
//! 2021-03-28 01:00 UTC and UTC+2 after.

use crate::harness::Test;

const V2: &str = "tests/fixtures/publish/agenda_v2.toml";
const MULTI: &str = "tests/fixtures/publish/multiday_rooms.toml";
const MULTI_V2: &str = "tests/fixtures/publish/multiday_rooms_v2.toml";

fn stdout(args: &[&str], code: i32) -> String {
    let out = Test::new().in_root().args(args).status(code).run();
    out.stdout
}

#[test]
fn nothing_changed_exits_0() {
    Test::new()
        .in_root()
        .args(["diff", "agenda.toml", "agenda.toml"])
        .status(0)
        .stdout("No changes.\n")
        .run();
}

#[test]
fn every_kind_of_change_on_the_bundled_agenda() {
    let out = stdout(&["diff", "agenda.toml", V2, "--tz", "UTC"], 1);
    assert_eq!(
        out,
        "Times in UTC.

Tuesday 13 April 2021 · Day 1
  speakers    \"Vera C. Rubin Observatory & LSST\": now Melissa Graham, Eric Bellm (was Melissa Graham)
  moderator   \"Broker interfaces I\": now Federica Bianco (was TBD)
  items       \"Broker interfaces II\": added Fink; removed AMPEL
  shortened   \"Break\" now 25 minutes, 16:05–16:30 (was 30 minutes)
  moved       \"Output from brokers\" now 16:30–17:25 (was 16:35–17:25)
  lengthened  \"Output from brokers\" now 55 minutes, 16:30–17:25 (was 50 minutes)
  moderator   \"Output from brokers\": now Eric Bellm (was none)
  retitled    \"Summary of discussion\" is now \"Summary and next steps\", 17:25–17:40
"
    );
}

#[test]
fn times_in_several_zones_carry_their_dates() {
    let out = stdout(
        &["diff", "agenda.toml", V2, "--tz", "UTC", "--tz", "tokyo"],
        1,
    );
    assert!(out.starts_with("Times in UTC / Asia/Tokyo.\n"));
    // 16:30 UTC on 13 April is 01:30 on 14 April in Tokyo.
    assert!(out.contains(
        "\"Output from brokers\" now 16:30–17:25 / Wed 14 Apr 01:30–02:25 (was 16:35–17:25 / Wed 14 Apr 01:35–02:25)"
    ));
}

#[test]
fn viewer_zone_is_the_default() {
    let out = Test::new()
        .in_root()
        .env("TZ", "America/Santiago")
        .args(["diff", "agenda.toml", V2])
        .status(1)
        .run()
        .stdout;
    assert!(out.starts_with("Times in America/Santiago.\n"));
    // Santiago is UTC-4 in mid-April 2021.
    assert!(out.contains("now 12:30–13:25 (was 12:35–13:25)"));
}

#[test]
fn markdown_announcement() {
    let out = stdout(
        &[
            "diff",
            "agenda.toml",
            V2,
            "--tz",
            "UTC",
            "--format",
            "markdown",
        ],
        1,
    );
    assert!(out.starts_with(
        "## Programme changes\n\nTimes in UTC.\n\n### Tuesday 13 April 2021 · Day 1\n\n"
    ));
    assert!(out.contains(
        "- **Retitled:** *Summary of discussion* is now *Summary and next steps*, 17:25–17:40\n"
    ));
    assert!(out.contains("- **Items:** *Broker interfaces II*: added Fink; removed AMPEL\n"));
    assert_eq!(out.matches("\n- **").count(), 8);
}

#[test]
fn moves_across_days_and_rooms_on_multiday_fixture() {
    let out = stdout(&["diff", MULTI, MULTI_V2, "--tz", "UTC"], 1);
    assert_eq!(
        out,
        "Times in UTC.

Sunday 28 March 2021 · Sunday
  room        \"Breakout: classification\" now in Room C (was Room A)
  retitled    \"Breakout: follow-up\" is now \"Breakout: alert follow-up\", 08:30–09:15

Monday 29 March 2021 · Monday
  moved       \"Poster lightning round\" now 07:40–08:30 (was Sat 27 Mar 16:10–17:00)
  moved       \"Closing\" now 08:30–08:50 (was 07:40–08:00)
"
    );
    // In the event's zone the same moves read 09:40 (CEST, +02:00) and
    // Saturday 17:10 (CET, +01:00).
    let out = stdout(&["diff", MULTI, MULTI_V2, "--tz", "Europe/Berlin"], 1);
    assert!(out.contains("\"Poster lightning round\" now 09:40–10:30 (was Sat 27 Mar 17:10–18:00)"));
}

#[test]
fn added_and_removed_blocks() {
    let out = stdout(&["diff", MULTI_V2, "agenda.toml", "--tz", "UTC"], 1);
    assert!(out.contains("Tuesday 13 April 2021 · Day 1\n  added       \"Introduction & logistics\" (talk), 14:00–14:10\n"));
    assert!(out.contains("Saturday 27 March 2021 · Saturday\n  removed     \"Welcome & overview\" (talk), was 15:00–15:20\n"));
    assert_eq!(out.matches("  added ").count(), 10);
}

#[test]
fn errors_exit_2_and_strict_refuses_an_invalid_agenda() {
    Test::new()
        .in_root()
        .args(["diff", "agenda.toml", "tests/fixtures/publish/missing.toml"])
        .status(2)
        .stderr_contains("cannot read")
        .run();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        std::fs::read_to_string("agenda.toml")
            .unwrap()
            .replace("minutes = 20\n", "minutes = 25\n"),
    )
    .unwrap();
    // Only under --strict: otherwise the change is reported, with a line
    // on what the new version breaks.
    Test::new()
        .in_root()
        .args(["diff", "--strict", "agenda.toml"])
        .arg(&bad)
        .status(2)
        .stdout("")
        .stderr_contains("error[talk-length]")
        .stderr_contains("has errors")
        .run();
    Test::new()
        .in_root()
        .args(["diff", "agenda.toml"])
        .arg(&bad)
        .status(1)
        .stdout_contains("lengthened")
        // 14:10–14:35 runs into the tutorial at 14:30.
        .stderr_contains("breaks 2 rules (talk-length ×1, overlap ×1)")
        .run();
    Test::new()
        .in_root()
        .args(["diff", "agenda.toml", V2, "--tz", "Nowhere/Else"])
        .status(2)
        .stderr_contains("unknown time zone")
        .run();
}

/// tests/fixtures/clock/fold-moved.toml moves the block 02:30 → 02:40 UTC
/// across Santiago's fall-back (03:00 UTC: -03 → -04): 23:40 -03 until
/// 23:40 -04.
#[test]
fn a_move_across_a_clock_change_names_both_offsets() {
    let out = stdout(
        &[
            "diff",
            "tests/fixtures/clock/fold.toml",
            "tests/fixtures/clock/fold-moved.toml",
            "--tz",
            "America/Santiago",
        ],
        1,
    );
    assert!(out.contains("Sat 3 Apr 23:30 -03 – 23:30 -04"), "{out}");
    assert!(out.contains("Sat 3 Apr 23:40 -03 – 23:40 -04"), "{out}");
}

#[test]
fn a_retitled_block_without_an_id_gets_a_hint() {
    // "Summary of discussion" is retitled in V2 and has no `id`: its UID
    // follows its title, so calendars would show it twice.
    let out = Test::new()
        .in_root()
        .args(["diff", "agenda.toml", V2, "--tz", "UTC"])
        .status(1)
        .run();
    let stderr = out.stderr;
    assert!(
        stderr.contains(
            "hint: `Summary and next steps` (was `Summary of discussion`) has no `id`, \
             so its calendar UID follows its title"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("give blocks an `id`"), "{stderr}");
    // "Breakout: alert follow-up" is retitled too, but has `id = "followup"`.
    let out = Test::new()
        .in_root()
        .args(["diff", MULTI, MULTI_V2, "--tz", "UTC"])
        .status(1)
        .run();
    assert!(
        out.stdout.contains("retitled"),
        "the fixture retitles a block"
    );
    assert_eq!(out.stderr, "");
}

const MOVES: &str = "tests/fixtures/export/moves-v1.toml";
const MOVES_V2: &str = "tests/fixtures/export/moves-v2.toml";

/// The `hint:` lines of `diff OLD NEW`, which exits with `status`.
fn hints(old: &str, new: &str, status: i32) -> Vec<String> {
    let out = Test::new()
        .in_root()
        .args(["diff", old, new])
        .status(status)
        .run();
    out.stderr
        .lines()
        .filter(|l| l.starts_with("hint: "))
        .map(String::from)
        .collect()
}

#[test]
fn a_block_whose_uid_changes_with_its_room_or_day_gets_a_hint_and_no_other() {
    // The keynote (with an `id`) and the lightning talk (a title of its
    // own) move to another day and room and keep their UIDs: no hint. The
    // breakout that changes room shares its title with another, so its
    // room is part of its UID.
    assert_eq!(
        hints(MOVES, MOVES_V2, 1),
        [
            "hint: `Breakout` has no `id` and other blocks have its title, so its calendar UID \
          follows its day and room, which changed: calendars that imported the old version \
          will show it twice; give blocks an `id` so that calendars update them instead, \
          wherever they move"
        ]
    );
}

#[test]
fn an_event_renamed_without_an_id_gets_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = std::fs::read_to_string(MOVES).unwrap();
    let unnamed = v1.replace("id = \"moves-2021\"\n", "");
    let (old, new, renamed) = (
        dir.path().join("old.toml"),
        dir.path().join("new.toml"),
        dir.path().join("renamed.toml"),
    );
    std::fs::write(&old, &unnamed).unwrap();
    std::fs::write(
        &new,
        unnamed.replace("name = \"Moves\"", "name = \"Moves II\""),
    )
    .unwrap();
    std::fs::write(&renamed, v1.replace("\"moves-2021\"", "\"moves-21\"")).unwrap();
    let path = |p: &std::path::Path| p.to_str().unwrap().to_string();
    // No block changed ("No changes."), but every UID did.
    assert_eq!(
        hints(&path(&old), &path(&new), 0),
        [
            "hint: the event has no `id`, so every calendar UID follows its name, `Moves II`, \
          where it was `Moves`: calendars that imported the old version will show every event \
          twice; set `id` in [event] and keep it"
        ]
    );
    let hint = hints(MOVES, &path(&renamed), 0);
    assert_eq!(hint.len(), 1);
    assert!(
        hint[0].starts_with("hint: the event's `id` changed from `moves-2021` to `moves-21`"),
        "{hint:?}"
    );
}

#[test]
fn markdown_is_in_the_event_zone_unless_tz_is_given() {
    let markdown = |tz: &[&str]| {
        Test::new()
            .in_root()
            .env("TZ", "America/Santiago")
            .args(["diff", MULTI, MULTI_V2, "--format", "markdown"])
            .args(tz)
            .status(1)
            .run()
            .stdout
    };
    // The fixtures' event zone is Berlin: CEST (UTC+2) from 28 March 2021
    // 01:00 UTC, CET (UTC+1) before; the poster round moves from Saturday
    // 16:10 UTC to Monday 07:40 UTC.
    let out = markdown(&[]);
    assert!(out.contains("\nTimes in Europe/Berlin.\n"), "{out}");
    assert!(
        out.contains("*Poster lightning round* now 09:40–10:30 (was Sat 27 Mar 17:10–18:00)"),
        "{out}"
    );
    let out = markdown(&["--tz", "UTC"]);
    assert!(out.contains("\nTimes in UTC.\n"), "{out}");
    assert!(
        out.contains("*Poster lightning round* now 07:40–08:30 (was Sat 27 Mar 16:10–17:00)"),
        "{out}"
    );
}
