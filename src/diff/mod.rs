//! `agenda diff OLD NEW`: what changed between two versions of a
//! programme, per day, as text or as a Markdown announcement.
//!
//! Blocks are matched by their [`BlockKey`](crate::model::BlockKey), the
//! identity behind calendar UIDs: the `id`, else the kind and title (with
//! date, room and rank only where other blocks share them). A block whose
//! key changed looks removed and added; such pairs are then matched again,
//! in this order: the same `id`; the same day, room and start (a retitled
//! block); the same room and title on another day (breaks excepted); the
//! same day and title in another room. A pair matched whose key changed
//! is reported apart ([`Report::rekeyed`]): its calendar UID changed.
//!
//! A rule of the programme newly broken, or no longer broken, is a change
//! too ([`conflicts`]).

mod conflicts;
mod identity;

use std::collections::HashMap;
use std::fmt::Write;

use chrono::{DateTime, NaiveDate, Utc};

use crate::diagnostic::Code;
use crate::model::{Agenda, Block, Day, Item};
use crate::time::{self, Zone};
use crate::visible::markdown as md;
pub(crate) use identity::hints;
use identity::{why_rekeyed, EventRekeyed, Rekeyed};

/// What changed between two agendas, per day.
#[derive(Debug, Clone)]
pub struct Report {
    /// Days with changes, in date order.
    pub(crate) days: Vec<DayChanges>,
    /// The blocks followed from one version to the other whose calendar
    /// UID changed all the same, in the new version's order.
    pub(crate) rekeyed: Vec<Rekeyed>,
    /// The event's identity (its `id`, else its name) as it was and as it
    /// is, when it changed, which changes every block's UID.
    pub(crate) event_rekeyed: Option<EventRekeyed>,
}

/// The changes on one day (the new day of a changed block).
#[derive(Debug, Clone)]
pub(crate) struct DayChanges {
    /// The date in the event zone.
    pub date: NaiveDate,
    /// The day's name, if it has one.
    pub name: Option<String>,
    /// The changes, in time order.
    pub changes: Vec<Change>,
}

/// One block's change.
#[derive(Debug, Clone)]
pub(crate) enum Change {
    /// Only in the new agenda.
    Added(Block),
    /// Only in the old agenda.
    Removed(Block),
    /// In both, with these differences.
    Changed {
        /// As it was.
        old: Box<Block>,
        /// As it is.
        new: Box<Block>,
        /// What differs, at least one.
        aspects: Vec<Aspect>,
    },
    /// A rule the new version breaks and the old did not, or the other
    /// way round.
    Conflict {
        /// Which rule.
        code: Code,
        /// Whether the new version introduces it (else it resolves it).
        introduced: bool,
        /// The blocks involved, as they are in the version that breaks
        /// it, in time order, each with its day's date.
        blocks: Vec<Dated>,
    },
}

/// One way a block changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Aspect {
    /// It starts at another time (possibly on another day).
    Moved,
    /// It got longer.
    Lengthened,
    /// It got shorter.
    Shortened,
    /// Its title changed.
    Retitled,
    /// Its kind changed.
    Kind,
    /// It runs in another room.
    Room,
    /// Its speakers changed.
    Speakers,
    /// Its moderator changed.
    Moderator,
    /// Its items changed: added, removed, renamed or retimed.
    Items,
    /// Its description, link or location changed.
    Details,
}

impl Report {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }
}

/// A block with the date of its day.
type Dated = (NaiveDate, Block);

/// The state of the matching passes of [`diff`], by index into the old
/// and new blocks.
struct Matcher {
    /// Old blocks not yet paired, in start order.
    removed: Vec<usize>,
    /// Which new blocks are paired.
    taken: Vec<bool>,
    /// The pairs (old, new), in the order found.
    pairs: Vec<(usize, usize)>,
}

