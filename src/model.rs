//! The typed programme: every start and end a UTC instant, resolved once
//! from the event zone. Renderers and rules read this and nothing else.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::{self, Write as _};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::Serialize;

use crate::decl::{values, AgendaFile, BlockDecl, DayDecl, Length, Located, WallTime};
use crate::diagnostic::{Code, Finding, Span};
use crate::kind::Kind;
use crate::time::{offset_text, wall, Wall, Zone};

/// A parallel room. Blocks without one are plenary.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Room(pub String);

impl fmt::Display for Room {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The whole programme.
#[derive(Debug, Clone)]
pub struct Agenda {
    /// `[event]`.
    pub event: Event,
    /// The organizer's rules.
    pub(crate) rules: Rules,
    /// The days: in file order as built, in date order once loaded
    /// ([`crate::load`]).
    pub days: Vec<Day>,
    /// `[people]`: who has a home zone, in file order.
    pub(crate) people: Vec<Person>,
}

/// Someone of `[people]`, with their home zone.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    /// The name as written in `[people]`.
    pub name: String,
    /// Who they are: [`crate::text::person_key`] of the name.
    pub key: String,
    /// Their home zone.
    pub zone: Zone,
    /// Where the name is written in `[people]`.
    pub span: Span,
}

/// The event as a whole.
#[derive(Debug, Clone)]
pub struct Event {
    /// Its name.
    pub name: String,
    /// The zone every time in the file is written in.
    pub zone: Zone,
    /// Its web page.
    pub url: Option<String>,
    /// Where every block happens unless it says otherwise ("Zoom").
    pub location: Option<String>,
    /// A stable identity for calendar UIDs.
    pub id: Option<String>,
}

/// The organizer's rules, checked by `agenda check`.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    /// The lengths a talk may have, in minutes.
    pub talk_minutes: Vec<i64>,
    /// The length of an item that states none, in minutes.
    pub item_minutes: i64,
    /// Where `talk_minutes` is written, if it is.
    pub talk_minutes_span: Option<Span>,
    /// Local waking hours, in each person's own zone.
    pub waking_hours: crate::waking::WakingHours,
    /// Whether everyone due must have an entry in `[people]`.
    pub require_people: bool,
}

/// One day of the programme.
#[derive(Debug, Clone)]
pub struct Day {
    /// Its date in the event zone.
    pub date: NaiveDate,
    /// Its name ("Day 1").
    pub name: Option<String>,
    /// No block may run past this.
    pub end: Option<DateTime<Utc>>,
    /// Its blocks: in file order as built, in time order once loaded
    /// ([`crate::load`]).
    pub blocks: Vec<Block>,
    /// Where the day is written: the `[[day]]` header and its `date`.
    pub(crate) spans: DaySpans,
}

/// Where a day's parts are written.
#[derive(Debug, Clone, Default)]
pub(crate) struct DaySpans {
    /// The `[[day]]` header.
    pub header: Span,
    /// `date`.
    pub date: Span,
    /// `end`, or the header.
    pub end: Span,
}

/// One block of a day: a talk, a tutorial, a break...
#[derive(Debug, Clone)]
pub struct Block {
    /// When it starts.
    pub start: DateTime<Utc>,
    /// When it ends.
    pub end: DateTime<Utc>,
    /// What sort of block it is.
    pub kind: Kind,
    /// Its title ("Break" for an untitled break).
    pub title: String,
    /// Who speaks.
    pub speakers: Vec<String>,
    /// Who moderates.
    pub moderator: Option<String>,
    /// Its parallel room; `None` for a plenary.
    pub room: Option<Room>,
    /// Where it happens, if not the event's location.
    pub location: Option<String>,
    /// A link for it.
    pub url: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// A stable identity given by the organizer.
    pub id: Option<String>,
    /// Its parts, back to back from its start.
    pub items: Vec<Item>,
    /// Its identity across edits, for calendar UIDs and `diff`.
    pub(crate) key: BlockKey,
    /// Where its parts are written.
    pub(crate) spans: BlockSpans,
}

