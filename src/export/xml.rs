//! The frab/c3voc schedule XML read by conference apps (Giggity,
//! ConfClerk, EventFahrplan), valid against the published
//! `schedule.xml.xsd`.
//!
//! frab wants every event in a room; a plenary block (no `room`) goes to a
//! room named for its location, else the event's location, else the
//! event's name. Times are written in the event zone with their UTC
//! offset, so a day that spans a daylight-saving change carries both.

use std::collections::HashSet;
use std::fmt::Write;

use uuid::Uuid;

use super::identity::block_uuid;
use super::{Render, RenderError, View};
use crate::model::{Agenda, Block, Day, Event};
use crate::time::{self, Zone};
use crate::visible::xml;

/// The frab schedule XML.
pub(crate) struct Xml;

impl Render for Xml {
    fn render(&self, agenda: &Agenda, _view: &View) -> Result<String, RenderError> {
        let zone = agenda.event.zone;
        let days: Vec<&Day> = agenda
            .days
            .iter()
            .filter(|d| !d.blocks.is_empty())
            .collect();
        let mut ids = HashSet::new();
        let mut body = String::new();
        for (index, day) in days.iter().enumerate() {
            day_xml(&mut body, agenda, day, index + 1, &mut ids)?;
        }
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n");
        writeln!(
            out,
            "  <generator name=\"agenda\" version=\"{}\"/>",
            env!("CARGO_PKG_VERSION")
        )?;
        // The version changes exactly when the programme does, so apps that
        // compare it know when to reload.
        let fingerprint = Uuid::new_v5(&Uuid::NAMESPACE_URL, body.as_bytes());
        writeln!(
            out,
            "  <version>{}</version>",
            &fingerprint.simple().to_string()[..12]
        )?;
        out.push_str("  <conference>\n");
        element(&mut out, 4, "title", &agenda.event.name);
        if let Some(acronym) = acronym(&agenda.event) {
            element(&mut out, 4, "acronym", &acronym);
        }
        if let (Some(first), Some(last)) = (days.first(), days.last()) {
            element(&mut out, 4, "start", &first.date.to_string());
            element(&mut out, 4, "end", &last.date.to_string());
        }
        element(&mut out, 4, "days", &days.len().to_string());
        element(&mut out, 4, "time_zone_name", zone.name());
        if let Some(url) = agenda.event.url.as_deref().filter(|u| is_http(u)) {
            element(&mut out, 4, "base_url", url);
            element(&mut out, 4, "url", url);
        }
        out.push_str("  </conference>\n");
        out.push_str(&body);
        out.push_str("</schedule>\n");
        Ok(out)
    }
}

fn day_xml(
    out: &mut String,
    agenda: &Agenda,
    day: &Day,
    index: usize,
    ids: &mut HashSet<u32>,
) -> Result<(), RenderError> {
    let zone = agenda.event.zone;
    let start = day.blocks.iter().map(|b| b.start).min();
    let end = day.blocks.iter().map(|b| b.end).chain(day.end).max();
    let (Some(start), Some(end)) = (start, end) else {
        return Ok(());
    };
    writeln!(
        out,
        "  <day index=\"{index}\" date=\"{}\" start=\"{}\" end=\"{}\">",
        day.date,
        time::rfc3339(zone, start),
        time::rfc3339(zone, end)
    )?;
    let mut rooms: Vec<(String, Vec<&Block>)> = Vec::new();
    // One room per name up to case, accents and spaces (as `check` and
    // `--room` see rooms), under its first spelling; found by hash.
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    let mut blocks: Vec<&Block> = day.blocks.iter().collect();
    blocks.sort_by_key(|b| b.start);
    for block in blocks {
        let room = room_name(&agenda.event, block);
        let key = crate::text::fold(room.trim());
        match index.get(&key) {
            Some(&i) => rooms[i].1.push(block),
            None => {
                index.insert(key, rooms.len());
                rooms.push((room, vec![block]));
            }
        }
    }
    for (room, blocks) in rooms {
        writeln!(out, "    <room name=\"{}\">", xml(&room))?;
        for block in blocks {
            event_xml(out, agenda, block, &room, ids)?;
        }
        out.push_str("    </room>\n");
    }
    out.push_str("  </day>\n");
    Ok(())
}

