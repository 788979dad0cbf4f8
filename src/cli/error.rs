//! Everything that stops a command: one typed error per failure, each
//! with its exit code (README, "Exit codes") and its text in one `Display`.

use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::export::RenderError;
use crate::filter::FilterError;
use crate::source::input::{FetchError, Input, MAX_INPUT};
use crate::time::ZoneError;

/// Everything that stops a command, with its exit code.
#[derive(Debug, Error)]
pub(crate) enum Error {
    /// The agenda file (or stdin) could not be read.
    #[error("{}", read_error_text(input, source))]
    Read {
        /// The file, or stdin.
        input: Input,
        /// Why.
        source: io::Error,
    },
    /// The agenda could not be had by its URL, nor from the cache.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// `--tz` names no zone.
    #[error(transparent)]
    Zone(#[from] ZoneError),
    /// A filter names nothing.
    #[error(transparent)]
    Filter(#[from] FilterError),
    /// The agenda cannot be used (already reported): nothing usable could
    /// be read, it has errors under `--strict`, or `import` left events
    /// out; the message says what was not done.
    #[error("{0}")]
    Invalid(String),
    /// Already reported in full (the findings of `check`, the changes of
    /// `diff`): nothing more to say, and this exit code.
    #[error("")]
    Reported(u8),
    /// The agenda cannot be written in the chosen format.
    #[error("{file}: {source}")]
    Render {
        /// The agenda, as messages name it.
        file: Input,
        /// Why.
        source: RenderError,
    },
    /// Options that do not go together.
    #[error("{0}")]
    Usage(String),
    /// An input of `diff` has errors (already reported): exit 2, since 1
    /// means "changed" there.
    #[error("{0}")]
    Unusable(String),
    /// `init` found the file already there and left it alone.
    #[error("{} already exists; left untouched (give another PATH)", .0.display())]
    Exists(PathBuf),
    /// Output could not be written.
    #[error("cannot write output: {}", super::write::reason(.0))]
    Output(#[source] io::Error),
    /// `-o FILE` (or `init`'s file) could not be written.
    #[error(transparent)]
    Write(#[from] super::write::OutputError),
    /// The agenda file (or stdin) is larger than [`MAX_INPUT`].
    #[error(
        "cannot read {0}: it is larger than {limit} MiB, the limit for an agenda file",
        limit = MAX_INPUT >> 20
    )]
    TooLarge(Input),
    /// `AGENDA_NOW` is not an instant.
    #[error("{0}")]
    Clock(String),
    /// `SOURCE_DATE_EPOCH` is not a count of seconds.
    #[error("SOURCE_DATE_EPOCH={0:?} is not a number of seconds since 1970-01-01 UTC")]
    SourceDateEpoch(String),
}

/// Why a file could not be read, in words and without the "(os error 2)"
/// of the system's message; when it is missing, what to do about it.
fn read_error_text(input: &Input, source: &io::Error) -> String {
    let reason = source.to_string();
    let reason = match reason.find(" (os error") {
        Some(at) => &reason[..at],
        None => &reason,
    };
    let Some(path) = input
        .path()
        .filter(|_| source.kind() == io::ErrorKind::NotFound)
    else {
        return format!("cannot read {input}: {reason}");
    };
    let shown = path.display();
    if path == Path::new("agenda.toml") {
        format!(
            "cannot read agenda.toml: {reason}; there is no agenda in this directory: \
             start one with `agenda init`, or name one with `-f FILE`"
        )
    } else if path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("toml"))
    {
        format!(
            "cannot read {shown}: {reason}; check the name, or start an agenda there \
             with `agenda init {shown}`"
        )
    } else {
        // A schedule to import, say: `agenda init` would write no such thing.
        format!("cannot read {shown}: {reason}; check the name")
    }
}

impl Error {
    /// The exit code (README, "Exit codes").
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(_) | Error::Render { .. } => 1,
            Error::Reported(code) => *code,
            Error::Read { .. }
            | Error::Fetch(_)
            | Error::Zone(_)
            | Error::Filter(_)
            | Error::Usage(_)
            | Error::Unusable(_)
            | Error::Exists(_)
            | Error::Output(_)
            | Error::Write(_)
            | Error::TooLarge(_)
            | Error::Clock(_)
            | Error::SourceDateEpoch(_) => 2,
        }
    }
}
