//! `agenda init`: writes a commented starter agenda, never over an
//! existing file.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::Path;

use crate::time::Zone;
use chrono::{Datelike, Duration, NaiveDate, Offset, TimeZone, Weekday};

/// The starter agenda: every feature of the format, once, with comments;
/// `@YEAR@`, `@DAY1@`, `@DAY2@` and `@OFFSET@` are filled in by
/// [`starter`].
const TEMPLATE: &str = include_str!("starter.toml");

/// The starter agenda for a workshop a few weeks after `today`: day 1 is
/// the first Tuesday at least four weeks on, day 2 the Wednesday after, so
/// that every time in it is in the future, and its explicit UTC offset is
/// the one Berlin (the starter's zone) has on day 1.
pub(crate) fn starter(today: NaiveDate) -> String {
    let mut day1 = today + Duration::days(28);
    while day1.weekday() != Weekday::Tue {
        day1 += Duration::days(1);
    }
    let day2 = day1 + Duration::days(1);
    // Berlin is UTC+1 or UTC+2; 16:00 is never skipped or repeated there.
    let seconds = Zone::get("Europe/Berlin")
        .and_then(|zone| {
            zone.from_local_datetime(&day1.and_hms_opt(16, 0, 0)?)
                .single()
                .map(|t| t.offset().fix().local_minus_utc())
        })
        .unwrap_or(3600);
    let offset = format!("+{:02}:{:02}", seconds / 3600, seconds % 3600 / 60);
    TEMPLATE
        .replace("@YEAR@", &day1.year().to_string())
        .replace("@DAY1@", &day1.to_string())
        .replace("@DAY2@", &day2.to_string())
        .replace("@OFFSET@", &offset)
}

/// Writes [`starter`] for `today` to `path`. The file is created anew: when
/// it already exists this fails with [`io::ErrorKind::AlreadyExists`] and
/// the file is left untouched. A write that fails half-way removes what it
/// created.
pub(crate) fn write_starter(path: &Path, today: NaiveDate) -> io::Result<()> {
    let text = starter(today);
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all());
    if let Err(err) = written {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(err);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_starter_is_a_clean_agenda_whatever_the_season() {
        // Winter (UTC+1 in Berlin) and summer (UTC+2), and over a year's end.
        for today in ["2026-01-15", "2026-05-20", "2026-12-10"] {
            let text = starter(date(today));
            assert!(!text.contains('@'), "{text}");
            let checked = crate::load(&text);
            assert!(checked.agenda.is_some());
            assert!(
                checked.findings.is_empty(),
                "{today}: {:?}",
                checked.findings
            );
        }
    }

    #[test]
    fn the_days_are_a_tuesday_and_wednesday_four_to_five_weeks_on() {
        // Thursday 26 November 2026: 28 days on is Thursday 24 December;
        // the Tuesday after, 29 December. Berlin is on UTC+1 then.
        let text = starter(date("2026-11-26"));
        assert!(text.contains("date = 2026-12-29 "), "{text}");
        assert!(text.contains("date = \"2026-12-30\" "), "{text}");
        assert!(text.contains("start = \"16:00+01:00\""), "{text}");
        assert!(
            text.contains("name = \"My Online Workshop 2026\""),
            "{text}"
        );
        // 20 May 2026 (a Wednesday): 17 June is 28 days on, a Wednesday; the
        // Tuesday after is 23 June, in summer time (UTC+2). 21 December
        // 2026 gives 18 January 2027 (a Monday), so Tuesday 19 January.
        let summer = starter(date("2026-05-20"));
        assert!(summer.contains("date = 2026-06-23 "), "{summer}");
        assert!(summer.contains("start = \"16:00+02:00\""), "{summer}");
        let winter = starter(date("2026-12-21"));
        assert!(winter.contains("date = 2027-01-19 "), "{winter}");
        assert!(winter.contains("My Online Workshop 2027"), "{winter}");
    }
}
