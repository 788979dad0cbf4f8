//! Atomic output for `-o FILE`: the bytes go to a temporary file in the
//! target's own directory (so the rename never crosses file systems), are
//! flushed to disk, and only then replace the target by a rename. On any
//! failure the temporary file is removed and the old target is untouched.
//!
//! What a rename would destroy is never renamed over: a symbolic link is
//! followed to the file it names, and the temporary file is written beside
//! *that*; a device, pipe or `/dev/stdout` is written in place; a file
//! with other hard links, a file nobody may write (mode 0444) or the
//! agenda being read is refused. A replaced file keeps its mode and owner.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why `-o FILE` was not written.
#[derive(Debug)]
pub(crate) struct OutputError {
    /// The path as the user gave it.
    pub path: PathBuf,
    /// Whether a file was there before (and so is left as it was); not
    /// a directory or a device.
    pub existed: bool,
    /// What went wrong.
    pub source: io::Error,
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot write {}: {}",
            self.path.display(),
            reason(&self.source)
        )?;
        if self.existed {
            f.write_str("; the file is left as it was")?;
        }
        Ok(())
    }
}

/// Why a write failed, in words: the system's message without its "(os
/// error N)", and what EFBIG means (SIGXFSZ is ignored, so that a write
/// past `ulimit -f` fails instead of ending the program).
pub(crate) fn reason(error: &io::Error) -> String {
    if error.kind() == io::ErrorKind::FileTooLarge {
        return "it would be larger than the file size limit (ulimit -f)".to_string();
    }
    let text = error.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Writes `bytes` to the file the user named `-o path`, by the rules of
/// this module. `input` is the agenda being read, which is never written.
pub(crate) fn write_output(
    path: &Path,
    input: Option<&Path>,
    bytes: &[u8],
) -> Result<(), OutputError> {
    let existed = is_file(path);
    let fail = |source: io::Error| OutputError {
        path: path.to_path_buf(),
        existed,
        source,
    };
    if let Some(input) = input {
        if same_file(input, path) {
            return Err(fail(io::Error::new(
                io::ErrorKind::InvalidInput,
                "it is the agenda file being read; give another output file",
            )));
        }
    }
    let (target, special) = follow(path).map_err(fail)?;
    if special {
        return write_in_place(&target, bytes).map_err(fail);
    }
    atomic_write(&target, bytes).map_err(|source| OutputError {
        path: path.to_path_buf(),
        existed: is_file(&target),
        source: plain(source),
    })
}

/// Whether `path` is a regular file, or a link to one: what a failed
/// write leaves as it was.
fn is_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| meta.is_file())
}

/// Whether `a` and `b` name one regular file (the same device and inode);
/// a terminal or pipe read and written at once (`-f /dev/stdin -o
/// /dev/stdout`) is no file to protect.
#[cfg(unix)]
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.is_file() && a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The file `path` finally names, through any chain of symbolic links,
/// and whether the chain passes through `/dev` or `/proc` (`/dev/stdout`
/// leads to `/proc/self/fd/1`, whose target may be a pipe or a file the
/// shell opened): such a file is written in place, never renamed over.
fn follow(path: &Path) -> io::Result<(PathBuf, bool)> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        // The kernel resolves the links of /proc itself ("pipe:[123]" is
        // no path), so the chain is not followed any further there.
        if current.starts_with("/dev") || current.starts_with("/proc") {
            return Ok((current, true));
        }
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok((current, false)),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Writes into an existing file or device without replacing it.
fn write_in_place(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut target = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)?;
    target.write_all(bytes).and_then(|()| target.flush())
}

/// An error of `tempfile` names the temporary file; the user knows only
/// their own path, which the caller adds, so only the reason is kept.
fn plain(error: io::Error) -> io::Error {
    if error.raw_os_error().is_some() {
        return error;
    }
    let text = error.to_string();
    match text.split_once(" at path \"") {
        Some((reason, _)) => io::Error::new(error.kind(), reason.to_string()),
        None => error,
    }
}

/// Replaces `path` with `bytes`, all or nothing. A new file gets the usual
/// permissions (0666 less the umask); a replaced one keeps its own mode and
/// owner. A path that is not a regular file is written in place (or refused
/// for a directory), a file nobody may write or with other hard links is
/// refused.
pub(crate) fn atomic_write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let mut builder = tempfile::Builder::new();
    // A leading dot and the target's name make a stray temporary file (after
    // a power cut) easy to recognise and hidden from listings.
    let prefix = format!(".{}.", name.to_string_lossy());
    builder.prefix(&prefix).suffix(".tmp");
    let old = match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a directory; name a file in it",
            ))
        }
        // A device or pipe (`/dev/full`) is written in place: renaming a
        // file over it would replace the device itself.
        Ok(meta) if !meta.is_file() => return write_in_place(path, bytes),
        Ok(meta) => {
            may_replace(path, &meta)?;
            Some(meta)
        }
        Err(_) => None,
    };
    match &old {
        Some(meta) => {
            builder.permissions(meta.permissions());
        }
        None => {
            if let Some(permissions) = default_permissions() {
                builder.permissions(permissions);
            }
        }
    }
    let mut file = builder.tempfile_in(dir)?;
    if let Some(meta) = &old {
        keep_owner(file.as_file(), meta)?;
    }
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Refuses a regular file that a rename would wrongly replace: one whose
/// mode forbids writing (the owner made it read-only; root ignores modes,
/// so the bits are read, not only `open` tried) or one with other names.
#[cfg(unix)]
fn may_replace(path: &Path, meta: &std::fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    if meta.mode() & 0o222 == 0 {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only (no write permission); make it writable or write elsewhere",
        ));
    }
    std::fs::OpenOptions::new().write(true).open(path)?;
    if meta.nlink() > 1 {
        return Err(io::Error::other(format!(
            "the file has {} hard links, which replacing it would break; write elsewhere",
            meta.nlink()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn may_replace(_path: &Path, meta: &std::fs::Metadata) -> io::Result<()> {
    if meta.permissions().readonly() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only",
        ));
    }
    Ok(())
}

/// Gives the temporary file the owner and group of the file it replaces;
/// when that is not allowed (another user's file), nothing is replaced.
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, old: &std::fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let new = file.metadata()?;
    if (new.uid(), new.gid()) == (old.uid(), old.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot keep the file's owner ({e}); write elsewhere"),
        )
    })
}

#[cfg(not(unix))]
fn keep_owner(_file: &std::fs::File, _old: &std::fs::Metadata) -> io::Result<()> {
    Ok(())
}
/// Permissions for a new file: what `File::create` would give, not the
/// 0600 of a temporary file, since the output is meant to be published.
#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o666))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.ics");
        std::fs::write(&path, "old").unwrap();
        atomic_write(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.ics")]);
    }

    #[test]
    fn missing_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/dir/out.ics");
        assert!(atomic_write(&path, b"x").is_err());
    }

    #[test]
    fn a_directory_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let err = atomic_write(dir.path(), b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::IsADirectory);
        assert!(dir.path().is_dir());
    }

    #[cfg(unix)]
    #[test]
    fn a_full_device_is_written_in_place_and_fails() {
        use std::os::unix::fs::FileTypeExt;
        let path = Path::new("/dev/full");
        if !path.exists() {
            return;
        }
        let err = atomic_write(path, b"x").unwrap_err();
        assert_eq!(err.raw_os_error(), Some(28), "ENOSPC: {err}");
        assert!(std::fs::metadata(path)
            .unwrap()
            .file_type()
            .is_char_device());
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_mode_of_a_replaced_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.ics");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        atomic_write(&path, b"new").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}
