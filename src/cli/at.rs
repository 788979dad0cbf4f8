//! The instant of `--at`: `now`; an RFC 3339 instant with or without
//! seconds (`2021-04-13T14:41Z`, the form of the HTML page's `#now=`); a
//! wall time in the viewer's zone, with its date (`2021-04-13 10:41`) or
//! without (`14:41`, today there); or a wall time in a zone named after
//! it (`2021-04-13 14:41 UTC`, `14:41 tokyo`), read as `--tz` reads one.

use crate::time::{self, Zone};
use chrono::{
    DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};

/// What `--at` was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum At {
    /// `now`: the clock.
    Now,
    /// An instant, written with `Z` or an offset.
    Instant(DateTime<Utc>),
    /// A date and wall time, in the zone named or else the viewer's.
    Wall(NaiveDateTime, Option<Zone>),
    /// A wall time today (in that zone), in the zone named or else the
    /// viewer's.
    Today(NaiveTime, Option<Zone>),
}

/// The forms of a date and time that `--at` reads, with or without
/// seconds, with `T` or a space between them.
const FORMATS: [&str; 4] = [
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
];

const EXPECTED: &str = "write 14:41 (today, in your zone), \"2021-04-13 10:41\" (your zone), \
                        \"2021-04-13 14:41 UTC\" (a zone), 2021-04-13T14:41Z (UTC), \
                        2021-04-13T10:41-04:00 (with an offset) or now";

/// Reads an `--at` value; the error says which forms are accepted.
pub(crate) fn parse(text: &str) -> Result<At, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("now") {
        return Ok(At::Now);
    }
    let written = instant_or_wall(text);
    if written.is_ok() {
        return written;
    }
    match in_zone(text) {
        Some(Ok(at)) => Ok(at),
        // A date and time before a zone that is not one: say why.
        Some(Err(zone)) => Err(zone),
        None => written,
    }
}

/// An RFC 3339 instant, or a date and time without offset.
fn instant_or_wall(text: &str) -> Result<At, String> {
    // RFC 3339 allows `t` and `z` in lower case.
    let upper = text.to_ascii_uppercase();
    let (body, offset) = split_offset(&upper)?;
    let wall = FORMATS
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(body, format).ok())
        .ok_or_else(|| format!("`{text}` is not a date and time; {EXPECTED}"))?;
    match offset {
        None => Ok(At::Wall(wall, None)),
        Some(offset) => match offset.from_local_datetime(&wall) {
            LocalResult::Single(t) => Ok(At::Instant(t.with_timezone(&Utc))),
            _ => Err(format!("`{text}` is out of range")),
        },
    }
}

/// `HH:MM`, `HH:MM ZONE` or `YYYY-MM-DD HH:MM ZONE` (seconds allowed):
/// `None` when `text` has none of these shapes, an error when the zone
/// is none.
fn in_zone(text: &str) -> Option<Result<At, String>> {
    let mut words = text.split_whitespace();
    let mut first = words.next()?;
    let date = NaiveDate::parse_from_str(first, "%Y-%m-%d").ok();
    if date.is_some() {
        first = words.next()?;
    }
    let time = ["%H:%M", "%H:%M:%S"]
        .iter()
        .find_map(|format| NaiveTime::parse_from_str(first, format).ok())?;
    let rest = words.collect::<Vec<_>>().join(" ");
    let zone = if rest.is_empty() {
        None
    } else {
        match time::resolve(&rest) {
            Ok(zone) => Some(zone),
            Err(e) => return Some(Err(e.to_string())),
        }
    };
    Some(Ok(match date {
        Some(date) => At::Wall(date.and_time(time), zone),
        None => At::Today(time, zone),
    }))
}

/// Splits a trailing `Z` or `±HH:MM` (or `±HHMM`, `±HH`) off a date and
/// time.
fn split_offset(text: &str) -> Result<(&str, Option<FixedOffset>), String> {
    if let Some(body) = text.strip_suffix('Z') {
        return Ok((body, FixedOffset::east_opt(0)));
    }
    // The offset's sign comes after the time's colon; a date's own `-`
    // comes before it.
    let Some(colon) = text.find(':') else {
        return Ok((text, None));
    };
    let Some(sign_at) = text[colon..].rfind(['+', '-']).map(|i| colon + i) else {
        return Ok((text, None));
    };
    let (body, offset) = text.split_at(sign_at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let digits: String = offset[1..].chars().filter(|c| *c != ':').collect();
    let bad = || format!("`{offset}` in `{text}` is not a UTC offset; {EXPECTED}");
    if !digits.chars().all(|c| c.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return Err(bad());
    }
    let hours: i32 = digits[..2].parse().map_err(|_| bad())?;
    let minutes: i32 = match &digits[2..] {
        "" => 0,
        m => m.parse().map_err(|_| bad())?,
    };
    if hours > 23 || minutes > 59 {
        return Err(bad());
    }
    let offset = FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).ok_or_else(bad)?;
    Ok((body, Some(offset)))
}

