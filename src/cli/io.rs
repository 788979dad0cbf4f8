//! Reading the agenda file and writing to the terminal: the input cap,
//! the report of findings, and stdout and stderr that may be closed.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use super::Error;
use crate::diagnostic::{Allowed, Code, Finding, Source};
use crate::model::Agenda;
use crate::source::InputFormat;

/// Writes a line to stderr. A closed or full stderr (`2>&-`, `2>/dev/full`,
/// a reader that went away) is no reason to fail, let alone panic: the
/// exit code still says how it went.
pub(super) fn note(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// The largest agenda file read: far above any real programme (100,000
/// blocks take about 12 MiB), and small enough that `-f /dev/zero` or a
/// huge sparse file is refused at once rather than read whole.
pub(crate) const MAX_INPUT: u64 = 64 << 20;

/// The file's bytes, at most [`MAX_INPUT`] of them, read only up to the
/// first byte that cannot be UTF-8 (`-f /dev/urandom` stops at once):
/// the bytes, and where that byte is, if there is one.
fn read_capped(path: &Path) -> Result<(Vec<u8>, Option<usize>), Error> {
    use std::io::Read;
    let fail = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(fail)?;
    let size = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    if size.is_some_and(|len| len > MAX_INPUT) {
        return Err(Error::TooLarge(path.to_path_buf()));
    }
    // Sized from the metadata, the buffer is filled by one read and never
    // zeroed first: a tenth of `check`'s work on a small file was clearing
    // a fixed 64 KiB chunk.
    let mut bytes = Vec::with_capacity(size.map_or(1 << 13, |len| len as usize + 1));
    let mut valid = 0;
    loop {
        let n = (&mut file)
            .take(1 << 16)
            .read_to_end(&mut bytes)
            .map_err(fail)?;
        if n == 0 {
            break;
        }
        if bytes.len() as u64 > MAX_INPUT {
            return Err(Error::TooLarge(path.to_path_buf()));
        }
        match std::str::from_utf8(&bytes[valid..]) {
            Ok(_) => valid = bytes.len(),
            Err(e) if e.error_len().is_some() => {
                let at = valid + e.valid_up_to();
                return Ok((bytes, Some(at)));
            }
            // A character cut by the chunk's end: the next chunk ends it.
            Err(e) => valid += e.valid_up_to(),
        }
    }
    let bad = (valid < bytes.len()).then_some(valid);
    Ok((bytes, bad))
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

/// The file's text, or a finding when it is not UTF-8.
pub(super) fn read(path: &Path) -> Result<(String, Option<Finding>), Error> {
    let (bytes, bad) = read_capped(path)?;
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

/// Reads and checks the file; prints the report and fails when it has
/// errors. Returns the model and the findings (warnings only).
pub(super) fn load(
    path: &Path,
    from: Option<InputFormat>,
) -> Result<(Agenda, Vec<Finding>), Error> {
    let (text, encoding) = read(path)?;
    let name = path.display().to_string();
    let checked = match encoding {
        Some(finding) => crate::Checked {
            agenda: None,
            findings: vec![finding],
            allowed: Vec::new(),
        },
        None => crate::load_from(&text, from),
    };
    let has_errors = checked.has_errors();
    match checked.agenda {
        Some(agenda) if !has_errors => Ok((agenda, checked.findings)),
        _ => {
            report(&name, &text, &checked.findings)?;
            Err(Error::Invalid(format!("{name} has errors; nothing done")))
        }
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
pub(super) fn json_report(source: &Source<'_>, findings: &[Finding]) -> Result<(), Error> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match source
        .write_json(findings, &mut out)
        .and_then(|()| out.flush())
    {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Output(e)),
        _ => Ok(()),
    }
}
