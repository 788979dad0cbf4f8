//! A frab/c3voc schedule as both of its formats carry it, and its
//! conversion into agenda declarations.
//!
//! The readers ([`super::frab_xml`], [`super::schedule_json`]) only take
//! the text apart; every value is checked and interpreted here, once, so
//! the XML and the JSON of one programme give the same agenda.
//!
//! How a schedule becomes an agenda:
//! - Every event keeps its true instant: its `date` with its UTC offset,
//!   else the day's date and its `start` in the conference zone.
//! - Agenda starts are wall times on their day's date. An event listed
//!   under a conference day but starting after midnight is therefore put
//!   in the `[[day]]` of its calendar date (made for it when the programme
//!   has none), with a note naming the day it is listed under.
//! - A room is kept as `room` when one of its events runs at the same time
//!   as an event in another room; a room that never runs in parallel holds
//!   plenary blocks, which have no `room` (its name becomes the event's
//!   `location`, or the block's when several such rooms exist).
//! - Free-text types map to kinds through [`KINDS`], the one table.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{
    DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
    Timelike, Utc,
};

use super::InputFormat;
use crate::decl::{
    AgendaFile, BlockDecl, DayDecl, EventDecl, ItemDecl, Length, Located, RulesDecl, WallTime,
    MAX_MINUTES,
};
use crate::diagnostic::{Code, Finding, Span};
use crate::kind::Kind;
use crate::time::{self, Zone};

/// A schedule as read, values still text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Schedule {
    /// `<version>`: changes whenever the programme does.
    pub version: Option<String>,
    /// The software that wrote it (`pretalx 2.3`), if it says.
    pub generator: Option<Generator>,
    /// Where the schedule itself is published.
    pub url: Option<String>,
    /// `<conference>`.
    pub conference: Conference,
    /// Every `<day>`.
    pub days: Vec<Day>,
}

/// The software that wrote a schedule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Generator {
    /// Its name.
    pub name: String,
    /// Its version, if given.
    pub version: Option<String>,
}

/// `<conference>`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Conference {
    /// Where it is written.
    pub span: Span,
    /// `title`.
    pub title: Option<Located<String>>,
    /// `acronym`.
    pub acronym: Option<String>,
    /// `url` or `base_url`.
    pub url: Option<String>,
    /// `time_zone_name`.
    pub time_zone_name: Option<Located<String>>,
}

/// One `<day>`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Day {
    /// Where it is written.
    pub span: Span,
    /// `index`.
    pub index: Option<String>,
    /// `date`.
    pub date: Option<Located<String>>,
    /// `start` (`day_start` in JSON): when the day begins, with offset.
    pub start: Option<String>,
    /// Its rooms, in order.
    pub rooms: Vec<Room>,
}

/// One `<room>` of a day.
#[derive(Debug, Clone, Default)]
pub(crate) struct Room {
    /// Its name.
    pub name: String,
    /// Its events, in order.
    pub events: Vec<Event>,
}

/// One `<event>`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Event {
    /// Where it is written.
    pub span: Span,
    /// Where it stands in a JSON document (`…days[0].rooms["Saal 1"][2]`),
    /// for messages whose span cannot be exact.
    pub path: Option<String>,
    /// `guid`.
    pub guid: Option<Located<String>>,
    /// `date`: the start, with its UTC offset.
    pub date: Option<Located<String>>,
    /// `start`: `HH:MM` on the day's date.
    pub start: Option<Located<String>>,
    /// `duration`: `HH:MM` or `HH:MM:SS`.
    pub duration: Option<Located<String>>,
    /// `end` (JSON only): the end, with its UTC offset.
    pub end: Option<Located<String>>,
    /// `title`.
    pub title: Option<Located<String>>,
    /// `type`.
    pub kind: Option<String>,
    /// `track`.
    pub track: Option<String>,
    /// `abstract`.
    pub abstract_text: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// The names of its `persons`.
    pub persons: Vec<String>,
    /// Its `links`.
    pub links: Vec<Link>,
    /// `url`.
    pub url: Option<String>,
}

/// One link of an event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Link {
    /// Where it points.
    pub href: String,
    /// What it is called.
    pub title: String,
}

/// A schedule turned into declarations, with what the import learned on
/// the way, for the header and notes of `agenda import`.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The agenda.
    pub(crate) file: AgendaFile,
    /// The programme's title.
    pub(crate) title: String,
    /// `<version>`.
    pub(crate) version: Option<String>,
    /// Who wrote the schedule.
    pub(crate) generator: Option<Generator>,
    /// Where the schedule file itself is published, if it says.
    pub(crate) source_url: Option<String>,
    /// The zone the agenda is written in, and whether it was guessed.
    pub(crate) zone_guessed: bool,
    /// How each type found was mapped, by kind and then type.
    pub(crate) kinds: Vec<KindUse>,
    /// A note per block `id` (guid), such as the day an event after
    /// midnight is listed under.
    pub(crate) notes: HashMap<String, String>,
    /// The events that had to be left out, named.
    pub(crate) skipped: Vec<String>,
}

/// How one free-text type was mapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KindUse {
    /// The type (or track) as written.
    pub label: String,
    /// The kind it became.
    pub kind: Kind,
    /// Whether [`KINDS`] knows it; otherwise it became a session.
    pub mapped: bool,
    /// How many events had it.
    pub count: usize,
}

