//! `agenda now`: what is on at an instant and what comes next.
//!
//! [`Now::at`] works out the state from the model alone (a pure function of
//! the agenda and the instant); [`Now::render`] writes it in the reader's
//! zones. Every time left or time until is rounded up to the whole minute,
//! so a block that is still running never shows "0 min left".

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write;

use chrono::{DateTime, Datelike, Duration, Utc};

use crate::model::{Agenda, Block, Day, Item};
use crate::time::{offset_at, Zone, ZoneSource};

/// What is on at one instant.
#[derive(Debug)]
pub struct Now<'a> {
    /// The instant asked about.
    pub(crate) at: DateTime<Utc>,
    /// Where the programme stands.
    pub(crate) state: State<'a>,
    /// The blocks that start next, at the same instant (one per room when
    /// rooms run in parallel); empty once nothing is left.
    pub(crate) next: Vec<&'a Block>,
}

/// Where the programme stands at an instant.
#[derive(Debug)]
pub(crate) enum State<'a> {
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
pub(crate) struct Running<'a> {
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

    /// The report as text, every time in each of `zones`, worded for the
    /// whole programme, with no date carrying its year.
    pub fn render(&self, event: &str, zones: &[(Zone, ZoneSource)]) -> String {
        self.render_with(event, zones, &Wording::default())
    }

    /// The report as text, every time in each of `zones`. Every zone is
    /// named by its IANA name in the first line (with where it came from,
    /// when not from `--tz`).
    pub(crate) fn render_with(
        &self,
        event: &str,
        zones: &[(Zone, ZoneSource)],
        wording: &Wording,
    ) -> String {
        let clock = Clock {
            at: self.at,
            zones: zones.iter().map(|(zone, _)| *zone).collect(),
            today: wording.today,
            ambiguous: RefCell::default(),
        };
        let mut out = String::new();
        let _ = writeln!(out, "{event}");
        let names: Vec<String> = zones
            .iter()
            .filter_map(|(zone, source)| match source {
                // UTC names itself.
                ZoneSource::Flag if zone.name() == "UTC" => None,
                ZoneSource::Flag | ZoneSource::City(_) => Some(source.label(*zone)),
                source => Some(format!("{zone}, {}", source.describe())),
            })
            .collect();
        let names = if names.is_empty() {
            String::new()
        } else {
            format!(" ({})", names.join("; "))
        };
        let _ = writeln!(out, "It is {}{names}.", clock.full(self.at));
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
            State::BetweenDays { ended, .. }
                if wording.goes_on(self.at, Some(ended.date)).is_some() =>
            {
                let end = wording
                    .goes_on(self.at, Some(ended.date))
                    .unwrap_or(self.at);
                let start = self.next.first().map_or(self.at, |b| b.start);
                let _ = writeln!(
                    out,
                    "No more {} today; {} goes on until {}. The next one starts {}, in {}.",
                    wording.noun(),
                    day_name(ended, wording.today),
                    clock.time(end),
                    clock.time(start),
                    clock.until(start)
                );
            }
            State::BetweenDays { ended, next } => {
                let start = self.next.first().map_or(self.at, |b| b.start);
                let _ = writeln!(
                    out,
                    "{} is over. {} starts {}, in {}.",
                    day_name(ended, wording.today),
                    day_name(next, wording.today),
                    clock.time(start),
                    clock.until(start)
                );
            }
            State::Over(last) if wording.goes_on(self.at, None).is_some() => {
                let end = wording.goes_on(self.at, None).unwrap_or(*last);
                let today = clock.same_day(self.at, end);
                let _ = writeln!(
                    out,
                    "No more {}{}: the last one ended {}. The programme goes on until {}.",
                    wording.noun(),
                    if today { " today" } else { "" },
                    clock.time(*last),
                    clock.time(end)
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

/// How to word a report beyond the state itself.
#[derive(Debug, Default)]
pub(crate) struct Wording<'a> {
    /// The clock's own time, by which a date outside the current year
    /// carries its year; `None`: dates never carry it.
    pub today: Option<DateTime<Utc>>,
    /// With filters: the whole programme, so that the end of what the
    /// filters keep is not called the end of the programme.
    pub filtered: Option<Filtered<'a>>,
}

/// The whole programme behind a filtered `now`.
#[derive(Debug)]
pub(crate) struct Filtered<'a> {
    /// Every block, filters or not.
    pub programme: &'a Agenda,
    /// What the filters keep, in words: `talks`, `matching blocks`.
    pub noun: String,
}

impl Wording<'_> {
    fn noun(&self) -> &str {
        self.filtered.as_ref().map_or("blocks", |f| f.noun.as_str())
    }

    /// When the whole programme goes on past `at` although the filtered one
    /// does not: the end of its last block (of the day `date`, if given).
    fn goes_on(&self, at: DateTime<Utc>, date: Option<chrono::NaiveDate>) -> Option<DateTime<Utc>> {
        let programme = self.filtered.as_ref()?.programme;
        programme
            .days
            .iter()
            .filter(|day| date.is_none_or(|date| day.date == date))
            .flat_map(|day| &day.blocks)
            .map(|block| block.end)
            .filter(|end| *end > at)
            .max()
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

/// `Day 2 (Wed 14 Apr)`, with the year when it is not the current one.
fn day_name(day: &Day, today: Option<DateTime<Utc>>) -> String {
    let date = match today {
        Some(today) if today.year() != day.date.year() => day.date.format("%a %-d %b %Y"),
        _ => day.date.format("%a %-d %b"),
    };
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
    /// See [`Wording::today`].
    today: Option<DateTime<Utc>>,
    /// Whether an abbreviation at an offset is used by another zone at
    /// another offset, by (abbreviation, offset): computed once each.
    ambiguous: RefCell<HashMap<(String, String), bool>>,
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
                    format!("{} ", self.date(*zone, t))
                };
                format!(
                    "{date}{} {}",
                    local.format("%H:%M"),
                    self.abbreviation(*zone, t)
                )
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
                    "{} {} {}",
                    self.date(*zone, t),
                    local.format("%H:%M"),
                    self.abbreviation(*zone, t)
                )
            })
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// `Tue 13 Apr` in `zone`, with the year (`Tue 13 Apr 2021`) when it
    /// is not the current year there.
    fn date(&self, zone: Zone, t: DateTime<Utc>) -> String {
        let local = t.with_timezone(&zone);
        match self.today {
            Some(today) if today.with_timezone(&zone).year() != local.year() => {
                local.format("%a %-d %b %Y").to_string()
            }
            _ => local.format("%a %-d %b").to_string(),
        }
    }

    /// `JST`; `UTC+05:30` where the zone has no customary abbreviation, or
    /// one that another zone uses for another offset at that instant (IST
    /// is India's, Ireland's and Israel's).
    fn abbreviation(&self, zone: Zone, at: DateTime<Utc>) -> String {
        let (offset, abbreviation) = offset_at(zone, at);
        let Some(abbreviation) = abbreviation else {
            return format!("UTC{offset}");
        };
        let key = (abbreviation, offset);
        let ambiguous = *self
            .ambiguous
            .borrow_mut()
            .entry(key.clone())
            .or_insert_with(|| {
                // UTC and GMT mean one offset everywhere; other names are
                // checked against every zone, once per name and offset.
                !matches!(key.0.as_str(), "UTC" | "GMT")
                    && crate::time::search("")
                        .into_iter()
                        .filter_map(Zone::get)
                        .any(|other| {
                            let (o, a) = offset_at(other, at);
                            a.as_deref() == Some(key.0.as_str()) && o != key.1
                        })
            });
        if ambiguous {
            format!("UTC{}", key.1)
        } else {
            key.0
        }
    }

    /// Whether `a` and `b` fall on one calendar day in the first zone.
    fn same_day(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
        self.zones.first().is_none_or(|zone| {
            a.with_timezone(zone).date_naive() == b.with_timezone(zone).date_naive()
        })
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

/// `40 min`, `2 h 05 min`, `3 d 4 h`: whole minutes, rounded up.
pub(crate) fn duration_text(d: Duration) -> String {
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
    use crate::time::testing::utc;

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
