//! The instant of `--at`: `now`, an RFC 3339 instant with or without
//! seconds (`2021-04-13T14:41Z`, the form of the HTML page's `#now=`), or a
//! wall time in the viewer's zone (`2021-04-13 10:41`).

use crate::time::Zone;
use chrono::{DateTime, FixedOffset, LocalResult, NaiveDateTime, TimeZone, Utc};

/// What `--at` was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum At {
    /// `now`: the clock.
    Now,
    /// An instant, written with `Z` or an offset.
    Instant(DateTime<Utc>),
    /// A wall time without offset, read in the viewer's zone.
    Wall(NaiveDateTime),
}

/// The forms of a date and time that `--at` reads, with or without
/// seconds, with `T` or a space between them.
const FORMATS: [&str; 4] = [
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
];

const EXPECTED: &str = "write 2021-04-13T14:41Z (UTC), 2021-04-13T10:41-04:00 \
                        (with an offset), \"2021-04-13 10:41\" (your zone) or now";

/// Reads an `--at` value; the error says which forms are accepted.
pub(crate) fn parse(text: &str) -> Result<At, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("now") {
        return Ok(At::Now);
    }
    // RFC 3339 allows `t` and `z` in lower case.
    let upper = text.to_ascii_uppercase();
    let (body, offset) = split_offset(&upper)?;
    let wall = FORMATS
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(body, format).ok())
        .ok_or_else(|| format!("`{text}` is not a date and time; {EXPECTED}"))?;
    match offset {
        None => Ok(At::Wall(wall)),
        Some(offset) => match offset.from_local_datetime(&wall) {
            LocalResult::Single(t) => Ok(At::Instant(t.with_timezone(&Utc))),
            _ => Err(format!("`{text}` is out of range")),
        },
    }
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
    /// time read in `zone`. A wall time that `zone` skips or repeats (at a
    /// daylight-saving change) is an error that gives the instants and
    /// asks for an offset.
    pub(crate) fn resolve(self, zone: Zone, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
        match self {
            At::Now => Ok(now),
            At::Instant(t) => Ok(t),
            At::Wall(wall) => match zone.from_local_datetime(&wall) {
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
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::testing::utc;

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
        assert!(matches!(at, At::Wall(_)));
        // Santiago is UTC-4 after 4 April 2021.
        assert_eq!(
            at.resolve(Zone::get("America/Santiago").unwrap(), Utc::now()),
            Ok(utc("2021-04-13T14:41:00Z"))
        );
        // Santiago's clocks went from 24:00 to 01:00 on 5 September 2021,
        // and from 24:00 back to 23:00 on 3 April 2021.
        let skipped = parse("2021-09-05T00:30").unwrap();
        assert!(skipped
            .resolve(Zone::get("America/Santiago").unwrap(), Utc::now())
            .unwrap_err()
            .contains("does not exist"));
        let twice = parse("2021-04-03 23:30").unwrap();
        assert_eq!(
            twice.resolve(Zone::get("America/Santiago").unwrap(), Utc::now()),
            Err("2021-04-03 23:30 happens twice in America/Santiago: at \
                 2021-04-03T23:30-03:00 and at 2021-04-03T23:30-04:00; write the offset you mean"
                .into())
        );
    }

    #[test]
    fn nonsense_is_refused_with_the_forms() {
        for text in [
            "yesterday",
            "2021-04-13",
            "2021-04-13T25:00Z",
            "2021-04-13T10:41+25:00",
        ] {
            let err = parse(text).unwrap_err();
            assert!(err.contains("2021-04-13T14:41Z"), "{text}: {err}");
        }
    }
}