/// Free-text types and tracks to kinds: the one table. A type matches when
/// it is one of these words, or failing that when one of its words is
/// (`Panel discussion`, `Coffee break`), ignoring case and a plural `s`.
/// Anything else is a session.
pub(crate) const KINDS: &[(&str, Kind)] = &[
    ("lecture", Kind::Talk),
    ("talk", Kind::Talk),
    ("workshop", Kind::Tutorial),
    ("tutorial", Kind::Tutorial),
    ("podium", Kind::Discussion),
    ("panel", Kind::Discussion),
    ("discussion", Kind::Discussion),
    ("break", Kind::Break),
    ("pause", Kind::Break),
    ("session", Kind::Session),
];

/// The kind of a free-text type, if [`KINDS`] knows it.
pub(crate) fn map_kind(label: &str) -> Option<Kind> {
    let lookup = |word: &str| {
        let word = word.to_lowercase();
        let singular = word.strip_suffix('s').unwrap_or(&word);
        KINDS
            .iter()
            .find(|(name, _)| *name == word || *name == singular)
            .map(|(_, kind)| *kind)
    };
    lookup(label.trim()).or_else(|| {
        label
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .find_map(lookup)
    })
}

/// An event that survived its checks, with its true times.
struct Kept {
    event: Event,
    day: usize,
    room: String,
    start: DateTime<Utc>,
    minutes: i64,
    kind: Kind,
}

/// How to name a field of the format being read, in messages.
fn field(format: InputFormat, name: &str) -> String {
    match format {
        InputFormat::ScheduleJson => format!("\"{name}\""),
        _ => format!("<{name}>"),
    }
}

/// Turns a schedule into declarations. Events with problems are reported
/// and left out; `None` when not one event could be read.
pub(crate) fn convert(
    schedule: Schedule,
    format: InputFormat,
    findings: &mut Vec<Finding>,
) -> Option<Imported> {
    let (owned_zone, zone_guessed) = zone_of(&schedule, format, findings)?;
    let zone = &owned_zone;
    let from_agenda = schedule
        .generator
        .as_ref()
        .is_some_and(|g| g.name == "agenda");
    let dates: Vec<Option<NaiveDate>> = schedule
        .days
        .iter()
        .map(|day| day_date(day, zone, format, findings))
        .collect();
    let any_event = schedule
        .days
        .iter()
        .any(|d| d.rooms.iter().any(|r| !r.events.is_empty()));

    let mut kept = Vec::new();
    let mut skipped = Vec::new();
    let mut guids: HashMap<String, Span> = HashMap::new();
    for (d, day) in schedule.days.iter().enumerate() {
        for room in &day.rooms {
            for event in &room.events {
                match keep(event, day, dates[d], zone, format, &mut guids) {
                    Ok((start, minutes)) => kept.push(Kept {
                        event: event.clone(),
                        day: d,
                        room: room.name.clone(),
                        start,
                        minutes,
                        kind: Kind::Session,
                    }),
                    Err(finding) => {
                        skipped.push(event_name(event));
                        findings.push(*finding);
                    }
                }
            }
        }
    }
    if kept.is_empty() && (any_event || schedule.days.is_empty()) {
        if schedule.days.is_empty() {
            findings.push(
                Finding::new(
                    Code::MissingElement,
                    schedule.conference.span.clone(),
                    format!("the schedule has no {}", field(format, "day")),
                )
                .label("no day follows"),
            );
        }
        return None;
    }

    let kinds = assign_kinds(&mut kept);
    let parallel = parallel_rooms(&kept);
    let location = main_plenary_room(&kept, &parallel);
    let item_minutes = 10;

    let mut days: BTreeMap<NaiveDate, DayDecl> = BTreeMap::new();
    for (d, day) in schedule.days.iter().enumerate() {
        let Some(date) = dates[d] else { continue };
        let name = day_name(day, d);
        days.entry(date).or_insert_with(|| DayDecl {
            span: day.span.clone(),
            date: Located {
                value: date,
                span: day
                    .date
                    .as_ref()
                    .map_or(day.span.clone(), |l| l.span.clone()),
            },
            name: Some(Located::new(name, day.span.clone())),
            end: None,
            blocks: Vec::new(),
        });
    }
    let mut notes = HashMap::new();
    // Sorted by time, then room and title and guid: the order of rooms in
    // the source (a JSON object has none) never shows in the agenda.
    let mut order: Vec<(NaiveDate, DateTime<Utc>, String, BlockDecl)> = Vec::new();
    for k in kept {
        let local = k.start.with_timezone(zone);
        let date = local.date_naive();
        let guid = k.event.guid.clone().map(|g| g.value).unwrap_or_default();
        if Some(date) != dates[k.day] {
            let listed = &schedule.days[k.day];
            let listed_name = day_name(listed, k.day);
            notes.insert(
                guid.clone(),
                format!(
                    "listed under {listed_name} ({}) in the source; it starts after midnight",
                    dates[k.day].map(|d| d.to_string()).unwrap_or_default()
                ),
            );
            let span = listed.span.clone();
            days.entry(date).or_insert_with(|| DayDecl {
                span: span.clone(),
                date: Located {
                    value: date,
                    span: span.clone(),
                },
                name: Some(Located::new(
                    format!("{listed_name}, after midnight"),
                    span.clone(),
                )),
                end: None,
                blocks: Vec::new(),
            });
        }
        let block = block(k, zone, &parallel, location.as_deref(), from_agenda);
        order.push((
            date,
            block.0,
            block
                .1
                .room
                .as_ref()
                .map(|r| r.value.clone())
                .unwrap_or_default(),
            block.1,
        ));
    }
    order.sort_by_cached_key(|o| {
        let id = o.3.id.as_ref().map(|i| i.value.clone());
        (o.0, o.1, o.2.clone(), o.3.title.value.clone(), id)
    });
    for (date, _, _, block) in order {
        if let Some(day) = days.get_mut(&date) {
            day.blocks.push(block);
        }
    }
    let days: Vec<DayDecl> = days.into_values().collect();

    let mut talk_minutes: Vec<i64> = days
        .iter()
        .flat_map(|d| &d.blocks)
        .filter(|b| b.kind.value == Kind::Talk)
        .filter_map(|b| match b.length.value {
            Length::Minutes(n) => Some(n),
            Length::End(_) => None,
        })
        .collect();
    talk_minutes.sort_unstable();
    talk_minutes.dedup();
    let mut rules = RulesDecl {
        item_minutes,
        ..RulesDecl::default()
    };
    if !talk_minutes.is_empty() {
        rules.talk_minutes = talk_minutes;
    }
    let title = schedule
        .conference
        .title
        .as_ref()
        .map(|t| t.value.clone())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "Imported schedule".to_string());
    let file = AgendaFile {
        event: EventDecl {
            name: Some(Located::new(
                title.clone(),
                schedule.conference.span.clone(),
            )),
            zone: Some(owned_zone),
            url: schedule
                .conference
                .url
                .clone()
                .map(|u| Located::new(u, schedule.conference.span.clone())),
            location: location.map(|l| Located::new(l, schedule.conference.span.clone())),
            id: schedule
                .conference
                .acronym
                .clone()
                .map(|a| Located::new(a, schedule.conference.span.clone())),
        },
        rules,
        days,
        // Schedules name no home zones.
        people: Vec::new(),
    };
    Some(Imported {
        file,
        title,
        version: schedule.version,
        generator: schedule.generator,
        source_url: schedule.url,
        zone_guessed,
        kinds,
        notes,
        skipped,
    })
}

