//! The model built from the declarations: every time resolved in the
//! event zone, each length checked against the years a date may have, and
//! every block given its key.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use super::resolve::resolve;
use super::{Agenda, Block, BlockKey, BlockSpans, Day, DaySpans, Event, Item, Person, Room, Rules};
use crate::decl::{values, AgendaFile, BlockDecl, DayDecl, Length, Located};
use crate::diagnostic::{Code, Finding, Span};
use crate::kind::Kind;
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
        max_gap_minutes: file.rules.max_gap_minutes,
        allow: file.rules.allow,
    };
    let days = file
        .days
        .into_iter()
        .map(|day| build_day(day, zone, rules.item_minutes, findings))
        .collect();
    let mut days: Vec<Day> = days;
    assign_keys(&mut days);
    Some(Agenda {
        origin: file.origin,
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

/// Gives every block its [`BlockKey`], in file order (see
/// [`BlockKey`] for the rule). Linear: the blocks that share a kind and
/// title, and those that share a date too, are counted through hash maps
/// of borrowed text before any key is written.
fn assign_keys(days: &mut [Day]) {
    type Place<'a> = (NaiveDate, Option<&'a str>);
    let blocks = || {
        days.iter()
            .flat_map(|day| day.blocks.iter().map(move |block| (day.date, block)))
    };
    let mut named: HashMap<(Kind, &str), usize> = HashMap::new();
    let mut dated: HashMap<(Kind, &str, NaiveDate), usize> = HashMap::new();
    for (date, block) in blocks().filter(|(_, b)| b.id.is_none()) {
        let title = block.title.as_str();
        *named.entry((block.kind, title)).or_default() += 1;
        *dated.entry((block.kind, title, date)).or_default() += 1;
    }
    // Ranks in file order, written from the second on (the first keeps
    // its key when the others come and go): among blocks of one id (an
    // error `check` reports, but their calendar entries must still
    // differ), and among blocks of one kind, title, date and room (the
    // breaks of a day).
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut ranks: HashMap<(Kind, &str, Place<'_>), usize> = HashMap::new();
    let keys: Vec<BlockKey> = blocks()
        .map(|(date, block)| {
            let mut key = String::with_capacity(block.title.len() + 32);
            match &block.id {
                Some(id) => {
                    key.push_str("id:");
                    push_part(&mut key, id);
                    let n = ids.entry(id).or_default();
                    *n += 1;
                    if *n > 1 {
                        let _ = write!(key, "#{n}");
                    }
                }
                None => {
                    let title = block.title.as_str();
                    key.push_str(block.kind.as_str());
                    key.push(':');
                    push_part(&mut key, title);
                    if named[&(block.kind, title)] > 1 {
                        let _ = write!(key, "/{date}");
                        if dated[&(block.kind, title, date)] > 1 {
                            match room(block) {
                                Some(room) => {
                                    key.push_str("/room:");
                                    push_part(&mut key, room);
                                }
                                None => key.push_str("/plenary"),
                            }
                            let n = ranks
                                .entry((block.kind, title, (date, room(block))))
                                .or_default();
                            *n += 1;
                            if *n > 1 {
                                let _ = write!(key, "#{n}");
                            }
                        }
                    }
                }
            }
            BlockKey(key)
        })
        .collect();
    for (block, key) in days.iter_mut().flat_map(|d| &mut d.blocks).zip(keys) {
        block.key = key;
    }
}

/// The block's room, `None` for a plenary.
fn room(block: &Block) -> Option<&str> {
    block.room.as_ref().map(|r| r.0.as_str())
}

/// Appends a part of a key, with the characters that separate parts
/// (`/`, `#`) and the escape itself (`%`) escaped, so that no two
/// different blocks can share a key. One pass, no allocation: titles are
/// written for every block.
fn push_part(key: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '%' => key.push_str("%25"),
            '/' => key.push_str("%2F"),
            '#' => key.push_str("%23"),
            c => key.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    /// The keys of every block of `blocks` (TOML `[[day]]` tables), in
    /// file order.
    fn keys(days: &str) -> Vec<String> {
        let text = format!("[event]\nname = \"Keys\"\ntimezone = \"UTC\"\n{days}");
        let agenda = crate::load(&text).agenda.unwrap();
        // Loaded agendas are in time order; file order is what the test
        // writes, so each block's start says where it stands.
        let mut blocks: Vec<_> = agenda.days.iter().flat_map(|d| &d.blocks).collect();
        blocks.sort_by_key(|b| b.start);
        blocks.iter().map(|b| b.key.0.clone()).collect()
    }

    fn block(start: &str, kind: &str, rest: &str) -> String {
        format!("[[day.block]]\nstart = \"{start}\"\nminutes = 5\nkind = \"{kind}\"\n{rest}\n")
    }

    #[test]
    fn keys_are_the_id_else_kind_and_title_with_ties_broken_by_date_room_and_rank() {
        let days = [
            "[[day]]\ndate = 2021-04-13\n".to_string(),
            block("10:00", "break", ""),
            block("10:05", "talk", "title = \"Break\"\nroom = \"Röom 2\""),
            block("10:10", "break", ""),
            block("10:15", "talk", "title = \"Intro\"\nid = \"intro\""),
            block(
                "10:20",
                "discussion",
                "title = \"Breakout\"\nroom = \"Room A\"\nmoderator = \"M\"",
            ),
            block(
                "10:20",
                "discussion",
                "title = \"Breakout\"\nroom = \"Room B\"\nmoderator = \"M\"",
            ),
            block("10:25", "talk", "title = \"Keynote\""),
            // A second day of the same date: an error, but keys still differ.
            "[[day]]\ndate = 2021-04-13\n".to_string(),
            block("11:00", "break", ""),
            "[[day]]\ndate = 2021-04-14\n".to_string(),
            block("12:00", "break", ""),
            block(
                "12:05",
                "discussion",
                "title = \"Breakout\"\nroom = \"Room A\"\nmoderator = \"M\"",
            ),
            block("12:10", "talk", "title = \"Again\"\nid = \"intro\""),
        ];
        assert_eq!(
            keys(&days.concat()),
            [
                "break:Break/2021-04-13/plenary",
                "talk:Break",
                "break:Break/2021-04-13/plenary#2",
                "id:intro",
                "discussion:Breakout/2021-04-13/room:Room A",
                "discussion:Breakout/2021-04-13/room:Room B",
                "talk:Keynote",
                "break:Break/2021-04-13/plenary#3",
                "break:Break/2021-04-14",
                "discussion:Breakout/2021-04-14",
                "id:intro#2",
            ]
        );
    }

    #[test]
    fn keys_of_different_blocks_never_collide() {
        let days = [
            "[[day]]\ndate = 2021-04-13\n".to_string(),
            block("10:00", "session", "title = \"A/B\"\nroom = \"x/y\""),
            block("10:00", "session", "title = \"A/B\"\nroom = \"x%2Fy\""),
            block("10:05", "session", "title = \"b#1\"\nid = \"a\""),
            block("10:10", "session", "title = \"b#1\"\nid = \"a\""),
            block("10:15", "session", "title = \"b#1\"\nid = \"a#2\""),
            block("10:20", "session", "title = \"id:a\""),
        ];
        assert_eq!(
            keys(&days.concat()),
            [
                "session:A%2FB/2021-04-13/room:x%2Fy",
                "session:A%2FB/2021-04-13/room:x%252Fy",
                "id:a",
                "id:a#2",
                "id:a%232",
                "session:id:a",
            ]
        );
    }

    #[test]
    fn a_block_keeps_its_key_through_a_move_in_time_room_and_day() {
        let before = [
            "[[day]]\ndate = 2021-04-13\n".to_string(),
            block("10:00", "talk", "title = \"Kept\"\nid = \"kept\""),
            block("10:05", "talk", "title = \"Unique\""),
            "[[day]]\ndate = 2021-04-14\n".to_string(),
            block("10:00", "talk", "title = \"Other\""),
        ];
        let after = [
            "[[day]]\ndate = 2021-04-13\n".to_string(),
            "[[day]]\ndate = 2021-04-14\n".to_string(),
            block("09:00", "talk", "title = \"Other\""),
            block("11:00", "talk", "title = \"Unique\"\nroom = \"B\""),
            block(
                "12:00",
                "talk",
                "title = \"Kept\"\nid = \"kept\"\nroom = \"A\"",
            ),
        ];
        assert_eq!(
            keys(&before.concat()),
            ["id:kept", "talk:Unique", "talk:Other"]
        );
        assert_eq!(
            keys(&after.concat()),
            ["talk:Other", "talk:Unique", "id:kept"]
        );
    }
}
