//! A conference schedule as its formats carry it (frab/c3voc XML in its
//! dialects, schedule JSON, the hub's schedule2 JSON), and its conversion
//! into agenda declarations.
//!
//! The readers ([`super::frab_xml`], [`super::schedule_json`],
//! [`super::schedule2`]) only take the text apart into a [`Schedule`];
//! every value is checked and interpreted here, once, so that the same
//! programme in any format gives the same agenda:
//! - `times.rs`: the zone (named, else guessed from offsets or the city),
//!   the days' dates, each event's true instant and length;
//! - `kinds.rs`: free-text types to kinds, through [`crate::kind::Kind::policy`];
//! - `convert.rs`: the declarations: one `[[day]]` per date, blocks in
//!   time order, rooms, identities, and what [`crate::frab_codec`] carries.
//!
//! Nothing is lost, nothing invented, nothing moved: every event whose
//! instant can be made is kept at that instant (listed under another day,
//! it goes to its own date's day, with a note); one whose instant cannot
//! be made is named and left out.

use std::collections::HashMap;

use crate::decl::{AgendaFile, Located};
use crate::diagnostic::Span;
use crate::kind::Kind;

mod convert;
mod kinds;
mod times;

pub(crate) use convert::convert;

/// A schedule as read, values still text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Schedule {
    /// `<version>`: changes whenever the programme does.
    pub version: Option<String>,
    /// The software that wrote it (`pretalx 2.3`), if it says.
    pub generator: Option<Generator>,
    /// Where the schedule itself is published.
    pub url: Option<String>,
    /// `<conference>`.
    pub conference: Conference,
    /// Every `<day>`, in order.
    pub days: Vec<Day>,
    /// Every event, in document order.
    pub events: Vec<Event>,
}

/// The software that wrote a schedule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Generator {
    /// Its name.
    pub name: String,
    /// Its version, if given.
    pub version: Option<String>,
}

/// `<conference>`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Conference {
    /// Where it is written.
    pub span: Span,
    /// `title`.
    pub title: Option<Located<String>>,
    /// `acronym`.
    pub acronym: Option<Located<String>>,
    /// `url` or `base_url`.
    pub url: Option<Located<String>>,
    /// `time_zone_name`.
    pub time_zone_name: Option<Located<String>>,
    /// `city` (pentabarf and early frab): names the zone when nothing
    /// else does.
    pub city: Option<String>,
    /// `day_change` (pentabarf): a `start` earlier than this belongs to
    /// the next date.
    pub day_change: Option<Located<String>>,
}

/// One `<day>`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Day {
    /// Where it is written.
    pub span: Span,
    /// `index`.
    pub index: Option<String>,
    /// `date`.
    pub date: Option<Located<String>>,
    /// `start` (`day_start` in JSON): when the day begins, with offset.
    pub start: Option<String>,
    /// `end` (`day_end` in JSON).
    pub end: Option<String>,
}

/// One event.
#[derive(Debug, Clone, Default)]
pub(crate) struct Event {
    /// Where it is written.
    pub span: Span,
    /// Where it stands in a JSON document (`…days[0].rooms["Saal 1"][2]`).
    pub path: Option<String>,
    /// The day it is listed under, by its place in [`Schedule::days`];
    /// `None` in a schedule that lists events by time only.
    pub day: Option<usize>,
    /// Its room's name.
    pub room: String,
    /// `guid`.
    pub guid: Option<Located<String>>,
    /// The `id` attribute (pentabarf, pretalx).
    pub id: Option<Located<String>>,
    /// `slug`.
    pub slug: Option<Located<String>>,
    /// `date`: the start as a date and time, with its UTC offset.
    pub date: Option<Located<String>>,
    /// `start`: `HH:MM` on the day's date.
    pub start: Option<Located<String>>,
    /// `duration`: `HH:MM`, `HH:MM:SS` or ISO 8601 (`PT45M`).
    pub duration: Option<Located<String>>,
    /// `end`, as a date and time.
    pub end: Option<Located<String>>,
    /// `title`.
    pub title: Option<Located<String>>,
    /// `subtitle`: kept as the first paragraph of the description, where
    /// an agenda has no place of its own for it.
    pub subtitle: Option<Located<String>>,
    /// `type`.
    pub kind: Option<String>,
    /// `track`.
    pub track: Option<String>,
    /// `abstract`, as written (the codec reads it to the byte).
    pub abstract_text: Option<Located<String>>,
    /// `description`.
    pub description: Option<Located<String>>,
    /// The people of `persons` (schedule2: every participant who does not
    /// moderate).
    pub persons: Vec<Located<String>>,
    /// Who moderates, where the schedule says (schedule2's roles).
    pub moderators: Vec<Located<String>>,
    /// Where the persons are written, or the event.
    pub persons_span: Span,
    /// Its links.
    pub links: Vec<Link>,
    /// `url`.
    pub url: Option<Located<String>>,
}

/// One link of an event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Link {
    /// Where it points.
    pub href: String,
    /// What it is called.
    pub title: String,
}

/// A schedule turned into declarations, with what the import learned on
/// the way, for the header and notes of `agenda import`.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The agenda.
    pub(crate) file: AgendaFile,
    /// The programme's title.
    pub(crate) title: String,
    /// `<version>`.
    pub(crate) version: Option<String>,
    /// Who wrote the schedule.
    pub(crate) generator: Option<Generator>,
    /// Where the schedule file itself is published, if it says.
    pub(crate) source_url: Option<String>,
    /// How the zone was chosen when the schedule names none.
    pub(crate) zone_guess: Option<ZoneGuess>,
    /// How each type found was mapped, by kind and then type.
    pub(crate) kinds: Vec<KindUse>,
    /// A note per block, by where its event starts in the file (the
    /// block's span): the day an event is listed under, when it is not
    /// the day of its date.
    pub(crate) notes: HashMap<usize, String>,
    /// The events that had to be left out, named.
    pub(crate) skipped: Vec<String>,
    /// How many links `agenda import` gave the `https://` they lacked.
    pub(crate) https_added: usize,
}

/// How the zone of a schedule that names none was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ZoneGuess {
    /// The fixed offset its events carry: instants are exact, wall times
    /// across a clock change are not the zone's.
    Offset,
    /// The zone of its city: every wall time is a guess.
    City(String),
    /// UTC, for want of anything better: every wall time is a guess.
    Utc,
}

/// How one free-text type was mapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KindUse {
    /// The type (or track) as written.
    pub label: String,
    /// The kind it became.
    pub kind: Kind,
    /// Whether a kind's type words know it; otherwise it became the
    /// default kind.
    pub mapped: bool,
    /// How many events had it.
    pub count: usize,
}

/// Text from the file as it may stand in a message: control and bidi
/// characters spelt as escapes by the one policy of `crate::visible`,
/// never sent raw to a terminal.
pub(crate) fn shown(text: &str) -> String {
    crate::visible::visible_line(text).into_owned()
}
