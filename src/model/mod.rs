//! The typed programme: every start and end a UTC instant, resolved once
//! from the event zone. Renderers and rules read this and nothing else.
//! It is built from the declarations in [`mod@build`], each wall-clock time
//! read in the event zone by [`mod@resolve`].

mod build;
mod resolve;

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

pub(crate) use crate::decl::Origin;
use crate::diagnostic::{Category, Code, Finding, Span};
use crate::kind::Kind;
use crate::time::Zone;

pub(crate) use build::build;
pub use resolve::{resolve_local, LocalProblem};

/// A parallel room. Blocks without one are plenary.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Room(pub String);

impl fmt::Display for Room {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The whole programme.
#[derive(Debug, Clone)]
pub struct Agenda {
    /// What it was read from, for the help of findings.
    pub(crate) origin: Origin,
    /// `[event]`.
    pub event: Event,
    /// The organizer's rules.
    pub(crate) rules: Rules,
    /// The days: in file order as built, in date order once loaded
    /// ([`crate::load`]).
    pub days: Vec<Day>,
    /// `[people]`: who has a home zone, in file order.
    pub(crate) people: Vec<Person>,
    /// The rules its blocks break, as `check` found them (empty until
    /// [`Agenda::note_conflicts`]).
    pub(crate) conflicts: Vec<Conflict>,
}

/// A rule of the programme that some of its blocks break: one error of
/// `check` about blocks, for `diff` to follow.
#[derive(Debug, Clone)]
pub(crate) struct Conflict {
    /// Which rule.
    pub code: Code,
    /// The blocks involved, by the span of their header; the first is the
    /// one the finding points at.
    pub blocks: Vec<Span>,
}

/// Someone of `[people]`, with their home zone.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    /// The name as written in `[people]`.
    pub name: String,
    /// Who they are: [`crate::text::person_key`] of the name.
    pub key: String,
    /// Their home zone.
    pub zone: Zone,
    /// Where the name is written in `[people]`.
    pub span: Span,
}

/// The event as a whole.
#[derive(Debug, Clone)]
pub struct Event {
    /// Its name.
    pub name: String,
    /// The zone every time in the file is written in.
    pub zone: Zone,
    /// Its web page.
    pub url: Option<String>,
    /// Where every block happens unless it says otherwise ("Zoom").
    pub location: Option<String>,
    /// A stable identity for calendar UIDs.
    pub id: Option<String>,
}

impl Event {
    /// What names the event in calendar identities: its `id`, else its
    /// name (so that, without an `id`, renaming the event renames every
    /// block's UID).
    pub(crate) fn identity(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.name)
    }
}

/// The organizer's rules, checked by `agenda check`.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    /// The lengths a talk may have, in minutes.
    pub talk_minutes: Vec<i64>,
    /// The length of an item that states none, in minutes.
    pub item_minutes: i64,
    /// Where `talk_minutes` is written, if it is.
    pub talk_minutes_span: Option<Span>,
    /// Local waking hours, in each person's own zone.
    pub waking_hours: crate::waking::WakingHours,
    /// Whether everyone due must have an entry in `[people]`.
    pub require_people: bool,
    /// The longest unscheduled time inside a day that `check` reports.
    pub max_gap_minutes: i64,
    /// The codes of the warnings the organizer has accepted.
    pub allow: Vec<crate::diagnostic::Code>,
}

/// One day of the programme.
#[derive(Debug, Clone)]
pub struct Day {
    /// Its date in the event zone.
    pub date: NaiveDate,
    /// Its name ("Day 1").
    pub name: Option<String>,
    /// No block may run past this.
    pub end: Option<DateTime<Utc>>,
    /// Its blocks: in file order as built, in time order once loaded
    /// ([`crate::load`]).
    pub blocks: Vec<Block>,
    /// Where the day is written: the `[[day]]` header and its `date`.
    pub(crate) spans: DaySpans,
}

