//! `agenda`: the programme of an online workshop, checked before it is
//! published and shown to every attendee in their own time zone.
//!
//! Data flows one way: the file is read into spanned declarations
//! ([`decl`], by the readers of [`source`]: agenda TOML, frab schedule XML
//! and schedule JSON), resolved into a UTC model ([`model`]), checked against the
//! organizer's rules ([`check`]), and handed to a renderer ([`export`]).

pub mod at;
pub mod check;
pub mod cli;
pub mod decl;
pub mod diagnostic;
pub mod diff;
pub mod export;
pub mod filter;
pub mod hours;
pub mod import;
pub mod init;
pub mod kind;
pub mod manual;
pub mod model;
pub mod now;
pub mod people;
pub mod source;
pub mod text;
pub mod time;
pub mod visible;
pub mod waking;
pub mod write;

use diagnostic::Finding;
use model::Agenda;

/// An agenda file read, resolved and checked.
#[derive(Debug)]
pub struct Checked {
    /// The model, when the file could be read far enough to build one.
    /// Blocks that had errors of their own are left out of it.
    pub agenda: Option<Agenda>,
    /// Every problem found, in file order.
    pub findings: Vec<Finding>,
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
/// `from`, else the one [`source::detect`] finds in the text.
pub fn load_from(text: &str, from: Option<source::InputFormat>) -> Checked {
    let mut findings = Vec::new();
    let agenda =
        source::read(text, from, &mut findings).and_then(|file| model::build(file, &mut findings));
    let agenda = agenda.map(|agenda| {
        check::check(&agenda, &mut findings);
        in_time_order(agenda)
    });
    findings.sort_by_key(|f| (f.span.start, f.severity));
    Checked { agenda, findings }
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
