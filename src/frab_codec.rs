//! The agenda↔frab codec: what a block holds that frab schedule XML has
//! no element for (who moderates, the items with their lengths, people
//! and links, a room that frab's rooms cannot tell from a plenary, text
//! that frab's elements would trim), written by `export --format xml` and
//! read back by the schedule reader. Both sides use this module and
//! nothing else, so they cannot drift apart.
//!
//! It rides at the end of the event's `<abstract>`, after a blank line,
//! as one line that no person writes by accident:
//!
//! ```text
//! The description, as written.
//!
//! Moderator: Ana Tanaka
//! 14:30–14:40 Fink (A, B)
//!
//! [agenda] {"items":[{"minutes":10,"speakers":["A","B"],"title":"Fink"}],"moderator":"Ana Tanaka","summary":2}
//! ```
//!
//! The lines between the description and the data line are a summary for
//! the people who read the abstract in a conference app; the reader never
//! parses them, it counts them off (`summary`). The data line is JSON,
//! every value escaped onto that one line; it is taken only when it
//! parses whole, with known keys of the right types, and the abstract
//! around it has the layout above. Anything else is prose, read as the
//! description, whoever wrote it. A block that frab's elements carry
//! exactly gets no data line and its abstract is its description.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

/// What starts the data line.
const MARK: &str = "[agenda] ";

/// What a block holds that frab's elements do not give back, each field
/// set only when needed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Extras {
    /// The exact title, when it has spaces around it that `<title>` loses.
    pub title: Option<String>,
    /// The speakers, when the persons do not give them back (see
    /// [`speakers_from`]).
    pub speakers: Option<Vec<String>>,
    /// Who moderates.
    pub moderator: Option<String>,
    /// The parallel room (`Some(None)`: a plenary block), when the room it
    /// is written in does not tell (see [`Rooms::placement`]).
    pub room: Option<Option<String>>,
    /// The block's own location, likewise.
    pub location: Option<Option<String>>,
    /// The block's `id`, when its guid is not that id.
    pub id: Option<String>,
    /// The items, back to back from the block's start.
    pub items: Vec<ExtraItem>,
}

/// One item of a block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ExtraItem {
    /// Its title.
    pub title: String,
    /// Its length.
    pub minutes: i64,
    /// Who speaks.
    pub speakers: Vec<String>,
    /// Its link.
    pub url: Option<String>,
    /// Its description.
    pub description: Option<String>,
}

impl Extras {
    fn is_empty(&self) -> bool {
        *self == Extras::default()
    }
}

/// The `<abstract>` of a block: its description alone when that reads
/// back exactly, else the description, the summary (the moderator and
/// each item at `ranges[i]`, its time as the event zone shows it) and the
/// data line.
pub(crate) fn encode(description: Option<&str>, extras: &Extras, ranges: &[String]) -> String {
    let plain = description.unwrap_or_default();
    if extras.is_empty()
        && decode(plain).is_none()
        && plain_description(plain).as_deref() == description
    {
        return plain.to_string();
    }
    let one_line = |text: &str| text.replace(['\n', '\r'], " ");
    let mut summary = Vec::new();
    if let Some(moderator) = &extras.moderator {
        summary.push(format!("Moderator: {}", one_line(moderator)));
    }
    for (item, range) in extras.items.iter().zip(ranges) {
        let mut line = format!("{range} {}", one_line(&item.title));
        if !item.speakers.is_empty() {
            line.push_str(&format!(" ({})", one_line(&item.speakers.join(", "))));
        }
        summary.push(line);
    }
    let mut out = String::new();
    if let Some(description) = description {
        out.push_str(description);
        out.push_str("\n\n");
    }
    if !summary.is_empty() {
        out.push_str(&summary.join("\n"));
        out.push_str("\n\n");
    }
    out.push_str(MARK);
    out.push_str(&data(extras, summary.len()).to_string());
    out
}

