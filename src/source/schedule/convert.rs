//! A schedule into agenda declarations: every event whose instant can be
//! made becomes a block at that instant, on the `[[day]]` of its own date
//! in the zone; blocks in time order; rooms, identities and kinds decided
//! once; what frab has no element for read back through
//! [`crate::frab_codec`].

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, LocalResult, NaiveDate, Offset, TimeZone, Timelike, Utc};

use super::times::{self, field, Listed};
use super::{kinds, shown, Event, Imported, Schedule};
use crate::decl::{
    AgendaFile, BlockDecl, DayDecl, EventDecl, ItemDecl, Length, Located, Origin, RulesDecl,
    WallTime,
};
use crate::diagnostic::{Code, Finding, Span};
use crate::frab_codec::{self, Extras, Rooms};
use crate::kind::{Kind, LengthRule};
use crate::source::InputFormat;
use crate::time::Zone;

/// An event that has its true times.
struct Kept<'s> {
    event: &'s Event,
    start: DateTime<Utc>,
    /// Its length in seconds.
    seconds: i64,
}

/// Turns a schedule into declarations. Events whose instant cannot be
/// made are reported and left out; `None` when the schedule lists no
/// event or not one could be kept.
pub(crate) fn convert(
    schedule: Schedule,
    format: InputFormat,
    findings: &mut Vec<Finding>,
) -> Option<Imported> {
    if schedule.events.is_empty() {
        findings.push(
            Finding::new(
                Code::MissingElement,
                schedule.conference.span.clone(),
                format!("the schedule lists no {}", field(format, "event")),
            )
            .label("a schedule without events")
            .help("there is nothing to import"),
        );
        return None;
    }
    let (zone, zone_guess) = times::zone(&schedule, format, findings);
    let day_change = schedule
        .conference
        .day_change
        .as_ref()
        .and_then(|d| times::clock(&d.value));
    let dates: Vec<Option<NaiveDate>> = schedule
        .days
        .iter()
        .map(|day| times::day_date(day, zone, format, findings))
        .collect();

    let declared_blocks = schedule.events.len();
    let mut kept = Vec::new();
    let mut skipped = Vec::new();
    for event in &schedule.events {
        let name = event_name(event);
        let listed = event.day.and_then(|d| {
            Some(Listed {
                day: schedule.days.get(d)?,
                date: dates[d],
                day_change,
            })
        });
        let times = times::start(event, listed.as_ref(), zone, &name, format)
            .and_then(|start| Ok((start, times::length(event, start, zone, &name, format)?)));
        match times {
            Ok((start, seconds)) => kept.push(Kept {
                event,
                start,
                seconds,
            }),
            Err(finding) => {
                skipped.push(name);
                findings.push(*finding);
            }
        }
    }
    if kept.is_empty() {
        return None;
    }

    let (kinds, kind_uses) = kinds::assign_kinds(kept.iter().map(|k| k.event));
    let spans: Vec<(&str, DateTime<Utc>, DateTime<Utc>)> = kept
        .iter()
        .map(|k| {
            let end = k.start + Duration::try_seconds(k.seconds.max(0)).unwrap_or_default();
            (k.event.room.as_str(), k.start, end)
        })
        .collect();
    let rooms = Rooms::new(&spans);
    let keys = keys(kept.iter().map(|k| k.event));

    let mut days: BTreeMap<NaiveDate, DayDecl> = BTreeMap::new();
    for (d, day) in schedule.days.iter().enumerate() {
        let Some(date) = dates[d] else { continue };
        days.entry(date).or_insert_with(|| DayDecl {
            span: day.span.clone(),
            date: Located::new(
                date,
                day.date
                    .as_ref()
                    .map_or(day.span.clone(), |l| l.span.clone()),
            ),
            name: Some(Located::new(day_name(&schedule, d), day.span.clone())),
            end: None,
            blocks: Vec::new(),
        });
    }
    let mut notes = HashMap::new();
    let mut blocks: Vec<(NaiveDate, DateTime<Utc>, BlockDecl)> = Vec::with_capacity(kept.len());
    for ((k, kind), key) in kept.iter().zip(kinds).zip(keys) {
        let date = k.start.with_timezone(&zone).date_naive();
        // A day without a date (reported) lists no date to differ from.
        if let Some(d) = k
            .event
            .day
            .filter(|&d| dates[d].is_some_and(|listed| listed != date))
        {
            let listed = day_name(&schedule, d);
            let listed_date = dates[d].map(|d| format!(" ({d})")).unwrap_or_default();
            let after_midnight = dates[d].is_some_and(|l| date == l + Duration::days(1));
            let day_span = schedule.days[d].span.clone();
            let (note, name) = if after_midnight {
                (
                    format!("listed under {listed}{listed_date} in the source; it starts after midnight"),
                    Some(Located::new(format!("{listed}, after midnight"), day_span.clone())),
                )
            } else {
                let at = k
                    .event
                    .date
                    .as_ref()
                    .map_or(k.event.span.clone(), |d| d.span.clone());
                findings.push(
                    Finding::new(
                        Code::OutsideDay,
                        at,
                        format!(
                            "{} is listed under {listed}{listed_date} but starts on {date}; it is kept at its own time, on that date's day",
                            event_name(k.event)
                        ),
                    )
                    .label("starts on another date")
                    .related(day_span.clone(), "the day it is listed under")
                    .help("list it under the day it belongs to"),
                );
                (
                    format!(
                        "listed under {listed}{listed_date} in the source; it starts on {date}"
                    ),
                    None,
                )
            };
            notes.insert(k.event.span.start, note);
            days.entry(date).or_insert_with(|| DayDecl {
                span: day_span.clone(),
                date: Located::new(date, day_span),
                name,
                end: None,
                blocks: Vec::new(),
            });
        }
        days.entry(date).or_insert_with(|| DayDecl {
            span: k.event.span.clone(),
            date: Located::new(date, k.event.span.clone()),
            name: None,
            end: None,
            blocks: Vec::new(),
        });
        blocks.push((date, k.start, block(k, kind, key, zone, &rooms)));
    }
    // By time, then room, title and id: the order of rooms in the source
    // (a JSON object has none) never shows in the agenda.
    blocks.sort_by(|a, b| {
        let key = |x: &(NaiveDate, DateTime<Utc>, BlockDecl)| {
            (
                x.0,
                x.1,
                x.2.room.as_ref().map(|r| r.value.clone()),
                x.2.title.value.clone(),
                x.2.id.as_ref().map(|i| i.value.clone()),
            )
        };
        key(a).cmp(&key(b))
    });
    for (date, _, block) in blocks {
        if let Some(day) = days.get_mut(&date) {
            day.blocks.push(block);
        }
    }
    let days: Vec<DayDecl> = days.into_values().collect();

    let mut talk_minutes: Vec<i64> = days
        .iter()
        .flat_map(|d| &d.blocks)
        .filter(|b| b.kind.value.policy().length == LengthRule::TalkMinutes)
        .filter_map(|b| match b.length.value {
            Length::Minutes(n) if n > 0 => Some(n),
            _ => None,
        })
        .collect();
    talk_minutes.sort_unstable();
    talk_minutes.dedup();
    let mut rules = RulesDecl {
        item_minutes: 10,
        ..RulesDecl::default()
    };
    if !talk_minutes.is_empty() {
        rules.talk_minutes = talk_minutes;
    }
    let conference = &schedule.conference;
    let title = conference
        .title
        .as_ref()
        .filter(|t| !t.value.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| Located::new("Imported schedule".to_string(), conference.span.clone()));
    let file = AgendaFile {
        origin: Origin::Schedule,
        event: EventDecl {
            name: Some(title.clone()),
            zone: Some(zone),
            url: conference.url.clone(),
            location: rooms
                .main()
                .map(|room| Located::new(room.to_string(), conference.span.clone())),
            id: conference.acronym.clone(),
        },
        rules,
        days,
        // Schedules name no home zones.
        people: Vec::new(),
        declared_blocks,
    };
    Some(Imported {
        file,
        title: title.value,
        version: schedule.version,
        generator: schedule.generator,
        source_url: schedule.url,
        zone_guess,
        kinds: kind_uses,
        notes,
        skipped,
        https_added: 0,
    })
}

