//! The rules of `check` about `[people]`: anyone due outside their
//! waking hours, entries no block uses, names missing from the table. Who
//! a person is lives in `text.rs`; the waking hours and what an interval
//! amounts to on a zone's clock in `waking.rs`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::diagnostic::{Code, Finding, Span};
use crate::model::{Agenda, Block, Person};
use crate::text::{is_placeholder, person_key_into, Suggestions};
use crate::time::local_range;
use crate::waking::Tally;

/// Someone due at some time, with the words for what they do there.
struct Due<'a> {
    name: &'a str,
    /// "moderates", "speaks in".
    role: &'static str,
    /// The block or item, quoted: "`Broker interfaces III`".
    what: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    span: Span,
}

/// Everyone due in `block`: its speakers and moderator for the whole
/// block, each item's speakers during the item.
fn dues(block: &Block) -> impl Iterator<Item = Due<'_>> {
    let speakers = block.speakers.iter().map(move |name| Due {
        name,
        role: "speaks in",
        what: format!("`{}`", block.title),
        start: block.start,
        end: block.end,
        span: block.spans.speakers.clone(),
    });
    let moderator = block.moderator.iter().map(move |name| Due {
        name,
        role: "moderates",
        what: format!("`{}`", block.title),
        start: block.start,
        end: block.end,
        span: block.spans.moderator.clone(),
    });
    let items = block.items.iter().flat_map(move |item| {
        item.speakers.iter().map(move |name| Due {
            name,
            role: "speaks in",
            what: format!("`{}` (in `{}`)", item.title, block.title),
            start: item.start,
            end: item.end,
            span: item.span.clone(),
        })
    });
    speakers
        .chain(moderator)
        .chain(items)
        .filter(|d| !is_placeholder(d.name))
}

/// The rules of `check` about people: anyone due outside their waking
/// hours, a `[people]` entry no block uses, and (under
/// `rules.require_people`) anyone due who has no entry.
pub(crate) fn check(agenda: &Agenda, findings: &mut Vec<Finding>) {
    if agenda.people.is_empty() {
        return;
    }
    let by_key: HashMap<&str, &Person> =
        agenda.people.iter().map(|p| (p.key.as_str(), p)).collect();
    let waking = agenda.rules.waking_hours;
    let mut used: HashMap<String, &str> = HashMap::new();
    let mut key = String::new();
    for block in agenda.days.iter().flat_map(|d| &d.blocks) {
        for due in dues(block) {
            person_key_into(due.name, &mut key);
            if !used.contains_key(key.as_str()) {
                used.insert(key.clone(), due.name);
                if agenda.rules.require_people && !by_key.contains_key(key.as_str()) {
                    findings.push(
                        Finding::new(Code::NotInPeople,
                            due.span.clone(),
                            format!("{} has no entry in [people]", due.name.trim()),
                        )
                        .label(format!("{} {} {}", due.name.trim(), due.role, due.what))
                        .help(format!(
                            "add \"{}\" = {{ timezone = \"Area/City\" }} to [people], or set rules.require_people = false",
                            due.name.trim()
                        )),
                    );
                }
            }
            let Some(person) = by_key.get(key.as_str()) else {
                continue;
            };
            let mut tally = Tally::default();
            tally.add(person.zone, waking, due.start, due.end);
            if tally.waking < tally.seconds {
                findings.push(
                    Finding::new(Code::OutsideWakingHours,
                        due.span.clone(),
                        format!(
                            "{} {} {} at {} in {}, outside {}",
                            person.name,
                            due.role,
                            due.what,
                            local_range(person.zone, due.start, due.end),
                            person.zone,
                            waking
                        ),
                    )
                    .label("outside their waking hours")
                    .related(person.span.clone(), format!("home zone {}", person.zone))
                    .help("move the block, or make sure they agree (rules.waking_hours sets the hours)"),
                );
            }
        }
    }
    // Comparing every unused entry with every used name is quadratic in
    // names and in their lengths: the suggestions' budget bounds both.
    let mut suggestions = Suggestions::new();
    for person in &agenda.people {
        if used.contains_key(person.key.as_str()) {
            continue;
        }
        let closest = if suggestions.spent() {
            None
        } else {
            used.iter()
                .filter_map(|(k, name)| Some((suggestions.similarity(&person.key, k)?, *name)))
                .filter(|(score, _)| *score > 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        };
        let mut finding = Finding::new(
            Code::UnusedPerson,
            person.span.clone(),
            format!("`{}` in [people] takes part in no block", person.name),
        )
        .label("used by no block");
        finding = match closest {
            Some((_, name)) => finding.help(format!("did you mean `{}`?", name.trim())),
            None => finding.help("remove the entry, or name them as a speaker or moderator"),
        };
        findings.push(finding);
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn waking_hours_as_written() {
        let read = |w: &str| {
            let text = format!(
                "[event]\nname = \"E\"\ntimezone = \"UTC\"\n[rules]\nwaking_hours = {w}\n[[day]]\ndate = 2021-04-13\n"
            );
            let checked = crate::load(&text);
            let errors: Vec<String> = checked.findings.into_iter().map(|f| f.message).collect();
            (
                checked.agenda.map(|a| a.rules.waking_hours.to_string()),
                errors,
            )
        };
        let ok = |s: &str| (Some(s.to_string()), Vec::<String>::new());
        assert_eq!(read(r#"["08:30", "24:00"]"#), ok("08:30–24:00"));
        assert_eq!(read("[06:00:00, 23:15:00]"), ok("06:00–23:15"));
        let bad = |w: &str, message: &str| {
            let (_, errors) = read(w);
            assert_eq!(errors, [message], "{w}");
        };
        bad(r#"["24:00", "07:00"]"#, "malformed time in `waking_hours`");
        bad(
            r#"["07:00+01:00", "22:00"]"#,
            "malformed time in `waking_hours`",
        );
        bad(r#"["07:00"]"#, "`waking_hours` must list two times, not 1");
        bad(
            r#"["07:00", "07:00"]"#,
            "`waking_hours` must start before they end",
        );
        // Seconds are refused, not dropped (07:00:30 is not 07:00).
        bad(r#"["07:00:30", "22:00"]"#, "`waking_hours` has seconds");
        bad("[07:00:00, 22:00:00.5]", "`waking_hours` has seconds");
        bad(
            "7",
            "`waking_hours` must be a list of two times, not a whole number",
        );
    }
}