/// `Day N`, from the day's index or its place.
fn day_name(day: &Day, at: usize) -> String {
    match day
        .index
        .as_deref()
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        Some(index) => format!("Day {index}"),
        None => format!("Day {}", at + 1),
    }
}

/// A name for an event in messages: its title, else its guid.
fn event_name(event: &Event) -> String {
    let title = event.title.as_ref().map(|t| t.value.trim());
    match (title, &event.guid) {
        (Some(t), _) if !t.is_empty() => format!("{t:?}"),
        (_, Some(g)) => format!("the event with guid {}", shown(&g.value)),
        _ => "an event without title or guid".to_string(),
    }
}

/// The conference zone: `time_zone_name`, else the fixed offset of the
/// first event with one, else UTC; the second value says it was guessed.
fn zone_of(
    schedule: &Schedule,
    format: InputFormat,
    findings: &mut Vec<Finding>,
) -> Option<(Zone, bool)> {
    let span = schedule.conference.span.clone();
    let mut why = format!("the schedule has no {}", field(format, "time_zone_name"));
    let mut at = span.clone();
    if let Some(name) = &schedule.conference.time_zone_name {
        match time::resolve(name.value.trim()) {
            Ok(zone) => return Some((zone, false)),
            Err(_) => {
                why = format!("unknown time zone `{}`", shown(&name.value));
                at = name.span.clone();
            }
        }
    }
    let first = schedule
        .days
        .iter()
        .flat_map(|d| &d.rooms)
        .flat_map(|r| &r.events)
        .filter_map(|e| e.date.as_ref())
        .find_map(|d| DateTime::parse_from_rfc3339(d.value.trim()).ok());
    let fallback = first.and_then(|t| {
        let seconds = t.offset().local_minus_utc();
        (seconds % 3600 == 0).then(|| {
            let hours = seconds / 3600;
            // Etc/GMT names count the other way: UTC+2 is Etc/GMT-2.
            let name = match hours {
                0 => "UTC".to_string(),
                h if h > 0 => format!("Etc/GMT-{h}"),
                h => format!("Etc/GMT+{}", -h),
            };
            (name, time::offset_text(seconds))
        })
    });
    let (name, help) = match &fallback {
        Some((name, offset)) => (
            name.clone(),
            format!(
                "using {name}, the fixed offset {offset} of the first event; every event keeps its true instant, but wall times across a daylight-saving change differ by the hour it moved: set `timezone` in the imported agenda"
            ),
        ),
        None => (
            "UTC".to_string(),
            "using UTC: no event gives a whole-hour offset to go by; every event keeps its true instant".to_string(),
        ),
    };
    let zone = time::resolve(&name)
        .or_else(|_| time::resolve("UTC"))
        .ok()?;
    findings.push(
        Finding::new(Code::NoZone, at, why)
            .label("no usable zone")
            .help(help),
    );
    Some((zone, true))
}

