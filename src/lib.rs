//! `agenda`: the programme of an online workshop, checked before it is
//! published and shown to every attendee in their own time zone.
//!
//! Data flows one way: the file is read into spanned declarations
//! ([`format`]), resolved into a UTC model ([`model`]), checked against the
//! organizer's rules ([`check`]), and handed to a renderer ([`export`]).

pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod diff;
pub mod export;
pub mod filter;
pub mod format;
pub mod init;
pub mod kind;
pub mod manual;
pub mod model;
pub mod now;
pub mod text;
pub mod time;
pub mod visible;
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
    let mut findings = Vec::new();
    let agenda =
        format::parse(text, &mut findings).and_then(|file| model::build(file, &mut findings));
    if let Some(agenda) = &agenda {
        check::check(agenda, &mut findings);
    }
    findings.sort_by_key(|f| (f.span.start, f.severity));
    Checked { agenda, findings }
}