/// What identifies a block across versions of the file, whatever its
/// time or position: the day's date, its room, and its `id` or else its
/// title with its rank among same-titled blocks of that day and room (the
/// breaks). Never derived from its time, so a moved block keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub(crate) struct BlockKey(pub String);

impl fmt::Display for BlockKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a block's parts are written, for findings.
#[derive(Debug, Clone, Default)]
pub(crate) struct BlockSpans {
    /// The `[[day.block]]` header.
    pub header: Span,
    /// `start`.
    pub start: Span,
    /// `minutes` or `end`.
    pub length: Span,
    /// `speakers` or `speaker`, or the header.
    pub speakers: Span,
    /// `moderator`, or the header.
    pub moderator: Span,
    /// `items`, or the header.
    pub items: Span,
    /// `id`, or the header.
    pub id: Span,
}

/// One part of a block.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its title.
    pub title: String,
    /// When it starts.
    pub start: DateTime<Utc>,
    /// When it ends.
    pub end: DateTime<Utc>,
    /// Who speaks.
    pub speakers: Vec<String>,
    /// A link for it.
    pub url: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// Where it is written.
    pub(crate) span: Span,
}

impl Block {
    /// Its length in whole minutes.
    pub(crate) fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }

    /// Everyone due in it: speakers, then the moderator.
    pub(crate) fn people(&self) -> impl Iterator<Item = &str> {
        self.speakers
            .iter()
            .chain(self.moderator.iter())
            .map(String::as_str)
    }
}

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

/// Turns a wall-clock time on `date` in `zone` into a UTC instant. A time
/// the zone skips or repeats is an error naming the instants involved,
/// unless an explicit offset settles it.
fn resolve(
    zone: Zone,
    date: NaiveDate,
    wall: &Located<WallTime>,
    findings: &mut Vec<Finding>,
) -> Option<DateTime<Utc>> {
    let local = date.and_time(wall.value.time);
    let span = wall.span.clone();
    match resolve_local(zone, local, wall.value.offset) {
        Ok(instant) => Some(instant),
        Err(problem) => {
            findings.push(problem.finding(zone, local, span));
            None
        }
    }
}

/// Why a local time could not be turned into one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalProblem {
    /// The clocks skip it: `before` is the last instant before the gap,
    /// in the old offset, and the jump happens at `transition`.
    Skipped {
        /// The instant the clocks jump.
        transition: DateTime<Utc>,
        /// The offset before the jump, in seconds east of UTC.
        from: i32,
        /// The offset after the jump.
        to: i32,
    },
    /// The clocks pass it twice, at these two instants.
    Repeated(DateTime<Utc>, DateTime<Utc>),
    /// A date beyond the years the tz database covers.
    OutOfRange,
    /// An explicit offset that the zone does not use at that time.
    WrongOffset {
        /// The offset written.
        written: i32,
        /// The offsets the zone has around then.
        valid: [i32; 2],
    },
}

/// Resolves a local date-time in `zone`; with an explicit `offset`, that
/// offset chooses between repeated times and must be one the zone uses.
pub fn resolve_local(
    zone: Zone,
    local: NaiveDateTime,
    offset: Option<chrono::FixedOffset>,
) -> Result<DateTime<Utc>, LocalProblem> {
    let Some(reading) = wall(zone, local) else {
        return Err(LocalProblem::OutOfRange);
    };
    if let Some(offset) = offset {
        let written = offset.local_minus_utc();
        return reading
            .at_offset(written, local)
            .ok_or(LocalProblem::WrongOffset {
                written,
                valid: reading.offsets(),
            });
    }
    match reading {
        Wall::Single(t, _) => Ok(t),
        Wall::Fold { earlier, later, .. } => Err(LocalProblem::Repeated(earlier, later)),
        Wall::Gap {
            transition,
            before,
            after,
        } => Err(LocalProblem::Skipped {
            transition,
            from: before,
            to: after,
        }),
    }
}

