//! Schedule JSON (`{"schedule": {...}}`), as pretalx exports it at
//! `/schedule/export/schedule.json`, read with serde_json into a
//! [`Schedule`].
//!
//! serde_json keeps no spans. A syntax error has serde_json's line and
//! column. An event's problems name its path in the document
//! (`schedule.conference.days[0].rooms["Saal 1"][2]`) and point at its
//! `guid` where that is found in the text (guids are unique), else at the
//! start of the file.

use serde_json::{Map, Value};

use super::schedule::{Conference, Day, Event, Generator, Link, Room, Schedule};
use crate::decl::Located;
use crate::diagnostic::{Code, Finding, Span};

/// Reads schedule JSON. `None`, with a finding, when it is not JSON or has
/// no `schedule` object.
pub(crate) fn parse(text: &str, findings: &mut Vec<Finding>) -> Option<Schedule> {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(err) => {
            let at = offset(text, err.line(), err.column());
            let message = err.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            findings.push(
                Finding::new(
                    Code::MalformedJson,
                    at..at,
                    format!("malformed JSON: {message}"),
                )
                .label("here")
                .help("the file must be one JSON object, {\"schedule\": {...}}"),
            );
            return None;
        }
    };
    let Some(schedule) = value.get("schedule").and_then(Value::as_object) else {
        findings.push(
            Finding::new(Code::NotASchedule, 0..0, "the JSON has no \"schedule\" object")
                .label("expected {\"schedule\": {...}}")
                .help("give a schedule.json as pretalx or frab export it, or use --from to name the format"),
        );
        return None;
    };
    let conference = schedule.get("conference").and_then(Value::as_object);
    let Some(conference) = conference else {
        findings.push(
            Finding::new(
                Code::MissingElement,
                0..0,
                "the schedule has no \"conference\" object (at schedule.conference)",
            )
            .label("schedule without \"conference\""),
        );
        return None;
    };
    let generator = value
        .get("generator")
        .or_else(|| schedule.get("generator"))
        .and_then(Value::as_object)
        .and_then(|g| {
            string(g, "name").map(|name| Generator {
                name,
                version: string(g, "version"),
            })
        });
    let days = match conference.get("days").and_then(Value::as_array) {
        Some(days) => days
            .iter()
            .enumerate()
            .map(|(i, d)| day(text, d, &format!("schedule.conference.days[{i}]")))
            .collect(),
        None => Vec::new(),
    };
    Some(Schedule {
        version: schedule.get("version").and_then(scalar),
        generator,
        url: string(schedule, "url"),
        conference: Conference {
            span: locate(text, "\"conference\""),
            title: located(text, conference, "title"),
            acronym: string(conference, "acronym"),
            url: string(conference, "url").or_else(|| string(schedule, "base_url")),
            time_zone_name: located(text, conference, "time_zone_name"),
        },
        days,
    })
}

fn day(text: &str, value: &Value, path: &str) -> Day {
    let empty = Map::new();
    let d = value.as_object().unwrap_or(&empty);
    let date = string(d, "date");
    let span = date
        .as_deref()
        .map_or(0..0, |date| locate(text, &format!("\"{date}\"")));
    let rooms = d
        .get("rooms")
        .and_then(Value::as_object)
        .map(|rooms| {
            rooms
                .iter()
                .map(|(name, events)| Room {
                    name: name.trim().to_string(),
                    events: events
                        .as_array()
                        .map(|list| {
                            list.iter()
                                .enumerate()
                                .map(|(i, e)| {
                                    event(text, e, format!("{path}.rooms[{name:?}][{i}]"))
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    Day {
        span: span.clone(),
        index: d.get("index").and_then(scalar),
        date: date.map(|value| Located { value, span }),
        start: string(d, "day_start"),
        rooms,
    }
}

fn event(text: &str, value: &Value, path: String) -> Event {
    let empty = Map::new();
    let e = value.as_object().unwrap_or(&empty);
    let guid = string(e, "guid");
    let span = guid
        .as_deref()
        .map_or(0..0, |g| locate(text, &format!("\"{g}\"")));
    let at = |key: &str| {
        e.get(key).and_then(scalar).map(|value| Located {
            value,
            span: span.clone(),
        })
    };
    let persons = e
        .get("persons")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|p| match p {
                    Value::String(name) => Some(name.clone()),
                    Value::Object(p) => string(p, "name").or_else(|| string(p, "public_name")),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let links = e
        .get("links")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_object)
                .filter_map(|l| {
                    string(l, "url").map(|href| Link {
                        href,
                        title: string(l, "title").unwrap_or_default(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Event {
        guid: at("guid").filter(|g| !g.value.is_empty()),
        date: at("date"),
        start: at("start"),
        duration: at("duration"),
        end: at("end"),
        title: at("title"),
        kind: string(e, "type"),
        track: string(e, "track"),
        abstract_text: e
            .get("abstract")
            .and_then(Value::as_str)
            .map(|a| a.trim().to_string()),
        description: string(e, "description"),
        persons,
        links,
        url: string(e, "url"),
        span,
        path: Some(path),
    }
}

/// A string or number as text; `None` for null, absent or blank.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

fn string(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(scalar)
}

fn located(text: &str, map: &Map<String, Value>, key: &str) -> Option<Located<String>> {
    string(map, key).map(|value| Located {
        span: locate(text, &format!("\"{key}\"")),
        value,
    })
}

/// Where `needle` first stands in the text, or the start of the file.
fn locate(text: &str, needle: &str) -> Span {
    text.find(needle).map_or(0..0, |at| at..at + needle.len())
}

/// The byte offset of serde_json's 1-based line and column.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let mut at = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_point_at_their_place() {
        let text = "{\"schedule\": {\n  \"version\": \"1\",\n  \"conference\": {,}\n}}";
        let mut findings = Vec::new();
        assert!(parse(text, &mut findings).is_none());
        let at = findings[0].span.start;
        assert_eq!(&text[at..at + 1], ",", "{findings:?}");
        assert!(findings[0].message.starts_with("malformed JSON: "));
    }

    #[test]
    fn events_carry_their_path_and_guid_span() {
        let text = r#"{"schedule": {"version": "v", "conference": {"title": "T", "days": [
          {"index": 1, "date": "2021-04-13", "rooms": {"Saal 1": [
            {"guid": "aaaaaaaa-0000-0000-0000-000000000001", "title": "x", "persons": [{"name": "A"}, {"public_name": "B"}]}
          ]}}]}}}"#;
        let mut findings = Vec::new();
        let s = parse(text, &mut findings).unwrap();
        let e = &s.days[0].rooms[0].events[0];
        assert_eq!(
            e.path.as_deref(),
            Some("schedule.conference.days[0].rooms[\"Saal 1\"][0]")
        );
        assert_eq!(
            &text[e.span.clone()],
            "\"aaaaaaaa-0000-0000-0000-000000000001\""
        );
        assert_eq!(e.persons, vec!["A".to_string(), "B".to_string()]);
    }
}
