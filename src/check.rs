//! The organizer's rules over the model. Returns findings, never prints.
//!
//! Every pass is a sort and a sweep, so a programme of 100,000 blocks is
//! checked in O(n log n); overlaps are found by sweeping blocks in start
//! order, not by comparing all pairs.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::diagnostic::{Code, Finding};
use crate::kind::LengthRule;
use crate::model::{Agenda, Block, Origin};
use crate::text::{is_placeholder, person_key_into};
use crate::time::{self, hm_pair, Zone};

mod timing;

/// Applies every rule of `check` (docs/checking.md) to `agenda`, appending to `findings`.
pub(crate) fn check(agenda: &Agenda, findings: &mut Vec<Finding>) {
    let zone = agenda.event.zone;
    let blocks: Vec<&Block> = agenda.days.iter().flat_map(|d| &d.blocks).collect();
    let echoes = Errors::new(findings);
    for block in &blocks {
        block_length(block, findings);
        talk_length(agenda, block, findings);
        items_fit(agenda.origin, zone, block, findings);
    }
    for (d, day) in agenda.days.iter().enumerate() {
        let day_end = agenda
            .days
            .get(d + 1)
            .map_or(usize::MAX, |next| next.spans.header.start);
        for (b, block) in day.blocks.iter().enumerate() {
            let end = day
                .blocks
                .get(b + 1)
                .map_or(day_end, |next| next.spans.header.start);
            if !echoes.within(block.spans.header.start, end) {
                moderator(agenda.origin, block, findings);
            }
        }
        if let Some(end) = day.end {
            for block in day.blocks.iter().filter(|b| b.end > end) {
                let (day_end, block_end) = hm_pair(zone, end, block.end);
                findings.push(
                    Finding::new(
                        Code::PastDayEnd,
                        block.spans.length.clone(),
                        format!(
                            "`{}` runs {} past the day's end at {}",
                            block.title,
                            minutes((block.end - end).num_minutes()),
                            day_end
                        ),
                    )
                    .label(format!("ends at {block_end}"))
                    .related(day.spans.end.clone(), "the day ends here")
                    .block(block.spans.header.clone()),
                );
            }
        }
        timing::order(zone, &day.blocks, findings);
        if !echoes.within(day.spans.header.start, day_end) {
            timing::gaps(agenda, &day.blocks, findings);
        }
    }
    duplicate_dates(agenda, findings);
    duplicate_ids(&blocks, findings);
    overlaps(zone, &blocks, findings);
    double_bookings(zone, &blocks, findings);
    crate::people::check(agenda, findings);
}

/// Where the errors found before these rules are (the file's and the
/// model's), so that warnings that may only echo one are held back: a
/// block with an error is left out of the model, which would show as a
/// gap in its day; a misspelt `moderater` would show as no moderator.
/// Days and blocks are still in file order here, so a block's text runs
/// from its header to the next block's or day's.
struct Errors(Vec<usize>);

impl Errors {
    fn new(findings: &[Finding]) -> Self {
        let mut starts: Vec<usize> = findings
            .iter()
            .filter(|f| f.is_error())
            .map(|f| f.span.start)
            .collect();
        starts.sort_unstable();
        Errors(starts)
    }

    /// Whether an error starts in `from..to`.
    fn within(&self, from: usize, to: usize) -> bool {
        let first = self.0.partition_point(|&start| start < from);
        self.0.get(first).is_some_and(|&start| start < to)
    }
}

/// `14:30–15:15` in `zone`, with `+1d` past midnight and both offsets
/// across a clock change.
fn span_text(zone: Zone, block: &Block) -> String {
    let date = block.start.with_timezone(&zone).date_naive();
    time::range(zone, date, block.start, block.end)
}

pub(super) fn minutes(n: i64) -> String {
    if n == 1 {
        "1 minute".to_string()
    } else {
        format!("{n} minutes")
    }
}

/// The longest block, in minutes: frab's schedule XML writes a duration
/// as `HH:MM`, so every export can hold 99 hours 59 minutes, not more.
pub(crate) const MAX_BLOCK_MINUTES: i64 = 100 * 60 - 1;

