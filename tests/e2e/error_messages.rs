//! End-to-end faults outside the agenda's text: files that cannot be read,
//! output that cannot be written. Each must give a clear message on stderr
//! that names the path, and exit 2 (README, "Exit codes"); an agenda with errors exits 1.

use std::fs;
use std::path::Path;
use std::process::Stdio;

use crate::harness::{bundled, row, Test};
use predicates::prelude::*;

#[test]
fn a_missing_file_is_named_and_exits_2() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("no-such-agenda.toml");
    for command in [&["check"][..], &["show"]] {
        Test::new()
            .args(command)
            .arg("-f")
            .arg(&path)
            .status(2)
            .stdout("")
            .stderr_contains(format!(
                "agenda: cannot read {}: No such file or directory",
                path.display()
            ))
            .run();
    }
}

/// `agenda init` is suggested only for what it writes: an agenda TOML.
#[test]
fn only_a_missing_toml_file_suggests_init() {
    Test::new()
        .args(["check", "-f", "missing.toml"])
        .status(2)
        .stderr_contains("check the name, or start an agenda there with `agenda init missing.toml`")
        .run();
    let out = Test::new()
        .args(["import", "schedule.xml"])
        .status(2)
        .stderr_contains(
            "agenda: cannot read schedule.xml: No such file or directory; check the name\n",
        )
        .run();
    assert!(!out.stderr.contains("agenda init"), "{}", out.stderr);
}

#[test]
fn the_default_file_missing_is_named_too() {
    let dir = tempfile::tempdir().expect("a temp dir");
    Test::new()
        .current_dir(dir.path())
        .status(2)
        .stderr_contains("agenda: cannot read agenda.toml: No such file or directory")
        .run();
}

#[test]
fn a_directory_as_the_file_is_named_and_exits_2() {
    let dir = tempfile::tempdir().expect("a temp dir");
    Test::new()
        .args(["check", "-f"])
        .arg(dir.path())
        .status(2)
        .stderr_contains(format!(
            "agenda: cannot read {}: Is a directory",
            dir.path().display()
        ))
        .run();
}

/// A file that exists but cannot be read. Permissions do not stop root
/// (as CI runs), so a file whose reading fails for everyone is used too:
/// the process's own `/proc/self/mem` gives an I/O error at offset 0.
#[test]
fn an_unreadable_file_is_named_and_exits_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("a temp dir");
    let locked = dir.path().join("locked.toml");
    fs::copy(bundled(), &locked).expect("a copy");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&locked).is_err() {
        Test::new()
            .args(["check", "-f"])
            .arg(&locked)
            .status(2)
            .stderr_contains(format!(
                "agenda: cannot read {}: Permission denied",
                locked.display()
            ))
            .run();
    } else {
        eprintln!("running as root: mode 000 does not stop reading; using /proc/self/mem");
    }
    if Path::new("/proc/self/mem").exists() {
        Test::new()
            .args(["check", "-f", "/proc/self/mem"])
            .status(2)
            .stderr_contains("agenda: cannot read /proc/self/mem: ")
            .run();
    }
}

#[test]
fn an_empty_file_is_an_agenda_with_errors() {
    let file = tempfile::NamedTempFile::new().expect("a temp file");
    let name = file.path().display().to_string();
    Test::new()
        .args(["check", "-f", &name])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{name}:1:1")))
        .stderr(predicate::str::contains(
            "error[missing-key]: missing [event] table",
        ))
        .stderr(predicate::str::ends_with(format!(
            "{name}: 2 errors, 0 warnings\n"
        )));
}

#[test]
fn a_file_that_is_not_utf8_points_at_the_first_bad_byte() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("latin1.toml");
    fs::write(&path, b"[event]\nname = \"Caf\xe9\"\n").expect("written");
    Test::new()
        .args(["check", "-f"])
        .arg(&path)
        .status(1)
        .stderr_contains("error[not-utf8]: the file is not UTF-8 text")
        .stderr_contains(format!("{}:2:12", path.display()))
        .run();
}

