//! The times of a schedule: the zone its wall times are in (named, or
//! guessed and said to be), the date of each day, and each event's true
//! start and length.

use chrono::{
    DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
};

use super::{shown, Day, Event, Schedule, ZoneGuess};
use crate::diagnostic::{Code, Finding};
use crate::source::InputFormat;
use crate::time::{self, Zone};

/// How to name a field of the format being read, in messages.
pub(super) fn field(format: InputFormat, name: &str) -> String {
    match format {
        InputFormat::ScheduleJson | InputFormat::Schedule2 => format!("\"{name}\""),
        InputFormat::FrabXml | InputFormat::Toml => format!("<{name}>"),
    }
}

/// The zone of the schedule: `time_zone_name`; else, guessed, the fixed
/// offset its first event with an offset carries, the zone of its city,
/// or UTC, with a warning that says which times that makes guesses and
/// how to set the real zone.
pub(super) fn zone(
    schedule: &Schedule,
    format: InputFormat,
    findings: &mut Vec<Finding>,
) -> (Zone, Option<ZoneGuess>) {
    let conference = &schedule.conference;
    let mut why = format!("the schedule has no {}", field(format, "time_zone_name"));
    let mut at = conference.span.clone();
    if let Some(name) = &conference.time_zone_name {
        match time::resolve(name.value.trim()) {
            Ok(zone) => return (zone, None),
            Err(_) => {
                why = format!("unknown time zone `{}`", shown(&name.value));
                at = name.span.clone();
            }
        }
    }
    let offsets = schedule.events.iter().filter_map(|e| {
        [&e.date, &e.end]
            .into_iter()
            .flatten()
            .find_map(|t| DateTime::parse_from_rfc3339(t.value.trim()).ok())
            .map(|t| t.offset().local_minus_utc())
    });
    // Wall times: a `date` without offset, or only a `start`.
    let walls = schedule
        .events
        .iter()
        .filter(|e| match &e.date {
            Some(d) => DateTime::parse_from_rfc3339(d.value.trim()).is_err(),
            None => e.start.is_some(),
        })
        .count();
    let guessed = match walls {
        0 => String::new(),
        1 => "the time of 1 event, which gives no UTC offset, is a guess".to_string(),
        n => format!("the times of {n} events, which give no UTC offset, are guesses"),
    };
    let city = conference
        .city
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    // An offset with seconds (Monrovia before 1972) is no zone name.
    let fixed = offsets.into_iter().next().and_then(|o| {
        let text = time::offset_text(o);
        Some((time::file_zone(&format!("UTC{text}"))?, text))
    });
    let (zone, guess, message, help) = if let Some((zone, offset)) = fixed {
        let message = format!(
            "{why}; its events carry the UTC offset {offset}, so the agenda is written at that fixed offset"
        );
        let mut help = "every time with an offset keeps its true instant".to_string();
        if !guessed.is_empty() {
            help.push_str(&format!("; {guessed}, read at that offset"));
        }
        help.push_str("; if the event's zone changes its clocks during the programme, set its IANA name as `timezone` in the imported agenda (e.g. timezone = \"Asia/Kolkata\")");
        (zone, ZoneGuess::Offset, message, help)
    } else if let Some(found) = city.and_then(|c| time::cities::resolve_city(c).ok()) {
        let name = found.zone.name();
        let message = format!(
            "{why} and its times no UTC offset: they are read as wall times in {name}, the zone of its city, {}",
            shown(&found.city.name)
        );
        let help = format!("{}; if the event was not held on {name} time, set the real zone as `timezone` in the imported agenda", capital(&guessed));
        (found.zone, ZoneGuess::City(found.city.name), message, help)
    } else {
        let message = format!("{why} and its times no UTC offset: they are read as UTC");
        let help = format!("{}; set the event's zone as `timezone` in the imported agenda (e.g. timezone = \"Europe/Berlin\")", capital(&guessed));
        (Zone::utc(), ZoneGuess::Utc, message, help)
    };
    findings.push(
        Finding::new(Code::NoZone, at, message)
            .label("no usable zone")
            .help(help),
    );
    (zone, Some(guess))
}

/// `text` with its first letter in upper case, or a plain "no time is a
/// guess" when it is empty.
fn capital(text: &str) -> String {
    match text {
        "" => "no time is a guess".to_string(),
        text => crate::text::capitalized(text),
    }
}

