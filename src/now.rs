//! `agenda now`: what is on at an instant and what comes next.
//!
//! [`Now::at`] works out the state from the model alone (a pure function of
//! the agenda and the instant); [`Now::render`] writes it in the reader's
//! zones. Every time left or time until is rounded up to the whole minute,
//! so a block that is still running never shows "0 min left".

use std::fmt::Write;

use chrono::{DateTime, Duration, Utc};

use crate::model::{Agenda, Block, Day, Item};
use crate::time::{offset_at, Zone, ZoneSource};

/// What is on at one instant.
#[derive(Debug)]
pub struct Now<'a> {
    /// The instant asked about.
    pub at: DateTime<Utc>,
    /// Where the programme stands.
    pub state: State<'a>,
    /// The blocks that start next, at the same instant (one per room when
    /// rooms run in parallel); empty once nothing is left.
    pub next: Vec<&'a Block>,
}

/// Where the programme stands at an instant.
#[derive(Debug)]
pub enum State<'a> {
    /// The agenda (or what the filters kept) has no block.
    Empty,
    /// Nothing has started; the first block starts then.
    Before(DateTime<Utc>),
    /// These blocks are running, one per room, plenary first.
    Running(Vec<Running<'a>>),
    /// Unscheduled time inside a day.
    Gap,
    /// One day is over and the next has not started.
    BetweenDays {
        /// The day that is over.
        ended: &'a Day,
        /// The day to come.
        next: &'a Day,
    },
    /// Every block is over; the last ended then.
    Over(DateTime<Utc>),
}

/// A running block and, inside it, the running item.
#[derive(Debug)]
pub struct Running<'a> {
    /// The block.
    pub block: &'a Block,
    /// The item running now and its position (0-based), if any.
    pub item: Option<(usize, &'a Item)>,
    /// The item after it, or the first one while none has started.
    pub next_item: Option<&'a Item>,
}

