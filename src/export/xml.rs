//! The frab/c3voc schedule XML read by conference apps (Giggity,
//! ConfClerk, EventFahrplan), valid against the published
//! `schedule.xml.xsd`.
//!
//! frab wants every event in a room; a plenary block (no `room`) goes to a
//! room named for its location, else the event's location, else the
//! event's name. Times are written in the event zone with their UTC
//! offset, so a day that spans a daylight-saving change carries both.
//! What frab has no element for (moderator, items, a room frab cannot
//! tell from a plenary) is written by [`crate::frab_codec`], which the
//! schedule reader uses to read it back.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use uuid::Uuid;

use super::identity::block_uuid;
use super::{Render, RenderError, View};
use crate::frab_codec::{self, ExtraItem, Extras, Rooms};
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
        if days.is_empty() {
            return Err(RenderError::Empty);
        }
        let rooms = day_rooms(agenda, &days);
        let placement = Rooms::new(
            &days
                .iter()
                .zip(&rooms)
                .flat_map(|(day, rooms)| {
                    day.blocks
                        .iter()
                        // As the reader takes room names: trimmed.
                        .map(|b| (rooms.of(agenda, b).trim(), b.start, b.end))
                })
                .collect::<Vec<_>>(),
        );
        let mut ids = Identities::default();
        let mut body = String::new();
        for (index, (day, rooms)) in days.iter().zip(&rooms).enumerate() {
            day_xml(
                &mut body,
                agenda,
                day,
                index + 1,
                rooms,
                &placement,
                &mut ids,
            )?;
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

/// The rooms of one day: one per name up to case, accents and spaces (as
/// `check` and `--room` see rooms), under its first spelling of the day.
#[derive(Default)]
struct DayRooms {
    by_key: HashMap<String, String>,
}

impl DayRooms {
    /// The name of the room `block` is written in.
    fn of<'a>(&'a self, agenda: &Agenda, block: &Block) -> &'a str {
        let key = crate::text::fold(room_name(&agenda.event, block).trim());
        self.by_key.get(&key).map_or("", String::as_str)
    }
}

/// The rooms of each day, spelt as the XML writes them.
fn day_rooms(agenda: &Agenda, days: &[&Day]) -> Vec<DayRooms> {
    days.iter()
        .map(|day| {
            let mut rooms = DayRooms::default();
            let mut blocks: Vec<&Block> = day.blocks.iter().collect();
            blocks.sort_by_key(|b| b.start);
            for block in blocks {
                let room = room_name(&agenda.event, block);
                rooms
                    .by_key
                    .entry(crate::text::fold(room.trim()))
                    .or_insert(room);
            }
            rooms
        })
        .collect()
}

fn day_xml(
    out: &mut String,
    agenda: &Agenda,
    day: &Day,
    index: usize,
    day_rooms: &DayRooms,
    placement: &Rooms,
    ids: &mut Identities,
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
    let mut rooms: Vec<(&str, Vec<&Block>)> = Vec::new();
    // Found by hash: a day may have many rooms.
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut blocks: Vec<&Block> = day.blocks.iter().collect();
    blocks.sort_by_key(|b| b.start);
    for block in blocks {
        let room = day_rooms.of(agenda, block);
        match index.get(room) {
            Some(&i) => rooms[i].1.push(block),
            None => {
                index.insert(room, rooms.len());
                rooms.push((room, vec![block]));
            }
        }
    }
    for (room, blocks) in rooms {
        writeln!(out, "    <room name=\"{}\">", xml(room))?;
        for block in blocks {
            event_xml(out, agenda, block, room, placement, ids)?;
        }
        out.push_str("    </room>\n");
    }
    out.push_str("  </day>\n");
    Ok(())
}

/// The guids and numeric ids given so far, each unique in the file as
/// frab's schema wants.
#[derive(Default)]
struct Identities {
    guids: HashSet<Uuid>,
    ids: HashSet<u32>,
}