/// The description and the extras of an abstract that ends in a data
/// line, when all of it reads whole; `None` for prose.
pub(crate) fn decode(text: &str) -> Option<(Option<String>, Extras)> {
    let (before, line) = match text.rfind('\n') {
        Some(at) => text.split_at(at + 1),
        None => ("", text),
    };
    let Value::Object(map) = serde_json::from_str::<Value>(line.strip_prefix(MARK)?).ok()? else {
        return None;
    };
    let (extras, summary) = extras(map)?;
    // `before` is empty, or the description and the summary, each
    // followed by a blank line. The summary's lines hold no line end, so
    // they are counted off from the end.
    let mut described = before;
    if summary > 0 {
        let lines = before.strip_suffix("\n\n")?;
        let parts: Vec<&str> = lines.rsplitn(summary + 1, '\n').collect();
        described = match parts.len() {
            n if n == summary => "",
            n if n == summary + 1 => &lines[..=parts[summary].len()],
            _ => return None,
        };
    }
    let description = match described {
        "" => None,
        text => Some(text.strip_suffix("\n\n")?.to_string()),
    };
    Some((description, extras))
}

/// The description a reader takes from an abstract that carries no data
/// line: its text without surrounding space, none when blank.
pub(crate) fn plain_description(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// The persons of a block as frab lists them (every one due, for apps):
/// the speakers, then the moderator, each once.
pub(crate) fn persons<'a>(speakers: &'a [String], moderator: Option<&'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for person in speakers.iter().map(String::as_str).chain(moderator) {
        if !out.contains(&person) {
            out.push(person);
        }
    }
    out
}

/// The speakers a reader takes from the persons of an event (trimmed,
/// blank ones dropped, each once), when no data line says: all of them
/// but a last one that is the moderator.
pub(crate) fn speakers_from(persons: &[String], moderator: Option<&str>) -> Vec<String> {
    let mut speakers: Vec<String> = Vec::new();
    for person in persons.iter().map(|p| p.trim()) {
        if !person.is_empty() && !speakers.iter().any(|s| s == person) {
            speakers.push(person.to_string());
        }
    }
    if moderator.is_some() && speakers.last().map(String::as_str) == moderator {
        speakers.pop();
    }
    speakers
}

/// How the rooms of a schedule are read when no data line says: a room
/// with an event running at the same time as an event of another room is
/// a parallel room; the others hold plenary blocks, the busiest of them
/// being the event's own location.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rooms {
    parallel: HashSet<String>,
    main: Option<String>,
}

impl Rooms {
    /// The rooms of events given as (room, start, end), in one sweep in
    /// start order: an event overlaps an earlier one of another room
    /// exactly when the latest end among the other rooms' earlier events
    /// is after its start.
    pub(crate) fn new(events: &[(&str, DateTime<Utc>, DateTime<Utc>)]) -> Rooms {
        let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>, &str)> = events
            .iter()
            .map(|&(room, start, end)| (start, end, room))
            .collect();
        spans.sort();
        let mut parallel = HashSet::new();
        // The two latest ends so far, of two different rooms, latest
        // first: the latest end of the rooms other than any one room is
        // among them.
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
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (room, _, _) in events.iter().filter(|e| !parallel.contains(e.0)) {
            *counts.entry(room).or_default() += 1;
        }
        let main = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(room, _)| room.to_string());
        Rooms { parallel, main }
    }

    /// The room that holds most plenary events: the event's location.
    pub(crate) fn main(&self) -> Option<&str> {
        self.main.as_deref()
    }

    /// The block's room and location for an event in `room`: the room
    /// when it is parallel; else a plenary block, located there unless it
    /// is the event's location.
    pub(crate) fn placement(&self, room: &str) -> (Option<String>, Option<String>) {
        if self.parallel.contains(room) {
            (Some(room.to_string()), None)
        } else if self.main.as_deref() == Some(room) {
            (None, None)
        } else {
            (None, Some(room.to_string()))
        }
    }
}

