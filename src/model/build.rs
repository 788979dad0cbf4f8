//! The model built from the declarations: every time resolved in the
//! event zone, each length checked against the years a date may have, and
//! every block given its key.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use super::resolve::resolve;
use super::{Agenda, Block, BlockKey, BlockSpans, Day, DaySpans, Event, Item, Person, Room, Rules};
use crate::decl::{values, AgendaFile, BlockDecl, DayDecl, Length, Located};
use crate::diagnostic::{Code, Finding, Span};
use crate::time::Zone;

/// Builds the model from the declarations, resolving every wall-clock time
/// in the event zone. A block whose times cannot be resolved is reported
/// and left out, so that the rest can still be checked.
pub(crate) fn build(file: AgendaFile, findings: &mut Vec<Finding>) -> Option<Agenda> {
    let zone = file.event.zone?;
    let rules = Rules {
        talk_minutes: file.rules.talk_minutes,
        item_minutes: file.rules.item_minutes,
        talk_minutes_span: file.rules.talk_minutes_span,
        waking_hours: file.rules.waking_hours,
        require_people: file.rules.require_people,
    };
    let days = file
        .days
        .into_iter()
        .map(|day| build_day(day, zone, rules.item_minutes, findings))
        .collect();
    let mut days: Vec<Day> = days;
    assign_keys(&mut days);
    Some(Agenda {
        event: Event {
            name: file.event.name.map(|n| n.value).unwrap_or_default(),
            zone,
            url: file.event.url.map(|u| u.value),
            location: file.event.location.map(|l| l.value),
            id: file.event.id.map(|i| i.value),
        },
        rules,
        days,
        people: file
            .people
            .into_iter()
            .map(|p| Person {
                key: crate::text::person_key(&p.name),
                name: p.name,
                zone: p.zone,
                span: p.span,
            })
            .collect(),
        conflicts: Vec::new(),
    })
}

fn build_day(day: DayDecl, zone: Zone, item_minutes: i64, findings: &mut Vec<Finding>) -> Day {
    let date = day.date.value;
    let end = day
        .end
        .as_ref()
        .and_then(|end| resolve(zone, date, end, findings));
    let blocks = day
        .blocks
        .into_iter()
        .filter_map(|b| build_block(b, zone, date, item_minutes, findings))
        .collect();
    Day {
        date,
        name: day.name.map(|n| n.value),
        end,
        blocks,
        spans: DaySpans {
            end: day.end.map_or_else(|| day.span.clone(), |e| e.span),
            header: day.span,
            date: day.date.span,
        },
    }
}

fn build_block(
    b: BlockDecl,
    zone: Zone,
    date: NaiveDate,
    item_minutes: i64,
    findings: &mut Vec<Finding>,
) -> Option<Block> {
    let start = resolve(zone, date, &b.start, findings);
    let end = match b.length.value {
        // Seconds are whole minutes once validated; a schedule read for
        // `import` keeps its seconds until they are rounded.
        Length::Minutes(_) | Length::Seconds(_) => match start {
            Some(s) => Some(within_range(
                s,
                b.length.value.duration(),
                &b.length.span,
                findings,
            )?),
            None => None,
        },
        Length::End(wall) => {
            let located = Located {
                value: wall,
                span: b.length.span.clone(),
            };
            let end = resolve(zone, date, &located, findings)?;
            let start = start?;
            if end <= start {
                let (what, help) = if end == start {
                    (
                        "the block has no length: `end` equals `start`",
                        "set `end` after `start`",
                    )
                } else {
                    (
                        "`end` is earlier than `start`",
                        "a block that runs past midnight gives its length with `minutes`",
                    )
                };
                findings.push(
                    Finding::new(Code::EndBeforeStart, b.length.span.clone(), what)
                        .label("end")
                        .related(b.start.span.clone(), "start")
                        .help(help),
                );
                return None;
            }
            Some(end)
        }
    };
    let (start, end) = (start?, end?);
    let first = NaiveDate::from_ymd_opt(1, 1, 1).map(|d| d.and_time(NaiveTime::MIN).and_utc());
    if end > last_instant() || first.is_some_and(|first| start < first) {
        findings.push(
            Finding::new(
                Code::OutOfRange,
                b.start.span.clone(),
                "this block falls outside years 0001 to 9999 in UTC",
            )
            .label("too early or too late")
            .help("dates run from 0001-01-01 to 9999-12-31"),
        );
        return None;
    }
    let mut cursor = start;
    let mut items = Vec::with_capacity(b.items.len());
    for item in b.items {
        let item_start = cursor;
        let minutes = item.minutes.map_or(item_minutes, |m| m.value);
        cursor = within_range(cursor, Duration::try_minutes(minutes), &item.span, findings)?;
        items.push(Item {
            title: item.title.value,
            start: item_start,
            end: cursor,
            speakers: values(item.speakers),
            url: item.url.map(|u| u.value),
            description: item.description.map(|d| d.value),
            span: item.span,
        });
    }
    let or_header = |s: Option<Span>| s.unwrap_or_else(|| b.span.clone());
    Some(Block {
        start,
        end,
        kind: b.kind.value,
        title: b.title.value,
        speakers: values(b.speakers),
        moderator: b.moderator.as_ref().map(|m| m.value.clone()),
        room: b.room.map(|r| Room(r.value)),
        location: b.location.map(|l| l.value),
        url: b.url.map(|u| u.value),
        description: b.description.map(|d| d.value),
        id: b.id.as_ref().map(|i| i.value.clone()),
        items,
        breaks: Vec::new(),
        key: BlockKey(String::new()),
        spans: BlockSpans {
            start: b.start.span,
            length: b.length.span,
            speakers: b.speakers_span,
            moderator: or_header(b.moderator.map(|m| m.span)),
            items: b.items_span,
            id: or_header(b.id.map(|i| i.span)),
            header: b.span,
        },
    })
}

