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
pub fn render(mut cmd: Command) -> io::Result<String> {
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
        body(&mut page, |w| sub.render_extra_section(w))?;
    }
    man.render_extra_section(&mut page)?;
    man.render_version_section(&mut page)?;
    String::from_utf8(page).map_err(io::Error::other)
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