impl<'a> Now<'a> {
    /// The state of `agenda` at `at`.
    pub fn at(agenda: &'a Agenda, at: DateTime<Utc>) -> Now<'a> {
        let blocks: Vec<(usize, &Block)> = agenda
            .days
            .iter()
            .enumerate()
            .flat_map(|(i, day)| day.blocks.iter().map(move |b| (i, b)))
            .collect();
        let next_start = blocks
            .iter()
            .map(|(_, b)| b.start)
            .filter(|s| *s > at)
            .min();
        let mut next: Vec<&Block> = blocks
            .iter()
            .map(|(_, b)| *b)
            .filter(|b| Some(b.start) == next_start)
            .collect();
        next.sort_by(|a, b| a.room.cmp(&b.room));
        let mut running: Vec<Running> = blocks
            .iter()
            .filter(|(_, b)| b.start <= at && at < b.end)
            .map(|(_, b)| running(b, at))
            .collect();
        running.sort_by(|a, b| a.block.room.cmp(&b.block.room));
        let first = blocks.iter().map(|(_, b)| b.start).min();
        let last = blocks.iter().map(|(_, b)| b.end).max();
        let state = match (first, last) {
            (None, _) | (_, None) => State::Empty,
            (Some(first), _) if at < first => State::Before(first),
            (_, Some(last)) if at >= last => State::Over(last),
            _ if !running.is_empty() => State::Running(running),
            _ => {
                let before = blocks
                    .iter()
                    .filter(|(_, b)| b.end <= at)
                    .max_by_key(|(_, b)| b.end)
                    .map(|(day, _)| *day);
                let after = blocks
                    .iter()
                    .filter(|(_, b)| b.start > at)
                    .min_by_key(|(_, b)| b.start)
                    .map(|(day, _)| *day);
                match (before, after) {
                    (Some(a), Some(b)) if a != b => State::BetweenDays {
                        ended: &agenda.days[a],
                        next: &agenda.days[b],
                    },
                    _ => State::Gap,
                }
            }
        };
        Now { at, state, next }
    }

    /// The report as text, every time in each of `zones`. A zone that was
    /// not asked for with `--tz` is named, with where it came from.
    pub fn render(&self, event: &str, zones: &[(Zone, ZoneSource)]) -> String {
        let clock = Clock {
            at: self.at,
            zones: zones.iter().map(|(zone, _)| *zone).collect(),
        };
        let mut out = String::new();
        let _ = writeln!(out, "{event}");
        let implicit: Vec<String> = zones
            .iter()
            .filter(|(_, source)| *source != ZoneSource::Flag)
            .map(|(zone, source)| format!("{zone}, {}", source.describe()))
            .collect();
        let implicit = if implicit.is_empty() {
            String::new()
        } else {
            format!(" ({})", implicit.join("; "))
        };
        let _ = writeln!(out, "It is {}{implicit}.", clock.full(self.at));
        out.push('\n');
        match &self.state {
            State::Empty => out.push_str("No block to show.\n"),
            State::Before(first) => {
                let _ = writeln!(
                    out,
                    "Not started yet: it starts {}, in {}.",
                    clock.time(*first),
                    clock.until(*first)
                );
            }
            State::Running(running) => {
                for r in running {
                    out.push_str(&clock.running(r));
                }
                if self.next.is_empty() {
                    out.push_str("Nothing comes after it.\n");
                }
            }
            State::Gap => out.push_str("Nothing is on now.\n"),
            State::BetweenDays { ended, next } => {
                let start = self.next.first().map_or(self.at, |b| b.start);
                let _ = writeln!(
                    out,
                    "{} is over. {} starts {}, in {}.",
                    day_name(ended),
                    day_name(next),
                    clock.time(start),
                    clock.until(start)
                );
            }
            State::Over(last) => {
                let _ = writeln!(
                    out,
                    "It is over: the last block ended {}.",
                    clock.time(*last)
                );
            }
        }
        for block in &self.next {
            let _ = writeln!(
                out,
                "Next{}: {} — starts {}, in {}",
                room_text(block),
                block_text(block),
                clock.time(block.start),
                clock.until(block.start)
            );
        }
        // Text from the file is shown, never obeyed (see `crate::visible`).
        crate::visible::visible_owned(out)
    }
}

fn running<'a>(block: &'a Block, at: DateTime<Utc>) -> Running<'a> {
    let item = block
        .items
        .iter()
        .enumerate()
        .find(|(_, i)| i.start <= at && at < i.end);
    let next_item = block.items.iter().find(|i| i.start > at);
    Running {
        block,
        item,
        next_item,
    }
}

fn day_name(day: &Day) -> String {
    let date = day.date.format("%a %-d %b");
    match &day.name {
        Some(name) => format!("{name} ({date})"),
        None => date.to_string(),
    }
}

fn room_text(block: &Block) -> String {
    block
        .room
        .as_ref()
        .map(|r| format!(" in {r}"))
        .unwrap_or_default()
}

/// `tutorial · Broker interfaces I (moderator TBD)`; a break called
/// "Break" is just `Break`.
fn block_text(block: &Block) -> String {
    let mut text = if block.title.eq_ignore_ascii_case(block.kind.as_str()) {
        block.title.clone()
    } else {
        format!("{} · {}", block.kind, block.title)
    };
    let mut people = block.speakers.join(", ");
    if let Some(moderator) = &block.moderator {
        if !people.is_empty() {
            people.push_str("; ");
        }
        people.push_str(&format!("moderator {moderator}"));
    }
    if !people.is_empty() {
        text.push_str(&format!(" ({people})"));
    }
    text
}

/// Writes instants in the reader's zones, relative to the instant asked
/// about.
struct Clock {
    at: DateTime<Utc>,
    zones: Vec<Zone>,
}

