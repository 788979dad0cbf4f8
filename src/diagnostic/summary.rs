//! What the views (`show`, `now`, `hours`, `diff`, `export`) say on
//! stderr instead of `check`'s report: one clause per kind of trouble,
//! counted, with the codes behind it, so that an attendee knows what the
//! programme they are shown lacks and the organizer knows to run `check`.

use std::collections::BTreeMap;

use super::{Category, Code, Finding};

/// The errors of a file, counted by what they mean for the views.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    /// Errors that say the programme breaks a rule, by code.
    rules: Vec<(Code, usize)>,
    /// Errors that say something could not be read, by code.
    reading: Vec<(Code, usize)>,
    /// Blocks the file declares that could not be read, each once.
    blocks_left_out: usize,
}

impl Summary {
    /// The errors among `findings` (warnings are `check`'s business), and
    /// the blocks left out of the model.
    pub(crate) fn new(findings: &[Finding], blocks_left_out: usize) -> Summary {
        let mut counts: BTreeMap<Code, usize> = BTreeMap::new();
        for finding in findings.iter().filter(|f| f.is_error()) {
            *counts.entry(finding.code).or_default() += 1;
        }
        let of = |category: Category| {
            let mut codes: Vec<(Code, usize)> = counts
                .iter()
                .filter(|(code, _)| code.category() == category)
                .map(|(&code, &n)| (code, n))
                .collect();
            // The most frequent first; ties in the order of the codes.
            codes.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
            codes
        };
        Summary {
            rules: of(Category::Rule),
            reading: of(Category::Unreadable),
            blocks_left_out,
        }
    }

    /// How many rule errors there are.
    pub(crate) fn rules_broken(&self) -> usize {
        self.rules.iter().map(|(_, n)| n).sum()
    }

    /// `breaks 2 rules (double-booking ×1, overlap ×1), has 1 reading
    /// error (bad-time ×1) and 1 block could not be read`, to follow the
    /// file's name; `None` when there is nothing to say.
    pub(crate) fn clauses(&self) -> Option<String> {
        let mut clauses = Vec::new();
        if !self.rules.is_empty() {
            let n = self.rules_broken();
            clauses.push(format!(
                "breaks {n} {} ({})",
                plural(n, "rule", "rules"),
                codes(&self.rules)
            ));
        }
        if !self.reading.is_empty() {
            let n: usize = self.reading.iter().map(|(_, n)| n).sum();
            clauses.push(format!(
                "has {n} reading {} ({})",
                plural(n, "error", "errors"),
                codes(&self.reading)
            ));
        }
        if self.blocks_left_out > 0 {
            let n = self.blocks_left_out;
            clauses.push(format!(
                "{n} {} could not be read",
                plural(n, "block", "blocks")
            ));
        }
        let last = clauses.pop()?;
        Some(match clauses.is_empty() {
            true => last,
            false => format!("{} and {last}", clauses.join(", ")),
        })
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `double-booking ×2, overlap ×1`.
fn codes(counts: &[(Code, usize)]) -> String {
    let parts: Vec<String> = counts.iter().map(|(c, n)| format!("{c} ×{n}")).collect();
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::Summary;
    use crate::diagnostic::{Code, Finding};

    fn finding(code: Code) -> Finding {
        Finding::new(code, 0..0, "x")
    }

    #[test]
    fn says_nothing_when_there_is_nothing_to_say() {
        assert_eq!(Summary::new(&[], 0).clauses(), None);
        // Warnings are for `check`.
        let warnings = [finding(Code::Gap), finding(Code::NoZone)];
        assert_eq!(Summary::new(&warnings, 0).clauses(), None);
    }

    #[test]
    fn counts_rules_reading_errors_and_blocks_apart() {
        let findings = [
            finding(Code::Overlap),
            finding(Code::DoubleBooking),
            finding(Code::DoubleBooking),
            finding(Code::NoModerator),
        ];
        let summary = Summary::new(&findings, 0);
        assert_eq!(summary.rules_broken(), 3);
        assert_eq!(
            summary.clauses().as_deref(),
            Some("breaks 3 rules (double-booking ×2, overlap ×1)")
        );
        // A block with two problems is one block left out.
        let findings = [
            finding(Code::Overlap),
            finding(Code::BadTime),
            finding(Code::UnknownKind),
        ];
        assert_eq!(
            Summary::new(&findings, 1).clauses().as_deref(),
            Some(
                "breaks 1 rule (overlap ×1), has 2 reading errors (bad-time ×1, unknown-kind ×1) \
                 and 1 block could not be read"
            )
        );
        assert_eq!(
            Summary::new(&[finding(Code::UnknownKey)], 0)
                .clauses()
                .as_deref(),
            Some("has 1 reading error (unknown-key ×1)")
        );
        assert_eq!(
            Summary::new(&[finding(Code::DstGap), finding(Code::DstGap)], 2)
                .clauses()
                .as_deref(),
            Some("has 2 reading errors (dst-gap ×2) and 2 blocks could not be read")
        );
    }
}