impl Matcher {
    /// Pairs each unpaired old block (in order) with the first unpaired
    /// new block of the same key; a block with no key takes no part.
    fn pass<'a, K: std::hash::Hash + Eq>(
        &mut self,
        old: &'a [Dated],
        new: &'a [Dated],
        old_key: impl Fn(&'a Dated) -> Option<K>,
        new_key: impl Fn(&'a Dated) -> Option<K>,
    ) {
        let mut index: HashMap<K, std::collections::VecDeque<usize>> = HashMap::new();
        for (j, block) in new.iter().enumerate().filter(|(j, _)| !self.taken[*j]) {
            if let Some(key) = new_key(block) {
                index.entry(key).or_default().push_back(j);
            }
        }
        let mut left = Vec::with_capacity(self.removed.len());
        for &i in &self.removed {
            let found = old_key(&old[i])
                .and_then(|key| index.get_mut(&key))
                .and_then(|queue| queue.pop_front());
            match found {
                Some(j) => {
                    self.taken[j] = true;
                    self.pairs.push((i, j));
                }
                None => left.push(i),
            }
        }
        self.removed = left;
    }
}

/// Compares two versions of an agenda.
pub fn diff(old: &Agenda, new: &Agenda) -> Report {
    let blocks = |agenda: &Agenda| -> Vec<Dated> {
        let mut all: Vec<Dated> = agenda
            .days
            .iter()
            .flat_map(|d| d.blocks.iter().map(move |b| (d.date, b.clone())))
            .collect();
        all.sort_by_key(|(_, b)| b.start);
        all
    };
    let (old_blocks, new_blocks) = (blocks(old), blocks(new));
    // Each pass pairs every block left over in the old version with the
    // first left-over block of the new one that has the same key, through
    // a hash index: linear, where comparing all pairs was quadratic.
    let mut matcher = Matcher {
        removed: (0..old_blocks.len()).collect(),
        taken: vec![false; new_blocks.len()],
        pairs: Vec::new(),
    };
    let (o, n) = (&old_blocks, &new_blocks);
    matcher.pass(o, n, |d| Some(&d.1.key), |d| Some(&d.1.key));
    matcher.pass(o, n, |d| d.1.id.as_ref(), |d| d.1.id.as_ref());
    matcher.pass(
        o,
        n,
        |d| Some((d.0, &d.1.room, d.1.start)),
        |d| Some((d.0, &d.1.room, d.1.start)),
    );
    // A break is no programme item worth following from day to day.
    matcher.pass(
        o,
        n,
        |d| {
            d.1.kind
                .policy()
                .followed_across_days
                .then_some((&d.1.room, &d.1.title))
        },
        |d| Some((&d.1.room, &d.1.title)),
    );
    matcher.pass(
        o,
        n,
        |d| Some((d.0, d.1.title.as_str())),
        |d| Some((d.0, d.1.title.as_str())),
    );
    let Matcher {
        removed: left,
        taken,
        pairs: mut matched,
    } = matcher;
    // Parallel blocks, which start together, in the new file's order.
    matched.sort_unstable_by_key(|&(_, j)| j);
    let mut rekeyed = Vec::new();
    for &(i, j) in &matched {
        let (old, new) = (&old_blocks[i], &new_blocks[j]);
        if old.1.key != new.1.key {
            rekeyed.push(Rekeyed {
                old_title: old.1.title.clone(),
                title: new.1.title.clone(),
                kind: new.1.kind,
                why: why_rekeyed(old, new),
            });
        }
    }
    let conflicts = conflicts::changes(old, new, &old_blocks, &new_blocks, &matched);
    let mut old_slots: Vec<Option<Dated>> = old_blocks.into_iter().map(Some).collect();
    let mut new_slots: Vec<Option<Dated>> = new_blocks.into_iter().map(Some).collect();
    let mut pairs: Vec<(Block, Dated)> = Vec::with_capacity(matched.len());
    for (i, j) in matched {
        if let (Some(o), Some(n)) = (old_slots[i].take(), new_slots[j].take()) {
            pairs.push((o.1, n));
        }
    }
    let removed: Vec<Dated> = left
        .into_iter()
        .filter_map(|i| old_slots[i].take())
        .collect();
    let added: Vec<Dated> = new_slots
        .into_iter()
        .zip(taken)
        .filter_map(|(slot, taken)| if taken { None } else { slot })
        .collect();

    let mut by_day: HashMap<NaiveDate, Vec<Change>> = HashMap::new();
    for (old_block, (date, new_block)) in pairs {
        let aspects = aspects(&old_block, &new_block);
        if !aspects.is_empty() {
            by_day.entry(date).or_default().push(Change::Changed {
                old: Box::new(old_block),
                new: Box::new(new_block),
                aspects,
            });
        }
    }
    for (date, block) in added {
        by_day.entry(date).or_default().push(Change::Added(block));
    }
    for (date, block) in removed {
        by_day.entry(date).or_default().push(Change::Removed(block));
    }
    for (date, conflict) in conflicts {
        by_day.entry(date).or_default().push(conflict);
    }
    // The first day of each date, the new version's first.
    let mut names: HashMap<NaiveDate, &Day> = HashMap::new();
    for day in new.days.iter().chain(&old.days) {
        names.entry(day.date).or_insert(day);
    }
    let name = |date: NaiveDate| names.get(&date).and_then(|d| d.name.clone());
    let mut days: Vec<DayChanges> = by_day
        .into_iter()
        .map(|(date, mut changes)| {
            // Stable: a conflict comes after the change to its first block.
            changes.sort_by_key(|c| match c {
                Change::Added(b) | Change::Removed(b) => b.start,
                Change::Changed { new, .. } => new.start,
                Change::Conflict { blocks, .. } => blocks[0].1.start,
            });
            DayChanges {
                date,
                name: name(date),
                changes,
            }
        })
        .collect();
    days.sort_by_key(|d| d.date);
    Report {
        days,
        rekeyed,
        event_rekeyed: (old.event.identity() != new.event.identity()).then(|| EventRekeyed {
            was: old.event.identity().to_string(),
            is: new.event.identity().to_string(),
            by_name: new.event.id.is_none(),
        }),
    }
}

fn aspects(old: &Block, new: &Block) -> Vec<Aspect> {
    let mut out = Vec::new();
    if old.start != new.start {
        out.push(Aspect::Moved);
    }
    match new.minutes().cmp(&old.minutes()) {
        std::cmp::Ordering::Greater => out.push(Aspect::Lengthened),
        std::cmp::Ordering::Less => out.push(Aspect::Shortened),
        std::cmp::Ordering::Equal => {}
    }
    let checks = [
        (old.title != new.title, Aspect::Retitled),
        (old.kind != new.kind, Aspect::Kind),
        (old.room != new.room, Aspect::Room),
        (old.speakers != new.speakers, Aspect::Speakers),
        (old.moderator != new.moderator, Aspect::Moderator),
        (items_changed(old, new), Aspect::Items),
        (
            old.description != new.description
                || old.url != new.url
                || old.location != new.location,
            Aspect::Details,
        ),
    ];
    out.extend(checks.into_iter().filter(|(c, _)| *c).map(|(_, a)| a));
    out
}

/// Whether the items differ in anything but the block's own move: a
/// block moved as a whole keeps its items' places relative to its start.
fn items_changed(old: &Block, new: &Block) -> bool {
    old.items.len() != new.items.len()
        || old.items.iter().zip(&new.items).any(|(a, b)| {
            a.title != b.title
                || a.speakers != b.speakers
                || a.url != b.url
                || a.description != b.description
                || a.start - old.start != b.start - new.start
                || a.end - a.start != b.end - b.start
        })
}

/// How to print a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// One line per change, for the organizer.
    Text,
    /// An announcement ready to post.
    Markdown,
}

