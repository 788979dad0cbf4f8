//! The programme as declared, whatever format it was read from (agenda
//! TOML, frab schedule XML, schedule JSON): values as written, each with
//! the place it stands in its file, so that every finding can point at it.
//! The readers in `source/` make these; [`validate`] applies the rules
//! every format gets (text, links, seconds, lengths); the model
//! (`model.rs`) resolves them into UTC instants and never sees a file
//! format.

use chrono::{FixedOffset, NaiveDate, NaiveTime};

use crate::diagnostic::{Code, Span};
use crate::kind::Kind;
use crate::time::Zone;
use crate::waking::WakingHours;

pub(crate) mod validate;

/// Longest block or item accepted, in minutes: a week.
pub(crate) const MAX_MINUTES: i64 = 7 * 24 * 60;

/// A value and where it stands in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located<T> {
    /// The value.
    pub value: T,
    /// Its byte range in the file.
    pub span: Span,
}

/// A wall-clock time as written: `"14:00"`, or `"01:30-04:00"` with an
/// explicit UTC offset that settles an ambiguous local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WallTime {
    /// The time of day.
    pub time: NaiveTime,
    /// The offset written after it, if any.
    pub offset: Option<FixedOffset>,
}

/// How long a block lasts, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Length {
    /// `minutes = N`.
    Minutes(i64),
    /// A length to the second, as a schedule may give it (`00:45:30`):
    /// [`validate`] refuses one that is not whole minutes, as it refuses
    /// a time with seconds; `agenda import` rounds it.
    Seconds(i64),
    /// `end = "HH:MM"`.
    End(WallTime),
}

impl Length {
    /// A length given as such (not an `end`), when a `Duration` can hold
    /// it.
    pub(crate) fn duration(self) -> Option<chrono::Duration> {
        match self {
            Length::Minutes(n) => chrono::Duration::try_minutes(n),
            Length::Seconds(n) => chrono::Duration::try_seconds(n),
            Length::End(_) => None,
        }
    }
}

/// What a programme was read from, which decides how a finding's help
/// names the fix: the keys of the agenda file, or the schedule's own terms
/// (and `agenda import` for what only an agenda can say).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// An agenda TOML.
    Agenda,
    /// A published schedule: frab XML, schedule JSON, schedule2 JSON.
    Schedule,
}

/// The whole file.
#[derive(Debug, Clone)]
pub(crate) struct AgendaFile {
    /// What it was read from.
    pub origin: Origin,
    /// `[event]`.
    pub event: EventDecl,
    /// `[rules]`, or the defaults.
    pub rules: RulesDecl,
    /// Every `[[day]]` that could be read.
    pub days: Vec<DayDecl>,
    /// `[people]`: every entry that could be read, in file order.
    pub people: Vec<PersonDecl>,
    /// How many blocks the file declares, read or not (every
    /// `[[day.block]]`, every schedule event): the views say how many of
    /// them could not be shown.
    pub declared_blocks: usize,
}

/// One entry of `[people]`.
#[derive(Debug, Clone)]
pub(crate) struct PersonDecl {
    /// The name, as written.
    pub name: String,
    /// Where the name is written.
    pub span: Span,
    /// `timezone`, resolved.
    pub zone: Zone,
}

/// `[event]`.
#[derive(Debug, Clone)]
pub(crate) struct EventDecl {
    /// `name`; `None` when it is missing (already reported).
    pub name: Option<Located<String>>,
    /// `timezone`; `None` when it names no zone (already reported).
    pub zone: Option<Zone>,
    /// `url`.
    pub url: Option<Located<String>>,
    /// `location`.
    pub location: Option<Located<String>>,
    /// `id`.
    pub id: Option<Located<String>>,
}