fn data(extras: &Extras, summary: usize) -> Value {
    let mut map = Map::new();
    let mut put = |key: &str, value: Value| {
        map.insert(key.to_string(), value);
    };
    let text = |s: &str| Value::String(s.to_string());
    let list = |l: &[String]| Value::Array(l.iter().map(|s| text(s)).collect());
    let nullable = |o: &Option<String>| o.as_deref().map_or(Value::Null, text);
    if let Some(title) = &extras.title {
        put("title", text(title));
    }
    if let Some(speakers) = &extras.speakers {
        put("speakers", list(speakers));
    }
    if let Some(moderator) = &extras.moderator {
        put("moderator", text(moderator));
    }
    if let Some(room) = &extras.room {
        put("room", nullable(room));
    }
    if let Some(location) = &extras.location {
        put("location", nullable(location));
    }
    if let Some(id) = &extras.id {
        put("id", text(id));
    }
    if !extras.items.is_empty() {
        let items = extras
            .items
            .iter()
            .map(|item| {
                let mut m = Map::new();
                m.insert("title".into(), text(&item.title));
                m.insert("minutes".into(), Value::from(item.minutes));
                if !item.speakers.is_empty() {
                    m.insert("speakers".into(), list(&item.speakers));
                }
                if let Some(url) = &item.url {
                    m.insert("url".into(), text(url));
                }
                if let Some(description) = &item.description {
                    m.insert("description".into(), text(description));
                }
                Value::Object(m)
            })
            .collect();
        put("items", Value::Array(items));
    }
    if summary > 0 {
        put("summary", Value::from(summary));
    }
    Value::Object(map)
}

/// The extras of a data line and the number of summary lines above it;
/// `None` when a key is unknown or a value of the wrong type.
fn extras(map: Map<String, Value>) -> Option<(Extras, usize)> {
    let mut extras = Extras::default();
    let mut summary = 0;
    for (key, value) in map {
        match key.as_str() {
            "title" => extras.title = Some(string(value)?),
            "speakers" => extras.speakers = Some(strings(value)?),
            "moderator" => extras.moderator = Some(string(value)?),
            "room" => extras.room = Some(nullable(value)?),
            "location" => extras.location = Some(nullable(value)?),
            "id" => extras.id = Some(string(value)?),
            "items" => {
                let Value::Array(items) = value else {
                    return None;
                };
                extras.items = items.into_iter().map(item).collect::<Option<_>>()?;
            }
            "summary" => summary = usize::try_from(value.as_u64()?).ok()?,
            _ => return None,
        }
    }
    Some((extras, summary))
}

fn item(value: Value) -> Option<ExtraItem> {
    let Value::Object(map) = value else {
        return None;
    };
    let mut item = ExtraItem::default();
    let mut titled = false;
    for (key, value) in map {
        match key.as_str() {
            "title" => {
                item.title = string(value)?;
                titled = true;
            }
            "minutes" => item.minutes = value.as_i64()?,
            "speakers" => item.speakers = strings(value)?,
            "url" => item.url = Some(string(value)?),
            "description" => item.description = Some(string(value)?),
            _ => return None,
        }
    }
    (titled && item.minutes > 0).then_some(item)
}

fn string(value: Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s),
        _ => None,
    }
}

fn nullable(value: Value) -> Option<Option<String>> {
    match value {
        Value::Null => Some(None),
        other => string(other).map(Some),
    }
}

