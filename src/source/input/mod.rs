//! Where an agenda's bytes come from: a file, stdin (`-`), or a URL
//! (`http://`, `https://`) fetched over the network with a copy kept for
//! when the network fails ([`fetch`], [`cache`]). Every input is capped at
//! [`MAX_INPUT`]. Nothing here prints: what the user should hear about
//! (plain `http://`, a cached copy used instead) comes back as a
//! [`Notice`] for the command line to say.
//!
//! The HTTP stack is touched only for a URL: reading a file costs what it
//! did before there were URLs.

use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeDelta, Utc};

pub(crate) mod cache;
mod fetch;
mod page;

pub(crate) use fetch::FetchError;

/// The largest input read: far above any real programme (100,000 blocks
/// take about 12 MiB), and small enough that `-f /dev/zero`, a huge sparse
/// file or an endless download is refused at once rather than read whole.
pub(crate) const MAX_INPUT: u64 = 64 << 20;

/// One input the user named: `-f`, `import`'s schedule, a side of `diff`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Input {
    /// `-`: standard input.
    Stdin,
    /// A file.
    File(PathBuf),
    /// An `http://` or `https://` URL, as given.
    Url(String),
}

impl Input {
    /// What the user typed: `-` is stdin, `http://…` and `https://…` (the
    /// scheme in any case) a URL, anything else a path (`./-` is the file
    /// named `-`).
    pub(crate) fn new(arg: PathBuf) -> Input {
        if arg.as_os_str() == "-" {
            return Input::Stdin;
        }
        match arg.to_str() {
            Some(text) if scheme(text).is_some() => Input::Url(text.to_string()),
            _ => Input::File(arg),
        }
    }

    /// The file, when the input is one.
    pub(crate) fn path(&self) -> Option<&Path> {
        match self {
            Input::File(path) => Some(path),
            Input::Stdin | Input::Url(_) => None,
        }
    }
}

/// The input as messages name it: `<stdin>`, the path, the URL.
impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Input::Stdin => f.write_str("<stdin>"),
            Input::File(path) => write!(f, "{}", path.display()),
            Input::Url(url) => f.write_str(&shown(url)),
        }
    }
}

/// `url` as messages and listings write it: a user name or password in
/// it (`https://user:secret@host/…`) is left out (`https://…@host/…`), so
/// that it reaches no terminal, log or screenshot.
pub(crate) fn shown(url: &str) -> String {
    let Some(rest_at) = url.find("://").map(|at| at + 3) else {
        return url.to_string();
    };
    let host_end = url[rest_at..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |end| rest_at + end);
    match url[rest_at..host_end].rfind('@') {
        Some(at) => format!("{}…{}", &url[..rest_at], &url[rest_at + at..]),
        None => url.to_string(),
    }
}

/// The URL scheme `agenda` fetches that `text` starts with, in lower case.
fn scheme(text: &str) -> Option<&'static str> {
    ["https", "http"].into_iter().find(|scheme| {
        text.get(..scheme.len() + 3)
            .is_some_and(|start| start.eq_ignore_ascii_case(&format!("{scheme}://")))
    })
}

/// How the cached copy of a URL's programme is used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Freshness {
    /// Ask the server whether the copy is current (`If-None-Match`,
    /// `If-Modified-Since`); use it, saying how old it is, when the
    /// programme cannot be fetched.
    #[default]
    Revalidate,
    /// `--offline`: the copy only, never the network.
    Offline,
    /// `--refresh`: fetch anew; the copy is neither sent nor used.
    Refresh,
}

/// How this run reads its inputs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reading {
    /// What to do with a URL's cached copy.
    pub freshness: Freshness,
    /// The run's clock: when a copy is said to be fetched, and how old it
    /// is.
    pub now: DateTime<Utc>,
}

/// An input's bytes, and what to tell the user about how they were got.
#[derive(Debug)]
pub(crate) struct Bytes {
    /// At most [`MAX_INPUT`] of them.
    pub bytes: Vec<u8>,
    /// Where the first byte that cannot be UTF-8 is, if there is one; a
    /// file or stdin is read no further (`-f /dev/urandom` stops at once).
    pub invalid: Option<usize>,
    /// What the user should hear about, in order.
    pub notices: Vec<Notice>,
}

