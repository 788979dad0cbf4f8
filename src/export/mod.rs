//! Renderers: one file per output format behind one trait, chosen by
//! [`Format`]. A renderer reads the model and the view and nothing else: it
//! never re-parses the file or re-resolves a time.

mod html;
mod ics;
pub mod identity;
mod json;
mod markdown;
mod table;
mod xml;

use std::fmt::Write as _;

use chrono::{DateTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::model::Agenda;
use crate::zones::ZoneSource;

pub use self::ics::Ics;
pub use html::Html;
pub use json::Json;
pub use markdown::Markdown;
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
    /// When this output is made: the iCalendar DTSTAMP and SEQUENCE. Read
    /// once at the edge (`SOURCE_DATE_EPOCH`, else the clock) so that
    /// renderers stay pure functions of the agenda and the view.
    pub generated: DateTime<Utc>,
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

/// The UTC offset of `zone` at `at`, as `UTC-04:00`.
pub fn utc_offset(zone: Tz, at: DateTime<Utc>) -> String {
    let seconds = zone
        .offset_from_utc_datetime(&at.naive_utc())
        .fix()
        .local_minus_utc();
    format!("UTC{}", crate::model::offset_text(seconds))
}

/// `23:30–00:15 +1d` in `zone`, prefixed with the local date where it is
/// not `date` (the day the table is headed with), so that no time is ever
/// read on a wrong day.
pub(crate) fn time_range(
    zone: Tz,
    date: chrono::NaiveDate,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> String {
    let (start, end) = (start.with_timezone(&zone), end.with_timezone(&zone));
    let mut text = String::new();
    if start.date_naive() != date {
        text.push_str(&start.format("%a %-d %b ").to_string());
    }
    // Hours and minutes written directly: chrono's `format` parses its
    // pattern at every call, and `show` writes two of these per row.
    let _ = write!(
        text,
        "{:02}:{:02}–{:02}:{:02}",
        start.hour(),
        start.minute(),
        end.hour(),
        end.minute()
    );
    let days = (end.date_naive() - start.date_naive()).num_days();
    if days > 0 {
        text.push_str(&format!(" +{days}d"));
    }
    text
}

/// Whether `url` is a web address (`http://` or `https://`, any case):
/// the one rule for links, which `check` applies to every `url` and every
/// export applies again before writing one.
pub fn is_web_url(url: &str) -> bool {
    let url = url.trim().as_bytes();
    [&b"https://"[..], &b"http://"[..]]
        .iter()
        .any(|scheme| url.len() > scheme.len() && url[..scheme.len()].eq_ignore_ascii_case(scheme))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn times_name_a_different_date() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let date = NaiveDate::from_ymd_opt(2021, 4, 13).unwrap();
        let tokyo = chrono_tz::Asia::Tokyo;
        // 14:30–15:15 UTC is 23:30–00:15 in Tokyo (UTC+9), over midnight.
        assert_eq!(
            time_range(
                tokyo,
                date,
                at("2021-04-13T14:30:00Z"),
                at("2021-04-13T15:15:00Z")
            ),
            "23:30–00:15 +1d"
        );
        assert_eq!(
            time_range(
                tokyo,
                date,
                at("2021-04-13T15:15:00Z"),
                at("2021-04-13T15:20:00Z")
            ),
            "Wed 14 Apr 00:15–00:20"
        );
    }
}
