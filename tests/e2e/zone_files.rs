//! Issue 22, points 1, 4 and 9: zone files are read as carefully as agenda
//! files. `TZ=:/path` and every file of a `TZDIR` may be a FIFO (whose
//! open blocks), a device (`/dev/zero` never ends), a file of any size or
//! damaged data; each is refused with a warning or an error that names
//! it, in a moment, with little memory. A `TZ` whose offset is a day or
//! more is refused, never shown clamped.
//!
//! Every run here is under a 1 GiB address-space limit and a 20-second
//! kill, so that a regression fails instead of hanging or swapping. The
//! `TZDIR` databases are compiled by `zic` from made-up sources (a Tokyo
//! at UTC+9 without DST, as Japan has kept since 1951).

use std::path::Path;
use std::process::Command;

use crate::harness::Test;

/// `agenda` run by `sh` under `ulimit -v` (1 GiB) and `timeout -s KILL 20`.
fn bounded() -> Test {
    Test::new()
        .in_root()
        .shell("ulimit -v 1048576; exec timeout -s KILL 20 \"$0\" \"$@\"")
}

/// A tz directory compiled by `zic`: Asia/Tokyo at UTC+9 (JST) and
/// Europe/Made_Up at UTC+1, version 2099a.
fn tzdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    crate::harness::zic(
        dir.path(),
        "2099a",
        "Zone Asia/Tokyo 9:00 - JST\nZone Europe/Made_Up 1:00 - MUT\n",
    );
    dir
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

/// `agenda` with `TZDIR` set to `dir` (and the bundled database not forced).
fn in_tzdir(dir: &Path) -> Test {
    bounded().env_remove("AGENDA_TZDB").env("TZDIR", dir)
}

#[test]
fn tz_naming_dev_zero_is_refused_at_once() {
    bounded()
        .env("TZ", ":/dev/zero")
        .arg("now")
        .stderr_contains("TZ=:/dev/zero cannot be used: it is a device, not a regular file")
        .stderr_contains("times are shown in")
        .run();
}

#[test]
fn tz_naming_a_fifo_does_not_hang() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("zone");
    mkfifo(&fifo);
    bounded()
        .env("TZ", format!(":{}", fifo.display()))
        .stderr_contains("it is a FIFO, not a regular file")
        .run();
}

#[test]
fn tz_naming_a_file_too_large_or_not_tzif_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let large = dir.path().join("large");
    let mut data = b"TZif2".to_vec();
    data.resize(300 << 10, 0);
    std::fs::write(&large, data).expect("written");
    bounded()
        .env("TZ", format!(":{}", large.display()))
        .stderr_contains("it is larger than 256 KiB, more than any zone file")
        .run();
    let text = dir.path().join("text");
    std::fs::write(&text, "Zone Asia/Tokyo 9:00 - JST\n").expect("written");
    bounded()
        .env("TZ", format!(":{}", text.display()))
        .stderr_contains("it is not TZif data")
        .run();
}

#[test]
fn a_tzdir_zone_linked_to_dev_zero_is_an_error_that_names_it() {
    let db = tzdir();
    std::fs::create_dir(db.path().join("Evil")).expect("made");
    std::os::unix::fs::symlink("/dev/zero", db.path().join("Evil/Zero")).expect("linked");
    let out = in_tzdir(db.path())
        .args(["--tz", "Evil/Zero", "now"])
        .status(2)
        .stderr_contains(format!(
            "time zone `Evil/Zero` cannot be used: {}: it is a device, not a regular file",
            db.path().join("Evil/Zero").display()
        ))
        .run();
    assert!(!out.stderr.contains("did you mean"), "{}", out.stderr);
    // The other zones are still there, and `zones` names the link once.
    in_tzdir(db.path())
        .args(["zones"])
        .stdout_contains("Asia/Tokyo")
        .stderr_contains("left out: Evil/Zero")
        .run();
}

