//! The resolved programme as JSON: every block and item with its start and
//! end in UTC and in the event zone. The field names are a contract with
//! scripts (docs/exporting.md, "JSON"): add fields, never rename one.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::{identity, Render, RenderError, View};
use crate::diagnostic::Code;
use crate::kind::Kind;
use crate::model::{Agenda, Block, Day, Item};
use crate::time::{self, Zone};

/// The JSON export.
pub(crate) struct Json;

/// Version of the shape below, bumped only if a field ever changes meaning.
const SCHEMA: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema: u32,
    /// The version of the tz database the local times come from.
    tzdb: Option<&'static str>,
    event: EventJson<'a>,
    rules: RulesJson<'a>,
    days: Vec<DayJson<'a>>,
}

#[derive(Serialize)]
struct EventJson<'a> {
    name: &'a str,
    id: Option<&'a str>,
    timezone: &'static str,
    url: Option<&'a str>,
    location: Option<&'a str>,
}

#[derive(Serialize)]
struct RulesJson<'a> {
    talk_minutes: &'a [i64],
    item_minutes: i64,
}

#[derive(Serialize)]
struct DayJson<'a> {
    date: String,
    name: Option<&'a str>,
    end_utc: Option<String>,
    end_local: Option<String>,
    blocks: Vec<BlockJson<'a>>,
}

/// When a block or an item runs: in UTC, on the event zone's clock, and
/// how long.
#[derive(Serialize)]
struct TimesJson {
    start_utc: String,
    end_utc: String,
    start_local: String,
    end_local: String,
    minutes: i64,
}

impl TimesJson {
    fn new(zone: Zone, start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        TimesJson {
            start_utc: utc(start),
            end_utc: utc(end),
            start_local: local(zone, start),
            end_local: local(zone, end),
            minutes: (end - start).num_minutes(),
        }
    }
}

#[derive(Serialize)]
struct BlockJson<'a> {
    uuid: String,
    id: Option<&'a str>,
    kind: Kind,
    title: &'a str,
    #[serde(flatten)]
    times: TimesJson,
    speakers: &'a [String],
    moderator: Option<&'a str>,
    room: Option<&'a str>,
    location: Option<&'a str>,
    url: Option<&'a str>,
    description: Option<&'a str>,
    /// The codes of the rules the block breaks (`check`'s errors about it).
    findings: &'a [Code],
    items: Vec<ItemJson<'a>>,
}

#[derive(Serialize)]
struct ItemJson<'a> {
    title: &'a str,
    #[serde(flatten)]
    times: TimesJson,
    speakers: &'a [String],
    url: Option<&'a str>,
    description: Option<&'a str>,
}

impl Render for Json {
    fn render(&self, agenda: &Agenda, view: &View) -> Result<String, RenderError> {
        let zone = agenda.event.zone;
        let document = Document {
            schema: SCHEMA,
            tzdb: view.tzdb,
            event: EventJson {
                name: &agenda.event.name,
                id: agenda.event.id.as_deref(),
                timezone: zone.name(),
                url: agenda.event.url.as_deref(),
                location: agenda.event.location.as_deref(),
            },
            rules: RulesJson {
                talk_minutes: &agenda.rules.talk_minutes,
                item_minutes: agenda.rules.item_minutes,
            },
            days: agenda.days.iter().map(|d| day(agenda, d)).collect(),
        };
        let mut text = crate::visible::json(serde_json::to_string_pretty(&document)?);
        text.push('\n');
        Ok(text)
    }
}

fn day<'a>(agenda: &'a Agenda, day: &'a Day) -> DayJson<'a> {
    let zone = agenda.event.zone;
    DayJson {
        date: day.date.to_string(),
        name: day.name.as_deref(),
        end_utc: day.end.map(utc),
        end_local: day.end.map(|t| local(zone, t)),
        blocks: day.blocks.iter().map(|b| block(agenda, b)).collect(),
    }
}

fn block<'a>(agenda: &'a Agenda, block: &'a Block) -> BlockJson<'a> {
    let zone = agenda.event.zone;
    BlockJson {
        uuid: identity::block_uuid(&agenda.event, block).to_string(),
        id: block.id.as_deref(),
        kind: block.kind,
        title: &block.title,
        times: TimesJson::new(zone, block.start, block.end),
        speakers: &block.speakers,
        moderator: block.moderator.as_deref(),
        room: block.room.as_ref().map(|r| r.0.as_str()),
        location: block.location.as_deref(),
        url: block.url.as_deref(),
        description: block.description.as_deref(),
        findings: &block.breaks,
        items: block.items.iter().map(|i| item(zone, i)).collect(),
    }
}

fn item(zone: Zone, item: &Item) -> ItemJson<'_> {
    ItemJson {
        title: &item.title,
        times: TimesJson::new(zone, item.start, item.end),
        speakers: &item.speakers,
        url: item.url.as_deref(),
        description: item.description.as_deref(),
    }
}

/// `2021-04-13T14:00:00Z`.
fn utc(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `2021-04-13T10:00:00-04:00`: the same instant on the event zone's clock.
fn local(zone: Zone, at: DateTime<Utc>) -> String {
    time::rfc3339(zone, at)
}
