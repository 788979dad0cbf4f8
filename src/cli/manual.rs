//! `agenda manpage`: one roff page for the whole tool, made by clap_mangen
//! from the same clap definitions as `--help`.
//!
//! clap_mangen renders one page per command and points the main page at
//! `agenda-now(1)` and friends; installing one file is simpler for users,
//! so each command becomes a subsection of COMMANDS on the main page, with
//! its synopsis, options and examples.

use std::io;

use clap::Command;
use clap_mangen::Man;

/// The manual page of `cmd` (the `agenda` command) as roff source.
pub(crate) fn render(mut cmd: Command) -> io::Result<String> {
    cmd.build();
    let man = Man::new(cmd.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    page.extend_from_slice(b".SH COMMANDS\n");
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("agenda {}", sub.get_name());
        let mut roff = roff::Roff::new();
        roff.control("SS", [name.as_str()]);
        if let Some(about) = sub.get_about() {
            roff.text([roff::roman(about.to_string())]);
        }
        roff.to_writer(&mut page)?;
        let sub = Man::new(sub.clone());
        body(&mut page, |w| sub.render_synopsis_section(w))?;
        body(&mut page, |w| sub.render_options_section(w))?;
        let start = page.len();
        body(&mut page, |w| sub.render_extra_section(w))?;
        examples(&mut page, start)?;
    }
    let start = page.len();
    man.render_extra_section(&mut page)?;
    examples(&mut page, start)?;
    let extra = String::from_utf8(page.split_off(start)).map_err(io::Error::other)?;
    page.extend_from_slice(extra.replacen(".SH EXTRA", ".SH EXAMPLES", 1).as_bytes());
    page.extend_from_slice(SECTIONS.as_bytes());
    man.render_version_section(&mut page)?;
    String::from_utf8(page).map_err(io::Error::other)
}

/// EXIT STATUS, ENVIRONMENT and FILES, as roff.
const SECTIONS: &str = r#".SH "EXIT STATUS"
.TP
.B 0
Success; for \fBcheck\fR, no errors (and no warnings under \fB\-\-deny\-warnings\fR); for \fBdiff\fR, nothing changed. The views (\fBshow\fR, \fBnow\fR, \fBhours\fR, \fBexport\fR) show a programme that breaks rules, or has blocks that cannot be read, and say so in one line on stderr.
.TP
.B 1
For \fBcheck\fR, the agenda has errors, which are reported (or warnings under \fB\-\-deny\-warnings\fR); for the views, no programme could be read at all, or it has errors under \fB\-\-strict\fR; for \fBdiff\fR, something changed.
.TP
.B 2
A usage error, an unknown time zone, a file that cannot be read, a URL that cannot be fetched and has no cached copy, or output that cannot be written; for \fBdiff\fR, any error, a version that cannot be read at all (or has errors under \fB\-\-strict\fR) included.
.SH ENVIRONMENT
.TP
.B TZ
The viewer's time zone when no \fB\-\-tz\fR is given: an IANA name such as America/Santiago. Unset, the system's zone is used, else UTC; the output says which.
.TP
.B TZDIR
A directory of compiled tz database files to take zone rules from, when set and usable; else the system's database when it is at least as new as the bundled copy, else the bundled copy.
.TP
.B AGENDA_TZDB
Set to \fBbundled\fR to use the tz database bundled in \fBagenda\fR whatever \fBTZDIR\fR and the system hold, for output that does not depend on the machine.
.TP
.B AGENDA_NOW
An RFC 3339 instant (2026-12-20T20:30:00Z) to take for the current time instead of the system clock: what \fBnow\fR, \fB\-\-at now\fR, \fBzones\fR and \fBinit\fR see. Meant for tests; a malformed value is a usage error.
.TP
.B NO_COLOR
When set and not empty, diagnostics are never coloured (they are coloured only on a terminal anyway).
.TP
.B SOURCE_DATE_EPOCH
Seconds since 1970\-01\-01 UTC: the time an iCalendar export says it was made (DTSTAMP and SEQUENCE), so that its output is byte\-identical from run to run.
.TP
.B XDG_CACHE_HOME, HOME
Where programmes read by their URL are cached: \fI$XDG_CACHE_HOME/agenda\fR, else \fI$HOME/.cache/agenda\fR.
.TP
.B SSL_CERT_FILE
A file of PEM certificates to trust for \fBhttps://\fR instead of the bundled Mozilla roots (a company's or a test's own authority).
.TP
.B HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY
The proxy to fetch URLs through, and the hosts to reach without it.
.TP
.B AGENDA_HTTP_TIMEOUT
Seconds (a decimal number) to shorten both network timeouts to (10 s to connect, 60 s for the whole answer). Meant for tests.
.TP
.B COLUMNS
The width that \fB\-\-help\fR wraps to. The programme table follows the terminal's own width (this one, on a terminal that reports none), and is never squeezed when piped or redirected.
.SH FILES
.TP
.I agenda.toml
The agenda every command reads from the current directory when \fB\-f\fR is not given; \fBagenda init\fR writes a commented starter there.
.TP
.I ~/.cache/agenda/
The copies of programmes read by their URL (\fB\-f https://...\fR), the 20 most recently fetched, one file each; \fBagenda cache\fR lists them and \fBagenda cache clear\fR removes them.
.TP
.I /usr/share/zoneinfo
The system's tz database, used for zone rules when it is at least as new as the bundled copy and neither \fBTZDIR\fR nor \fBAGENDA_TZDB\fR says otherwise.
"#;

/// Sets the example lines that `section` appended to `page` after `start`
/// (lines indented by spaces) as roff examples (`.EX`/`.EE`: no filling,
/// no justification, no hyphenation), so that commands read as typed.
fn examples(page: &mut Vec<u8>, start: usize) -> io::Result<()> {
    let text = String::from_utf8(page.split_off(start)).map_err(io::Error::other)?;
    let mut out = String::with_capacity(text.len() + 64);
    let mut inside = false;
    for line in text.lines() {
        let example = line.starts_with("  ");
        if example && !inside {
            out.push_str(".EX\n");
            inside = true;
        } else if !example && inside {
            out.push_str(".EE\n");
            inside = false;
        }
        out.push_str(if example { line.trim_start() } else { line });
        out.push('\n');
    }
    if inside {
        out.push_str(".EE\n");
    }
    page.extend_from_slice(out.as_bytes());
    Ok(())
}

/// Appends what `section` renders without its `.SH` heading, so that it
/// reads as part of the current subsection; a paragraph break separates it.
fn body(
    page: &mut Vec<u8>,
    section: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut text = Vec::new();
    section(&mut text)?;
    let text = String::from_utf8(text).map_err(io::Error::other)?;
    let mut heading_dropped = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        if !heading_dropped && line.starts_with(".SH ") {
            heading_dropped = true;
            lines.push(".PP");
        } else {
            lines.push(line);
        }
    }
    if heading_dropped {
        for line in lines {
            page.extend_from_slice(line.as_bytes());
            page.push(b'\n');
        }
    }
    Ok(())
}
