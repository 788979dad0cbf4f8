//! Every zone operation of the program, in one place: the tz database
//! chosen at run time ([`db`]) and its files read safely ([`tzif`]), the
//! [`Zone`] type that chrono's `DateTime<Zone>` uses ([`zone`]),
//! wall-clock time to UTC with gaps and folds as data ([`local`]), zone
//! names as people write them ([`names`], with [`offset`],
//! [`abbreviations`] and [`cities`]), the viewer's zone and `TZ`
//! ([`viewer`]), the run's clock ([`clock`]), the walk of an interval
//! along a zone's clock ([`walk`]), and how an instant or a range is
//! written in a zone (below). No other module names the tz backend.

pub(crate) mod abbreviations;
pub(crate) mod cities;
pub(crate) mod clock;
pub(crate) mod db;
pub(crate) mod local;
pub(crate) mod names;
pub(crate) mod offset;
#[cfg(test)]
pub(crate) mod testing;
pub(crate) mod tzif;
pub(crate) mod viewer;
pub(crate) mod walk;
pub(crate) mod zone;

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Timelike, Utc};

pub(crate) use db::Database;
pub(crate) use local::{wall, Wall};
pub(crate) use names::{file_zone, offset_at, resolve, search, suggest, ZoneError, ZoneSource};
pub(crate) use viewer::viewer_zone;
pub(crate) use zone::Zone;

/// The cities shell completion offers after `--tz`: at least this many
/// people (about 560 names, a few kilobytes in each completion script).
const COMPLETED_CITIES: u64 = 1_000_000;

/// What shell completion offers after `--tz`: every zone name of the tz
/// database, then the cities of a million people or more that `--tz`
/// takes without asking, each as one word (`sao_paulo`, `tokyo`). Made
/// once: every command that takes `--tz` offers them.
pub(crate) fn completions() -> &'static [String] {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let at = clock::now().unwrap_or_default();
        search("")
            .into_iter()
            .map(str::to_string)
            .chain(cities::populous(COMPLETED_CITIES, at))
            .collect()
    })
}

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

/// `14:30` in `zone`, bare: for fields whose format is fixed (frab's
/// `<start>`, JSON). A reader's text uses [`hm_marked`].
pub(crate) fn hm(zone: Zone, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&zone);
    format!("{:02}:{:02}", local.hour(), local.minute())
}

/// Whether the time `at` happens twice on its zone's clock (the clocks
/// went back over it), so that it means nothing without its offset:
/// 02:30 on 25 October 2026 in Berlin is 00:30 UTC and 01:30 UTC.
fn in_fold(at: &DateTime<Zone>) -> bool {
    let zone = at.timezone();
    !zone.is_fixed()
        && matches!(
            zone.ambiguous(at.naive_local()),
            Some(jiff::tz::AmbiguousOffset::Fold { .. })
        )
}

/// Whether two times of one message (or the ends of a range) need their
/// offsets: when the zone's offset differs between them, or either
/// happens twice. A reader must never take a time across a clock change
/// for the same clock, nor guess which of two 02:30s is meant.
fn need_offsets(a: &DateTime<Zone>, b: &DateTime<Zone>) -> bool {
    a.offset().seconds() != b.offset().seconds() || in_fold(a) || in_fold(b)
}

/// [`need_offsets`] of two instants in `zone`.
pub(crate) fn needs_offsets(zone: Zone, a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    need_offsets(&a.with_timezone(&zone), &b.with_timezone(&zone))
}

/// `14:30` in `zone` for a reader, with the offset when the time happens
/// twice there: `02:30 +01`.
pub(crate) fn hm_marked(zone: Zone, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&zone);
    let text = format!("{:02}:{:02}", local.hour(), local.minute());
    if in_fold(&local) {
        format!("{text} {}", short_offset(local.offset().seconds()))
    } else {
        text
    }
}

/// Two times for one message, `(02:50 -03, 02:30 -04)` when the zone's
/// offset differs between them or either lies in a fold (see
/// [`needs_offsets`]), else plain `(14:30, 15:15)`.
pub(crate) fn hm_pair(zone: Zone, a: DateTime<Utc>, b: DateTime<Utc>) -> (String, String) {
    let (a, b) = (a.with_timezone(&zone), b.with_timezone(&zone));
    let hm = |t: &DateTime<Zone>| format!("{:02}:{:02}", t.hour(), t.minute());
    if need_offsets(&a, &b) {
        let marked =
            |t: &DateTime<Zone>| format!("{} {}", hm(t), short_offset(t.offset().seconds()));
        (marked(&a), marked(&b))
    } else {
        (hm(&a), hm(&b))
    }
}

/// Two times of one day as a stretch in a message: `10:00–10:20`, or
/// `02:30 +01 – 03:00 +01` when they need their offsets ([`hm_pair`]).
pub(crate) fn span(zone: Zone, a: DateTime<Utc>, b: DateTime<Utc>) -> String {
    let (from, to) = hm_pair(zone, a, b);
    if needs_offsets(zone, a, b) {
        format!("{from} – {to}")
    } else {
        format!("{from}–{to}")
    }
}

