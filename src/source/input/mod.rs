//! Where an agenda's bytes come from: a file or stdin (`-`), capped at
//! [`MAX_INPUT`].

use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The largest input read: far above any real programme (100,000 blocks
/// take about 12 MiB), and small enough that `-f /dev/zero`, a huge sparse
/// file or an endless pipe is refused at once rather than read whole.
pub(crate) const MAX_INPUT: u64 = 64 << 20;

/// One input the user named: `-f`, `import`'s schedule, a side of `diff`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Input {
    /// `-`: standard input.
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Input {
    /// What the user typed: `-` is stdin, anything else a path (`./-` is
    /// the file named `-`).
    pub(crate) fn new(arg: PathBuf) -> Input {
        if arg.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::File(arg)
        }
    }

    /// The file, when the input is one.
    pub(crate) fn path(&self) -> Option<&Path> {
        match self {
            Input::File(path) => Some(path),
            Input::Stdin => None,
        }
    }
}

/// The input as messages name it: `<stdin>`, the path.
impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Input::Stdin => f.write_str("<stdin>"),
            Input::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// An input's bytes.
#[derive(Debug)]
pub(crate) struct Bytes {
    /// At most [`MAX_INPUT`] of them.
    pub bytes: Vec<u8>,
    /// Where the first byte that cannot be UTF-8 is, if there is one; it
    /// is read no further (`-f /dev/urandom` stops at once).
    pub invalid: Option<usize>,
}

/// Why an input could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The file or stdin could not be read.
    Io(io::Error),
    /// It is larger than [`MAX_INPUT`].
    TooLarge,
}

/// The bytes of `input`.
pub(crate) fn read(input: &Input) -> Result<Bytes, ReadError> {
    match input {
        Input::Stdin => read_capped(io::stdin().lock(), None),
        Input::File(path) => {
            let file = std::fs::File::open(path).map_err(ReadError::Io)?;
            let size = file
                .metadata()
                .ok()
                .filter(|m| m.is_file())
                .map(|m| m.len());
            if size.is_some_and(|len| len > MAX_INPUT) {
                return Err(ReadError::TooLarge);
            }
            read_capped(file, size)
        }
    }
}

/// The bytes of `reader`, at most [`MAX_INPUT`] of them, read only up to
/// the first byte that cannot be UTF-8. `size` is what the file system
/// says, when it says anything.
fn read_capped(mut reader: impl Read, size: Option<u64>) -> Result<Bytes, ReadError> {
    // Sized from the metadata, the buffer is filled by one read and never
    // zeroed first: a tenth of `check`'s work on a small file was clearing
    // a fixed 64 KiB chunk.
    let mut bytes = Vec::with_capacity(size.map_or(1 << 13, |len| len as usize + 1));
    let mut valid = 0;
    loop {
        let n = (&mut reader)
            .take(1 << 16)
            .read_to_end(&mut bytes)
            .map_err(ReadError::Io)?;
        if n == 0 {
            break;
        }
        if bytes.len() as u64 > MAX_INPUT {
            return Err(ReadError::TooLarge);
        }
        match std::str::from_utf8(&bytes[valid..]) {
            Ok(_) => valid = bytes.len(),
            Err(e) if e.error_len().is_some() => {
                let at = valid + e.valid_up_to();
                return Ok(Bytes {
                    bytes,
                    invalid: Some(at),
                });
            }
            // A character cut by the chunk's end: the next chunk ends it.
            Err(e) => valid += e.valid_up_to(),
        }
    }
    let invalid = (valid < bytes.len()).then_some(valid);
    Ok(Bytes { bytes, invalid })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_user_typed() {
        assert_eq!(Input::new("-".into()), Input::Stdin);
        for path in ["./-", "agenda.toml", "-x", "--"] {
            assert_eq!(Input::new(path.into()), Input::File(path.into()), "{path}");
        }
        assert_eq!(Input::Stdin.to_string(), "<stdin>");
    }

    #[test]
    fn reading_stops_at_the_first_byte_that_is_not_utf8() {
        // "é" cut by the 64 KiB chunk's end is read whole by the next.
        let mut text = vec![b'a'; (1 << 16) - 1];
        text.extend_from_slice("é\u{0}".as_bytes());
        let read = read_capped(&text[..], None).unwrap();
        assert_eq!(read.invalid, None);
        assert_eq!(read.bytes, text);
        let mut bad = b"ok".to_vec();
        bad.push(0xff);
        bad.extend_from_slice(&[b'x'; 1 << 17]);
        let read = read_capped(&bad[..], None).unwrap();
        assert_eq!(read.invalid, Some(2));
        assert!(read.bytes.len() <= 1 << 16, "read no further");
    }

    #[test]
    fn more_than_the_cap_is_refused() {
        let whole = read_capped(io::repeat(b'\n').take(MAX_INPUT), None).unwrap();
        assert_eq!(whole.bytes.len() as u64, MAX_INPUT);
        let endless = io::repeat(b' ');
        assert!(matches!(
            read_capped(endless, None),
            Err(ReadError::TooLarge)
        ));
    }
}