impl Clock {
    /// `14:35 UTC / 23:35 JST`, each with its date where that is not the
    /// reader's date at the instant asked about, so no time reads on a
    /// wrong day.
    fn time(&self, t: DateTime<Utc>) -> String {
        self.zones
            .iter()
            .map(|zone| {
                let local = t.with_timezone(zone);
                let today = self.at.with_timezone(zone).date_naive();
                let date = if local.date_naive() == today {
                    String::new()
                } else {
                    local.format("%a %-d %b ").to_string()
                };
                format!("{date}{} {}", local.format("%H:%M"), abbreviation(*zone, t))
            })
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// Like [`Clock::time`], always with the date.
    fn full(&self, t: DateTime<Utc>) -> String {
        self.zones
            .iter()
            .map(|zone| {
                let local = t.with_timezone(zone);
                format!(
                    "{} {}",
                    local.format("%a %-d %b %H:%M"),
                    abbreviation(*zone, t)
                )
            })
            .collect::<Vec<_>>()
            .join(" / ")
    }

    fn until(&self, t: DateTime<Utc>) -> String {
        duration_text(t - self.at)
    }

    fn running(&self, r: &Running) -> String {
        let block = r.block;
        let mut out = format!(
            "Now{}: {} — until {}, {} left\n",
            room_text(block),
            block_text(block),
            self.time(block.end),
            self.until(block.end)
        );
        if let Some((n, item)) = r.item {
            let speakers = if item.speakers.is_empty() {
                String::new()
            } else {
                format!(" ({})", item.speakers.join(", "))
            };
            let _ = writeln!(
                out,
                "  item {} of {}: {}{speakers} — until {}, {} left",
                n + 1,
                block.items.len(),
                item.title,
                self.time(item.end),
                self.until(item.end)
            );
        }
        if let Some(item) = r.next_item {
            let _ = writeln!(
                out,
                "  next item: {} — starts {}, in {}",
                item.title,
                self.time(item.start),
                self.until(item.start)
            );
        }
        out
    }
}

/// `JST`, or `UTC-04:00` where the zone has no customary abbreviation.
fn abbreviation(zone: Zone, at: DateTime<Utc>) -> String {
    match offset_at(zone, at) {
        (_, Some(abbreviation)) => abbreviation,
        (offset, None) => format!("UTC{offset}"),
    }
}

/// `40 min`, `2 h 05 min`, `3 d 4 h`: whole minutes, rounded up.
pub fn duration_text(d: Duration) -> String {
    let minutes = (d.num_seconds().max(0) + 59) / 60;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, h) => format!("{h} h {mins:02} min"),
        (d, h) => format!("{d} d {h} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_up_to_the_minute() {
        assert_eq!(duration_text(Duration::seconds(30)), "1 min");
        assert_eq!(duration_text(Duration::minutes(40)), "40 min");
        assert_eq!(duration_text(Duration::minutes(125)), "2 h 05 min");
        assert_eq!(
            duration_text(Duration::minutes(3 * 1440 + 4 * 60)),
            "3 d 4 h"
        );
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn states_of_the_bundled_day() {
        let agenda = crate::load(include_str!("../agenda.toml")).agenda.unwrap();
        assert!(matches!(
            Now::at(&agenda, utc("2021-04-13T13:00:00Z")).state,
            State::Before(_)
        ));
        let now = Now::at(&agenda, utc("2021-04-13T14:41:00Z"));
        let State::Running(running) = &now.state else {
            panic!("{now:?}");
        };
        assert_eq!(running[0].block.title, "Broker interfaces I");
        assert_eq!(
            running[0].item.map(|(n, i)| (n, i.title.as_str())),
            Some((1, "Fink"))
        );
        assert_eq!(now.next[0].title, "Break");
        // A block's end belongs to the next one.
        assert!(matches!(
            Now::at(&agenda, utc("2021-04-13T18:30:00Z")).state,
            State::Over(_)
        ));
    }
}
