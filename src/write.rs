//! Atomic output for `-o FILE`: the bytes go to a temporary file in the
//! target's own directory (so the rename never crosses file systems), are
//! flushed to disk, and only then replace the target by a rename. On any
//! failure the temporary file is removed and the old target is untouched.

use std::io::{self, Write};
use std::path::Path;

/// Replaces `path` with `bytes`, all or nothing. A new file gets the usual
/// permissions (0666 less the umask); a replaced one keeps its own.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> io::Result<()> {
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
    let permissions = match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "is a directory",
            ))
        }
        // A device or pipe (`-o /dev/stdout`, `/dev/full`) is written in
        // place: renaming a file over it would replace the device itself.
        Ok(meta) if !meta.is_file() => {
            let mut target = std::fs::OpenOptions::new().write(true).open(path)?;
            return target.write_all(bytes).and_then(|()| target.flush());
        }
        Ok(meta) => Some(meta.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(permissions) = permissions {
        builder.permissions(permissions);
    }
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
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