/// Something to tell the user about how an input was got; not an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Notice {
    /// The programme was fetched over plain `http://` (or redirected to it).
    Unencrypted {
        /// The URL as shown (without a password in it).
        url: String,
    },
    /// The cached copy was used instead of the network.
    CachedCopy {
        /// The URL as shown (without a password in it).
        url: String,
        /// How long ago the copy was fetched (or found current).
        age: TimeDelta,
        /// Why the programme was not fetched; `None` under `--offline`.
        why: Option<String>,
    },
    /// The programme was fetched, but no copy of it could be kept.
    NotKept {
        /// The URL as shown (without a password in it).
        url: String,
        /// Why.
        why: String,
    },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::Unencrypted { url } => write!(
                f,
                "warning: {url} is fetched without encryption: anyone on the network \
                 could change the programme you see; use https:// if the site has it"
            ),
            Notice::CachedCopy { url, age, why } => {
                if let Some(why) = why {
                    write!(f, "cannot fetch {url}: {why}; ")?;
                }
                write!(f, "offline: using the copy fetched {}", Age(*age))?;
                if why.is_none() {
                    write!(f, " ({url})")?;
                }
                Ok(())
            }
            Notice::NotKept { url, why } => {
                write!(
                    f,
                    "warning: no copy of {url} is kept for offline use: {why}"
                )
            }
        }
    }
}

/// How old a copy is, in the largest unit that keeps it readable:
/// `12 min ago`, `3 h ago`, `4 days ago`; floored, as a clock is read.
pub(crate) struct Age(pub TimeDelta);

impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A copy from the run's future (the clock went back) is as new
        // as can be.
        let minutes = self.0.num_minutes().max(0);
        match minutes {
            0 => f.write_str("less than a minute ago"),
            1..60 => write!(f, "{minutes} min ago"),
            60..2880 => write!(f, "{} h ago", minutes / 60),
            _ => write!(f, "{} days ago", minutes / 1440),
        }
    }
}

/// Why an input could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The file or stdin could not be read.
    Io(io::Error),
    /// It is larger than [`MAX_INPUT`].
    TooLarge,
    /// The URL could not be fetched, and no copy could stand in for it.
    Fetch(FetchError),
}

/// The bytes of `input`.
pub(crate) fn read(input: &Input, reading: &Reading) -> Result<Bytes, ReadError> {
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
        Input::Url(url) => fetch::fetch(url, reading).map_err(ReadError::Fetch),
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
                    notices: Vec::new(),
                });
            }
            // A character cut by the chunk's end: the next chunk ends it.
            Err(e) => valid += e.valid_up_to(),
        }
    }
    let invalid = (valid < bytes.len()).then_some(valid);
    Ok(Bytes {
        bytes,
        invalid,
        notices: Vec::new(),
    })
}

/// Where the first byte of `bytes` that cannot be UTF-8 is, if any.
fn first_invalid(bytes: &[u8]) -> Option<usize> {
    std::str::from_utf8(bytes).err().map(|e| e.valid_up_to())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_a_url_is_never_shown() {
        assert_eq!(
            shown("https://ana:s3cret@pretalx.example/democon/schedule.json"),
            "https://…@pretalx.example/democon/schedule.json"
        );
        assert_eq!(shown("http://token@host"), "http://…@host");
        // An `@` after the host is the path's, and stays.
        assert_eq!(
            shown("https://host/people/@ana?x=a@b"),
            "https://host/people/@ana?x=a@b"
        );
        assert_eq!(shown("https://host/x.xml"), "https://host/x.xml");
    }

    #[test]
    fn what_the_user_typed() {
        assert_eq!(Input::new("-".into()), Input::Stdin);
        assert_eq!(Input::new("./-".into()), Input::File("./-".into()));
        assert_eq!(
            Input::new("HTTPS://fosdem.org/2026/schedule/xml".into()),
            Input::Url("HTTPS://fosdem.org/2026/schedule/xml".into())
        );
        assert_eq!(
            Input::new("http://x.org/s.json".into()),
            Input::Url("http://x.org/s.json".into())
        );
        // Only the schemes fetched: a file may be called `ftp://x`, or
        // `https:` (a directory), and an `https` file is no URL.
        for path in ["ftp://x", "https:/x", "https", "agenda.toml", "-x"] {
            assert_eq!(Input::new(path.into()), Input::File(path.into()), "{path}");
        }
        assert_eq!(Input::Stdin.to_string(), "<stdin>");
    }

    #[test]
    fn ages_read_as_a_clock() {
        let age = |minutes| Age(TimeDelta::minutes(minutes)).to_string();
        assert_eq!(age(-5), "less than a minute ago");
        assert_eq!(age(0), "less than a minute ago");
        assert_eq!(age(59), "59 min ago");
        assert_eq!(age(60), "1 h ago");
        assert_eq!(age(3 * 60 + 59), "3 h ago");
        assert_eq!(age(47 * 60 + 59), "47 h ago");
        assert_eq!(age(48 * 60), "2 days ago");
        assert_eq!(
            Age(TimeDelta::seconds(59)).to_string(),
            "less than a minute ago"
        );
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
        assert_eq!(first_invalid(&bad), Some(2));
        assert_eq!(first_invalid(b"ok"), None);
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
