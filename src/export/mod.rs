//! Renderers: one file per output format behind one trait, chosen by
//! [`Format`]. A renderer reads the model and the view and nothing else: it
//! never re-parses the file or re-resolves a time.

mod html;
mod table;
mod xml;

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use crate::model::Agenda;
use crate::zones::ZoneSource;

pub use html::Html;
pub use table::Table;
pub use xml::Xml;

/// How the reader wants to see the programme.
#[derive(Debug, Clone)]
pub struct View {
    /// The zones to show times in, the first being the main one.
    pub zones: Vec<(Tz, ZoneSource)>,
    /// Whether breaks become calendar events.
    pub breaks: bool,
    /// Minutes before each event to remind the reader, if at all.
    pub alarm: Option<u32>,
}

/// Turns an agenda into the bytes of one output format.
pub trait Render {
    /// The programme as this format.
    fn render(&self, agenda: &Agenda, view: &View) -> anyhow::Result<String>;
}

/// Every output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The terminal table of `agenda show`.
    Table,
    /// One self-contained web page in the reader's own time zone.
    Html,
    /// The frab/c3voc schedule XML of conference apps.
    Xml,
}

impl Format {
    /// The renderer for this format.
    pub fn renderer(self) -> Box<dyn Render> {
        match self {
            Format::Table => Box::new(Table),
            Format::Html => Box::new(Html),
            Format::Xml => Box::new(Xml),
        }
    }
}

/// The UTC offset of `zone` at `at`, as `UTC-04:00`.
pub fn utc_offset(zone: Tz, at: DateTime<Utc>) -> String {
    let seconds = zone
        .offset_from_utc_datetime(&at.naive_utc())
        .fix()
        .local_minus_utc();
    format!("UTC{}", crate::model::offset_text(seconds))
}
