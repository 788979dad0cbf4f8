//! Every zone operation of the program, in one place: the tz database
//! chosen at run time ([`db`]), the [`Zone`] type that chrono's
//! `DateTime<Zone>` uses ([`zone`]), wall-clock time to UTC with gaps and
//! folds as data ([`local`]), zone names as people write them ([`names`]),
//! the run's clock ([`clock`]), the walk of an interval along a zone's
//! clock ([`walk`]), and how an instant or a range is written in a zone
//! (below). No other module names the tz backend.

pub(crate) mod cities;
pub(crate) mod clock;
pub(crate) mod db;
pub(crate) mod local;
pub(crate) mod names;
#[cfg(test)]
pub(crate) mod testing;
pub(crate) mod walk;
pub(crate) mod zone;

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Timelike, Utc};

pub(crate) use db::Database;
pub(crate) use local::{wall, Wall};
pub(crate) use names::{offset_at, resolve, search, suggest, viewer_zone, ZoneError, ZoneSource};
pub(crate) use zone::Zone;

/// `-04:00` for an offset in seconds east of UTC; `-00:44:30` when it has
/// seconds (Monrovia until 1972), so that no offset is ever rounded.
pub(crate) fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let mut text = format!("{sign}{:02}:{:02}", s / 3600, s / 60 % 60);
    if s % 60 != 0 {
        let _ = write!(text, ":{:02}", s % 60);
    }
    text
}

/// The short form used beside a time: `-03`, `+05:45`.
pub(crate) fn short_offset(seconds: i32) -> String {
    let text = offset_text(seconds);
    match text.strip_suffix(":00") {
        Some(hours) if hours.len() == 3 => hours.to_string(),
        _ => text,
    }
}

/// The offsets `zone` is at from `from` to `to`, in order, each once per
/// stretch: `[-10800, -14400]` across Chile's April change.
pub(crate) fn offsets_between(zone: Zone, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<i32> {
    let mut offsets = vec![zone.offset_at(from).seconds()];
    let mut at = from;
    // Bounded: one step per transition, and a zone has a few a year.
    while let Some(next) = zone.next_transition(at).filter(|t| *t <= to) {
        let offset = zone.offset_at(next).seconds();
        if offsets.last() != Some(&offset) {
            offsets.push(offset);
        }
        at = next;
    }
    offsets
}

/// `UTC-03:00, then UTC-04:00`: the offsets of `zone` over a stretch.
pub(crate) fn offsets_text(zone: Zone, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    offsets_between(zone, from, to)
        .into_iter()
        .map(|o| format!("UTC{}", offset_text(o)))
        .collect::<Vec<_>>()
        .join(", then ")
}

/// `14:30` in `zone`.
pub(crate) fn hm(zone: Zone, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&zone);
    format!("{:02}:{:02}", local.hour(), local.minute())
}

/// Two times for one message, `(02:50 -03, 02:30 -04)` when the zone's
/// offset differs between them, else plain `(14:30, 15:15)`: a reader
/// must never take a time across a clock change for the same clock.
pub(crate) fn hm_pair(zone: Zone, a: DateTime<Utc>, b: DateTime<Utc>) -> (String, String) {
    let (oa, ob) = (zone.offset_at(a).seconds(), zone.offset_at(b).seconds());
    if oa == ob {
        (hm(zone, a), hm(zone, b))
    } else {
        (
            format!("{} {}", hm(zone, a), short_offset(oa)),
            format!("{} {}", hm(zone, b), short_offset(ob)),
        )
    }
}