/// The report in `zones` (the first also decides the dates shown).
pub fn render(report: &Report, zones: &[Zone], format: DiffFormat) -> String {
    // Zone names are text from elsewhere (a `TZDIR`): Markdown's escaping
    // here, and controls made visible at the end for both.
    let zone_names: Vec<String> = zones
        .iter()
        .map(|z| match format {
            DiffFormat::Markdown => md(z.name()),
            DiffFormat::Text => z.name().to_string(),
        })
        .collect();
    let mut out = String::new();
    let markdown = format == DiffFormat::Markdown;
    if markdown {
        out.push_str("## Programme changes\n\n");
    }
    if report.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let _ = writeln!(out, "Times in {}.", zone_names.join(" / "));
    for day in &report.days {
        let mut heading = day.date.format("%A %-d %B %Y").to_string();
        if let Some(name) = &day.name {
            heading = format!("{heading} · {name}");
        }
        if markdown {
            let _ = writeln!(out, "\n### {}\n", md(&heading));
        } else {
            let _ = writeln!(out, "\n{heading}");
        }
        for change in &day.changes {
            for line in lines(change, day.date, zones, markdown) {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    // Text from the file is shown, never obeyed (see `crate::visible`).
    crate::visible::visible_owned(out)
}

fn lines(change: &Change, date: NaiveDate, zones: &[Zone], markdown: bool) -> Vec<String> {
    let span = |b: &Block| span(zones, date, b.start, b.end);
    let title = |b: &Block| {
        if markdown {
            format!("*{}*", md(&b.title))
        } else {
            format!("\"{}\"", b.title)
        }
    };
    let line = |label: &str, text: String| {
        if markdown {
            format!("- **{label}:** {text}")
        } else {
            format!("  {:<11} {text}", label.to_lowercase())
        }
    };
    let text = |s: &str| if markdown { md(s) } else { s.to_string() };
    match change {
        Change::Added(b) => vec![line(
            if markdown { "New" } else { "Added" },
            format!("{} ({}), {}", title(b), b.kind, span(b)),
        )],
        Change::Removed(b) => vec![line(
            if markdown { "Cancelled" } else { "Removed" },
            format!("{} ({}), was {}", title(b), b.kind, span(b)),
        )],
        Change::Changed { old, new, aspects } => aspects
            .iter()
            .map(|aspect| match aspect {
                Aspect::Moved => line(
                    "Moved",
                    format!("{} now {} (was {})", title(new), span(new), span(old)),
                ),
                Aspect::Lengthened | Aspect::Shortened => line(
                    if *aspect == Aspect::Lengthened {
                        "Lengthened"
                    } else {
                        "Shortened"
                    },
                    format!(
                        "{} now {} minutes, {} (was {} minutes)",
                        title(new),
                        new.minutes(),
                        span(new),
                        old.minutes()
                    ),
                ),
                Aspect::Retitled => line(
                    "Retitled",
                    format!("{} is now {}, {}", title(old), title(new), span(new)),
                ),
                Aspect::Kind => line(
                    "Kind",
                    format!("{} is now a {} (was a {})", title(new), new.kind, old.kind),
                ),
                Aspect::Room => line(
                    "Room",
                    format!(
                        "{} now in {} (was {})",
                        title(new),
                        text(&room(new)),
                        text(&room(old))
                    ),
                ),
                Aspect::Speakers => line(
                    "Speakers",
                    format!(
                        "{}: now {} (was {})",
                        title(new),
                        text(&names(&new.speakers)),
                        text(&names(&old.speakers))
                    ),
                ),
                Aspect::Moderator => line(
                    "Moderator",
                    format!(
                        "{}: now {} (was {})",
                        title(new),
                        text(new.moderator.as_deref().unwrap_or("none")),
                        text(old.moderator.as_deref().unwrap_or("none"))
                    ),
                ),
                Aspect::Items => line(
                    "Items",
                    format!(
                        "{}: {}",
                        title(new),
                        text(&item_changes(old, new, zones, date))
                    ),
                ),
                Aspect::Details => {
                    line("Details", format!("{}: {}", title(new), details(old, new)))
                }
            })
            .collect(),
        Change::Conflict {
            code,
            introduced,
            blocks,
        } => {
            let rule = code.as_str().replace('-', " ");
            let involved: Vec<String> = blocks
                .iter()
                .map(|(date, b)| {
                    format!(
                        "{} ({})",
                        title(b),
                        self::span(zones, *date, b.start, b.end)
                    )
                })
                .collect();
            let text = involved.join(" and ");
            vec![match (markdown, introduced) {
                (true, true) => format!("- **New {rule}:** {text}"),
                (true, false) => format!("- **Resolved {rule}:** {text}"),
                (false, true) => format!("  new {rule}: {text}"),
                (false, false) => format!("  resolved {rule}: {text}"),
            }]
        }
    }
}

fn room(b: &Block) -> String {
    b.room
        .as_ref()
        .map_or_else(|| "the plenary".to_string(), |r| r.0.clone())
}

fn names(list: &[String]) -> String {
    if list.is_empty() {
        "none".to_string()
    } else {
        list.join(", ")
    }
}

fn details(old: &Block, new: &Block) -> String {
    let mut what = Vec::new();
    if old.description != new.description {
        what.push("description");
    }
    if old.url != new.url {
        what.push("link");
    }
    if old.location != new.location {
        what.push("location");
    }
    format!("{} updated", what.join(", "))
}

/// `added Foo; removed Bar; Fink now 14:50–15:00 (was 14:40–14:50)`.
fn item_changes(old: &Block, new: &Block, zones: &[Zone], date: NaiveDate) -> String {
    let mut parts = Vec::new();
    let titles = |b: &Block| b.items.iter().map(|i| i.title.clone()).collect::<Vec<_>>();
    let (old_titles, new_titles) = (titles(old), titles(new));
    let added: Vec<&String> = new_titles
        .iter()
        .filter(|t| !old_titles.contains(t))
        .collect();
    let removed: Vec<&String> = old_titles
        .iter()
        .filter(|t| !new_titles.contains(t))
        .collect();
    if !added.is_empty() {
        parts.push(format!("added {}", join(&added)));
    }
    if !removed.is_empty() {
        parts.push(format!("removed {}", join(&removed)));
    }
    for item in &new.items {
        let Some(before) = old.items.iter().find(|i| i.title == item.title) else {
            continue;
        };
        let offset = |i: &Item, b: &Block| (i.start - b.start, i.end - i.start);
        if offset(item, new) != offset(before, old) {
            parts.push(format!(
                "{} now {} (was {})",
                item.title,
                span(zones, date, item.start, item.end),
                span(zones, date, before.start, before.end)
            ));
        }
        if item.speakers != before.speakers {
            parts.push(format!(
                "{} by {} (was {})",
                item.title,
                names(&item.speakers),
                names(&before.speakers)
            ));
        }
        if item.url != before.url || item.description != before.description {
            parts.push(format!("{} details updated", item.title));
        }
    }
    if parts.is_empty() {
        parts.push("reordered".to_string());
    }
    parts.join("; ")
}

fn join(list: &[&String]) -> String {
    list.iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `14:30–15:15` in every zone, joined by ` / `, each as [`time::range`]
/// writes it, so nothing is read on a wrong day or a wrong clock.
fn span(zones: &[Zone], date: NaiveDate, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    zones
        .iter()
        .map(|zone| time::range(*zone, date, start, end))
        .collect::<Vec<_>>()
        .join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_formatting() {
        assert_eq!(md("a*b_c [d]"), "a\\*b\\_c \\[d\\]");
        assert_eq!(md("Broker interfaces I"), "Broker interfaces I");
    }

    #[test]
    fn spans_carry_dates_off_the_day() {
        let date = NaiveDate::from_ymd_opt(2021, 4, 13).unwrap();
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        // Tokyo is UTC+9: 15:15 UTC is 00:15 on the 14th.
        assert_eq!(
            span(
                &[Zone::utc(), Zone::get("Asia/Tokyo").unwrap()],
                date,
                t("2021-04-13T14:30:00Z"),
                t("2021-04-13T15:15:00Z")
            ),
            "14:30–15:15 / 23:30–00:15 +1d"
        );
    }
}