/// A range in `zone` as every view writes it: `23:30–00:15 +1d`, prefixed
/// with the local date where it is not `date` (the day being shown), so
/// that no time is ever read on a wrong day; across a clock change, or
/// when either end happens twice (a fold), both offsets are given:
/// `23:30 -03 – 23:30 -04`, `02:30 +01 – 03:00 +01`.
pub(crate) fn range(
    zone: Zone,
    date: NaiveDate,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> String {
    let (start, end) = (start.with_timezone(&zone), end.with_timezone(&zone));
    let marked = need_offsets(&start, &end);
    let mut text = String::new();
    if start.date_naive() != date {
        text.push_str(&start.format("%a %-d %b ").to_string());
    }
    let (from, to) = (start.offset().seconds(), end.offset().seconds());
    // Hours and minutes written directly: chrono's `format` parses its
    // pattern at every call, and `show` writes two of these per row.
    let _ = write!(text, "{:02}:{:02}", start.hour(), start.minute());
    if marked {
        let _ = write!(text, " {} – ", short_offset(from));
    } else {
        text.push('–');
    }
    let _ = write!(text, "{:02}:{:02}", end.hour(), end.minute());
    if marked {
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
/// between, or either end happens twice (a fold), each end carries its
/// offset as every view writes it (`23:10 -03 – 23:00 -04 Sat 3 Apr`), so
/// that it is not misread.
pub(crate) fn local_range(zone: Zone, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let (s, e) = (start.with_timezone(&zone), end.with_timezone(&zone));
    let (from, to) = hm_pair(zone, start, end);
    // Spaced when the ends carry offsets, as `range` writes them.
    let dash = if needs_offsets(zone, start, end) {
        " – "
    } else {
        "–"
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

/// `at` in RFC 3339 on the clock of `zone`, with its offset
/// (`2021-04-13T10:00:00-04:00`); in UTC (`…Z`) when the offset has
/// seconds (Monrovia until 1972), which RFC 3339 and frab's schema cannot
/// write.
pub(crate) fn rfc3339(zone: Zone, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&zone);
    let offset = local.offset().seconds();
    if offset % 60 != 0 {
        return format!("{}Z", at.naive_utc().format("%Y-%m-%dT%H:%M:%S"));
    }
    format!(
        "{}{}",
        local.naive_local().format("%Y-%m-%dT%H:%M:%S"),
        offset_text(offset)
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
    fn rfc3339_in_utc_when_the_offset_has_seconds() {
        // Monrovia was at -0:44:30 until 1972-01-07: 10:00 there was
        // 10:44:30 UTC, and RFC 3339 offsets have no seconds.
        assert_eq!(
            rfc3339(zone("Africa/Monrovia"), utc("1960-01-01T10:44:30Z")),
            "1960-01-01T10:44:30Z"
        );
        // From 1972 it is UTC±0, written as an offset.
        assert_eq!(
            rfc3339(zone("Africa/Monrovia"), utc("1980-01-01T10:00:00Z")),
            "1980-01-01T10:00:00+00:00"
        );
        assert_eq!(
            rfc3339(zone("Asia/Tokyo"), utc("2021-04-13T14:30:00Z")),
            "2021-04-13T23:30:00+09:00"
        );
    }

    // Berlin left CEST (+02) for CET (+01) at 01:00 UTC on 25 October 2026
    // (03:00 CEST became 02:00 CET), so 02:00-02:59 happened twice: from
    // 00:00 UTC at +02, from 01:00 UTC at +01. 03:00 happened once.
    #[test]
    fn every_time_in_a_fold_carries_its_offset() {
        let berlin = zone("Europe/Berlin");
        let day = date("2026-10-25");
        let r = |a: &str, b: &str| range(berlin, day, utc(a), utc(b));
        assert_eq!(
            r("2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z"),
            "02:00 +02 – 02:30 +02"
        );
        assert_eq!(
            r("2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z"),
            "02:30 +02 – 02:00 +01"
        );
        assert_eq!(
            r("2026-10-25T01:30:00Z", "2026-10-25T02:00:00Z"),
            "02:30 +01 – 03:00 +01"
        );
        assert_eq!(
            r("2026-10-25T02:00:00Z", "2026-10-25T02:30:00Z"),
            "03:00–03:30"
        );
        // 01:00-02:00 local happened once, at +02.
        assert_eq!(
            r("2026-10-24T23:00:00Z", "2026-10-24T23:30:00Z"),
            "01:00–01:30"
        );
        assert_eq!(
            hm_pair(
                berlin,
                utc("2026-10-25T01:00:00Z"),
                utc("2026-10-25T01:30:00Z")
            ),
            ("02:00 +01".to_string(), "02:30 +01".to_string())
        );
        assert_eq!(hm_marked(berlin, utc("2026-10-25T01:30:00Z")), "02:30 +01");
        assert_eq!(hm_marked(berlin, utc("2026-10-25T00:30:00Z")), "02:30 +02");
        assert_eq!(hm_marked(berlin, utc("2026-10-25T02:00:00Z")), "03:00");
        assert_eq!(hm(berlin, utc("2026-10-25T01:30:00Z")), "02:30");
    }
}