fn event_xml(
    out: &mut String,
    agenda: &Agenda,
    block: &Block,
    room: &str,
    ids: &mut HashSet<u32>,
) -> Result<(), RenderError> {
    let zone = agenda.event.zone;
    let guid = block_uuid(&agenda.event, block);
    let id = unique_id(&guid, ids);
    writeln!(out, "      <event id=\"{id}\" guid=\"{guid}\">")?;
    element(out, 8, "date", &time::rfc3339(zone, block.start));
    element(out, 8, "start", &time::hm(zone, block.start));
    element(out, 8, "duration", &duration(block.minutes())?);
    element(out, 8, "room", room);
    element(out, 8, "title", &block.title);
    element(out, 8, "type", block.kind.as_str());
    element(out, 8, "abstract", &abstract_text(zone, block));
    element(
        out,
        8,
        "track",
        &crate::text::capitalized(block.kind.as_str()),
    );
    out.push_str("        <persons>\n");
    let mut seen = HashSet::new();
    for person in block.people().filter(|p| seen.insert(*p)) {
        element(out, 10, "person", person);
    }
    out.push_str("        </persons>\n");
    let links: Vec<(&str, &str)> = block
        .url
        .iter()
        .map(|u| (u.as_str(), block.title.as_str()))
        .chain(
            block
                .items
                .iter()
                .filter_map(|i| i.url.as_deref().map(|u| (u, i.title.as_str()))),
        )
        .filter(|(u, _)| is_http(u))
        .collect();
    if !links.is_empty() {
        out.push_str("        <links>\n");
        for (href, title) in links {
            writeln!(
                out,
                "          <link href=\"{}\">{}</link>",
                xml(href),
                xml(title)
            )?;
        }
        out.push_str("        </links>\n");
    }
    if let Some(url) = block.url.as_deref().filter(|u| is_http(u)) {
        element(out, 8, "url", url);
    }
    out.push_str("      </event>\n");
    Ok(())
}

/// The description, then who moderates, then every item with its times in
/// the event zone, one per line.
fn abstract_text(zone: Zone, block: &Block) -> String {
    let mut lines: Vec<String> = block.description.iter().cloned().collect();
    if let Some(moderator) = &block.moderator {
        lines.push(format!("Moderator: {moderator}"));
    }
    let date = block.start.with_timezone(&zone).date_naive();
    for item in &block.items {
        let mut line = format!(
            "{} {}",
            time::range(zone, date, item.start, item.end),
            item.title
        );
        if !item.speakers.is_empty() {
            line.push_str(&format!(" ({})", item.speakers.join(", ")));
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// Where a block runs, as a frab room.
fn room_name(event: &Event, block: &Block) -> String {
    match &block.room {
        Some(room) => room.0.clone(),
        None => block
            .location
            .clone()
            .or_else(|| event.location.clone())
            .unwrap_or_else(|| event.name.clone()),
    }
}

/// A positive number taken from the GUID, so that it stays the same from
/// export to export; the next free one on the rare clash.
fn unique_id(guid: &Uuid, ids: &mut HashSet<u32>) -> u32 {
    let bytes = guid.as_bytes();
    let mut id = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) & 0x7fff_ffff;
    id = id.max(1);
    while !ids.insert(id) {
        id = if id == 0x7fff_ffff { 1 } else { id + 1 };
    }
    id
}

/// frab's acronym (`[a-z0-9_-]{4,}`) from the event's id or name, if
/// one that long can be made.
fn acronym(event: &Event) -> Option<String> {
    let source = event.id.as_deref().unwrap_or(&event.name);
    let mut out = String::new();
    for c in source.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    (out.len() >= 4).then_some(out)
}

/// frab's `HH:MM`.
fn duration(minutes: i64) -> Result<String, RenderError> {
    if !(0..100 * 60).contains(&minutes) {
        return Err(RenderError::TooLong(minutes));
    }
    Ok(format!("{:02}:{:02}", minutes / 60, minutes % 60))
}

fn is_http(url: &str) -> bool {
    crate::text::is_web_url(url)
}

fn element(out: &mut String, indent: usize, name: &str, text: &str) {
    out.push_str(&" ".repeat(indent));
    out.push_str(&format!("<{name}>{}</{name}>\n", xml(text)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_hours_and_minutes() {
        assert_eq!(duration(5).unwrap(), "00:05");
        assert_eq!(duration(135).unwrap(), "02:15");
        assert!(duration(100 * 60).is_err());
    }

    #[test]
    fn guid_is_the_calendar_uuid() {
        let agenda = crate::load(include_str!("../../agenda.toml"))
            .agenda
            .unwrap();
        let block = &agenda.days[0].blocks[0];
        assert_eq!(block.key.0, "2021-04-13//title:Introduction & logistics#1");
        // Computed independently with Python's uuid module:
        // ns = uuid5(NAMESPACE_URL, "urn:agenda:block")
        // uuid5(ns, "20:broker-workshop-2021\n2021-04-13//title:Introduction & logistics#1")
        let guid = "5175a08e-d9b1-572b-b528-7effe1b8ee91";
        assert_eq!(block_uuid(&agenda.event, block).to_string(), guid);
        let view = View {
            zones: Vec::new(),
            breaks: false,
            alarm: None,
            generated: chrono::DateTime::UNIX_EPOCH,
            width: None,
            tzdb: None,
        };
        let xml = Xml.render(&agenda, &view).unwrap();
        assert!(xml.contains(&format!(" guid=\"{guid}\">")));
    }

    #[test]
    fn acronyms_follow_frab_pattern() {
        let agenda = crate::load(include_str!("../../agenda.toml"))
            .agenda
            .unwrap();
        assert_eq!(
            acronym(&agenda.event).as_deref(),
            Some("broker-workshop-2021")
        );
        let mut event = agenda.event.clone();
        event.id = Some("A&B".into());
        assert_eq!(acronym(&event), None);
    }
}