/// The date of a day, or `None` (reported) when it has none or it is not
/// a date.
/// frab's schema makes `date` optional and `start` required, so a day
/// without a `date` takes the date of its start in the zone.
fn day_date(
    day: &Day,
    zone: &Zone,
    format: InputFormat,
    findings: &mut Vec<Finding>,
) -> Option<NaiveDate> {
    let from_start = || {
        let start = instant(day.start.as_deref()?, zone)?;
        Some(start.with_timezone(zone).date_naive())
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
            .help("its events are left out"),
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
                .help("write it as YYYY-MM-DD; the day's events are left out"),
            );
            None
        }
    }
}

/// Checks one event: its guid, title, start and length. Its true start
/// and length in minutes, or the finding that leaves it out.
fn keep(
    event: &Event,
    day: &Day,
    date: Option<NaiveDate>,
    zone: &Zone,
    format: InputFormat,
    guids: &mut HashMap<String, Span>,
) -> Result<(DateTime<Utc>, i64), Box<Finding>> {
    let name = event_name(event);
    let place = event
        .path
        .as_ref()
        .map(|p| format!(" (at {p})"))
        .unwrap_or_default();
    let missing = |what: &str| {
        Box::new(
            Finding::new(
                Code::MissingElement,
                event.span.clone(),
                format!(
                    "{name}{place} has no {}; it is left out",
                    field(format, what)
                ),
            )
            .label(format!("event without {}", field(format, what))),
        )
    };
    let guid = event.guid.as_ref().ok_or_else(|| missing("guid"))?;
    if event.title.is_none() {
        return Err(missing("title"));
    }
    let date = date.ok_or_else(|| {
        Box::new(
            Finding::new(
                Code::OutsideDay,
                event.span.clone(),
                format!("{name}{place} is on a day without a usable date; it is left out"),
            )
            .label("here")
            .related(day.span.clone(), "its day"),
        )
    })?;
    let start = match (&event.date, &event.start) {
        (Some(d), _) => instant(&d.value, zone).ok_or_else(|| {
            Box::new(
                Finding::new(
                    Code::BadDate,
                    d.span.clone(),
                    format!(
                        "unparseable date `{}` of {name}{place}; it is left out",
                        shown(&d.value)
                    ),
                )
                .label("not a date and time")
                .help("write it as RFC 3339, e.g. 2021-04-13T14:00:00+02:00"),
            )
        })?,
        (None, Some(s)) => clock(&s.value)
            .and_then(|t| resolve_on(zone, date.and_time(t)))
            .ok_or_else(|| {
                Box::new(
                    Finding::new(
                        Code::BadTime,
                        s.span.clone(),
                        format!(
                            "unparseable start `{}` of {name}{place}; it is left out",
                            shown(&s.value)
                        ),
                    )
                    .label("not a time of day in the zone")
                    .help("write it as HH:MM"),
                )
            })?,
        (None, None) => return Err(missing("date")),
    };
    let minutes = match (&event.duration, &event.end) {
        (Some(d), _) => duration(&d.value).ok_or_else(|| {
            Box::new(
                Finding::new(
                    Code::BadLength,
                    d.span.clone(),
                    format!(
                        "unparseable duration `{}` of {name}{place}; it is left out",
                        shown(&d.value)
                    ),
                )
                .label("not a duration")
                .help("write it as HH:MM, e.g. 00:45"),
            )
        })?,
        (None, Some(e)) => match instant(&e.value, zone) {
            Some(end) => (end - start).num_minutes(),
            None => {
                return Err(Box::new(
                    Finding::new(
                        Code::BadTime,
                        e.span.clone(),
                        format!(
                            "unparseable end `{}` of {name}{place}; it is left out",
                            shown(&e.value)
                        ),
                    )
                    .label("not a date and time"),
                ))
            }
        },
        (None, None) => return Err(missing("duration")),
    };
    let length_span = event
        .duration
        .as_ref()
        .or(event.end.as_ref())
        .map_or(event.span.clone(), |l| l.span.clone());
    if minutes <= 0 || minutes > MAX_MINUTES {
        return Err(Box::new(
            Finding::new(
                Code::BadLength,
                length_span,
                format!("{name}{place} lasts {minutes} minutes; it is left out"),
            )
            .label("not a usable length")
            .help(format!(
                "an event lasts from 1 minute to a week ({MAX_MINUTES} minutes)"
            )),
        ));
    }
    let local = start.with_timezone(zone).date_naive();
    if local != date && local != date + Duration::days(1) {
        let at = event
            .date
            .as_ref()
            .map_or(event.span.clone(), |d| d.span.clone());
        return Err(Box::new(
            Finding::new(Code::OutsideDay,
                at,
                format!(
                    "{name}{place} starts on {local}, outside its day {date} (and the night after); it is left out"
                ),
            )
            .label("outside every day")
            .related(day.span.clone(), "the day it is listed under")
            .help("list it under the day it belongs to"),
        ));
    }
    if let Some(first) = guids.get(&guid.value) {
        return Err(Box::new(
            Finding::new(
                Code::DuplicateId,
                guid.span.clone(),
                format!(
                    "guid {} is used twice; {name}{place} is left out",
                    shown(&guid.value)
                ),
            )
            .label("second use")
            .related(first.clone(), "first use")
            .help("every event needs its own guid"),
        ));
    }
    guids.insert(guid.value.clone(), guid.span.clone());
    Ok((start, minutes))
}