/// `Day N`, from the day's index or its place.
fn day_name(schedule: &Schedule, at: usize) -> String {
    match schedule.days[at]
        .index
        .as_deref()
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        Some(index) => format!("Day {}", shown(index)),
        None => format!("Day {}", at + 1),
    }
}

/// A name for an event in messages: its title, else its guid, and where
/// it stands in a JSON document.
fn event_name(event: &Event) -> String {
    let title = event.title.as_ref().map(|t| t.value.trim());
    let name = match (title, &event.guid) {
        (Some(t), _) if !t.is_empty() => format!("{t:?}"),
        (_, Some(g)) => format!("the event with guid {}", shown(&g.value)),
        _ => "an event without title or guid".to_string(),
    };
    match &event.path {
        Some(path) => format!("{name} (at {path})"),
        None => name,
    }
}

/// Each event's identity, the block's `id`: its guid; else its `id`
/// attribute, else its slug, made unique by a `-2`, `-3`... in document
/// order (pretalx repeats an id for the slots of one submission); else
/// none, and the block is known by its title. Guids are kept as they are:
/// two events with one guid are the schedule's error, which `check`
/// reports.
fn keys<'s>(events: impl Iterator<Item = &'s Event>) -> Vec<Option<Located<String>>> {
    let events: Vec<&Event> = events.collect();
    let mut taken: HashSet<String> = events
        .iter()
        .filter_map(|e| Some(e.guid.as_ref()?.value.clone()))
        .collect();
    // The next suffix to try for each key: linear however often a key
    // repeats.
    let mut next: HashMap<String, usize> = HashMap::new();
    events
        .iter()
        .map(|e| {
            if let Some(guid) = &e.guid {
                return Some(guid.clone());
            }
            let key = e.id.as_ref().or(e.slug.as_ref())?;
            let n = next.entry(key.value.clone()).or_insert(1);
            let value = loop {
                let value = match *n {
                    1 => key.value.clone(),
                    n => format!("{}-{n}", key.value),
                };
                *n += 1;
                if taken.insert(value.clone()) {
                    break value;
                }
            };
            Some(Located::new(value, key.span.clone()))
        })
        .collect()
}