impl At {
    /// The instant meant: the clock's `now` for [`At::Now`], and a wall
    /// time read in its zone, else in `viewer`; `today` is the date at
    /// `now` in that zone. A wall time that the zone skips or repeats (at
    /// a daylight-saving change) is an error that gives the instants and
    /// asks for an offset.
    pub(crate) fn resolve(self, viewer: Zone, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
        let (wall, zone) = match self {
            At::Now => return Ok(now),
            At::Instant(t) => return Ok(t),
            At::Wall(wall, zone) => (wall, zone.unwrap_or(viewer)),
            At::Today(time, zone) => {
                let zone = zone.unwrap_or(viewer);
                (now.with_timezone(&zone).date_naive().and_time(time), zone)
            }
        };
        match zone.from_local_datetime(&wall) {
            LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
            LocalResult::Ambiguous(a, b) => Err(format!(
                "{} happens twice in {zone}: at {} and at {}; write the offset you mean",
                wall.format("%Y-%m-%d %H:%M"),
                a.fixed_offset().format("%Y-%m-%dT%H:%M%:z"),
                b.fixed_offset().format("%Y-%m-%dT%H:%M%:z"),
            )),
            LocalResult::None => Err(format!(
                "{} does not exist in {zone} (the clocks skip it); write an offset or another time",
                wall.format("%Y-%m-%d %H:%M"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::testing::{utc, zone};

    #[test]
    fn instants_with_and_without_seconds() {
        let t = At::Instant(utc("2021-04-13T14:41:00Z"));
        for text in [
            "2021-04-13T14:41:00Z",
            "2021-04-13T14:41Z",
            "2021-04-13t14:41z",
            "2021-04-13T10:41-04:00",
            "2021-04-13T10:41:00-0400",
            "2021-04-13T23:41+09",
            "2021-04-13 14:41Z",
        ] {
            assert_eq!(parse(text), Ok(t), "{text}");
        }
        assert_eq!(parse(" NOW "), Ok(At::Now));
    }

    #[test]
    fn wall_times_are_read_in_the_zone() {
        let at = parse("2021-04-13 10:41").unwrap();
        assert!(matches!(at, At::Wall(_, None)));
        // Santiago is UTC-4 after 4 April 2021.
        assert_eq!(
            at.resolve(zone("America/Santiago"), Utc::now()),
            Ok(utc("2021-04-13T14:41:00Z"))
        );
        // Santiago's clocks went from 24:00 to 01:00 on 5 September 2021,
        // and from 24:00 back to 23:00 on 3 April 2021.
        let skipped = parse("2021-09-05T00:30").unwrap();
        assert!(skipped
            .resolve(zone("America/Santiago"), Utc::now())
            .unwrap_err()
            .contains("does not exist"));
        let twice = parse("2021-04-03 23:30").unwrap();
        assert_eq!(
            twice.resolve(zone("America/Santiago"), Utc::now()),
            Err("2021-04-03 23:30 happens twice in America/Santiago: at \
                 2021-04-03T23:30-03:00 and at 2021-04-03T23:30-04:00; write the offset you mean"
                .into())
        );
    }

    #[test]
    fn a_time_alone_is_today_in_the_zone() {
        let at = parse("14:41").unwrap();
        assert_eq!(
            at,
            At::Today(NaiveTime::from_hms_opt(14, 41, 0).unwrap(), None)
        );
        // At 20:30 UTC on 20 December 2026 it is already the 21st in
        // Tokyo (UTC+9), and 14:41 there is 05:41 UTC on the 21st.
        let now = utc("2026-12-20T20:30:00Z");
        assert_eq!(
            at.resolve(zone("Asia/Tokyo"), now),
            Ok(utc("2026-12-21T05:41:00Z"))
        );
        // Still the 20th in Santiago (UTC-3 in summer): 17:41 UTC.
        assert_eq!(
            at.resolve(zone("America/Santiago"), now),
            Ok(utc("2026-12-20T17:41:00Z"))
        );
        assert_eq!(
            parse("14:41:30").unwrap().resolve(Zone::utc(), now),
            Ok(utc("2026-12-20T14:41:30Z"))
        );
    }

    #[test]
    fn a_zone_after_the_time_is_read_as_tz_reads_it() {
        let utc_zone = Zone::utc();
        let santiago = zone("America/Santiago");
        let now = utc("2026-12-20T20:30:00Z");
        for (text, want) in [
            ("2021-04-13 14:41 UTC", "2021-04-13T14:41:00Z"),
            ("2021-04-13 14:41 utc", "2021-04-13T14:41:00Z"),
            // Tokyo is UTC+9: 23:41 there is 14:41 UTC.
            ("2021-04-13 23:41 Asia/Tokyo", "2021-04-13T14:41:00Z"),
            ("2021-04-13 23:41 tokyo", "2021-04-13T14:41:00Z"),
            ("2021-04-13 20:11 UTC+05:30", "2021-04-13T14:41:00Z"),
            ("2021-04-13 10:41 -04:00", "2021-04-13T14:41:00Z"),
            // New York is on EDT (UTC-4) in April.
            ("2021-04-13 10:41 new  york", "2021-04-13T14:41:00Z"),
            ("14:41 UTC", "2026-12-20T14:41:00Z"),
        ] {
            let at = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            // The zone named wins over the viewer's.
            assert_eq!(at.resolve(santiago, now), Ok(utc(want)), "{text}");
            assert_eq!(at.resolve(utc_zone, now), Ok(utc(want)), "{text}");
        }
        let err = parse("2021-04-13 14:41 Mars").unwrap_err();
        assert!(err.contains("unknown time zone `Mars`"), "{err}");
    }

    #[test]
    fn nonsense_is_refused_with_the_forms() {
        for text in [
            "yesterday",
            "2021-04-13",
            "2021-04-13T25:00Z",
            "2021-04-13T10:41+25:00",
            "25:00",
        ] {
            let err = parse(text).unwrap_err();
            assert!(err.contains("2021-04-13T14:41Z"), "{text}: {err}");
            assert!(err.contains("14:41 (today"), "{text}: {err}");
        }
    }
}