/// Text from the file as it may stand in a message: control characters
/// spelt as escapes, never sent raw to a terminal.
pub(crate) fn shown(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// An RFC 3339 date-time; one without an offset is a wall time in `zone`.
fn instant(text: &str, zone: &Zone) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .and_then(|local| resolve_on(zone, local))
}

/// A local time in `zone`; the first of two when the clocks repeat it.
fn resolve_on(zone: &Zone, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

/// `HH:MM` or `HH:MM:SS`.
fn clock(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .ok()
}

/// frab's `H:MM`, `HH:MM` or `HH:MM:SS`, in whole minutes (seconds are
/// dropped). `None` when it is not one.
pub(crate) fn duration(text: &str) -> Option<i64> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    let number = |p: &str| -> Option<i64> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())?
    };
    let (h, m) = match parts.as_slice() {
        [h, m] | [h, m, _] => (number(h)?, number(m)?),
        _ => return None,
    };
    if let [_, _, s] = parts.as_slice() {
        number(s).filter(|s| *s < 60)?;
    }
    (m < 60 && parts[1].len() == 2).then_some(h * 60 + m)
}

/// Gives each event its kind, and counts how each type was mapped.
fn assign_kinds(kept: &mut [Kept]) -> Vec<KindUse> {
    let mut uses: Vec<KindUse> = Vec::new();
    for k in kept.iter_mut() {
        let texts = [k.event.kind.as_deref(), k.event.track.as_deref()];
        let texts: Vec<&str> = texts
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        let found = texts
            .iter()
            .find_map(|t| map_kind(t).map(|kind| (*t, kind)));
        let (label, kind, mapped) = match found {
            Some((label, kind)) => (label.to_string(), kind, true),
            None => (
                texts.first().map_or("(no type)", |t| t).to_string(),
                Kind::Session,
                false,
            ),
        };
        // A break has nobody in it; one that lists people is a session.
        let kind = if kind == Kind::Break && !k.event.persons.is_empty() {
            Kind::Session
        } else {
            kind
        };
        k.kind = kind;
        match uses.iter_mut().find(|u| u.label == label && u.kind == kind) {
            Some(u) => u.count += 1,
            None => uses.push(KindUse {
                label,
                kind,
                mapped,
                count: 1,
            }),
        }
    }
    uses.sort_by(|a, b| (a.kind, &a.label).cmp(&(b.kind, &b.label)));
    uses
}

/// The rooms with an event that runs at the same time as an event in
/// another room. One sweep in start order: an event overlaps an earlier
/// one of another room exactly when the latest end among the other rooms'
/// earlier events is after its start.
fn parallel_rooms(kept: &[Kept]) -> HashSet<String> {
    let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>, &str)> = kept
        .iter()
        .map(|k| {
            (
                k.start,
                k.start + Duration::minutes(k.minutes),
                k.room.as_str(),
            )
        })
        .collect();
    spans.sort();
    let mut parallel = HashSet::new();
    // The two latest ends so far, of two different rooms, latest first:
    // the latest end of the rooms other than any one room is among them.
    let mut top: Vec<(DateTime<Utc>, &str)> = Vec::with_capacity(3);
    for (start, end, room) in spans {
        if let Some((other_end, other_room)) = top.iter().find(|(_, r)| *r != room) {
            if *other_end > start {
                parallel.insert(room.to_string());
                parallel.insert(other_room.to_string());
            }
        }
        match top.iter_mut().find(|(_, r)| *r == room) {
            Some(entry) => entry.0 = entry.0.max(end),
            None => top.push((end, room)),
        }
        top.sort_by_key(|e| std::cmp::Reverse(e.0));
        top.truncate(2);
    }
    parallel
}

/// The room that holds most plenary events: it becomes the event's
/// `location`, so those blocks need none of their own.
fn main_plenary_room(kept: &[Kept], parallel: &HashSet<String>) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for k in kept.iter().filter(|k| !parallel.contains(&k.room)) {
        *counts.entry(k.room.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(room, _)| room.to_string())
}