impl Identities {
    /// The block's guid: its `id` when that is a UUID not used yet, else
    /// the UUID its calendar UID has.
    fn guid(&mut self, event: &Event, block: &Block) -> Uuid {
        let own = block
            .id
            .as_deref()
            .and_then(|id| Uuid::try_parse(id.trim()).ok())
            .filter(|id| !self.guids.contains(id));
        // Two blocks with one UUID as `id` (an error `check` reports):
        // the later gets its derived UUID, which its distinct key (`#2`)
        // makes its own. Should even that be taken (an `id` copied from
        // another block's derived UUID), the next of a chain made from it.
        let mut guid = own.unwrap_or_else(|| block_uuid(event, block));
        while !self.guids.insert(guid) {
            guid = Uuid::new_v5(&guid, b"next");
        }
        guid
    }
}

fn event_xml(
    out: &mut String,
    agenda: &Agenda,
    block: &Block,
    room: &str,
    placement: &Rooms,
    ids: &mut Identities,
) -> Result<(), RenderError> {
    let zone = agenda.event.zone;
    let guid = ids.guid(&agenda.event, block);
    let id = unique_id(&guid, &mut ids.ids);
    writeln!(out, "      <event id=\"{id}\" guid=\"{guid}\">")?;
    element(out, 8, "date", &time::rfc3339(zone, block.start));
    element(out, 8, "start", &time::hm(zone, block.start));
    element(out, 8, "duration", &duration(block.minutes())?);
    element(out, 8, "room", room);
    element(out, 8, "title", &block.title);
    element(out, 8, "type", block.kind.as_str());
    element(
        out,
        8,
        "abstract",
        &abstract_text(zone, block, room, &guid, placement),
    );
    element(
        out,
        8,
        "track",
        &crate::text::capitalized(block.kind.as_str()),
    );
    out.push_str("        <persons>\n");
    for person in frab_codec::persons(&block.speakers, block.moderator.as_deref()) {
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

/// The block's description, and what frab has no element for, written
/// by the codec: read back, the XML gives the block as it is.
fn abstract_text(zone: Zone, block: &Block, room: &str, guid: &Uuid, placement: &Rooms) -> String {
    let persons: Vec<String> = frab_codec::persons(&block.speakers, block.moderator.as_deref())
        .into_iter()
        .map(str::to_string)
        .collect();
    let speakers_read = frab_codec::speakers_from(&persons, block.moderator.as_deref());
    let exact = (
        block.room.as_ref().map(|r| r.0.clone()),
        block.location.clone(),
    );
    let placed = placement.placement(room.trim()) != exact;
    let extras = Extras {
        title: (block.title.trim() != block.title).then(|| block.title.clone()),
        speakers: (speakers_read != block.speakers).then(|| block.speakers.clone()),
        moderator: block.moderator.clone(),
        room: placed.then(|| exact.0.clone()),
        location: placed.then(|| exact.1.clone()),
        id: block.id.clone().filter(|id| *id != guid.to_string()),
        items: block
            .items
            .iter()
            .map(|item| ExtraItem {
                title: item.title.clone(),
                minutes: (item.end - item.start).num_minutes(),
                speakers: item.speakers.clone(),
                url: item.url.clone(),
                description: item.description.clone(),
            })
            .collect(),
    };
    let date = block.start.with_timezone(&zone).date_naive();
    let ranges: Vec<String> = block
        .items
        .iter()
        .map(|item| time::range(zone, date, item.start, item.end))
        .collect();
    frab_codec::encode(block.description.as_deref(), &extras, &ranges)
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
        assert_eq!(block.key.0, "talk:Introduction & logistics");
        // Computed independently with Python's uuid module:
        // ns = uuid5(NAMESPACE_URL, "urn:agenda:block")
        // uuid5(ns, "20:broker-workshop-2021\ntalk:Introduction & logistics")
        let guid = "d7cbe49a-baeb-5358-a6bd-26540c3ab1e7";
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
