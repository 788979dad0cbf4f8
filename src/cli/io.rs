//! Reading the agenda and writing to the terminal: an input's text and
//! what to say about how it was got, the programme the views go on with
//! (or the report and a refusal), the one line they print instead of the
//! report, the report of findings, and stdout and stderr that may be
//! closed.

use std::io::{self, IsTerminal, Write};

use super::Error;
use crate::diagnostic::{Allowed, Code, Finding, Source, Summary};
use crate::model::Agenda;
use crate::source::input::{self, Input, ReadError, Reading};
use crate::source::InputFormat;

/// Writes a line to stderr. A closed or full stderr (`2>&-`, `2>/dev/full`,
/// a reader that went away) is no reason to fail, let alone panic: the
/// exit code still says how it went.
pub(super) fn note(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// The width of the terminal on stdout, for the `show` table: what the
/// terminal says, else `COLUMNS` (for a terminal that gives no size);
/// `None` when stdout is not a terminal, so that piped output is never
/// squeezed, whatever `COLUMNS` says.
pub(super) fn terminal_width() -> Option<usize> {
    let stdout = io::stdout();
    if !stdout.is_terminal() {
        return None;
    }
    #[cfg(unix)]
    if let Some(columns) = rustix::termios::tcgetwinsize(&stdout)
        .ok()
        .filter(|size| size.ws_col > 0)
    {
        return Some(usize::from(columns.ws_col));
    }
    let columns = std::env::var("COLUMNS").ok()?;
    columns.trim().parse().ok().filter(|&columns| columns > 0)
}

/// Whether to colour what goes to stderr.
fn color() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The input's text, or a finding when it is not UTF-8; what there is to
/// say about how it was got (a cached copy used, plain `http://`) is said
/// on stderr.
pub(super) fn read(input: &Input, reading: &Reading) -> Result<(String, Option<Finding>), Error> {
    let read = input::read(input, reading).map_err(|e| match e {
        ReadError::Io(source) => Error::Read {
            input: input.clone(),
            source,
        },
        ReadError::TooLarge => Error::TooLarge(input.clone()),
        ReadError::Fetch(e) => Error::Fetch(e),
    })?;
    for notice in &read.notices {
        note(&crate::visible::visible_owned(format!("agenda: {notice}")));
    }
    let (bytes, bad) = (read.bytes, read.invalid);
    match bad {
        None => Ok((
            String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            None,
        )),
        Some(at) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let finding = Finding::new(
                Code::NotUtf8,
                at..at + char::REPLACEMENT_CHARACTER.len_utf8(),
                "the file is not UTF-8 text",
            )
            .label("invalid byte here")
            .help("save the agenda as UTF-8");
            Ok((text, Some(finding)))
        }
    }
}

/// What is wrong with a file a view was made from, to be said in one line
/// once the output is written ([`summarize`]).
pub(super) struct Trouble {
    /// The file as given.
    name: String,
    /// What is wrong, counted (see [`Summary`]); `None` when nothing is.
    clauses: Option<String>,
}

/// Reads and checks the file for a view (`show`, `now`, `hours`, `diff`,
/// `export`): the model, in which blocks that break a rule are marked and
/// blocks that could not be read are left out, and what is wrong. When
/// not even a model could be made (the file, its `[event]` or its zone
/// unreadable), or under `--strict` when the file has any error, prints
/// `check`'s report and fails: nothing is done.
pub(super) fn load(
    input: &Input,
    reading: &Reading,
    from: Option<InputFormat>,
    strict: bool,
) -> Result<(Agenda, Trouble), Error> {
    let (text, encoding) = read(input, reading)?;
    let name = input.to_string();
    let checked = match encoding {
        Some(finding) => crate::Checked {
            agenda: None,
            findings: vec![finding],
            blocks_left_out: 0,
            allowed: Vec::new(),
        },
        None => crate::load_from(&text, from),
    };
    let refused = strict && checked.has_errors();
    match checked.agenda {
        Some(agenda) if !refused => Ok((
            agenda,
            Trouble {
                clauses: Summary::new(&checked.findings, checked.blocks_left_out).clauses(),
                name,
            },
        )),
        _ => {
            report(&name, &text, &checked.findings)?;
            Err(Error::Invalid(format!("{name} has errors; nothing done")))
        }
    }
}

/// Says, in one line on stderr, what is wrong with the files a view was
/// made from (`diff` has two), and where to learn more; nothing when
/// nothing is wrong. Called once the output is written.
pub(super) fn summarize(files: &[&Trouble]) {
    let troubled: Vec<(&str, &str)> = files
        .iter()
        .filter_map(|f| f.clauses.as_deref().map(|t| (f.name.as_str(), t)))
        .collect();
    let Some(&(first, _)) = troubled.first() else {
        return;
    };
    let what: Vec<String> = troubled
        .iter()
        .map(|(name, trouble)| format!("{name} {trouble}"))
        .collect();
    let check = match troubled.len() {
        1 => check_command(first),
        _ => "agenda check -f FILE".to_string(),
    };
    note(&crate::visible::visible_owned(format!(
        "agenda: {}; run `{check}` for details",
        what.join("; ")
    )));
}

/// The `check` command line for the file named `name`, as it would be
/// typed: `agenda check` for the default file, else with `-f`, quoted for
/// the shell where the name needs it.
pub(super) fn check_command(name: &str) -> String {
    if name == "agenda.toml" {
        return "agenda check".to_string();
    }
    let plain = |c: char| c.is_alphanumeric() || "._-/+:@%,=".contains(c);
    if !name.is_empty() && name.chars().all(plain) {
        format!("agenda check -f {name}")
    } else {
        format!("agenda check -f '{}'", name.replace('\'', "'\\''"))
    }
}

pub(super) fn report(name: &str, text: &str, findings: &[Finding]) -> Result<(), Error> {
    report_allowing(name, text, findings, Allowed::default())
}

/// [`report`], with the count line saying how many warnings were allowed.
pub(super) fn report_allowing(
    name: &str,
    text: &str,
    findings: &[Finding],
    allowed: Allowed,
) -> Result<(), Error> {
    let source = Source::new(name, text);
    // Written as it is made; a closed or full stderr only ends the report.
    let mut err = io::BufWriter::new(io::stderr().lock());
    let _ = source
        .report_allowing(findings, allowed, color(), &mut err)
        .and_then(|()| err.flush());
    Ok(())
}

/// Writes `text` to stdout; a closed pipe (`agenda | head`) is not an
/// error, any other failure to write (`>/dev/full`) is.
pub(super) fn print(text: &str) -> Result<(), Error> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Output(e)),
        _ => Ok(()),
    }
}

/// Writes `check --format json` to stdout as it is made; a closed pipe is
/// not an error, as in [`print()`].
pub(super) fn json_report(
    source: &Source<'_>,
    findings: &[Finding],
    allowed: Allowed,
) -> Result<(), Error> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match source
        .write_json(findings, allowed, &mut out)
        .and_then(|()| out.flush())
    {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Output(e)),
        _ => Ok(()),
    }
}