/// The last instant a programme may reach: RFC 3339 and iCalendar write
/// years of four digits.
fn last_instant() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map_or(DateTime::<Utc>::MAX_UTC, |t| t.and_utc())
}

/// `from` plus `length`, or a finding at `span` when that passes the end
/// of year 9999 (every sum is checked, so no input can overflow: a length
/// too large for a `Duration` is `None`).
fn within_range(
    from: DateTime<Utc>,
    length: Option<Duration>,
    span: &Span,
    findings: &mut Vec<Finding>,
) -> Option<DateTime<Utc>> {
    let end = length
        .and_then(|d| from.checked_add_signed(d))
        .filter(|&end| end <= last_instant());
    if end.is_none() {
        findings.push(
            Finding::new(
                Code::OutOfRange,
                span.clone(),
                "this runs past the end of year 9999",
            )
            .label("ends too late")
            .help("dates run from 0001-01-01 to 9999-12-31"),
        );
    }
    end
}

/// Gives every block its [`BlockKey`], in file order. The parts are
/// joined with `/`, so a `/` or `%` inside a room or title is escaped and
/// no two different blocks can share a key.
fn assign_keys(days: &mut [Day]) {
    fn part(text: &str) -> Cow<'_, str> {
        if text.contains(['/', '%']) {
            Cow::Owned(text.replace('%', "%25").replace('/', "%2F"))
        } else {
            Cow::Borrowed(text)
        }
    }
    // Keys are worked out first, borrowing the titles and rooms, and only
    // then stored: no title is cloned to count ranks.
    let mut rank: HashMap<(NaiveDate, Option<&str>, &str), usize> = HashMap::new();
    let keys: Vec<Vec<BlockKey>> = days
        .iter()
        .map(|day| {
            let date = day.date.to_string();
            day.blocks
                .iter()
                .map(|block| {
                    let room = block.room.as_ref().map(|r| r.0.as_str());
                    let name = block.id.as_ref().unwrap_or(&block.title);
                    let mut key = String::with_capacity(date.len() + name.len() + 32);
                    key.push_str(&date);
                    key.push('/');
                    key.push_str(&part(room.unwrap_or("")));
                    match &block.id {
                        Some(id) => {
                            key.push_str("/id:");
                            key.push_str(&part(id));
                        }
                        None => {
                            let n = rank.entry((day.date, room, &block.title)).or_default();
                            *n += 1;
                            let _ = write!(key, "/title:{}#{n}", part(&block.title));
                        }
                    }
                    BlockKey(key)
                })
                .collect()
        })
        .collect();
    for (day, keys) in days.iter_mut().zip(keys) {
        for (block, key) in day.blocks.iter_mut().zip(keys) {
            block.key = key;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_of_different_blocks_never_collide() {
        let text = r#"
[event]
name = "Keys"
timezone = "UTC"
[[day]]
date = 2021-04-13
[[day.block]]
start = "10:00"
minutes = 10
kind = "session"
title = "b#1"
room = "a/title:"
[[day.block]]
start = "10:00"
minutes = 10
kind = "session"
title = "title:b#1"
room = "a"
[[day.block]]
start = "10:10"
minutes = 10
kind = "break"
[[day.block]]
start = "10:20"
minutes = 10
kind = "break"
"#;
        let agenda = crate::load(text).agenda.unwrap();
        let keys: Vec<&str> = agenda.days[0]
            .blocks
            .iter()
            .map(|b| b.key.0.as_str())
            .collect();
        assert_eq!(
            keys,
            [
                "2021-04-13/a%2Ftitle:/title:b#1#1",
                "2021-04-13/a/title:title:b#1#1",
                "2021-04-13//title:Break#1",
                "2021-04-13//title:Break#2",
            ]
        );
    }

    #[test]
    fn block_keys_follow_date_room_and_id_or_title_rank() {
        let text = r#"
[event]
name = "K"
timezone = "UTC"

[[day]]
date = 2021-04-13

[[day.block]]
start = "10:00"
minutes = 5
kind = "break"

[[day.block]]
start = "10:05"
minutes = 10
kind = "talk"
title = "Break"
room = "Röom 2"

[[day.block]]
start = "10:15"
minutes = 5
kind = "break"

[[day.block]]
start = "10:20"
minutes = 10
kind = "talk"
title = "Intro"
id = "intro"

[[day]]
date = 2021-04-13

[[day.block]]
start = "11:00"
minutes = 5
kind = "break"

[[day]]
date = 2021-04-14

[[day.block]]
start = "11:00"
minutes = 5
kind = "break"
"#;
        let agenda = crate::load(text).agenda.unwrap();
        let keys: Vec<&str> = agenda
            .days
            .iter()
            .flat_map(|d| &d.blocks)
            .map(|b| b.key.0.as_str())
            .collect();
        // Ranks count per date, room and title, across days that share a
        // date (an error, but the keys must still differ).
        assert_eq!(
            keys,
            [
                "2021-04-13//title:Break#1",
                "2021-04-13/Röom 2/title:Break#1",
                "2021-04-13//title:Break#2",
                "2021-04-13//id:intro",
                "2021-04-13//title:Break#3",
                "2021-04-14//title:Break#1",
            ]
        );
    }
}