/// The declaration of one kept event.
fn block(
    k: &Kept<'_>,
    kind: Kind,
    key: Option<Located<String>>,
    zone: Zone,
    rooms: &Rooms,
) -> BlockDecl {
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
    let element_title = event
        .title
        .clone()
        .unwrap_or_else(|| Located::new(String::new(), span.clone()));
    let coded = event
        .abstract_text
        .as_ref()
        .and_then(|a| frab_codec::decode(&a.value).map(|(d, e)| (a.span.clone(), d, e)));
    let mut details = match coded {
        Some((at, description, extras)) => {
            coded_details(event, &element_title, at, description, extras, rooms)
        }
        None => foreign_details(event, rooms),
    };
    let policy = kind.policy();
    if !policy.people {
        details.speakers.clear();
        details.moderator = None;
        details.items.clear();
    }
    let length = if k.seconds % 60 == 0 {
        Length::Minutes(k.seconds / 60)
    } else {
        Length::Seconds(k.seconds)
    };
    BlockDecl {
        span: span.clone(),
        start: Located::new(wall_time(k.start, zone), start_span),
        length: Located::new(length, length_span),
        kind: Located::new(kind, span.clone()),
        title: details.title.unwrap_or(element_title),
        speakers: details.speakers,
        speakers_span: event.persons_span.clone(),
        moderator: details.moderator,
        room: details.room,
        location: details.location,
        url: event.url.clone(),
        description: details.description,
        id: details.id.or(key),
        items: details.items,
        items_span: span,
    }
}

/// The wall time of `at` in `zone`, to the second, with its offset where
/// the zone repeats that time, so that it names one instant.
pub(crate) fn wall_time(at: DateTime<Utc>, zone: Zone) -> WallTime {
    let local = at.with_timezone(&zone);
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
    title: Option<Located<String>>,
    speakers: Vec<Located<String>>,
    moderator: Option<Located<String>>,
    room: Option<Located<String>>,
    location: Option<Located<String>>,
    description: Option<Located<String>>,
    id: Option<Located<String>>,
    items: Vec<ItemDecl>,
}

/// Where the event is written, for values that have no place of their
/// own.
fn placed(rooms: &Rooms, event: &Event) -> (Option<Located<String>>, Option<Located<String>>) {
    let (room, location) = rooms.placement(&event.room);
    let at = |value: String| Located::new(value, event.span.clone());
    (room.map(at), location.map(at))
}

