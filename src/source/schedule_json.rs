//! Schedule JSON (`{"schedule": {"conference": {"days": [{"rooms":
//! {...}}]}}}`), as pretalx exports it at `/schedule/export/schedule.json`
//! and frab and the c3voc tools write it, read from the spanned tree of
//! [`super::json`] into a [`Schedule`]. Every value keeps its place in the
//! file; an event's problems also name its path in the document
//! (`schedule.conference.days[0].rooms["Saal 1"][2]`).

use super::json::Json;
use super::schedule::{Conference, Day, Event, Generator, Link, Schedule};
use crate::decl::Located;
use crate::diagnostic::{Code, Finding};

/// Reads schedule JSON. `None`, with a finding, when it has no `schedule`
/// object with a `conference`.
pub(crate) fn parse(root: &Json, findings: &mut Vec<Finding>) -> Option<Schedule> {
    let (schedule, conference) = schedule_and_conference(root, findings)?;
    let mut days = Vec::new();
    let mut events = Vec::new();
    for (d, day) in conference
        .get("days")
        .and_then(Json::array)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let path = format!("schedule.conference.days[{d}]");
        repeated(day, &path, findings);
        days.push(Day {
            span: day.span.clone(),
            index: text(day, "index"),
            date: located(day, "date"),
            start: text(day, "day_start"),
            end: text(day, "day_end"),
        });
        let Some(rooms) = day.get("rooms") else {
            continue;
        };
        repeated_rooms(rooms, &path, findings);
        for room in rooms.members().unwrap_or_default() {
            for (i, e) in room.value.array().unwrap_or_default().iter().enumerate() {
                let path = format!("{path}.rooms[{:?}][{i}]", room.key);
                repeated(e, &path, findings);
                events.push(event(e, d, room.key.trim(), path));
            }
        }
    }
    Some(schedule_of(root, schedule, conference, days, events))
}

/// The schedule of a JSON document, with its days and events read: what
/// both dialects say of the document itself the same way.
pub(crate) fn schedule_of(
    root: &Json,
    schedule: &Json,
    conference: &Json,
    days: Vec<Day>,
    events: Vec<Event>,
) -> Schedule {
    Schedule {
        version: text(schedule, "version"),
        generator: generator(root, schedule),
        url: text(schedule, "url"),
        conference: conference_of(conference, schedule),
        days,
        events,
    }
}

/// The `schedule` object of the document and its `conference`, each
/// checked for repeated keys, or the finding that one is missing. Both
/// JSON dialects start here.
pub(crate) fn schedule_and_conference<'j>(
    root: &'j Json,
    findings: &mut Vec<Finding>,
) -> Option<(&'j Json, &'j Json)> {
    repeated(root, "the document", findings);
    let Some(schedule) = root.get("schedule").filter(|s| s.members().is_some()) else {
        findings.push(
            Finding::new(
                Code::NotASchedule,
                root.span.start..root.span.start,
                "the JSON has no \"schedule\" object",
            )
            .label("expected {\"schedule\": {...}}")
            .help("give a schedule.json as pretalx, frab or the c3voc hub export it, or use --from to name the format"),
        );
        return None;
    };
    repeated(schedule, "schedule", findings);
    let Some(conference) = schedule.get("conference").filter(|c| c.members().is_some()) else {
        findings.push(
            Finding::new(
                Code::MissingElement,
                schedule.span.start..schedule.span.start,
                "the schedule has no \"conference\" object (at schedule.conference)",
            )
            .label("schedule without \"conference\""),
        );
        return None;
    };
    repeated(conference, "schedule.conference", findings);
    Some((schedule, conference))
}

/// The software that wrote the document.
fn generator(root: &Json, schedule: &Json) -> Option<Generator> {
    let g = root
        .get("generator")
        .or_else(|| schedule.get("generator"))?;
    Some(Generator {
        name: text(g, "name")?,
        version: text(g, "version"),
    })
}

/// The conference's title, acronym, url and zone.
fn conference_of(conference: &Json, schedule: &Json) -> Conference {
    Conference {
        span: conference.span.clone(),
        title: located(conference, "title"),
        acronym: located(conference, "acronym"),
        url: located(conference, "url").or_else(|| located(schedule, "base_url")),
        time_zone_name: located(conference, "time_zone_name"),
        city: text(conference, "city"),
        day_change: located(conference, "day_change"),
    }
}

fn event(e: &Json, day: usize, room: &str, path: String) -> Event {
    let persons = e.get("persons");
    let persons_list = persons
        .and_then(Json::array)
        .unwrap_or_default()
        .iter()
        .filter_map(|p| match p.text() {
            Some(name) => Some(Located::new(name.to_string(), p.span.clone())),
            None => {
                let name = p.get("name").or_else(|| p.get("public_name"))?;
                Some(Located::new(name.text()?.to_string(), name.span.clone()))
            }
        })
        .collect();
    Event {
        span: e.span.clone(),
        path: Some(path),
        day: Some(day),
        room: room.to_string(),
        guid: located(e, "guid"),
        id: located(e, "id"),
        slug: located(e, "slug"),
        date: located(e, "date"),
        start: located(e, "start"),
        duration: located(e, "duration"),
        end: located(e, "end"),
        title: title(e),
        subtitle: raw(e, "subtitle"),
        kind: text(e, "type"),
        track: track(e),
        abstract_text: raw(e, "abstract"),
        description: raw(e, "description"),
        persons: persons_list,
        moderators: Vec::new(),
        persons_span: persons.map_or_else(|| e.span.clone(), |p| p.span.clone()),
        links: links(e),
        url: located(e, "url"),
    }
}

