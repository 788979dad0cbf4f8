//! The warnings about a day's timing: blocks written out of time order,
//! and unscheduled time that looks forgotten.

use super::minutes;
use crate::diagnostic::{Code, Finding};
use crate::model::{Agenda, Block, Origin};
use crate::time::{hm_pair, Zone};

/// Warns about blocks written out of time order.
pub(super) fn order(zone: Zone, blocks: &[Block], findings: &mut Vec<Finding>) {
    for pair in blocks.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        if after.start < before.start {
            let (starts, above) = hm_pair(zone, after.start, before.start);
            findings.push(
                Finding::new(
                    Code::Order,
                    after.spans.start.clone(),
                    format!(
                        "`{}` starts at {}, before `{}` written above it ({})",
                        after.title, starts, before.title, above
                    ),
                )
                .label("out of time order")
                .help("write the blocks of a day in the order they happen"),
            );
        }
    }
}

/// Warns about unscheduled time between the blocks of a day when it
/// looks forgotten: no longer than `rules.max_gap_minutes`. The blocks of
/// a day all start on its date, so a night between two days is never a
/// gap; the night of a congress listed in one day (after the late talks,
/// before the morning's) and a long planned pause are too long to be one;
/// a forgotten half hour is not.
pub(super) fn gaps(agenda: &Agenda, blocks: &[Block], findings: &mut Vec<Finding>) {
    let zone = agenda.event.zone;
    let mut sorted: Vec<&Block> = blocks.iter().collect();
    sorted.sort_by_key(|b| b.start);
    let mut latest: Option<&Block> = None;
    for block in sorted {
        if let Some(prev) = latest {
            let gap = (block.start - prev.end).num_minutes();
            if block.start > prev.end && gap <= agenda.rules.max_gap_minutes {
                let (ends, starts) = hm_pair(zone, prev.end, block.start);
                findings.push(
                    Finding::new(
                        Code::Gap,
                        block.spans.start.clone(),
                        format!(
                            "{} unscheduled between `{}` (ends {}) and `{}` (starts {})",
                            minutes(gap),
                            prev.title,
                            ends,
                            block.title,
                            starts
                        ),
                    )
                    .label("gap before this block")
                    .help(match agenda.origin {
                        Origin::Agenda => {
                            "add a break, or move the block; if the gap is planned, say so with \
                             `[rules] allow = [\"gap\"]`"
                        }
                        Origin::Schedule => {
                            "add a break to the schedule, or move the event; if the gap is \
                             planned, `check --allow gap`"
                        }
                    }),
                );
            }
        }
        if latest.is_none_or(|prev| block.end > prev.end) {
            latest = Some(block);
        }
    }
}

#[cfg(test)]
mod tests {
    /// The gap findings of a day of sessions, each `(start, minutes)`,
    /// under `rules`.
    fn gaps(rules: &str, sessions: &[(&str, i64)]) -> Vec<String> {
        let blocks: String = sessions
            .iter()
            .enumerate()
            .map(|(i, (start, minutes))| {
                format!(
                    "[[day.block]]\nstart = \"{start}\"\nminutes = {minutes}\n\
                     kind = \"session\"\ntitle = \"S{i}\"\n"
                )
            })
            .collect();
        let text = format!(
            "[event]\nname = \"T\"\ntimezone = \"UTC\"\n{rules}\n\
             [[day]]\ndate = 2021-04-13\n{blocks}"
        );
        crate::load(&text)
            .findings
            .into_iter()
            .filter(|f| f.code == crate::diagnostic::Code::Gap)
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn a_forgotten_half_hour_is_a_gap_and_a_planned_pause_is_not() {
        // 09:00–10:00, a forgotten half hour, 10:30–12:00, then a pause
        // of six hours before an evening sitting (18:00–19:00), which
        // runs on to 22:00 and, past midnight, to 00:30 (a congress night
        // follows: the next day's blocks are another day's).
        let day = [
            ("09:00", 60),
            ("10:30", 90),
            ("18:00", 60),
            ("19:00", 180),
            ("22:00", 150),
        ];
        assert_eq!(
            gaps("", &day),
            ["30 minutes unscheduled between `S0` (ends 10:00) and `S1` (starts 10:30)"]
        );
        // The organizer may take a longer gap for forgotten, or a shorter
        // one for planned.
        assert_eq!(gaps("[rules]\nmax_gap_minutes = 360", &day).len(), 2);
        assert_eq!(
            gaps("[rules]\nmax_gap_minutes = 29", &day),
            Vec::<String>::new()
        );
    }
}