/// The declaration of one kept event.
fn block(
    k: Kept,
    zone: &Zone,
    parallel: &HashSet<String>,
    location: Option<&str>,
    from_agenda: bool,
) -> (DateTime<Utc>, BlockDecl) {
    let event = k.event;
    let span = event.span.clone();
    let start_span = event
        .date
        .as_ref()
        .or(event.start.as_ref())
        .map_or(span.clone(), |l| l.span.clone());
    let length_span = event
        .duration
        .as_ref()
        .or(event.end.as_ref())
        .map_or(span.clone(), |l| l.span.clone());
    let title = event.title.clone().unwrap_or(Located {
        value: String::new(),
        span: span.clone(),
    });
    let (room, block_location) = if parallel.contains(&k.room) {
        (Some(k.room.clone()), None)
    } else if Some(k.room.as_str()) == location {
        (None, None)
    } else {
        (None, Some(k.room.clone()))
    };
    let mut speakers: Vec<String> = Vec::new();
    for person in &event.persons {
        let person = person.trim();
        if !person.is_empty() && !speakers.iter().any(|s| s == person) {
            speakers.push(person.to_string());
        }
    }
    let mut details = if from_agenda {
        agenda_details(&event, &title.value, k.start, zone)
    } else {
        foreign_details(&event)
    };
    if let Some(moderator) = &details.moderator {
        if speakers.last() == Some(moderator) {
            speakers.pop();
        }
    }
    if !k.kind.policy().people {
        speakers.clear();
        details.moderator = None;
        details.items.clear();
    }
    let block = BlockDecl {
        span: span.clone(),
        start: Located {
            value: wall_time(k.start, zone),
            span: start_span,
        },
        length: Located {
            value: Length::Minutes(k.minutes),
            span: length_span,
        },
        kind: Located {
            value: k.kind,
            span: span.clone(),
        },
        title,
        speakers: speakers
            .into_iter()
            .map(|s| Located::new(s, span.clone()))
            .collect(),
        speakers_span: span.clone(),
        moderator: details.moderator.map(|m| Located {
            value: m,
            span: span.clone(),
        }),
        room: room.map(|r| Located::new(r, span.clone())),
        location: block_location.map(|l| Located::new(l, span.clone())),
        url: details.url.map(|u| Located::new(u, span.clone())),
        description: details.description.map(|d| Located::new(d, span.clone())),
        id: event.guid.clone(),
        items: details.items,
        items_span: span,
    };
    (k.start, block)
}

/// The wall time of `at` in `zone`, with its offset where the zone repeats
/// that time, so that it names one instant.
pub(crate) fn wall_time(at: DateTime<Utc>, zone: &Zone) -> WallTime {
    let local = at.with_timezone(zone);
    let repeated = matches!(
        zone.from_local_datetime(&local.naive_local()),
        LocalResult::Ambiguous(..)
    );
    let time = local.time();
    let time = time.with_nanosecond(0).unwrap_or(time);
    WallTime {
        time,
        offset: repeated.then(|| local.offset().fix()),
    }
}

/// What an event says besides its times.
#[derive(Default)]
struct Details {
    moderator: Option<String>,
    url: Option<String>,
    description: Option<String>,
    items: Vec<ItemDecl>,
}

/// Abstract, description and links of a schedule from elsewhere: the
/// texts joined by a blank line, `url` (else the first link) as the link,
/// and the other links listed at the end of the description.
fn foreign_details(event: &Event) -> Details {
    let mut parts: Vec<String> = Vec::new();
    for text in [&event.abstract_text, &event.description]
        .into_iter()
        .flatten()
    {
        let text = text.trim();
        if !text.is_empty() && !parts.iter().any(|p| p == text) {
            parts.push(text.to_string());
        }
    }
    let mut links = event.links.iter().filter(|l| !l.href.trim().is_empty());
    let url = match event
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        Some(url) => Some(url.to_string()),
        None => links.next().map(|l| l.href.trim().to_string()),
    };
    let listed: Vec<String> = links
        .filter(|l| Some(l.href.trim()) != url.as_deref())
        .map(|l| match l.title.trim() {
            "" => l.href.trim().to_string(),
            title => format!("{title}: {}", l.href.trim()),
        })
        .collect();
    if !listed.is_empty() {
        parts.push(format!("Links:\n{}", listed.join("\n")));
    }
    Details {
        moderator: None,
        url,
        description: (!parts.is_empty()).then(|| parts.join("\n\n")),
        items: Vec::new(),
    }
}

/// The details of a schedule that `agenda export --format xml` wrote:
/// its abstract is the description, then `Moderator: NAME`, then one line
/// per item (`14:30–14:40 Title (Speaker, Speaker)`); its first link is the
/// block's own url when titled as the block, the others the items'.
fn agenda_details(event: &Event, title: &str, start: DateTime<Utc>, zone: &Zone) -> Details {
    let text = event.abstract_text.clone().unwrap_or_default();
    let mut lines: Vec<&str> = if text.is_empty() {
        Vec::new()
    } else {
        text.split('\n').collect()
    };
    let mut item_lines = Vec::new();
    while let Some(line) = lines.last() {
        match item_line(line) {
            Some(item) => {
                item_lines.push(item);
                lines.pop();
            }
            None => break,
        }
    }
    item_lines.reverse();
    let moderator = lines
        .last()
        .and_then(|l| l.strip_prefix("Moderator: "))
        .map(str::to_string);
    if moderator.is_some() {
        lines.pop();
    }
    let description = (!lines.is_empty()).then(|| lines.join("\n"));
    let mut links: Vec<&Link> = event.links.iter().collect();
    let url = match event.url.clone() {
        Some(url) => {
            if links
                .first()
                .is_some_and(|l| l.href == url && l.title == title)
            {
                links.remove(0);
            }
            Some(url)
        }
        None if links.first().is_some_and(|l| l.title == title)
            && !item_lines.iter().any(|l| l.title == title) =>
        {
            Some(links.remove(0).href.clone())
        }
        None => None,
    };
    let mut cursor = start;
    let items = item_lines
        .into_iter()
        .map(|line| {
            let ItemLine {
                end,
                end_offset,
                title,
                speakers,
            } = line;
            let minutes = minutes_to(cursor, end, end_offset, zone);
            cursor += Duration::minutes(minutes);
            let url = links
                .iter()
                .position(|l| l.title == title)
                .map(|i| links.remove(i).href.clone());
            let at = |value| Located::new(value, event.span.clone());
            ItemDecl {
                span: event.span.clone(),
                title: at(title.to_string()),
                minutes: Some(Located::new(minutes, event.span.clone())),
                speakers: speakers.into_iter().map(at).collect(),
                speakers_span: event.span.clone(),
                url: url.map(at),
                description: None,
            }
        })
        .collect();
    Details {
        moderator,
        url,
        description,
        items,
    }
}

