//! The c3voc hub's `schedule2` JSON (`schemas/schedule2.schema.json`):
//! one list of events, `schedule.events[]`, each with its `start` and
//! `end` as date-times and its `room` as an object, instead of days and
//! rooms holding events. Read from the spanned tree of [`super::json`]
//! into a [`Schedule`] whose events are listed under no day: each goes to
//! the day of its own date.

use super::json::Json;
use super::schedule::Day;
use super::schedule::{Event, Schedule};
use super::schedule_json::{
    links, located, raw, repeated, schedule_and_conference, schedule_of, text, title, track,
};
use crate::decl::Located;
use crate::diagnostic::Finding;

/// Whether a JSON document is schedule2 rather than days and rooms: its
/// schedule has a list of `events`.
pub(crate) fn is_schedule2(root: &Json) -> bool {
    root.get("schedule")
        .and_then(|s| s.get("events"))
        .and_then(Json::array)
        .is_some()
}

/// Reads schedule2 JSON. `None`, with a finding, when it has no
/// `schedule` object with a `conference`.
pub(crate) fn parse(root: &Json, findings: &mut Vec<Finding>) -> Option<Schedule> {
    let (schedule, conference) = schedule_and_conference(root, findings)?;
    let days = conference
        .get("days")
        .and_then(Json::array)
        .unwrap_or_default()
        .iter()
        .map(|day| Day {
            span: day.span.clone(),
            index: text(day, "index"),
            date: located(day, "date"),
            start: text(day, "start"),
            end: text(day, "end"),
        })
        .collect();
    let rooms = conference
        .get("rooms")
        .and_then(Json::array)
        .unwrap_or_default();
    let events = schedule
        .get("events")
        .and_then(Json::array)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let path = format!("schedule.events[{i}]");
            repeated(e, &path, findings);
            event(e, rooms, path)
        })
        .collect();
    Some(schedule_of(root, schedule, conference, days, events))
}

fn event(e: &Json, rooms: &[Json], path: String) -> Event {
    let participants = e.get("participants");
    let mut persons = Vec::new();
    let mut moderators = Vec::new();
    for p in participants.and_then(Json::array).unwrap_or_default() {
        let Some(name) = p.get("name").filter(|n| n.text().is_some()) else {
            continue;
        };
        let person = Located::new(
            name.text().unwrap_or_default().to_string(),
            name.span.clone(),
        );
        match text(p, "role").as_deref() {
            Some(role) if role.eq_ignore_ascii_case("moderator") => moderators.push(person),
            _ => persons.push(person),
        }
    }
    Event {
        span: e.span.clone(),
        path: Some(path),
        day: None,
        room: room_name(e, rooms),
        guid: located(e, "guid"),
        id: located(e, "code").or_else(|| located(e, "id")),
        slug: located(e, "slug"),
        // The start is a date-time, as `date` is in the older formats.
        date: located(e, "start"),
        start: None,
        duration: located(e, "duration"),
        end: located(e, "end"),
        title: title(e),
        subtitle: localized(e, "subtitle"),
        kind: text(e, "type"),
        track: track(e),
        abstract_text: localized(e, "abstract"),
        description: localized(e, "description"),
        persons,
        moderators,
        persons_span: participants.map_or_else(|| e.span.clone(), |p| p.span.clone()),
        links: links(e),
        url: located(e, "url"),
    }
}

/// The name of an event's room: its `name`, else the name of the
/// conference's room of that `guid`, else its slug or guid.
fn room_name(e: &Json, rooms: &[Json]) -> String {
    let Some(room) = e.get("room") else {
        return String::new();
    };
    if let Some(name) = room.text() {
        return name.trim().to_string();
    }
    text(room, "name")
        .or_else(|| {
            let guid = text(room, "guid")?;
            rooms
                .iter()
                .find(|r| text(r, "guid").as_deref() == Some(guid.as_str()))
                .and_then(|r| text(r, "name"))
        })
        .or_else(|| text(room, "slug"))
        .or_else(|| text(room, "guid"))
        .unwrap_or_default()
}

/// A text that may be given per language (`{"en": "...", "de": "..."}`):
/// the English one, else the first.
fn localized(e: &Json, key: &str) -> Option<Located<String>> {
    let value = e.get(key)?;
    match value.members() {
        Some(languages) => {
            let text = languages
                .iter()
                .find(|m| m.key == "en")
                .or_else(|| languages.first())?;
            Some(Located::new(
                text.value.text()?.to_string(),
                text.value.span.clone(),
            ))
        }
        None => raw(e, key),
    }
}
