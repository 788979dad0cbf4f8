//! The rules one version breaks that the other did not: a conflict NEW
//! introduces, and one it resolves, listed among the changes.
//!
//! Whether a block breaks a rule is exact (`check` reports a block that
//! starts inside another, whichever block it names as the other); which
//! partner `check` names is not (the one still running longest). So a
//! conflict is new when one of its blocks did not break that rule before
//! (or is new itself), and resolved when one of its blocks, still there,
//! no longer breaks it: a partner named differently is no change, and
//! nothing is said resolved that still holds.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Change, Dated};
use crate::model::Agenda;

/// The conflicts `new` introduces and those it resolves, with the date
/// of the day each is listed under. `old_blocks` and `new_blocks` are the
/// blocks of each version as the matching numbered them; `pairs` the
/// matched (old, new) indices. Linear in blocks and conflicts.
pub(super) fn changes(
    old: &Agenda,
    new: &Agenda,
    old_blocks: &[Dated],
    new_blocks: &[Dated],
    pairs: &[(usize, usize)],
) -> Vec<(NaiveDate, Change)> {
    if old.conflicts.is_empty() && new.conflicts.is_empty() {
        return Vec::new();
    }
    let mut old_to_new = vec![None; old_blocks.len()];
    let mut new_to_old = vec![None; new_blocks.len()];
    for &(i, j) in pairs {
        old_to_new[i] = Some(j);
        new_to_old[j] = Some(i);
    }
    let mut out = Vec::new();
    // New: one of its blocks is new, or did not break this rule before.
    let old_breaks = |j: usize, code| {
        new_to_old[j].is_some_and(|i: usize| old_blocks[i].1.breaks.contains(&code))
    };
    for (code, blocks) in located(new, new_blocks) {
        if blocks.iter().any(|&j| !old_breaks(j, code)) {
            out.push(conflict(code, true, &blocks, new_blocks));
        }
    }
    // Resolved: one of its blocks is still there and breaks it no more.
    let lost = |i: usize, code| {
        old_to_new[i].is_some_and(|j: usize| !new_blocks[j].1.breaks.contains(&code))
    };
    for (code, blocks) in located(old, old_blocks) {
        if blocks.iter().any(|&i| lost(i, code)) {
            out.push(conflict(code, false, &blocks, old_blocks));
        }
    }
    out
}

/// Each conflict of `agenda` with its blocks as indices into `blocks`
/// (found by the span of their header), in time order.
fn located(agenda: &Agenda, blocks: &[Dated]) -> Vec<(crate::diagnostic::Code, Vec<usize>)> {
    let at: HashMap<usize, usize> = blocks
        .iter()
        .enumerate()
        .map(|(i, (_, block))| (block.spans.header.start, i))
        .collect();
    agenda
        .conflicts
        .iter()
        .filter_map(|conflict| {
            let mut found: Vec<usize> = conflict
                .blocks
                .iter()
                .filter_map(|span| at.get(&span.start).copied())
                .collect();
            // `blocks` is in time order.
            found.sort_unstable();
            found.dedup();
            (!found.is_empty()).then_some((conflict.code, found))
        })
        .collect()
}

fn conflict(
    code: crate::diagnostic::Code,
    introduced: bool,
    indices: &[usize],
    blocks: &[Dated],
) -> (NaiveDate, Change) {
    let blocks: Vec<Dated> = indices.iter().map(|&i| blocks[i].clone()).collect();
    (
        blocks[0].0,
        Change::Conflict {
            code,
            introduced,
            blocks,
        },
    )
}

#[cfg(test)]
mod tests {
    use crate::diff::{diff, render, DiffFormat};
    use crate::time::Zone;

    /// The text diff of two programmes of one day, written as blocks
    /// `(start, minutes, title, room, speaker)`, in UTC.
    fn changes(
        old: &[(&str, u32, &str, &str, &str)],
        new: &[(&str, u32, &str, &str, &str)],
    ) -> Vec<String> {
        let agenda = |blocks: &[(&str, u32, &str, &str, &str)]| {
            let mut text = String::from(
                "[event]\nname = \"E\"\ntimezone = \"UTC\"\n[rules]\ntalk_minutes = [20, 30, 60, 120]\n[[day]]\ndate = 2021-04-13\n",
            );
            for (start, minutes, title, room, speaker) in blocks {
                text.push_str(&format!(
                    "[[day.block]]\nstart = \"{start}\"\nminutes = {minutes}\nkind = \"talk\"\n\
                     title = \"{title}\"\nroom = \"{room}\"\nspeaker = \"{speaker}\"\n"
                ));
            }
            crate::load(&text).agenda.expect("a model")
        };
        let report = diff(&agenda(old), &agenda(new));
        render(&report, &[Zone::utc()], DiffFormat::Text)
            .lines()
            .skip(3)
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_conflict_moved_away_is_resolved_and_one_moved_in_is_new() {
        let old = [
            ("10:00", 60, "A", "R", "Ann"),
            ("10:30", 20, "B", "R", "Bo"),
        ];
        let moved = [
            ("10:00", 60, "A", "R", "Ann"),
            ("11:00", 20, "B", "R", "Bo"),
        ];
        assert_eq!(
            changes(&old, &moved),
            [
                "  resolved overlap: \"A\" (10:00–11:00) and \"B\" (10:30–10:50)",
                "  moved       \"B\" now 11:00–11:20 (was 10:30–10:50)",
            ]
        );
        // A conflict is listed at the start of its first block.
        assert_eq!(
            changes(&moved, &old),
            [
                "  new overlap: \"A\" (10:00–11:00) and \"B\" (10:30–10:50)",
                "  moved       \"B\" now 10:30–10:50 (was 11:00–11:20)",
            ]
        );
    }

    #[test]
    fn another_partner_named_by_check_is_no_resolution() {
        // `check` names, for B, the block still running longest: A before,
        // the new C after. A and B still overlap: nothing is resolved, and
        // the overlaps with C are new.
        let old = [
            ("10:00", 60, "A", "R", "Ann"),
            ("10:30", 20, "B", "R", "Bo"),
        ];
        let mut new = old.to_vec();
        new.push(("10:00", 120, "C", "R", "Cy"));
        assert_eq!(
            changes(&old, &new),
            [
                "  added       \"C\" (talk), 10:00–12:00",
                "  new overlap: \"A\" (10:00–11:00) and \"C\" (10:00–12:00)",
                "  new overlap: \"C\" (10:00–12:00) and \"B\" (10:30–10:50)",
            ]
        );
    }

    #[test]
    fn a_speaker_due_twice_is_a_new_double_booking() {
        let old = [
            ("10:00", 20, "A", "R1", "Ann"),
            ("11:00", 20, "B", "R2", "ann"),
        ];
        let new = [
            ("10:00", 20, "A", "R1", "Ann"),
            ("10:00", 20, "B", "R2", "ann"),
        ];
        assert_eq!(
            changes(&old, &new),
            [
                "  moved       \"B\" now 10:00–10:20 (was 11:00–11:20)",
                "  new double booking: \"A\" (10:00–10:20) and \"B\" (10:00–10:20)",
            ]
        );
        // The same programme: no change, conflicts and all ("No changes."
        // is the first line, skipped).
        assert_eq!(changes(&new, &new), Vec::<String>::new());
    }
}
