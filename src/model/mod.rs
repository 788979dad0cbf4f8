//! The typed programme: every start and end a UTC instant, resolved once
//! from the event zone. Renderers and rules read this and nothing else.
//! It is built from the declarations in [`mod@build`], each wall-clock time
//! read in the event zone by [`mod@resolve`].

mod build;
mod resolve;

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

pub(crate) use crate::decl::Origin;
use crate::diagnostic::Span;
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
