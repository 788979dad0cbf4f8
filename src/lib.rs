//! `agenda`: the programme of an online workshop, checked before it is
//! published and shown to every attendee in their own time zone.
//!
//! Data flows one way: the file is read into spanned declarations
//! (`decl`, by the readers of `source`: agenda TOML, frab schedule XML
//! and schedule JSON), resolved into a UTC model ([`Agenda`]), checked
//! against the organizer's rules (`check`), and handed to a renderer
//! ([`Format`]).
//!
//! The public API is what the binary, the tests, the benchmarks and the
//! fuzz targets use: [`run`], [`load`] and the model it returns, the
//! findings, the renderers, zones, `diff`, the schedule readers, `import`
//! and `now`. Everything else is `pub(crate)`, so the compiler
//! (`unreachable_pub`, `dead_code`) sees every internal item's users.

mod check;
mod cli;
mod decl;
mod diagnostic;
mod diff;
mod export;
mod filter;
mod frab_codec;
mod hours;
mod import;
mod kind;
mod model;
mod now;
mod people;
mod source;
mod text;
mod time;
mod visible;
mod waking;

use std::process::ExitCode;

pub use diagnostic::{Code, Finding, Severity, Source};
pub use diff::{diff, render as render_diff, DiffFormat, Report as DiffReport};
pub use export::{Format, Render, RenderError, View};
pub use import::{import, to_toml};
pub use kind::Kind;
pub use model::{resolve_local, Agenda, Block, Day, Event, Item, LocalProblem, Room};
pub use now::Now;
pub use source::schedule::Imported;
pub use source::InputFormat;
pub use time::db::Database;
pub use time::names::ZoneSource;
pub use time::zone::{Zone, ZoneOffset};

/// Runs the command line (the `agenda` binary) and returns the process's
/// exit code.
pub fn run() -> ExitCode {
    cli::main()
}

/// An agenda file read, resolved and checked.
#[derive(Debug)]
pub struct Checked {
    /// The model, when the file could be read far enough to build one.
    /// Blocks that could not be read are left out of it; blocks that
    /// break a rule are in it, each knowing the rules it breaks.
    pub agenda: Option<Agenda>,
    /// Every problem found, in file order, but the warnings the file
    /// allows.
    pub findings: Vec<Finding>,
    /// How many blocks the file declares that are not in the model (each
    /// once, whatever the number of its problems).
    pub blocks_left_out: usize,
    /// The warnings the file allows (`[rules] allow`), in file order:
    /// counted in the report, shown again by `check --deny CODE`.
    pub allowed: Vec<Finding>,
}

impl Checked {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }
}

/// Reads, resolves and checks the text of an agenda file.
pub fn load(text: &str) -> Checked {
    load_from(text, Some(source::InputFormat::Toml))
}

/// Reads, resolves and checks an agenda given in any supported format:
/// `from`, else the one its first character shows (`<` XML, `{` JSON).
pub fn load_from(text: &str, from: Option<source::InputFormat>) -> Checked {
    let mut findings = Vec::new();
    let mut blocks_left_out = 0;
    let agenda = source::read(text, from, &mut findings).and_then(|file| {
        let declared = file.declared_blocks;
        let agenda = model::build(file, &mut findings)?;
        let built: usize = agenda.days.iter().map(|d| d.blocks.len()).sum();
        blocks_left_out = declared.saturating_sub(built);
        Some(agenda)
    });
    let agenda = agenda.map(|mut agenda| {
        check::check(&agenda, &mut findings);
        agenda.note_conflicts(&findings);
        in_time_order(agenda)
    });
    findings.sort_by_key(|f| (f.span.start, f.severity));
    let allow = agenda.as_ref().map_or(&[][..], |a| &a.rules.allow[..]);
    let (allowed, findings) = findings
        .into_iter()
        .partition(|f| f.code.is_warning() && allow.contains(&f.code));
    Checked {
        agenda,
        findings,
        blocks_left_out,
        allowed,
    }
}

/// Only the first stage of [`load`]: reads agenda TOML into spanned
/// declarations, without resolving times or checking rules, and returns
/// what it found wrong. The benchmarks time each stage on its own.
pub fn parse(text: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    // The declarations are dropped here, as `load` drops them after
    // building the model.
    drop(source::toml::parse(text, &mut findings));
    findings
}

/// Puts days in date order and each day's blocks in time order, so that
/// every view lists them as they happen whatever order the file uses
/// (`check` has already warned about the file's order). Stable, so blocks
/// that start together (parallel rooms) keep the file's order; block keys
/// were assigned in file order before this, so calendar UIDs do not move.
fn in_time_order(mut agenda: Agenda) -> Agenda {
    agenda.days.sort_by_key(|day| day.date);
    for day in &mut agenda.days {
        day.blocks.sort_by_key(|block| block.start);
    }
    agenda
}