/// Where a day's parts are written.
#[derive(Debug, Clone, Default)]
pub(crate) struct DaySpans {
    /// The `[[day]]` header.
    pub header: Span,
    /// `date`.
    pub date: Span,
    /// `end`, or the header.
    pub end: Span,
}

/// One block of a day: a talk, a tutorial, a break...
#[derive(Debug, Clone)]
pub struct Block {
    /// When it starts.
    pub start: DateTime<Utc>,
    /// When it ends.
    pub end: DateTime<Utc>,
    /// What sort of block it is.
    pub kind: Kind,
    /// Its title ("Break" for an untitled break).
    pub title: String,
    /// Who speaks.
    pub speakers: Vec<String>,
    /// Who moderates.
    pub moderator: Option<String>,
    /// Its parallel room; `None` for a plenary.
    pub room: Option<Room>,
    /// Where it happens, if not the event's location.
    pub location: Option<String>,
    /// A link for it.
    pub url: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// A stable identity given by the organizer.
    pub id: Option<String>,
    /// Its parts, back to back from its start.
    pub items: Vec<Item>,
    /// The rules it breaks (the codes of `check`'s errors about it), in
    /// code order, each once: the views mark it.
    pub(crate) breaks: Vec<Code>,
    /// Its identity across edits, for calendar UIDs and `diff`.
    pub(crate) key: BlockKey,
    /// Where its parts are written.
    pub(crate) spans: BlockSpans,
}

/// What identifies a block across versions of the file, and so its
/// calendar UID. A block with an `id` is that id alone (`id:intro`):
/// moved in time, to another room or another day, it keeps its key. A
/// block without one is its kind and title (`talk:Keynote`); only when
/// other blocks share both is the day's date added, then the room when
/// they share the date too, then, from the second on, the rank in file
/// order among those sharing all four (`break:Break/2021-04-13/plenary`,
/// `…/plenary#2`). Never derived from a time or a position in the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub(crate) struct BlockKey(pub String);

impl fmt::Display for BlockKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a block's parts are written, for findings.
#[derive(Debug, Clone, Default)]
pub(crate) struct BlockSpans {
    /// The `[[day.block]]` header.
    pub header: Span,
    /// `start`.
    pub start: Span,
    /// `minutes` or `end`.
    pub length: Span,
    /// `speakers` or `speaker`, or the header.
    pub speakers: Span,
    /// `moderator`, or the header.
    pub moderator: Span,
    /// `items`, or the header.
    pub items: Span,
    /// `id`, or the header.
    pub id: Span,
}

/// One part of a block.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its title.
    pub title: String,
    /// When it starts.
    pub start: DateTime<Utc>,
    /// When it ends.
    pub end: DateTime<Utc>,
    /// Who speaks.
    pub speakers: Vec<String>,
    /// A link for it.
    pub url: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// Where it is written.
    pub(crate) span: Span,
}

impl Agenda {
    /// Records the rules that `findings` say its blocks break: on each
    /// block, the codes, for the marks of the views; on the agenda, each
    /// conflict with its blocks, for `diff`. Only errors of the
    /// [`Category::Rule`] that name blocks count; a block is found by its
    /// header's span, once, through a map: linear in blocks and findings.
    pub(crate) fn note_conflicts(&mut self, findings: &[Finding]) {
        let mut rules = findings
            .iter()
            .filter(|f| f.is_error() && f.code.category() == Category::Rule)
            .filter(|f| !f.blocks.is_empty())
            .peekable();
        if rules.peek().is_none() {
            return;
        }
        let mut at: HashMap<usize, (usize, usize)> = HashMap::new();
        for (d, day) in self.days.iter().enumerate() {
            for (b, block) in day.blocks.iter().enumerate() {
                at.insert(block.spans.header.start, (d, b));
            }
        }
        for finding in rules {
            // A block the reader left out (speakers on a break that has no
            // start) has nothing to mark.
            if !at.contains_key(&finding.blocks[0].start) {
                continue;
            }
            for span in &finding.blocks {
                if let Some(&(d, b)) = at.get(&span.start) {
                    let breaks = &mut self.days[d].blocks[b].breaks;
                    if let Err(place) = breaks.binary_search(&finding.code) {
                        breaks.insert(place, finding.code);
                    }
                }
            }
            self.conflicts.push(Conflict {
                code: finding.code,
                blocks: finding.blocks.clone(),
            });
        }
    }
}