/// `[rules]`.
#[derive(Debug, Clone)]
pub(crate) struct RulesDecl {
    /// Allowed talk lengths.
    pub talk_minutes: Vec<i64>,
    /// Length of an item that states none.
    pub item_minutes: i64,
    /// Where `talk_minutes` is written, if it is.
    pub talk_minutes_span: Option<Span>,
    /// `waking_hours`: local time in each person's own zone.
    pub waking_hours: WakingHours,
    /// `require_people`: warn about anyone due who has no `[people]` entry.
    pub require_people: bool,
    /// `max_gap_minutes`: the longest unscheduled time that is taken for
    /// a forgotten block rather than a planned pause.
    pub max_gap_minutes: i64,
    /// `allow`: the codes of the warnings the organizer has accepted.
    pub allow: Vec<Code>,
}

/// The default of `rules.max_gap_minutes`: a forgotten talk or session is
/// shorter; a longer pause inside a day is taken as planned (a programme
/// in two sittings for two continents).
pub(crate) const MAX_GAP_MINUTES: i64 = 120;

impl Default for RulesDecl {
    fn default() -> Self {
        RulesDecl {
            talk_minutes: vec![10, 20],
            item_minutes: 10,
            talk_minutes_span: None,
            waking_hours: WakingHours::default(),
            require_people: false,
            max_gap_minutes: MAX_GAP_MINUTES,
            allow: Vec::new(),
        }
    }
}

/// One `[[day]]`.
#[derive(Debug, Clone)]
pub(crate) struct DayDecl {
    /// The `[[day]]` header.
    pub span: Span,
    /// `date`.
    pub date: Located<NaiveDate>,
    /// `name`.
    pub name: Option<Located<String>>,
    /// `end`.
    pub end: Option<Located<WallTime>>,
    /// Every block that could be read.
    pub blocks: Vec<BlockDecl>,
}

/// One `[[day.block]]`.
#[derive(Debug, Clone)]
pub(crate) struct BlockDecl {
    /// The `[[day.block]]` header (or the inline table).
    pub span: Span,
    /// `start`.
    pub start: Located<WallTime>,
    /// `minutes` or `end`.
    pub length: Located<Length>,
    /// `kind`.
    pub kind: Located<Kind>,
    /// `title`, defaulted for breaks.
    pub title: Located<String>,
    /// `speakers` or `speaker`.
    pub speakers: Vec<Located<String>>,
    /// Where `speakers` or `speaker` is written, or the header. For one
    /// `speaker = "…"` it is that speaker's own span.
    pub speakers_span: Span,
    /// `moderator`.
    pub moderator: Option<Located<String>>,
    /// `room`.
    pub room: Option<Located<String>>,
    /// `location`.
    pub location: Option<Located<String>>,
    /// `url`.
    pub url: Option<Located<String>>,
    /// `description`.
    pub description: Option<Located<String>>,
    /// `id`.
    pub id: Option<Located<String>>,
    /// `items`.
    pub items: Vec<ItemDecl>,
    /// Where `items` is written, or the block header.
    pub items_span: Span,
}

/// One item of a block.
#[derive(Debug, Clone)]
pub(crate) struct ItemDecl {
    /// Where the item is written.
    pub span: Span,
    /// `title`, or the string itself (then spanned as the item).
    pub title: Located<String>,
    /// `minutes`, if stated.
    pub minutes: Option<Located<i64>>,
    /// `speakers` or `speaker`.
    pub speakers: Vec<Located<String>>,
    /// Where `speakers` or `speaker` is written, or the item.
    pub speakers_span: Span,
    /// `url`.
    pub url: Option<Located<String>>,
    /// `description`.
    pub description: Option<Located<String>>,
}

impl<T> Located<T> {
    /// `value` at `span`.
    pub(crate) fn new(value: T, span: Span) -> Self {
        Located { value, span }
    }
}

/// The values of a list of located values.
pub(crate) fn values(list: Vec<Located<String>>) -> Vec<String> {
    list.into_iter().map(|l| l.value).collect()
}