fn block_length(block: &Block, findings: &mut Vec<Finding>) {
    if block.minutes() > MAX_BLOCK_MINUTES {
        findings.push(
            Finding::new(
                Code::BadLength,
                block.spans.length.clone(),
                format!("`{}` lasts {}", block.title, minutes(block.minutes())),
            )
            .label("too long for a block")
            .help(format!(
                "a block lasts at most {MAX_BLOCK_MINUTES} minutes (99 hours 59 minutes); split it"
            )),
        );
    }
}

fn talk_length(agenda: &Agenda, block: &Block, findings: &mut Vec<Finding>) {
    let allowed = &agenda.rules.talk_minutes;
    if block.kind.policy().length != LengthRule::TalkMinutes || allowed.contains(&block.minutes()) {
        return;
    }
    let list: Vec<String> = allowed.iter().map(|n| n.to_string()).collect();
    let mut finding = Finding::new(
        Code::TalkLength,
        block.spans.length.clone(),
        format!("talk `{}` lasts {}", block.title, minutes(block.minutes())),
    )
    .label("not an allowed talk length")
    .help(format!(
        "talks last {} minutes (rules.talk_minutes); use kind = \"session\" for anything else",
        list.join(" or ")
    ));
    if let Some(span) = &agenda.rules.talk_minutes_span {
        finding = finding.related(span.clone(), "allowed lengths");
    }
    findings.push(finding.block(block.spans.header.clone()));
}

fn items_fit(origin: Origin, zone: Zone, block: &Block, findings: &mut Vec<Finding>) {
    let Some(last) = block.items.last() else {
        return;
    };
    if last.end <= block.end {
        return;
    }
    let used = (last.end - block.start).num_minutes();
    findings.push(
        Finding::new(
            Code::ItemsOverrun,
            block.spans.items.clone(),
            format!(
                "the items of `{}` overrun it by {}",
                block.title,
                minutes((last.end - block.end).num_minutes())
            ),
        )
        .label(format!(
            "items take {used} minutes and end at {}",
            time::hm_marked(zone, last.end)
        ))
        .related(
            block.spans.length.clone(),
            format!("the block lasts {} minutes", block.minutes()),
        )
        .help(match origin {
            Origin::Agenda => "shorten the items (give each `minutes`) or lengthen the block",
            // Items reach a schedule only through the agenda it was
            // exported from (`crate::frab_codec`).
            Origin::Schedule => {
                "shorten the items or lengthen the block in the agenda this schedule was \
                 exported from"
            }
        })
        .block(block.spans.header.clone()),
    );
}

fn moderator(origin: Origin, block: &Block, findings: &mut Vec<Finding>) {
    if !block.kind.policy().wants_moderator {
        return;
    }
    match &block.moderator {
        None => findings.push(
            Finding::new(
                Code::NoModerator,
                block.spans.header.clone(),
                format!("{} `{}` has no moderator", block.kind, block.title),
            )
            .label(match origin {
                Origin::Agenda => "no `moderator`",
                Origin::Schedule => "no moderator",
            })
            .help(match origin {
                Origin::Agenda => "add `moderator = \"Name\"`",
                Origin::Schedule => {
                    "the schedule names no moderator for it (of the schedule formats, only \
                     schedule2 JSON has a role for one): import it with `agenda import` and \
                     add `moderator = \"Name\"` to the block there, or `check --allow \
                     no-moderator` if it needs none"
                }
            }),
        ),
        // An empty name is an error of its own (see `format`).
        Some(name) if name.trim().is_empty() => {}
        Some(name) if is_placeholder(name) => findings.push(
            Finding::new(
                Code::NoModerator,
                block.spans.moderator.clone(),
                format!(
                    "the moderator of {} `{}` is still {}",
                    block.kind,
                    block.title,
                    name.trim()
                ),
            )
            .label("placeholder")
            .help("name the moderator before publishing"),
        ),
        Some(_) => {}
    }
}

fn duplicate_dates(agenda: &Agenda, findings: &mut Vec<Finding>) {
    let mut seen = HashMap::new();
    for day in &agenda.days {
        if let Some(first) = seen.insert(day.date, day) {
            findings.push(
                Finding::new(
                    Code::DuplicateDate,
                    day.spans.date.clone(),
                    format!("two days have the date {}", day.date),
                )
                .label("second day with this date")
                .related(first.spans.date.clone(), "first day with this date")
                .help("merge their blocks into one [[day]]"),
            );
            seen.insert(day.date, first);
        }
    }
}

