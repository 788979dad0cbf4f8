//! Renderers: one file per output format behind one trait, chosen by
//! [`Format`]. A renderer is a pure function of the model and the [`View`]:
//! it never re-parses the file or re-resolves a time, and what depends on
//! the run (the terminal's width, the clock, the tz database) comes in
//! through the view.

mod html;
mod ics;
pub(crate) mod identity;
mod json;
mod markdown;
mod table;
mod xml;

use chrono::{DateTime, Utc};

use crate::diagnostic::Code;
use crate::model::{Agenda, Block};
use crate::time::{Zone, ZoneSource};

pub(crate) use self::ics::Ics;
pub(crate) use html::Html;
pub(crate) use json::Json;
pub(crate) use markdown::Markdown;
pub(crate) use table::Table;
pub(crate) use xml::Xml;

/// How the reader wants to see the programme.
#[derive(Debug, Clone)]
pub struct View {
    /// The zones to show times in, the first being the main one.
    pub zones: Vec<(Zone, ZoneSource)>,
    /// Whether breaks become calendar events.
    pub breaks: bool,
    /// Minutes before each event to remind the reader, if at all.
    pub alarm: Option<u32>,
    /// When this output is made: the iCalendar DTSTAMP and SEQUENCE. Read
    /// once at the edge (`SOURCE_DATE_EPOCH`, else the clock) so that
    /// renderers stay pure functions of the agenda and the view.
    pub generated: DateTime<Utc>,
    /// The width of the terminal the output goes to, in columns; `None`
    /// when it goes to a pipe or a file, where the table is not squeezed.
    pub width: Option<usize>,
    /// The version of the tz database the times come from (`2026a`), when
    /// it is known; the JSON export names it.
    pub tzdb: Option<&'static str>,
}

/// Turns an agenda into the bytes of one output format.
pub trait Render {
    /// The programme as this format.
    fn render(&self, agenda: &Agenda, view: &View) -> Result<String, RenderError>;
}

/// Why a programme cannot be written in a format.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// No block to write, and the format needs one (frab XML needs a day).
    #[error(
        "nothing to export: the programme has no blocks, and frab schedule XML needs at least one day"
    )]
    Empty,
    /// A block longer than frab's `HH:MM` duration can say (frab XML).
    #[error("a block of {0} minutes is too long for frab's HH:MM duration")]
    TooLong(i64),
    /// The JSON document could not be written.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing into the output string failed (`fmt::Write`).
    #[error("cannot format the output")]
    Format(#[from] std::fmt::Error),
}

/// Every output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The terminal table of `agenda show`.
    #[value(skip)]
    Table,
    /// RFC 5545 iCalendar, one event per block.
    Ics,
    /// The resolved programme as JSON, for scripts and web pages.
    Json,
    /// One Markdown table per day, for a README.
    Markdown,
    /// One self-contained web page in the reader's own time zone.
    Html,
    /// The frab/c3voc schedule XML of conference apps.
    Xml,
}

impl Format {
    /// Whether its times are written in the zones of `--tz`; the others
    /// write absolute times (UTC, the event zone's, or the reader's own
    /// clock in a web page).
    pub(crate) fn takes_zones(self) -> bool {
        match self {
            Format::Table | Format::Markdown => true,
            Format::Ics | Format::Json | Format::Html | Format::Xml => false,
        }
    }

    /// Whether it makes calendar events, which `--breaks` (events for the
    /// breaks too) and `--alarm` (a reminder before each) shape.
    pub(crate) fn takes_event_options(self) -> bool {
        match self {
            Format::Ics => true,
            Format::Table | Format::Json | Format::Markdown | Format::Html | Format::Xml => false,
        }
    }

    /// The file extensions that name it (lower case), for `export -o`.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Table => &[],
            Format::Ics => &["ics", "ical"],
            Format::Json => &["json"],
            Format::Markdown => &["md", "markdown"],
            Format::Html => &["html", "htm"],
            Format::Xml => &["xml"],
        }
    }

    /// The format a file name's extension names, in any case
    /// (`programme.HTML`), if one does.
    pub(crate) fn named_by(path: &std::path::Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        <Format as clap::ValueEnum>::value_variants()
            .iter()
            .copied()
            .find(|format| format.extensions().contains(&extension.as_str()))
    }

    /// The renderer for this format.
    pub fn renderer(self) -> Box<dyn Render> {
        match self {
            Format::Table => Box::new(Table),
            Format::Ics => Box::new(Ics),
            Format::Json => Box::new(Json),
            Format::Markdown => Box::new(Markdown),
            Format::Html => Box::new(Html),
            Format::Xml => Box::new(Xml),
        }
    }
}

/// The mark of a block that breaks a rule, in the kind cell of the `show`
/// table and of the Markdown export: short, plain ASCII, and explained
/// under each table that has one ([`legend`]).
pub(crate) const MARK: &str = "!";

/// The rules `blocks` break, each once, in code order.
fn rules_broken<'a>(blocks: impl IntoIterator<Item = &'a Block>) -> Vec<Code> {
    let mut codes: Vec<Code> = blocks
        .into_iter()
        .flat_map(|b| b.breaks.iter().copied())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// The line under a table that explains [`MARK`], naming the rules its
/// blocks break; `None` when none does.
pub(crate) fn legend<'a>(blocks: impl IntoIterator<Item = &'a Block>) -> Option<String> {
    let codes = rules_broken(blocks);
    if codes.is_empty() {
        return None;
    }
    let names: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
    Some(format!(
        "{MARK} breaks a rule of the programme ({}); `agenda check` says which and where",
        names.join(", ")
    ))
}

/// A block's kind as the tables write it: `talk`, or `talk !` when it
/// breaks a rule.
pub(crate) fn kind_cell(block: &Block) -> String {
    if block.breaks.is_empty() {
        block.kind.to_string()
    } else {
        format!("{} {MARK}", block.kind)
    }
}

/// Who takes part in a block, as every view writes it: `Ana, Bo;
/// moderator Cy`.
pub(crate) fn people_line(block: &crate::model::Block) -> String {
    let mut people = block.speakers.join(", ");
    if let Some(moderator) = &block.moderator {
        if !people.is_empty() {
            people.push_str("; ");
        }
        people.push_str("moderator ");
        people.push_str(moderator);
    }
    people
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::Format;

    #[test]
    fn extensions_name_formats_in_any_case() {
        let named = |name: &str| Format::named_by(Path::new(name));
        assert_eq!(named("programme.html"), Some(Format::Html));
        assert_eq!(named("dir.d/Programme.HTM"), Some(Format::Html));
        assert_eq!(named("workshop.ical"), Some(Format::Ics));
        assert_eq!(named("workshop.ICS"), Some(Format::Ics));
        assert_eq!(named("programme.json"), Some(Format::Json));
        assert_eq!(named("README.md"), Some(Format::Markdown));
        assert_eq!(named("notes.Markdown"), Some(Format::Markdown));
        assert_eq!(named("schedule.xml"), Some(Format::Xml));
        assert_eq!(named("programme.txt"), None);
        assert_eq!(named("programme"), None);
        assert_eq!(named(".html"), None);
    }
}