/// The date of a day, or `None` (reported) when it has none or it is not
/// a date. frab's schema makes `date` optional and `start` required, so a
/// day without a `date` takes the date of its start in the zone.
pub(super) fn day_date(
    day: &Day,
    zone: Zone,
    format: InputFormat,
    findings: &mut Vec<Finding>,
) -> Option<NaiveDate> {
    let from_start = || {
        let (start, _) = instant(day.start.as_deref()?, zone)?;
        Some(start.with_timezone(&zone).date_naive())
    };
    let Some(date) = &day.date else {
        if let Some(date) = from_start() {
            return Some(date);
        }
        findings.push(
            Finding::new(
                Code::MissingElement,
                day.span.clone(),
                format!(
                    "a {} has neither a `date` nor a usable start",
                    field(format, "day")
                ),
            )
            .label("day without a date")
            .help("its events that give only a time of day are left out"),
        );
        return None;
    };
    match NaiveDate::parse_from_str(date.value.trim(), "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            findings.push(
                Finding::new(
                    Code::BadDate,
                    date.span.clone(),
                    format!("unparseable date `{}` of a day", shown(&date.value)),
                )
                .label("not a date")
                .help("write it as YYYY-MM-DD; the day's events that give only a time of day are left out"),
            );
            None
        }
    }
}

/// Where an event is listed, for its start: the day, its date, and the
/// time of day from which a `start` belongs to the next date.
pub(super) struct Listed<'a> {
    /// The day.
    pub day: &'a Day,
    /// Its date, if it has a usable one.
    pub date: Option<NaiveDate>,
    /// The conference's `day_change`.
    pub day_change: Option<NaiveTime>,
}

/// An event's true start: its `date` (with its offset, or a wall time in
/// `zone`), else its `start` on its day's date, moved to the next date
/// when earlier than the conference's `day_change` (or, with none, than
/// the start of a day that runs past midnight).
pub(super) fn start(
    event: &Event,
    listed: Option<&Listed<'_>>,
    zone: Zone,
    name: &str,
    format: InputFormat,
) -> Result<DateTime<Utc>, Box<Finding>> {
    if let Some(d) = &event.date {
        return instant(&d.value, zone).map(|(t, _)| t).ok_or_else(|| {
            Box::new(
                Finding::new(
                    Code::BadDate,
                    d.span.clone(),
                    format!(
                        "unparseable date `{}` of {name}; it is left out",
                        shown(&d.value)
                    ),
                )
                .label("not a date and time")
                .help("write it as RFC 3339, e.g. 2021-04-13T14:00:00+02:00"),
            )
        });
    }
    let Some(s) = &event.start else {
        return Err(Box::new(
            Finding::new(
                Code::MissingElement,
                event.span.clone(),
                format!(
                    "{name} has no {} and no {}; it is left out",
                    field(format, "date"),
                    field(format, "start")
                ),
            )
            .label("event without a start"),
        ));
    };
    let bad = |why: &str| {
        Box::new(
            Finding::new(
                Code::BadTime,
                s.span.clone(),
                format!(
                    "unparseable start `{}` of {name}; it is left out",
                    shown(&s.value)
                ),
            )
            .label(why.to_string())
            .help("write it as HH:MM"),
        )
    };
    let time = clock(&s.value).ok_or_else(|| bad("not a time of day"))?;
    let Some((listed, date)) = listed.and_then(|l| Some((l, l.date?))) else {
        return Err(Box::new(
            Finding::new(
                Code::OutsideDay,
                event.span.clone(),
                format!("{name} gives only a time of day, on a day without a usable date; it is left out"),
            )
            .label("no date for this time")
            .help("give the day a `date`, or the event a full `date`"),
        ));
    };
    let next = match listed.day_change {
        Some(change) => time < change,
        None => runs_past_midnight(listed.day, zone).is_some_and(|day_start| time < day_start),
    };
    let date = if next { date + Duration::days(1) } else { date };
    resolve_on(zone, date.and_time(time)).ok_or_else(|| bad("a time the clocks skip in the zone"))
}

/// The time of day a day starts at, when its `start` and `end` say that
/// it runs past midnight.
fn runs_past_midnight(day: &Day, zone: Zone) -> Option<NaiveTime> {
    let (start, _) = instant(day.start.as_deref()?, zone)?;
    let (end, _) = instant(day.end.as_deref()?, zone)?;
    let (start, end) = (start.with_timezone(&zone), end.with_timezone(&zone));
    (end.date_naive() > start.date_naive()).then(|| start.time())
}