/// The details of a schedule from elsewhere: subtitle, abstract and
/// description joined by a blank line, the other links listed at its end; the people
/// as persons (and moderators, where the schedule says); the room as
/// [`Rooms`] reads it.
fn foreign_details(event: &Event, rooms: &Rooms) -> Details {
    let mut parts: Vec<String> = Vec::new();
    let mut at: Option<Span> = None;
    for text in [&event.subtitle, &event.abstract_text, &event.description]
        .into_iter()
        .flatten()
    {
        if let Some(plain) = frab_codec::plain_description(&text.value) {
            at.get_or_insert(text.span.clone());
            if !parts.contains(&plain) {
                parts.push(plain);
            }
        }
    }
    let url = event.url.as_ref().map(|u| u.value.trim());
    let listed: Vec<String> = event
        .links
        .iter()
        .filter(|l| !l.href.trim().is_empty() && Some(l.href.trim()) != url)
        .map(|l| match l.title.trim() {
            "" => l.href.trim().to_string(),
            title => format!("{title}: {}", l.href.trim()),
        })
        .collect();
    if !listed.is_empty() {
        parts.push(format!("Links:\n{}", listed.join("\n")));
    }
    let mut moderators = event
        .moderators
        .iter()
        .filter(|m| !m.value.trim().is_empty());
    let moderator = moderators
        .next()
        .map(|m| Located::new(m.value.trim().to_string(), m.span.clone()));
    let mut speakers: Vec<Located<String>> = Vec::new();
    for person in event.persons.iter().chain(moderators) {
        let name = person.value.trim();
        if !name.is_empty() && !speakers.iter().any(|s| s.value == name) {
            speakers.push(Located::new(name.to_string(), person.span.clone()));
        }
    }
    let (room, location) = placed(rooms, event);
    Details {
        speakers,
        moderator,
        room,
        location,
        description: (!parts.is_empty())
            .then(|| Located::new(parts.join("\n\n"), at.unwrap_or_else(|| event.span.clone()))),
        ..Details::default()
    }
}

/// The details of an event whose abstract carries agenda's data line
/// (see [`crate::frab_codec`]): the data refines what the elements say,
/// and is set aside wherever the elements were changed since (a title or
/// room edited by hand wins).
fn coded_details(
    event: &Event,
    title: &Located<String>,
    at: Span,
    description: Option<String>,
    extras: Extras,
    rooms: &Rooms,
) -> Details {
    let located = |value: String| Located::new(value, at.clone());
    let persons: Vec<String> = event.persons.iter().map(|p| p.value.clone()).collect();
    let moderator = extras.moderator.clone();
    let speakers = extras
        .speakers
        .clone()
        .unwrap_or_else(|| frab_codec::speakers_from(&persons, moderator.as_deref()));
    let same_room =
        |name: &str| crate::text::fold(name.trim()) == crate::text::fold(event.room.trim());
    let (room, location) = match (&extras.room, &extras.location) {
        (Some(Some(room)), location) if same_room(room) => (
            Some(located(room.to_string())),
            location.clone().flatten().map(located),
        ),
        (Some(None), Some(Some(location))) if same_room(location) => {
            (None, Some(located(location.to_string())))
        }
        (Some(None), None | Some(None)) => (None, None),
        _ => placed(rooms, event),
    };
    let mut cursor_items = Vec::with_capacity(extras.items.len());
    for item in extras.items {
        cursor_items.push(ItemDecl {
            span: at.clone(),
            title: located(item.title),
            minutes: Some(Located::new(item.minutes, at.clone())),
            speakers: item.speakers.into_iter().map(located).collect(),
            speakers_span: at.clone(),
            url: item.url.map(located),
            description: item.description.map(located),
        });
    }
    Details {
        title: extras
            .title
            .filter(|exact| exact.trim() == title.value)
            .map(|exact| Located::new(exact, title.span.clone())),
        speakers: speakers
            .into_iter()
            .map(|s| Located::new(s, event.persons_span.clone()))
            .collect(),
        moderator: moderator.map(located),
        room,
        location,
        description: description.map(located),
        id: extras.id.map(located),
        items: cursor_items,
    }
}