/// One item line of an abstract that `agenda export` wrote.
#[derive(Debug, PartialEq)]
struct ItemLine<'a> {
    /// The wall time it ends at.
    end: NaiveTime,
    /// The offset of its end, written when it differs from its start's.
    end_offset: Option<i32>,
    title: &'a str,
    speakers: Vec<String>,
}

/// An item line as the export writes its range (`time::range`) and title:
/// `14:30–14:40 Fink (A, B)`, `00:55 +00 – 02:00 +01 Fink`,
/// `23:50–00:05 +1d Fink`, or any of these after a date (`Wed 14 Apr `).
fn item_line(line: &str) -> Option<ItemLine<'_>> {
    let mut rest = line;
    // `Wed 14 Apr `: three words before the first time.
    let words: Vec<&str> = rest.splitn(4, ' ').collect();
    if let [weekday, day, month, after] = words.as_slice() {
        let alphabetic = |w: &str| w.len() == 3 && w.chars().all(|c| c.is_ascii_alphabetic());
        if alphabetic(weekday) && alphabetic(month) && day.parse::<u8>().is_ok() {
            rest = after;
        }
    }
    let (_start, after) = clock_prefix(rest)?;
    let (end, end_offset, after) = match after.strip_prefix('–') {
        Some(after) => {
            let (end, after) = clock_prefix(after)?;
            (end, None, after)
        }
        None => {
            let (from, after) = after.strip_prefix(' ')?.split_once(" – ")?;
            short_offset(from)?;
            let (end, after) = clock_prefix(after)?;
            let after = after.strip_prefix(' ')?;
            let (to, after) = after.split_at(after.find(' ').unwrap_or(after.len()));
            (end, Some(short_offset(to)?), after)
        }
    };
    let mut rest = after;
    if let Some((days, after)) = rest.strip_prefix(" +").and_then(|r| r.split_once('d')) {
        if days.parse::<u32>().is_ok() {
            rest = after;
        }
    }
    let rest = rest.strip_prefix(' ')?;
    let (title, speakers) = match rest.strip_suffix(')').and_then(|r| r.rsplit_once(" (")) {
        Some((title, people)) => (title, people.split(", ").map(str::to_string).collect()),
        None => (rest, Vec::new()),
    };
    Some(ItemLine {
        end,
        end_offset,
        title,
        speakers,
    })
}

/// `HH:MM` at the start of `text`, and what follows.
fn clock_prefix(text: &str) -> Option<(NaiveTime, &str)> {
    let hm = text.get(..5)?;
    let bytes = hm.as_bytes();
    if bytes[2] != b':'
        || !hm
            .bytes()
            .enumerate()
            .all(|(i, b)| i == 2 || b.is_ascii_digit())
    {
        return None;
    }
    Some((NaiveTime::parse_from_str(hm, "%H:%M").ok()?, &text[5..]))
}

/// `-03`, `+05:45`, `+00` (`time::short_offset`) in seconds east of UTC.
fn short_offset(text: &str) -> Option<i32> {
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let mut parts = text[1..].split(':');
    let mut seconds = 0;
    for (unit, part) in [3600, 60, 1].into_iter().zip(parts.by_ref()) {
        if part.len() != 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        seconds += unit * part.parse::<i32>().ok()?;
    }
    parts.next().is_none().then_some(sign * seconds)
}