fn strings(value: Value) -> Option<Vec<String>> {
    match value {
        Value::Array(list) => list.into_iter().map(string).collect(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(title: &str, minutes: i64, speakers: &[&str]) -> ExtraItem {
        ExtraItem {
            title: title.to_string(),
            minutes,
            speakers: speakers.iter().map(|s| s.to_string()).collect(),
            url: None,
            description: None,
        }
    }

    #[test]
    fn the_layout_of_an_abstract() {
        let extras = Extras {
            moderator: Some("Ana Tanaka".into()),
            items: vec![item("Fink", 10, &["A", "B"])],
            ..Extras::default()
        };
        let ranges = ["14:30–14:40".to_string()];
        assert_eq!(
            encode(Some("Two\nlines."), &extras, &ranges),
            "Two\nlines.\n\nModerator: Ana Tanaka\n14:30–14:40 Fink (A, B)\n\n\
             [agenda] {\"items\":[{\"minutes\":10,\"speakers\":[\"A\",\"B\"],\"title\":\"Fink\"}],\
             \"moderator\":\"Ana Tanaka\",\"summary\":2}"
        );
        // A block that frab carries whole: its description, nothing more.
        assert_eq!(encode(Some("Plain."), &Extras::default(), &[]), "Plain.");
        assert_eq!(encode(None, &Extras::default(), &[]), "");
    }

    #[test]
    fn what_is_written_reads_back_exactly() {
        let tricky = [
            None,
            Some(""),
            Some("  spaced  "),
            Some("\n"),
            Some("Moderator: see the desk\n10:00–11:00 Coffee (live)"),
            Some("ends with a blank line\n\n"),
            Some("[agenda] {\"moderator\":\"Mallory\"}"),
            Some("quotes \" and \\ backslashes\r\nand CRLF"),
        ];
        let extras = [
            Extras::default(),
            Extras {
                moderator: Some("Moderator: X".into()),
                ..Extras::default()
            },
            Extras {
                title: Some(" padded ".into()),
                speakers: Some(vec!["Q&A (live)".into(), "Q&A (live)".into()]),
                room: Some(None),
                location: Some(Some("Foyer".into())),
                id: Some("t1".into()),
                items: vec![
                    item("10:00–11:00 Coffee", 5, &[]),
                    item("a\nb", 7, &["(x)"]),
                ],
                ..Extras::default()
            },
        ];
        for description in tricky {
            for extras in &extras {
                let ranges = vec!["10:00–10:05".to_string(); extras.items.len()];
                let text = encode(description, extras, &ranges);
                let expected = (description.map(str::to_string), extras.clone());
                match decode(&text) {
                    Some(read) => assert_eq!(read, expected, "{text:?}"),
                    // Only a description frab carries whole goes plain.
                    None => {
                        assert_eq!(*extras, Extras::default(), "{text:?}");
                        assert_eq!(plain_description(&text), expected.0, "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn prose_is_never_read_as_data() {
        for prose in [
            "",
            "Moderator: Ana\n14:30–14:40 Fink (A, B)",
            "[agenda] not json",
            "[agenda] {\"moderator\": 3}",
            "[agenda] {\"unknown\": \"key\"}",
            "[agenda] [\"a list\"]",
            "[agenda] {\"items\":[{\"title\":\"x\"}]}",
            // The summary it claims is not there.
            "[agenda] {\"summary\":2}",
            "one line\n[agenda] {\"summary\":1}",
            // No blank line before the data.
            "Text\n[agenda] {}",
            "[agenda] {} trailing",
            "[agenda] {}\n",
        ] {
            assert_eq!(decode(prose), None, "{prose:?}");
        }
        assert_eq!(decode("[agenda] {}"), Some((None, Extras::default())));
        assert_eq!(
            decode("Text\n\n[agenda] {}"),
            Some((Some("Text".into()), Extras::default()))
        );
    }

    #[test]
    fn speakers_and_rooms_as_the_reader_takes_them() {
        let names = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(persons(&names(&["A", "B"]), Some("M")), ["A", "B", "M"]);
        assert_eq!(persons(&names(&["A", "M"]), Some("M")), ["A", "M"]);
        assert_eq!(
            speakers_from(&names(&["A", " B ", "", "A", "M"]), Some("M")),
            names(&["A", "B"])
        );
        // A moderator who also speaks, last: the reader cannot tell, so
        // the writer carries the speakers.
        assert_ne!(
            speakers_from(&names(&["A", "M"]), Some("M")),
            names(&["A", "M"])
        );

        let at = |h: u32| {
            chrono::NaiveDate::from_ymd_opt(2021, 4, 13)
                .and_then(|d| d.and_hms_opt(h, 0, 0))
                .map(|t| t.and_utc())
                .unwrap()
        };
        // A and B run at once; the hall twice alone, the foyer once.
        let rooms = Rooms::new(&[
            ("Hall", at(9), at(10)),
            ("A", at(10), at(11)),
            ("B", at(10), at(12)),
            ("Hall", at(12), at(13)),
            ("Foyer", at(13), at(14)),
        ]);
        assert_eq!(rooms.main(), Some("Hall"));
        assert_eq!(rooms.placement("A"), (Some("A".into()), None));
        assert_eq!(rooms.placement("Hall"), (None, None));
        assert_eq!(rooms.placement("Foyer"), (None, Some("Foyer".into())));
    }
}