/// An event's length in seconds: its `duration`, else from its start to
/// its `end`.
pub(super) fn length(
    event: &Event,
    start: DateTime<Utc>,
    zone: Zone,
    name: &str,
    format: InputFormat,
) -> Result<i64, Box<Finding>> {
    if let Some(d) = &event.duration {
        return duration(&d.value).ok_or_else(|| {
            Box::new(
                Finding::new(
                    Code::BadLength,
                    d.span.clone(),
                    format!(
                        "unparseable duration `{}` of {name}; it is left out",
                        shown(&d.value)
                    ),
                )
                .label("not a duration")
                .help("write it as HH:MM, e.g. 00:45"),
            )
        });
    }
    let Some(e) = &event.end else {
        return Err(Box::new(
            Finding::new(
                Code::MissingElement,
                event.span.clone(),
                format!(
                    "{name} has no {}; it is left out",
                    field(format, "duration")
                ),
            )
            .label(format!("event without {}", field(format, "duration"))),
        ));
    };
    match instant(&e.value, zone) {
        Some((end, _)) => Ok((end - start).num_seconds()),
        None => Err(Box::new(
            Finding::new(
                Code::BadTime,
                e.span.clone(),
                format!(
                    "unparseable end `{}` of {name}; it is left out",
                    shown(&e.value)
                ),
            )
            .label("not a date and time"),
        )),
    }
}

/// An RFC 3339 date-time, and whether it gives its offset; one without an
/// offset is a wall time in `zone`.
pub(super) fn instant(text: &str, zone: Zone) -> Option<(DateTime<Utc>, bool)> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some((t.with_timezone(&Utc), true));
    }
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .and_then(|local| resolve_on(zone, local))
        .map(|t| (t, false))
}

/// A local time in `zone`; the first of two when the clocks repeat it.
fn resolve_on(zone: Zone, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

/// `HH:MM` or `HH:MM:SS`.
pub(super) fn clock(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .ok()
        .map(|t| t.with_nanosecond(0).unwrap_or(t))
}

/// frab's `H:MM`, `HH:MM` or `HH:MM:SS`, or ISO 8601's `PT1H30M`
/// (schedule2), in seconds. `None` when it is not one.
pub(super) fn duration(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Some(iso) = text.strip_prefix('P') {
        return iso_duration(iso);
    }
    let parts: Vec<&str> = text.split(':').collect();
    let number = |p: &str| -> Option<i64> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())?
    };
    let (h, m, s) = match parts.as_slice() {
        [h, m] => (number(h)?, number(m)?, 0),
        [h, m, s] => (number(h)?, number(m)?, number(s).filter(|s| *s < 60)?),
        _ => return None,
    };
    (m < 60 && parts[1].len() == 2).then_some(h * 3600 + m * 60 + s)
}

/// An ISO 8601 duration after its `P`: `1DT2H`, `T45M`, `T30S`.
fn iso_duration(text: &str) -> Option<i64> {
    let (days, time) = match text.split_once('T') {
        Some((days, time)) if !time.is_empty() => (days, time),
        Some(_) => return None,
        None => (text, ""),
    };
    let mut total = 0i64;
    let mut read = |part: &str, units: &[(char, i64)]| -> Option<()> {
        let mut number = String::new();
        let mut next = units.iter();
        for c in part.chars() {
            if c.is_ascii_digit() {
                number.push(c);
            } else {
                let &(_, seconds) = next.by_ref().find(|(u, _)| *u == c)?;
                let n: i64 = number.parse().ok()?;
                total = total.checked_add(n.checked_mul(seconds)?)?;
                number.clear();
            }
        }
        number.is_empty().then_some(())
    };
    read(days, &[('D', 86_400)])?;
    read(time, &[('H', 3600), ('M', 60), ('S', 1)])?;
    (!days.is_empty() || !time.is_empty()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_seconds() {
        assert_eq!(duration("00:45"), Some(2700));
        assert_eq!(duration("1:30"), Some(5400));
        assert_eq!(duration("01:30:00"), Some(5400));
        assert_eq!(duration("00:30:30"), Some(1830));
        assert_eq!(duration("100:00"), Some(360_000));
        assert_eq!(duration("PT45M"), Some(2700));
        assert_eq!(duration("PT1H30M"), Some(5400));
        assert_eq!(duration("P1DT2H"), Some(93_600));
        assert_eq!(duration("PT30S"), Some(30));
        for bad in [
            "00:60", "0:5", "45", "", "PT", "P", "PTM", "PT1M1H", "00:10:60",
        ] {
            assert_eq!(duration(bad), None, "{bad}");
        }
    }
}