fn duplicate_ids(blocks: &[&Block], findings: &mut Vec<Finding>) {
    let mut seen: HashMap<&str, &Block> = HashMap::new();
    for block in blocks {
        let Some(id) = block.id.as_deref() else {
            continue;
        };
        match seen.get(id) {
            Some(first) => findings.push(
                Finding::new(
                    Code::DuplicateId,
                    block.spans.id.clone(),
                    format!("two blocks have the id `{id}`"),
                )
                .label(format!("`{}`", block.title))
                .related(first.spans.id.clone(), format!("`{}`", first.title))
                .help("ids identify blocks in calendars; give each block its own")
                .block(block.spans.header.clone())
                .block(first.spans.header.clone()),
            ),
            None => {
                seen.insert(id, block);
            }
        }
    }
}

fn overlap_finding(zone: Zone, earlier: &Block, later: &Block, why: &str) -> Finding {
    let overlap = (earlier.end.min(later.end) - later.start).num_minutes();
    let place = |b: &Block| match &b.room {
        Some(room) => format!(" in room {room}"),
        None => " (plenary)".to_string(),
    };
    Finding::new(
        Code::Overlap,
        later.spans.start.clone(),
        format!(
            "`{}` ({}{}) overlaps `{}` ({}{}) by {}",
            later.title,
            span_text(zone, later),
            place(later),
            earlier.title,
            span_text(zone, earlier),
            place(earlier),
            minutes(overlap)
        ),
    )
    .label(format!("starts at {}", time::hm_marked(zone, later.start)))
    .related(
        earlier.spans.length.clone(),
        format!(
            "`{}` ends at {}",
            earlier.title,
            time::hm_marked(zone, earlier.end)
        ),
    )
    .help(why.to_string())
    .block(later.spans.header.clone())
    .block(earlier.spans.header.clone())
}

/// Reports, for each block, the block still running when it starts that
/// it may not overlap: one in the same room, or any block when either is
/// a plenary. Comparing with the latest-ending block is enough to find
/// every block that starts inside another.
fn overlaps<'a>(zone: Zone, blocks: &[&'a Block], findings: &mut Vec<Finding>) {
    let mut sorted: Vec<&'a Block> = blocks.to_vec();
    sorted.sort_by_key(|b| b.start);
    // Rooms are one room when their names differ only in case, accents or
    // surrounding spaces, as `--room` matches them.
    let mut by_room: HashMap<String, &'a Block> = HashMap::new();
    let mut plenary: Option<&'a Block> = None;
    let mut any: Option<&'a Block> = None;
    fn running(b: Option<&Block>, at: DateTime<Utc>) -> Option<&Block> {
        b.filter(|b| b.end > at)
    }
    for block in sorted {
        let clash = match &block.room {
            Some(room) => running(by_room.get(&room_key(room)).copied(), block.start)
                .map(|other| (other, "blocks in one room may not overlap"))
                .or_else(|| {
                    running(plenary, block.start)
                        .map(|p| (p, "a plenary block (no `room`) may overlap nothing"))
                }),
            None => running(any, block.start)
                .map(|other| (other, "a plenary block (no `room`) may overlap nothing")),
        };
        if let Some((other, why)) = clash {
            findings.push(overlap_finding(zone, other, block, why));
        }
        let later = |slot: &mut Option<&'a Block>| {
            if slot.is_none_or(|s| block.end > s.end) {
                *slot = Some(block);
            }
        };
        later(&mut any);
        if let Some(room) = &block.room {
            let slot = by_room.entry(room_key(room)).or_insert(block);
            if block.end > slot.end {
                *slot = block;
            }
        } else {
            later(&mut plenary);
        }
    }
}

/// Who a room is: see [`crate::text::fold`].
fn room_key(room: &crate::model::Room) -> String {
    crate::text::fold(room.0.trim())
}

