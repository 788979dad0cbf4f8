//! `agenda init`: writes a commented starter agenda, never over an
//! existing file.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::Path;

/// The starter agenda: every feature of the format, once, with comments.
pub const STARTER: &str = include_str!("starter.toml");

/// Writes [`STARTER`] to `path`. The file is created anew: when it already
/// exists this fails with [`io::ErrorKind::AlreadyExists`] and the file is
/// left untouched. A write that fails half-way removes what it created.
pub fn write_starter(path: &Path) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    let written = file
        .write_all(STARTER.as_bytes())
        .and_then(|()| file.sync_all());
    if let Err(err) = written {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(err);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_is_a_clean_agenda() {
        let checked = crate::load(STARTER);
        assert!(checked.agenda.is_some());
        assert!(checked.findings.is_empty(), "{:?}", checked.findings);
    }
}
