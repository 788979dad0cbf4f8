//! Issue 15: hostile input. `-o` never destroys what it should not, a
//! small input never costs minutes or gigabytes, no number or stream makes
//! the program panic, and nothing from the file reaches a terminal as a
//! control character.
//!
//! The size tests run the binary under `ulimit -v` (through `sh -c`) and a
//! timeout, so that a regression fails here instead of hanging CI.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use assert_cmd::Command;
use predicates::prelude::*;

/// H of the issue: an event in UTC and one day.
const H: &str = "[event]\nname = \"E\"\ntimezone = \"UTC\"\n\n[[day]]\ndate = 2021-04-13\n";

/// B of the issue: one valid ten-minute talk.
const B: &str = "\n[[day.block]]\nstart = \"10:00\"\nminutes = 10\nkind = \"talk\"\ntitle = \"T\"\nspeaker = \"S\"\n";

/// `agenda ARGS...` with the clean environment of `tests/common`.
fn agenda(args: &[&str]) -> Command {
    let mut cmd = common::agenda(args);
    cmd.env("AGENDA_TZDB", "bundled")
        .env("TZ", "UTC")
        .env("SOURCE_DATE_EPOCH", "1618322400");
    cmd
}

/// The path of the built binary.
fn binary() -> String {
    Process::cargo_bin("agenda")
        .expect("the binary")
        .get_program()
        .to_string_lossy()
        .into_owned()
}

/// Writes `text` as `name` in a new temporary directory.
fn file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("written");
    (dir, path)
}

fn s(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// Runs `sh -c SCRIPT` with `$0` the binary and `$1`... the `args`, under
/// a virtual-memory limit of `mib` MiB and a time limit of `secs` seconds
/// (from `timeout`), and returns its output and how long it took.
fn bounded(script: &str, args: &[&str], mib: u64, secs: u64) -> (Output, Duration) {
    let started = Instant::now();
    let out = Process::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {}; exec timeout -s KILL {secs} sh -c '{script}' \"$0\" \"$@\"",
            mib * 1024
        ))
        .arg(binary())
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .env("AGENDA_TZDB", "bundled")
        .stdin(Stdio::null())
        .output()
        .expect("sh runs");
    (out, started.elapsed())
}

// ---------------------------------------------------------------- 1. -o

const AGENDA: &str = include_str!("../agenda.toml");

#[test]
fn output_onto_the_input_itself_is_refused() {
    let (dir, path) = file("agenda.toml", AGENDA);
    agenda(&["export", "-f", s(&path), "-o", s(&path)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "cannot write {}",
            s(&path)
        )))
        .stderr(predicate::str::contains("agenda file being read"));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), AGENDA);
    // Through a symbolic link too: it is the same file.
    #[cfg(unix)]
    {
        let link = dir.path().join("link.ics");
        std::os::unix::fs::symlink(&path, &link).expect("a link");
        agenda(&["export", "-f", s(&path), "-o", s(&link)])
            .assert()
            .code(2);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), AGENDA);
        assert!(std::fs::symlink_metadata(&link)
            .expect("there")
            .file_type()
            .is_symlink());
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_followed_and_kept() {
    let (dir, real) = file("real.ics", "old");
    let link = dir.path().join("link.ics");
    std::os::unix::fs::symlink("real.ics", &link).expect("a link");
    agenda(&["export", "-o", s(&link)]).assert().success();
    assert!(std::fs::symlink_metadata(&link)
        .expect("there")
        .file_type()
        .is_symlink());
    let text = std::fs::read_to_string(&real).expect("read");
    assert!(text.starts_with("BEGIN:VCALENDAR"), "{text}");
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("listed")
        .map(|e| e.expect("entry").file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["link.ics", "real.ics"]);
}

/// `-o /dev/stdout` with stdout sent to a file: the link is what
/// `/dev/stdout` is, a link into /proc. It must stay a link, and the file
/// the shell opened must get the calendar.
#[cfg(target_os = "linux")]
#[test]
fn a_link_to_standard_output_is_written_through() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let link = dir.path().join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).expect("a link");
    let out = dir.path().join("out.ics");
    let (result, _) = bounded(
        r#"exec "$0" -f "$1" export -o "$2" > "$3""#,
        &[s(&common::root().join("agenda.toml")), s(&link), s(&out)],
        1024,
        20,
    );
    assert!(result.status.success(), "{result:?}");
    assert!(std::fs::symlink_metadata(&link)
        .expect("there")
        .file_type()
        .is_symlink());
    let text = std::fs::read_to_string(&out).expect("read");
    assert!(text.starts_with("BEGIN:VCALENDAR"), "{text:?}");
    // And into a pipe.
    let (result, _) = bounded(
        r#""$0" -f "$1" export -o /dev/stdout | head -c 15"#,
        &[s(&common::root().join("agenda.toml"))],
        1024,
        20,
    );
    assert_eq!(String::from_utf8_lossy(&result.stdout), "BEGIN:VCALENDAR");
}

#[cfg(unix)]
#[test]
fn a_hard_link_is_not_broken() {
    use std::os::unix::fs::MetadataExt;
    let (dir, path) = file("a.ics", "old");
    let other = dir.path().join("b.ics");
    std::fs::hard_link(&path, &other).expect("a hard link");
    agenda(&["export", "-o", s(&path)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("hard links"))
        .stderr(predicate::str::contains("left as it was"));
    assert_eq!(std::fs::read_to_string(&other).expect("read"), "old");
    assert_eq!(std::fs::metadata(&path).expect("there").nlink(), 2);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_refused_even_for_root() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = file("ro.ics", "old");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    agenda(&["export", "-o", s(&path)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "cannot write {}",
            s(&path)
        )))
        .stderr(predicate::str::contains("read-only"));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "old");
}

/// As root, a file belonging to someone else keeps its owner and mode.
#[cfg(unix)]
#[test]
fn a_replaced_file_keeps_owner_and_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let (_dir, path) = file("theirs.ics", "old");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    if std::os::unix::fs::chown(&path, Some(4242), Some(4343)).is_err() {
        eprintln!("NOTICE: not root; owner test skipped");
        return;
    }
    agenda(&["export", "-o", s(&path)]).assert().success();
    let meta = std::fs::metadata(&path).expect("there");
    assert_eq!((meta.uid(), meta.gid()), (4242, 4343));
    assert_eq!(meta.mode() & 0o777, 0o640);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.starts_with("BEGIN:VCALENDAR"));
}

#[test]
fn a_file_that_was_not_there_is_not_said_to_be_left() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("missing/out.ics");
    agenda(&["export", "-o", s(&path)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "cannot write {}",
            s(&path)
        )))
        .stderr(predicate::str::contains("left as it was").not())
        .stderr(predicate::str::contains(".out.ics.").not());
}