/// Someone due in two places at once: a speaker or moderator of two blocks,
/// or an item's speaker during that item, that overlap in time.
fn double_bookings(zone: Zone, blocks: &[&Block], findings: &mut Vec<Finding>) {
    struct Due<'a> {
        /// The person: their rank among the distinct names (by
        /// [`crate::text::person_key`]) in name order, so that sorting
        /// by it sorts by name without comparing strings.
        who: usize,
        name: &'a str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        block: usize,
        /// Where the name is written: `speakers`/`speaker`, `moderator`,
        /// or the item.
        span: &'a crate::diagnostic::Span,
        /// The item the person is due in, if only in one.
        item: Option<&'a str>,
    }
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut dues = Vec::new();
    let mut folded = String::new();
    for (i, block) in blocks.iter().enumerate() {
        let speakers = block.speakers.iter().map(|p| (p, &block.spans.speakers));
        let moderator = block.moderator.iter().map(|p| (p, &block.spans.moderator));
        let whole = speakers
            .chain(moderator)
            .map(|(p, span)| (p.as_str(), block.start, block.end, span, None));
        let items = block.items.iter().flat_map(|item| {
            item.speakers.iter().map(|p| {
                let title = Some(item.title.as_str());
                (p.as_str(), item.start, item.end, &item.span, title)
            })
        });
        for (name, start, end, span, item) in whole.chain(items) {
            if !is_placeholder(name) {
                person_key_into(name, &mut folded);
                let next = ids.len();
                let who = match ids.get(folded.as_str()) {
                    Some(&id) => id,
                    None => *ids.entry(folded.clone()).or_insert(next),
                };
                dues.push(Due {
                    who,
                    name,
                    start,
                    end,
                    block: i,
                    span,
                    item,
                });
            }
        }
    }
    let mut names: Vec<(&String, usize)> = ids.iter().map(|(name, &id)| (name, id)).collect();
    names.sort_unstable();
    let mut rank = vec![0; names.len()];
    for (r, (_, id)) in names.into_iter().enumerate() {
        rank[id] = r;
    }
    for due in &mut dues {
        due.who = rank[due.who];
    }
    dues.sort_by_key(|d| (d.who, d.start));
    // `A` (10:00–10:20), or `T`, item `Third` (10:20–10:30) when the
    // person is due in one item only.
    fn where_due(zone: Zone, block: &Block, due: &Due) -> String {
        match due.item {
            Some(item) => format!(
                "`{}`, item `{item}` ({})",
                block.title,
                time::span(zone, due.start, due.end)
            ),
            None => format!("`{}` ({})", block.title, span_text(zone, block)),
        }
    }
    let mut reported = std::collections::HashSet::new();
    let mut running: Option<&Due> = None;
    for due in &dues {
        match running {
            Some(prev)
                if prev.who == due.who && due.start < prev.end && prev.block != due.block =>
            {
                if reported.insert((prev.block, due.block, due.who)) {
                    let (a, b) = (blocks[prev.block], blocks[due.block]);
                    // The name as written at each place, trimmed only.
                    let (name, other) = (due.name.trim(), prev.name.trim());
                    let written = if other == name {
                        String::new()
                    } else {
                        format!(" (written `{other}` in `{}`)", a.title)
                    };
                    findings.push(
                        Finding::new(
                            Code::DoubleBooking,
                            due.span.clone(),
                            format!(
                                "{name}{written} is due in two places at once: {} and {}",
                                where_due(zone, a, prev),
                                where_due(zone, b, due),
                            ),
                        )
                        .label(format!("{name} is due here"))
                        .related(prev.span.clone(), format!("{other} is also due here"))
                        .help("move one of the blocks, or change who takes part")
                        .block(b.spans.header.clone())
                        .block(a.spans.header.clone()),
                    );
                }
                if due.end > prev.end {
                    running = Some(due);
                }
            }
            Some(prev) if prev.who == due.who && due.end <= prev.end => {}
            _ => running = Some(due),
        }
    }
}