impl Block {
    /// Its length in whole minutes.
    pub(crate) fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }

    /// Everyone due in it: speakers, then the moderator.
    pub(crate) fn people(&self) -> impl Iterator<Item = &str> {
        self.speakers
            .iter()
            .chain(self.moderator.iter())
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;

    /// Two talks streamed into two rooms with one speaker (a double
    /// booking, and an overlap in room B with the talk there); a block
    /// with two problems of its own; a day whose date cannot be read,
    /// holding two blocks.
    const CONFLICTS: &str = r#"
[event]
name = "Conflicts"
timezone = "Europe/Brussels"

[[day]]
date = 2026-02-01

[[day.block]]
start = "10:00"
minutes = 20
kind = "talk"
title = "Streamed"
room = "A"
speaker = "Ana"

[[day.block]]
start = "10:00"
minutes = 20
kind = "talk"
title = "Streamed (overflow)"
room = "B"
speaker = "ana"

[[day.block]]
start = "10:10"
minutes = 20
kind = "talk"
title = "In B"
room = "B"

[[day.block]]
start = "25:00"
minutes = 20
kind = "tlak"
title = "Two problems"

[[day]]
date = "2026-02-30"

[[day.block]]
start = "10:00"
minutes = 20
kind = "talk"
title = "Lost with its day"

[[day.block]]
start = "11:00"
minutes = 20
kind = "talk"
title = "Also lost"
"#;

    #[test]
    fn blocks_know_the_rules_they_break_and_the_lost_ones_are_counted() {
        let checked = crate::load(CONFLICTS);
        let agenda = checked.agenda.expect("a model");
        // Three blocks in the model; the one with two problems is one
        // block left out, and the day without a date leaves out two.
        assert_eq!(checked.blocks_left_out, 3);
        let breaks: Vec<(&str, Vec<Code>)> = agenda.days[0]
            .blocks
            .iter()
            .map(|b| (b.title.as_str(), b.breaks.clone()))
            .collect();
        assert_eq!(
            breaks,
            [
                ("Streamed", vec![Code::DoubleBooking]),
                (
                    "Streamed (overflow)",
                    vec![Code::Overlap, Code::DoubleBooking]
                ),
                ("In B", vec![Code::Overlap]),
            ]
        );
        // The overlap points at the later block, "In B", first; the
        // double booking at the block where the person is due second.
        let header = |title: &str| {
            agenda.days[0]
                .blocks
                .iter()
                .find(|b| b.title == title)
                .map(|b| b.spans.header.clone())
                .unwrap()
        };
        let conflicts: Vec<(Code, Vec<std::ops::Range<usize>>)> = agenda
            .conflicts
            .iter()
            .map(|c| (c.code, c.blocks.clone()))
            .collect();
        assert_eq!(
            conflicts,
            [
                (
                    Code::Overlap,
                    vec![header("In B"), header("Streamed (overflow)")]
                ),
                (
                    Code::DoubleBooking,
                    vec![header("Streamed (overflow)"), header("Streamed")]
                ),
            ]
        );
    }

    #[test]
    fn a_clean_agenda_marks_nothing() {
        let checked = crate::load(include_str!("../../agenda.toml"));
        assert_eq!(checked.blocks_left_out, 0);
        let agenda = checked.agenda.expect("a model");
        assert!(agenda.conflicts.is_empty());
        assert!(agenda
            .days
            .iter()
            .flat_map(|d| &d.blocks)
            .all(|b| b.breaks.is_empty()));
    }
}