/// A range in `zone` as every view writes it: `23:30–00:15 +1d`, prefixed
/// with the local date where it is not `date` (the day being shown), so
/// that no time is ever read on a wrong day; across a clock change both
/// offsets are given: `23:30 -03 – 23:30 -04`.
pub(crate) fn range(
    zone: Zone,
    date: NaiveDate,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> String {
    let (start, end) = (start.with_timezone(&zone), end.with_timezone(&zone));
    let mut text = String::new();
    if start.date_naive() != date {
        text.push_str(&start.format("%a %-d %b ").to_string());
    }
    let (from, to) = (start.offset().seconds(), end.offset().seconds());
    // Hours and minutes written directly: chrono's `format` parses its
    // pattern at every call, and `show` writes two of these per row.
    let _ = write!(text, "{:02}:{:02}", start.hour(), start.minute());
    if from == to {
        text.push('–');
    } else {
        let _ = write!(text, " {} – ", short_offset(from));
    }
    let _ = write!(text, "{:02}:{:02}", end.hour(), end.minute());
    if from != to {
        let _ = write!(text, " {}", short_offset(to));
    }
    let days = (end.date_naive() - start.date_naive()).num_days();
    if days > 0 {
        let _ = write!(text, " +{days}d");
    }
    text
}

/// `03:45–04:30 Wed 14 Apr`, or `23:30 Tue 13 Apr–00:15 Wed 14 Apr` when
/// the two ends fall on different local days. When the clocks change in
/// between, each end carries its offset as every view writes it
/// (`23:10 -03 – 23:00 -04 Sat 3 Apr`), so that it is not misread.
pub(crate) fn local_range(zone: Zone, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let (s, e) = (start.with_timezone(&zone), end.with_timezone(&zone));
    let (mut from, mut to) = (hm(zone, start), hm(zone, end));
    let (s_off, e_off) = (
        zone.offset_at(start).seconds(),
        zone.offset_at(end).seconds(),
    );
    let dash = if s_off == e_off {
        "–"
    } else {
        from = format!("{from} {}", short_offset(s_off));
        to = format!("{to} {}", short_offset(e_off));
        " – "
    };
    if s.date_naive() == e.date_naive() {
        format!("{from}{dash}{to} {}", s.format("%a %-d %b"))
    } else {
        format!(
            "{from} {}{dash}{to} {}",
            s.format("%a %-d %b"),
            e.format("%a %-d %b")
        )
    }
}

/// `at` as an RFC 3339 date-time in `zone`: `2021-04-13T10:30:00-04:00`.
/// An offset with seconds keeps them, so the wall time stays exact.
pub(crate) fn rfc3339(zone: Zone, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&zone);
    format!(
        "{}{}",
        local.naive_local().format("%Y-%m-%dT%H:%M:%S"),
        offset_text(local.offset().seconds())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::testing::{utc, zone};

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn offsets_print_with_sign_minutes_and_seconds() {
        assert_eq!(offset_text(-4 * 3600), "-04:00");
        assert_eq!(offset_text(5 * 3600 + 45 * 60), "+05:45");
        assert_eq!(offset_text(0), "+00:00");
        assert_eq!(offset_text(-(44 * 60 + 30)), "-00:44:30");
        assert_eq!(short_offset(-3 * 3600), "-03");
        assert_eq!(short_offset(5 * 3600 + 45 * 60), "+05:45");
    }

    #[test]
    fn ranges_name_a_different_date() {
        let tokyo = zone("Asia/Tokyo");
        let day = date("2021-04-13");
        // 14:30–15:15 UTC is 23:30–00:15 in Tokyo (UTC+9), over midnight.
        assert_eq!(
            range(
                tokyo,
                day,
                utc("2021-04-13T14:30:00Z"),
                utc("2021-04-13T15:15:00Z")
            ),
            "23:30–00:15 +1d"
        );
        assert_eq!(
            range(
                tokyo,
                day,
                utc("2021-04-13T15:15:00Z"),
                utc("2021-04-13T15:20:00Z")
            ),
            "Wed 14 Apr 00:15–00:20"
        );
    }

    // Chile left DST at 2021-04-04 03:00 UTC: 00:00 -03 became 23:00 -04.
    // A block from 02:30 to 03:30 UTC reads 23:30 -03 to 23:30 -04.
    #[test]
    fn ranges_across_a_clock_change_give_both_offsets() {
        let santiago = zone("America/Santiago");
        assert_eq!(
            range(
                santiago,
                date("2021-04-04"),
                utc("2021-04-04T02:30:00Z"),
                utc("2021-04-04T03:30:00Z")
            ),
            "Sat 3 Apr 23:30 -03 – 23:30 -04"
        );
        assert_eq!(
            offsets_text(
                santiago,
                utc("2021-04-04T02:30:00Z"),
                utc("2021-04-04T03:30:00Z")
            ),
            "UTC-03:00, then UTC-04:00"
        );
        assert_eq!(
            hm_pair(
                santiago,
                utc("2021-04-04T02:50:00Z"),
                utc("2021-04-04T03:30:00Z")
            ),
            ("23:50 -03".to_string(), "23:30 -04".to_string())
        );
        assert_eq!(
            offsets_text(
                zone("UTC"),
                utc("2021-04-04T02:30:00Z"),
                utc("2021-04-04T03:30:00Z")
            ),
            "UTC+00:00"
        );
    }

    #[test]
    fn rfc3339_keeps_offset_seconds() {
        // Monrovia was at -0:44:30 until 1972-01-07.
        assert_eq!(
            rfc3339(zone("Africa/Monrovia"), utc("1960-01-01T10:44:30Z")),
            "1960-01-01T10:00:00-00:44:30"
        );
        assert_eq!(
            rfc3339(zone("Asia/Tokyo"), utc("2021-04-13T14:30:00Z")),
            "2021-04-13T23:30:00+09:00"
        );
    }
}