/// `track`: a name, or an object with one.
pub(crate) fn track(e: &Json) -> Option<String> {
    let track = e.get("track")?;
    match track.text() {
        Some(name) => Some(name.trim().to_string()),
        None => text(track, "name").or_else(|| text(track, "slug")),
    }
    .filter(|t| !t.is_empty())
}

/// `links`: each an object with `url` and `title`.
pub(crate) fn links(e: &Json) -> Vec<Link> {
    e.get("links")
        .and_then(Json::array)
        .unwrap_or_default()
        .iter()
        .filter_map(|l| {
            Some(Link {
                href: text(l, "url").or_else(|| text(l, "href"))?,
                title: text(l, "title").unwrap_or_default(),
            })
        })
        .collect()
}

/// A string or number, trimmed, spanned; `None` when absent or blank.
pub(crate) fn located(map: &Json, key: &str) -> Option<Located<String>> {
    let value = map.get(key)?;
    let text = value.text()?.trim();
    (!text.is_empty()).then(|| Located::new(text.to_string(), value.span.clone()))
}

/// `title`, trimmed, spanned even when blank, so that a finding about an
/// empty title points at it.
pub(crate) fn title(e: &Json) -> Option<Located<String>> {
    raw(e, "title").map(|t| Located::new(t.value.trim().to_string(), t.span))
}

/// A string as written (not trimmed), spanned: what the codec reads.
pub(crate) fn raw(map: &Json, key: &str) -> Option<Located<String>> {
    let value = map.get(key)?;
    Some(Located::new(value.text()?.to_string(), value.span.clone()))
}

/// A string or number, trimmed; `None` when absent or blank.
pub(crate) fn text(map: &Json, key: &str) -> Option<String> {
    located(map, key).map(|l| l.value)
}

/// A finding for each key written twice in the object at `path`.
pub(crate) fn repeated(object: &Json, path: &str, findings: &mut Vec<Finding>) {
    for member in object.repeated_keys() {
        findings.push(
            Finding::new(
                Code::DuplicateKey,
                member.key_span.clone(),
                format!(
                    "the key {:?} is written twice in {path}; the last one is used",
                    member.key
                ),
            )
            .label("written before in the same object")
            .help("JSON objects should not repeat a key; readers disagree on which one counts"),
        );
    }
}

/// A finding for each room written twice in a day's `rooms`: their events
/// are all read, under the one name.
fn repeated_rooms(rooms: &Json, path: &str, findings: &mut Vec<Finding>) {
    for member in rooms.repeated_keys() {
        findings.push(
            Finding::new(
                Code::DuplicateKey,
                member.key_span.clone(),
                format!(
                    "the room {:?} is written twice in {path}.rooms; the events of both are read",
                    member.key
                ),
            )
            .label("a room of this name came before")
            .help("JSON objects should not repeat a key: other readers keep only one of the two"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Option<Schedule>, Vec<Finding>) {
        let mut findings = Vec::new();
        let json = super::super::json::parse(text).unwrap();
        (parse(&json, &mut findings), findings)
    }

    #[test]
    fn events_carry_their_path_and_place() {
        let text = r#"{"schedule": {"version": "v", "conference": {"title": "T", "days": [
          {"index": 1, "date": "2021-04-13", "rooms": {"Saal 1": [
            {"guid": "aaaaaaaa-0000-0000-0000-000000000001", "title": "x", "persons": [{"name": "A"}, {"public_name": "B"}, "C"]}
          ]}}]}}}"#;
        let (s, findings) = read(text);
        assert!(findings.is_empty(), "{findings:?}");
        let e = &s.unwrap().events[0];
        assert_eq!(
            e.path.as_deref(),
            Some("schedule.conference.days[0].rooms[\"Saal 1\"][0]")
        );
        assert_eq!(&text[e.span.clone()][..9], "{\"guid\": ");
        let guid = e.guid.as_ref().unwrap();
        assert_eq!(
            &text[guid.span.clone()],
            "\"aaaaaaaa-0000-0000-0000-000000000001\""
        );
        let names: Vec<&str> = e.persons.iter().map(|p| p.value.as_str()).collect();
        assert_eq!(names, ["A", "B", "C"]);
        assert_eq!(&text[e.persons[1].span.clone()], "\"B\"");
    }

    #[test]
    fn rooms_written_twice_are_both_read() {
        let text = r#"{"schedule": {"conference": {"days": [{"date": "2021-04-13", "rooms": {
            "A": [{"title": "one"}], "A": [{"title": "two"}]}}]}}}"#;
        let (s, findings) = read(text);
        let titles: Vec<String> = s
            .unwrap()
            .events
            .iter()
            .map(|e| e.title.clone().unwrap().value)
            .collect();
        assert_eq!(titles, ["one", "two"]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code, Code::DuplicateKey);
        assert_eq!(&text[findings[0].span.clone()], "\"A\"");
        assert!(findings[0].span.start > text.find("\"A\"").unwrap());
    }
}