/// The length from `from` to the first later instant whose wall time is
/// `to` at UTC offset `offset`, or, when none is written, at the offset
/// of `from` (the export writes the end's offset exactly when it differs
/// from the start's). Exact across any clock change, half-hour ones too.
fn minutes_to(from: DateTime<Utc>, to: NaiveTime, offset: Option<i32>, zone: &Zone) -> i64 {
    let local = from.with_timezone(zone);
    let offset = offset.unwrap_or_else(|| local.offset().fix().local_minus_utc());
    let date = local.date_naive();
    (0..3)
        .map(|days| {
            (date + Duration::days(days)).and_time(to).and_utc() - Duration::seconds(offset.into())
        })
        .find(|end| *end > from)
        .map_or(0, |end| (end - from).num_minutes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixed offset of `at`.
    fn offset(at: &str) -> chrono::FixedOffset {
        *DateTime::parse_from_rfc3339(at).unwrap().offset()
    }

    #[test]
    fn kinds_come_from_one_table() {
        assert_eq!(map_kind("Lecture"), Some(Kind::Talk));
        assert_eq!(map_kind("talks"), Some(Kind::Talk));
        assert_eq!(map_kind("Workshop"), Some(Kind::Tutorial));
        assert_eq!(map_kind("Panel discussion"), Some(Kind::Discussion));
        assert_eq!(map_kind("podium"), Some(Kind::Discussion));
        assert_eq!(map_kind("Coffee break"), Some(Kind::Break));
        assert_eq!(map_kind("Pause"), Some(Kind::Break));
        assert_eq!(map_kind("session"), Some(Kind::Session));
        assert_eq!(map_kind("Lightning"), None);
        assert_eq!(map_kind("game"), None);
        assert_eq!(map_kind(""), None);
    }

    #[test]
    fn durations() {
        assert_eq!(duration("00:45"), Some(45));
        assert_eq!(duration("1:30"), Some(90));
        assert_eq!(duration("01:30:00"), Some(90));
        assert_eq!(duration("100:00"), Some(6000));
        assert_eq!(duration("00:60"), None);
        assert_eq!(duration("0:5"), None);
        assert_eq!(duration("45"), None);
        assert_eq!(duration("PT45M"), None);
        assert_eq!(duration(""), None);
    }

    #[test]
    fn repeated_wall_times_carry_their_offset() {
        let berlin = time::resolve("Europe/Berlin").unwrap();
        let berlin = &berlin;
        // 2021-10-31 02:30 happens twice in Berlin: at 00:30 and 01:30 UTC.
        let first = DateTime::parse_from_rfc3339("2021-10-31T00:30:00Z").unwrap();
        let w = wall_time(first.with_timezone(&Utc), berlin);
        assert_eq!(w.time, NaiveTime::from_hms_opt(2, 30, 0).unwrap());
        assert_eq!(w.offset, Some(offset("2021-10-31T02:30:00+02:00")));
        let second = DateTime::parse_from_rfc3339("2021-10-31T01:30:00Z").unwrap();
        let w = wall_time(second.with_timezone(&Utc), berlin);
        assert_eq!(w.offset, Some(offset("2021-10-31T02:30:00+01:00")));
        let plain = DateTime::parse_from_rfc3339("2021-10-31T09:00:00Z").unwrap();
        assert_eq!(wall_time(plain.with_timezone(&Utc), berlin).offset, None);
    }

    #[test]
    fn item_lengths_follow_the_clock_change() {
        let berlin = time::resolve("Europe/Berlin").unwrap();
        let berlin = &berlin;
        // 01:50 CET on 2021-03-28 (00:50 UTC); the clocks jump from 02:00
        // to 03:00, so an item shown as `01:50 +01 – 03:05 +02` lasts 15
        // minutes, and one shown as `01:50–01:55` 5.
        let from = DateTime::parse_from_rfc3339("2021-03-28T00:50:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let to = NaiveTime::from_hms_opt(3, 5, 0).unwrap();
        assert_eq!(minutes_to(from, to, Some(7200), berlin), 15);
        let to = NaiveTime::from_hms_opt(1, 55, 0).unwrap();
        assert_eq!(minutes_to(from, to, None, berlin), 5);
        // Lord Howe goes back half an hour at 02:00 +11 on 2021-04-04:
        // `01:55 +11 – 01:30 +10:30` lasts 5 minutes (14:55 to 15:00 UTC).
        let lord_howe = time::resolve("Australia/Lord_Howe").unwrap();
        let from = DateTime::parse_from_rfc3339("2021-04-03T14:55:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let to = NaiveTime::from_hms_opt(1, 30, 0).unwrap();
        assert_eq!(minutes_to(from, to, Some(37800), &lord_howe), 5);
        // After midnight: 23:50–00:05 is 15 minutes.
        let from = DateTime::parse_from_rfc3339("2021-04-13T21:50:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let to = NaiveTime::from_hms_opt(0, 5, 0).unwrap();
        assert_eq!(minutes_to(from, to, None, berlin), 15);
    }

    #[test]
    fn item_lines() {
        let line = item_line("14:30–14:40 Fink (A, B)").unwrap();
        assert_eq!(line.end, NaiveTime::from_hms_opt(14, 40, 0).unwrap());
        assert_eq!((line.end_offset, line.title), (None, "Fink"));
        assert_eq!(line.speakers, vec!["A".to_string(), "B".to_string()]);
        assert_eq!(item_line("14:30–14:40 Fink").unwrap().speakers.len(), 0);
        // Across a clock change, after midnight, on another date.
        let line = item_line("00:55 +00 – 02:00 +01 Item 2").unwrap();
        assert_eq!(line.end, NaiveTime::from_hms_opt(2, 0, 0).unwrap());
        assert_eq!((line.end_offset, line.title), (Some(3600), "Item 2"));
        let line = item_line("23:50–00:05 +1d Late (X)").unwrap();
        assert_eq!((line.title, line.speakers.len()), ("Late", 1));
        let line = item_line("Wed 14 Apr 00:15 +05:45 – 00:20 +05:45 +1d Nepal").unwrap();
        assert_eq!((line.end_offset, line.title), (Some(20700), "Nepal"));
        assert!(item_line("Moderator: X").is_none());
        assert!(item_line("14:30-14:40 hyphen").is_none());
        assert!(item_line("1:30–14:40 short").is_none());
    }
}
