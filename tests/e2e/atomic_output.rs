//! `agenda export -o FILE`: FILE is replaced whole or not at all.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use crate::harness::Test;

const OLD: &[u8] = b"BEGIN:VCALENDAR\r\nthe previous publication\r\nEND:VCALENDAR\r\n";

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn with_old_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workshop.ics");
    std::fs::write(&path, OLD).unwrap();
    (dir, path)
}

#[test]
fn writes_the_same_bytes_as_stdout() {
    let (dir, path) = with_old_file();
    let stdout = Test::new().in_root().arg("export").output().stdout;
    Test::new()
        .in_root()
        .args(["export", "-o", path.to_str().unwrap()])
        .stdout("")
        .run();
    assert_eq!(std::fs::read(&path).unwrap(), stdout);
    assert_eq!(names(dir.path()), ["workshop.ics"]);
}

#[test]
fn relative_path_in_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    let agenda_file = crate::harness::bundled();
    Test::new()
        .current_dir(dir.path())
        .args(["export", "-f", agenda_file.to_str().unwrap()])
        .args(["--format", "json", "-o", "out.json"])
        .run();
    let text = std::fs::read_to_string(dir.path().join("out.json")).unwrap();
    assert!(text.starts_with('{'));
}

/// `--strict` refuses an agenda with errors, and the file it would have
/// replaced stays as it was.
#[test]
fn invalid_agenda_under_strict_leaves_the_old_file() {
    let (dir, path) = with_old_file();
    Test::new()
        .in_root()
        .args([
            "export",
            "--strict",
            "-f",
            "tests/fixtures/export/duplicate-id.toml",
        ])
        .args(["-o", path.to_str().unwrap()])
        .status(1)
        .run();
    assert_eq!(std::fs::read(&path).unwrap(), OLD);
    assert_eq!(names(dir.path()), ["workshop.ics"]);
}

#[test]
fn missing_directory_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no/such/dir/workshop.ics");
    Test::new()
        .in_root()
        .args(["export", "-o", path.to_str().unwrap()])
        .status(2)
        .stderr_contains("cannot write")
        .run();
}

#[test]
fn a_directory_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    Test::new()
        .in_root()
        .args(["export", "-o", dir.path().to_str().unwrap()])
        .status(2)
        .run();
    assert!(dir.path().is_dir());
    assert!(names(dir.path()).is_empty());
}

/// A full disk, made real with a file-size limit: the write of the
/// temporary file fails part-way (EFBIG, with SIGXFSZ ignored as a shell
/// `trap ''` makes it), and the old file must be untouched, with no
/// temporary file left behind.
#[cfg(unix)]
#[test]
fn full_disk_leaves_the_old_file() {
    let (dir, path) = with_old_file();
    // `ulimit -f 1` allows one block of 512 or 1024 bytes, depending on
    // the shell; the export with breaks is several kilobytes.
    let status = Test::new()
        .in_root()
        .shell(r#"trap '' XFSZ; ulimit -f 1 && exec "$0" export --breaks -o "$1""#)
        .arg(&path)
        .output();
    assert_eq!(
        status.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(String::from_utf8_lossy(&status.stderr).contains("the file is left as it was"));
    assert_eq!(std::fs::read(&path).unwrap(), OLD);
    assert_eq!(names(dir.path()), ["workshop.ics"]);
}

/// Makes a directory unwritable, even for root (which ignores modes):
/// `chattr +i` where we are root, `chmod 555` otherwise. Undone on drop.
#[cfg(unix)]
struct Unwritable<'a>(&'a Path, bool);

#[cfg(unix)]
impl<'a> Unwritable<'a> {
    fn new(dir: &'a Path) -> Option<Self> {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        let probe = dir.join(".probe");
        if std::fs::write(&probe, b"").is_err() {
            return Some(Unwritable(dir, false));
        }
        // Still writable: we are root. Make the directory immutable.
        std::fs::remove_file(&probe).unwrap();
        let ok = Process::new("chattr")
            .arg("+i")
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Unwritable(dir, true))
    }
}

#[cfg(unix)]
impl Drop for Unwritable<'_> {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.1 {
            let _ = Process::new("chattr").arg("-i").arg(self.0).status();
        }
        let _ = std::fs::set_permissions(self.0, std::fs::Permissions::from_mode(0o755));
    }
}

#[cfg(unix)]
#[test]
fn unwritable_directory_leaves_the_old_file() {
    let (dir, path) = with_old_file();
    let Some(guard) = Unwritable::new(dir.path()) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "under CI the directory must be made unwritable"
        );
        eprintln!("NOTICE: cannot make a directory unwritable here; skipping");
        return;
    };
    Test::new()
        .in_root()
        .args(["export", "-o", path.to_str().unwrap()])
        .status(2)
        .stdout("")
        .stderr_contains("cannot write")
        .run();
    drop(guard);
    assert_eq!(std::fs::read(&path).unwrap(), OLD);
    assert_eq!(names(dir.path()), ["workshop.ics"]);
}

/// A device is written in place, never renamed over: `-o /dev/full` fails
/// with "no space" and exit 2, and /dev/full is still the device.
#[cfg(unix)]
#[test]
fn a_full_device_fails_and_stays_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let full = Path::new("/dev/full");
    if !full.exists() {
        assert!(std::env::var_os("CI").is_none(), "CI has /dev/full");
        return;
    }
    Test::new()
        .in_root()
        .args(["export", "-o", "/dev/full"])
        .status(2)
        .stderr_contains("No space left on device")
        .run();
    assert!(std::fs::metadata(full)
        .unwrap()
        .file_type()
        .is_char_device());
}