impl LocalProblem {
    fn finding(self, zone: Zone, local: NaiveDateTime, span: Span) -> Finding {
        let when = local.format("%Y-%m-%d %H:%M");
        let utc = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
        match self {
            LocalProblem::Skipped {
                transition,
                from,
                to,
            } => {
                let wall = |o: i32| (transition + Duration::seconds(o.into())).format("%H:%M");
                Finding::new(
                    Code::DstGap,
                    span,
                    format!("{when} does not exist in {zone}"),
                )
                .label("skipped by a daylight-saving change")
                .help(format!(
                    "at {} the clocks jump from {} ({}) to {} ({}); choose a time outside the gap",
                    utc(transition),
                    wall(from),
                    offset_text(from),
                    wall(to),
                    offset_text(to)
                ))
            }
            LocalProblem::Repeated(a, b) => {
                let off = |t: DateTime<Utc>| offset_text(zone.offset_at(t).seconds());
                let hm = local.format("%H:%M");
                Finding::new(
                    Code::DstFold,
                    span,
                    format!("{when} happens twice in {zone}"),
                )
                .label("repeated by a daylight-saving change")
                .help(format!(
                    "it is {} ({}) and again {} ({}); write \"{hm}{}\" or \"{hm}{}\" to choose",
                    utc(a),
                    off(a),
                    utc(b),
                    off(b),
                    off(a),
                    off(b)
                ))
            }
            LocalProblem::OutOfRange => Finding::new(
                Code::OutOfRange,
                span,
                format!("{when} is outside the years 0001 to 9999"),
            )
            .label("no time-zone rules for this date"),
            LocalProblem::WrongOffset { written, valid } => {
                let mut offsets = vec![offset_text(valid[0])];
                if valid[1] != valid[0] {
                    offsets.push(offset_text(valid[1]));
                }
                Finding::new(
                    Code::WrongOffset,
                    span,
                    format!("{zone} is not at {} at {when}", offset_text(written)),
                )
                .label("offset not in use then")
                .help(format!("around then {zone} is at {}", offsets.join(" or ")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::testing::{local, utc, zone};

    // Facts from the tz database (northamerica/southamerica files):
    // Chile left DST at 2021-04-04 03:00 UTC (00:00 -03 -> 23:00 -04 on the 3rd)
    // and entered it at 2021-09-05 04:00 UTC (00:00 -04 -> 01:00 -03).
    #[test]
    fn santiago_gap_names_the_jump() {
        let p = resolve_local(zone("America/Santiago"), local("2021-09-05 00:30"), None);
        assert_eq!(
            p,
            Err(LocalProblem::Skipped {
                transition: utc("2021-09-05T04:00:00Z"),
                from: -4 * 3600,
                to: -3 * 3600
            })
        );
    }

    #[test]
    fn santiago_fold_gives_both_instants_and_offset_settles_it() {
        let zone = zone("America/Santiago");
        let t = local("2021-04-03 23:30");
        assert_eq!(
            resolve_local(zone, t, None),
            Err(LocalProblem::Repeated(
                utc("2021-04-04T02:30:00Z"),
                utc("2021-04-04T03:30:00Z")
            ))
        );
        let minus4 = chrono::FixedOffset::west_opt(4 * 3600);
        assert_eq!(
            resolve_local(zone, t, minus4),
            Ok(utc("2021-04-04T03:30:00Z"))
        );
        let minus5 = chrono::FixedOffset::west_opt(5 * 3600);
        assert!(matches!(
            resolve_local(zone, t, minus5),
            Err(LocalProblem::WrongOffset { .. })
        ));
    }

    #[test]
    fn plain_times() {
        assert_eq!(
            resolve_local(zone("UTC"), local("2021-04-13 14:00"), None),
            Ok(utc("2021-04-13T14:00:00Z"))
        );
        // Tokyo has been UTC+9 without DST since 1951.
        assert_eq!(
            resolve_local(zone("Asia/Tokyo"), local("2021-04-13 23:30"), None),
            Ok(utc("2021-04-13T14:30:00Z"))
        );
    }

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