#[test]
fn fifos_anywhere_in_a_tzdir_hang_nothing() {
    let db = tzdir();
    for name in ["Pipe", "Asia/Pipe", "tzdata.zi"] {
        mkfifo(&db.path().join(name));
    }
    // 20:30 UTC on 20 December (the harness's clock) is 05:30 the next
    // day at UTC+9.
    in_tzdir(db.path())
        .args(["--tz", "Asia/Tokyo", "now"])
        .stdout_contains("Mon 21 Dec 05:30 JST")
        .run();
    let out = in_tzdir(db.path()).args(["zones"]).run();
    let zones: Vec<&str> = out
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(zones, ["Asia/Tokyo", "Europe/Made_Up"], "{}", out.stdout);
    assert!(out.stderr.contains("Asia/Pipe"), "{}", out.stderr);
    assert!(out.stderr.contains("Pipe"), "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
}

#[test]
fn a_damaged_zone_file_says_so_and_is_not_suggested() {
    let db = tzdir();
    let tokyo = std::fs::read(db.path().join("Asia/Tokyo")).expect("read");
    std::fs::write(db.path().join("Asia/Trunc"), &tokyo[..tokyo.len() / 2]).expect("written");
    let out = in_tzdir(db.path())
        .args(["--tz", "Asia/Trunc"])
        .status(2)
        .stderr_contains("time zone `Asia/Trunc` cannot be used:")
        .stderr_contains("its TZif data is damaged")
        .run();
    assert!(!out.stderr.contains("did you mean"), "{}", out.stderr);
    // In a file, it is an unknown zone with the reason given once.
    let agenda =
        "[event]\nname = \"E\"\ntimezone = \"Asia/Trunc\"\n\n[[day]]\ndate = 2021-04-13\n\n\
                  [[day.block]]\nstart = \"10:00\"\nminutes = 10\nkind = \"talk\"\ntitle = \"T\"\n";
    let test = in_tzdir(db.path()).write("a.toml", agenda);
    let file = test.path("a.toml");
    let out = test
        .args(["check", "-f"])
        .arg(file)
        .status(1)
        .stderr_contains("cannot use the zone file")
        .stderr_contains("its TZif data is damaged")
        .run();
    assert!(
        !out.stderr.contains("did you mean Asia/Trunc"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_zone_file_a_day_or_more_from_utc_is_refused_not_clamped() {
    let db = tzdir();
    crate::harness::zic(db.path(), "2099a", "Zone Far/East 24:30 - FAR\n");
    in_tzdir(db.path())
        .args(["--tz", "Far/East", "now"])
        .status(2)
        .stderr_contains("it puts clocks at UTC+24:30, a day or more from UTC")
        .run();
}

// glibc reads `XXX-24` as UTC+24:00 (POSIX counts west of UTC):
// `TZ=XXX-24 date -d @1618322400` prints 2021-04-14 14:00:00 +2400. No
// time can be shown a day from UTC, so the offset is refused with a
// warning, and 14:00 UTC never shows as 13:59.
#[test]
fn a_tz_offset_of_a_day_is_warned_about_never_clamped() {
    let out = bounded()
        .env("TZ", "XXX-24")
        .env("AGENDA_NOW", "2021-04-13T14:00:00Z")
        .arg("now")
        .stderr_contains("TZ=XXX-24 puts the clock at UTC+24:00, a day or more from UTC")
        .run();
    assert!(!out.stdout.contains("13:59"), "{}", out.stdout);
    let date = Command::new("date")
        .env("TZ", "XXX-24")
        .args(["-d", "@1618322400", "+%F %T %z"])
        .output()
        .ok()
        .filter(|d| d.status.success());
    if let Some(date) = date {
        // The oracle, where there is one: what glibc makes of it.
        assert_eq!(
            String::from_utf8_lossy(&date.stdout).trim(),
            "2021-04-14 14:00:00 +2400"
        );
    }
    // 23:59 east is the furthest a clock is shown: 14:00 UTC is 13:59 the
    // next day there, as `date` says too.
    bounded()
        .env("TZ", "XXX-23:59")
        .env("AGENDA_NOW", "2021-04-13T14:00:00Z")
        .arg("now")
        .stdout_contains("Wed 14 Apr 13:59")
        .stderr("")
        .run();
}