#[cfg(test)]
mod tests {
    fn messages(blocks: &str) -> Vec<String> {
        let text = format!(
            "[event]\nname = \"T\"\ntimezone = \"UTC\"\n[[day]]\ndate = 2021-04-13\n{blocks}"
        );
        crate::load(&text)
            .findings
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    const PARALLEL: &str = r#"
[[day.block]]
start = "10:00"
minutes = 20
kind = "talk"
title = "A"
room = "1"
speakers = ["Zoë Ödön", " bob "]

[[day.block]]
start = "10:10"
minutes = 20
kind = "talk"
title = "B"
room = "2"
speakers = ["BOB", "ZOË ÖDÖN"]
"#;

    #[test]
    fn one_person_in_two_rooms_at_once_whatever_the_case() {
        // Both people of A are in B too: one finding each, in name order
        // (bob < zoë), each naming the person as written in the later block
        // and, where A spells them otherwise, as written there (trimmed).
        assert_eq!(
            messages(PARALLEL),
            [
                "BOB (written `bob` in `A`) is due in two places at once: \
                 `A` (10:00–10:20) and `B` (10:10–10:30)",
                "ZOË ÖDÖN (written `Zoë Ödön` in `A`) is due in two places at once: \
                 `A` (10:00–10:20) and `B` (10:10–10:30)",
            ]
        );
    }

    #[test]
    fn spacing_does_not_make_another_person() {
        // The one identity rule: "Zoe  Odon" and "zoë odon" are one person.
        let blocks = PARALLEL
            .replace(r#"["Zoë Ödön", " bob "]"#, r#"["Zoe  Odon"]"#)
            .replace(r#"["BOB", "ZOË ÖDÖN"]"#, r#"["zoë odon"]"#);
        assert_eq!(
            messages(&blocks),
            ["zoë odon (written `Zoe  Odon` in `A`) is due in two places at once: `A` (10:00–10:20) and `B` (10:10–10:30)"]
        );
    }

    #[test]
    fn back_to_back_and_placeholders_are_fine() {
        let blocks = PARALLEL.replace("10:10", "10:20")
            + r#"
[[day.block]]
start = "10:40"
minutes = 20
kind = "talk"
title = "C"
room = "1"
speaker = "TBD"

[[day.block]]
start = "10:40"
minutes = 20
kind = "talk"
title = "D"
room = "2"
speaker = "tbd"
"#;
        assert_eq!(messages(&blocks), Vec::<String>::new());
    }

    #[test]
    fn an_item_speaker_is_due_only_during_the_item() {
        let blocks = r#"
[[day.block]]
start = "10:00"
minutes = 40
kind = "tutorial"
title = "T"
room = "1"
moderator = "Mo"
items = [{ title = "First", speaker = "Ann" }, "Second", { title = "Third", speaker = "Cy" }]

[[day.block]]
start = "10:10"
minutes = 10
kind = "talk"
title = "Ann's talk"
room = "2"
speaker = "Ann"

[[day.block]]
start = "10:10"
minutes = 20
kind = "talk"
title = "Cy's talk"
room = "3"
speaker = "Cy"
"#;
        // Ann's item ends at 10:10, when her talk starts; Cy's item runs
        // 10:20–10:30, inside his talk, which started first.
        assert_eq!(
            messages(blocks),
            [
                "Cy is due in two places at once: `Cy's talk` (10:10–10:30) \
              and `T`, item `Third` (10:20–10:30)"
            ]
        );
    }

    #[test]
    fn the_file_allows_warnings_and_names_what_it_cannot_allow() {
        let text = r#"
[event]
name = "T"
timezone = "UTC"
[rules]
allow = ["gap", "gapp", "overlap", 3]
[[day]]
date = 2021-04-13
[[day.block]]
start = "10:00"
minutes = 10
kind = "talk"
title = "A"
[[day.block]]
start = "10:30"
minutes = 10
kind = "talk"
title = "B"
"#;
        let checked = crate::load(text);
        let codes = |f: &[crate::Finding]| f.iter().map(|f| f.code.as_str()).collect::<Vec<_>>();
        assert_eq!(codes(&checked.allowed), ["gap"]);
        assert_eq!(
            codes(&checked.findings),
            ["bad-allow", "bad-allow", "wrong-type"]
        );
        let messages: Vec<&str> = checked
            .findings
            .iter()
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(
            messages[..2],
            [
                "unknown finding code `gapp`; did you mean `gap`?",
                "`overlap` names errors, which cannot be allowed"
            ]
        );
    }
}