/// `show` leaves out a block whose time cannot be read, shows the rest,
/// and says so in one line; under `--strict` it refuses the agenda,
/// prints the same report as `check`, and nothing on stdout.
#[test]
fn show_leaves_out_an_unreadable_block_or_refuses_under_strict() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("bad.toml");
    let text = fs::read_to_string(bundled())
        .expect("the bundled agenda")
        .replace("start = \"14:10\"", "start = \"25:61\"");
    fs::write(&path, text).expect("written");
    let shown = path.display();
    let out = Test::new()
        .args(["show", "--tz", "UTC", "-f"])
        .arg(&path)
        .stderr(format!(
            "agenda: {shown} has 1 reading error (bad-time ×1) and 1 block could not be read; \
             run `agenda check -f {shown}` for details\n"
        ))
        .run();
    assert!(!out.stdout.contains("Vera C. Rubin"), "{}", out.stdout);
    assert!(row(&out.stdout, "Introduction & logistics").contains("14:00–14:10"));
    assert!(row(&out.stdout, "Broker interfaces I ").contains("14:30–15:15"));
    Test::new()
        .args(["show", "--strict", "-f"])
        .arg(&path)
        .status(1)
        .stdout("")
        .stderr_contains("error[bad-time]: malformed time in `start`")
        .stderr_contains(format!("{shown}:28:9"))
        .stderr_contains("has errors; nothing done")
        .run();
}

/// Output to a full device fails with exit 2 and says so; stdout closed
/// early by a pager (`agenda | head`) is not an error.
#[test]
fn output_to_a_full_device_exits_2() {
    if !Path::new("/dev/full").exists() {
        eprintln!("no /dev/full here");
        return;
    }
    for args in [&["show", "--tz", "UTC"][..], &["check", "--format", "json"]] {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full opens");
        let test = Test::new().args(args).arg("-f").arg(bundled());
        let output = test
            .command()
            .stdout(Stdio::from(full))
            .output()
            .expect("agenda runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("agenda: cannot write output: No space left on device"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let test = Test::new()
        .args(["show", "--tz", "UTC", "-f"])
        .arg(bundled());
    let mut child = test
        .command()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("agenda runs");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("agenda ends");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The file is read whole before anything is printed, so removing it while
/// `agenda` is still writing its output changes nothing: the output is
/// complete and the exit code 0.
#[test]
fn removing_the_file_mid_run_changes_nothing() {
    use std::io::Read;
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("long.toml");
    let mut text = String::from("[event]\nname = \"Long\"\ntimezone = \"UTC\"\n");
    for d in 1..=30 {
        text.push_str(&format!("\n[[day]]\ndate = 2021-04-{d:02}\n"));
        for b in 0..100 {
            let m = 6 * 60 + b * 10;
            text.push_str(&format!(
                "\n[[day.block]]\nstart = \"{:02}:{:02}\"\nminutes = 10\nkind = \"talk\"\ntitle = \"Talk {d}-{b}\"\n",
                m / 60,
                m % 60
            ));
        }
    }
    fs::write(&path, text).expect("written");
    let test = Test::new().args(["show", "--tz", "UTC", "-f"]).arg(&path);
    let mut child = test
        .command()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("agenda runs");
    let mut stdout = child.stdout.take().expect("piped");
    // The output (about 200 KB) is more than a pipe holds, so agenda is
    // still writing when the first bytes arrive.
    let mut first = [0u8; 4096];
    stdout.read_exact(&mut first).expect("the first bytes");
    fs::remove_file(&path).expect("removed");
    let mut rest = Vec::new();
    stdout.read_to_end(&mut rest).expect("the rest");
    let status = child.wait().expect("agenda ends");
    assert!(status.success());
    let all = String::from_utf8([&first[..], &rest].concat()).expect("UTF-8");
    assert!(all.len() > 150_000, "{} bytes", all.len());
    assert!(all.contains("Talk 30-99"), "the last block is printed");
}

#[test]
fn no_agenda_here_says_what_to_do() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let out = Test::new()
        .current_dir(dir.path())
        .status(2)
        .stdout("")
        .run();
    let stderr = out.stderr;
    assert!(
        stderr.contains("there is no agenda in this directory")
            && stderr.contains("`agenda init`")
            && stderr.contains("`-f FILE`"),
        "{stderr}"
    );
    assert!(!stderr.contains("os error"), "{stderr}");
}

#[test]
fn check_json_reports_an_unreadable_file_as_json() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let missing = dir.path().join("missing.toml");
    for path in [missing.as_path(), dir.path()] {
        let out = Test::new()
            .args(["check", "--format", "json", "-f"])
            .arg(path)
            .status(2)
            .run();
        let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("stdout is JSON");
        assert_eq!(report["file"], path.display().to_string());
        assert_eq!(report["errors"], 1);
        assert_eq!(report["warnings"], 0);
        let finding = &report["findings"][0];
        assert_eq!(finding["severity"], "error");
        assert!(
            finding["message"]
                .as_str()
                .unwrap()
                .starts_with(&format!("cannot read {}", path.display())),
            "{report}"
        );
        assert!(finding["line"].is_null());
    }
}
