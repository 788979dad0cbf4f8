//! Filters that keep only some blocks of an agenda: `--day`, `--kind`,
//! `--room`, `--person` and `--match`.
//!
//! Different filters must all hold; the values of one repeated filter are
//! alternatives (`--match Fink --match ANTARES` keeps blocks that mention
//! either). A block whose item matches is kept whole, items and all.

use chrono::NaiveDate;
use thiserror::Error;

use crate::kind::Kind;
use crate::model::{Agenda, Block};
use crate::text::fold;
use crate::text::person_key;

/// The filters shared by `show`, `now` and `export`: a plain value, made
/// from the command line once (`cli/config.rs`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Filter {
    /// Only this day: its date (2021-04-13) or its number (1 for the first).
    pub day: Option<String>,
    /// Only blocks of these kinds.
    pub kind: Vec<Kind>,
    /// Only blocks in these rooms, and the plenary blocks.
    pub room: Vec<String>,
    /// Only blocks where one of these people speaks or moderates.
    pub person: Vec<String>,
    /// Only blocks whose title, items or description contain one of these.
    pub matches: Vec<String>,
}

/// A filter that matches nothing it could be meant for.
#[derive(Debug, Error, PartialEq, Eq)]
pub(crate) enum FilterError {
    /// `--day` names no day of the agenda.
    #[error("--day {0}: the agenda has no such day (it has {1})")]
    NoSuchDay(String, String),
    /// `--room` names no room of the agenda.
    #[error("--room {0}: the agenda has no such room ({1})")]
    NoSuchRoom(String, String),
    /// The filters together keep no block at all.
    #[error("no block matches {0}")]
    NothingMatches(String),
}

impl Filter {
    /// Whether any filter other than `--day` is given.
    fn selects_blocks(&self) -> bool {
        !(self.kind.is_empty()
            && self.room.is_empty()
            && self.person.is_empty()
            && self.matches.is_empty())
    }

    /// The agenda with only the blocks the filters keep; days left empty
    /// are dropped. A filter that can match nothing is an error, and so is
    /// a set of filters that together keep no block.
    pub(crate) fn apply(&self, mut agenda: Agenda) -> Result<Agenda, FilterError> {
        self.check_rooms(&agenda)?;
        if let Some(day) = &self.day {
            let index = match day.parse::<usize>() {
                Ok(n) => n.checked_sub(1).filter(|&i| i < agenda.days.len()),
                Err(_) => NaiveDate::parse_from_str(day, "%Y-%m-%d")
                    .ok()
                    .and_then(|date| agenda.days.iter().position(|d| d.date == date)),
            };
            let Some(index) = index else {
                let dates: Vec<String> = agenda
                    .days
                    .iter()
                    .enumerate()
                    .map(|(i, d)| format!("{} = {}", i + 1, d.date))
                    .collect();
                return Err(FilterError::NoSuchDay(day.clone(), dates.join(", ")));
            };
            let chosen = agenda.days.swap_remove(index);
            agenda.days = vec![chosen];
        }
        if !self.selects_blocks() {
            return Ok(agenda);
        }
        let rooms: Vec<String> = self.room.iter().map(|r| fold(r.trim())).collect();
        let people: Vec<String> = self.person.iter().map(|p| person_key(p)).collect();
        let texts: Vec<String> = self.matches.iter().map(|m| fold(m)).collect();
        for day in &mut agenda.days {
            day.blocks.retain(|block| {
                (self.kind.is_empty() || self.kind.contains(&block.kind))
                    && (rooms.is_empty() || in_rooms(block, &rooms))
                    && (people.is_empty() || has_person(block, &people))
                    && (texts.is_empty() || mentions(block, &texts))
            });
        }
        agenda.days.retain(|day| !day.blocks.is_empty());
        if agenda.days.is_empty() {
            return Err(FilterError::NothingMatches(self.describe()));
        }
        Ok(agenda)
    }

    /// Refuses a `--room` that is no room of the agenda: a typo would
    /// otherwise look like an empty programme.
    fn check_rooms(&self, agenda: &Agenda) -> Result<(), FilterError> {
        let mut known: Vec<&str> = agenda
            .days
            .iter()
            .flat_map(|d| &d.blocks)
            .filter_map(|b| b.room.as_ref().map(|r| r.0.as_str()))
            .collect();
        known.sort_unstable();
        known.dedup();
        for room in &self.room {
            let wanted = fold(room.trim());
            if !known.iter().any(|k| fold(k) == wanted) {
                let have = if known.is_empty() {
                    "every block is plenary".to_string()
                } else {
                    format!("it has {}", known.join(", "))
                };
                return Err(FilterError::NoSuchRoom(room.clone(), have));
            }
        }
        Ok(())
    }

    /// What these filters keep, in words for `now` ("No more talks
    /// today"): the kind's plural when only one `--kind` selects blocks,
    /// else `matching blocks`; `None` without filters.
    pub(crate) fn noun(&self) -> Option<String> {
        if *self == Filter::default() {
            return None;
        }
        let only_kind = self.room.is_empty() && self.person.is_empty() && self.matches.is_empty();
        Some(match self.kind.as_slice() {
            [kind] if only_kind => format!("{kind}s"),
            _ => "matching blocks".to_string(),
        })
    }

    /// The filters as written, for messages: `--kind talk --person Graham`.
    fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(day) = &self.day {
            parts.push(format!("--day {day}"));
        }
        parts.extend(self.kind.iter().map(|k| format!("--kind {k}")));
        parts.extend(self.room.iter().map(|r| format!("--room {r:?}")));
        parts.extend(self.person.iter().map(|p| format!("--person {p:?}")));
        parts.extend(self.matches.iter().map(|m| format!("--match {m:?}")));
        parts.join(" ")
    }
}

/// Whether the block runs in one of `rooms`: a plenary block runs in
/// every room, so `--room` keeps it.
fn in_rooms(block: &Block, rooms: &[String]) -> bool {
    block
        .room
        .as_ref()
        .is_none_or(|room| rooms.contains(&fold(room.0.trim())))
}

/// Whether someone due in `block` has a name that contains one of
/// `people`, both read as [`person_key`]s: the one rule for who a person
/// is, so that part of a name is enough.
fn has_person(block: &Block, people: &[String]) -> bool {
    let names = block.people().chain(
        block
            .items
            .iter()
            .flat_map(|i| i.speakers.iter().map(String::as_str)),
    );
    names
        .map(person_key)
        .any(|name| people.iter().any(|p| name.contains(p.as_str())))
}

fn mentions(block: &Block, texts: &[String]) -> bool {
    let fields = std::iter::once(block.title.as_str())
        .chain(block.description.as_deref())
        .chain(
            block
                .items
                .iter()
                .flat_map(|i| std::iter::once(i.title.as_str()).chain(i.description.as_deref())),
        );
    fields
        .map(fold)
        .any(|field| texts.iter().any(|t| field.contains(t.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agenda() -> Agenda {
        let text = include_str!("../agenda.toml");
        crate::load(text).agenda.expect("the bundled agenda loads")
    }

    fn titles(agenda: &Agenda) -> Vec<String> {
        agenda
            .days
            .iter()
            .flat_map(|d| &d.blocks)
            .map(|b| b.title.clone())
            .collect()
    }

    #[test]
    fn item_match_keeps_the_whole_block() {
        let filter = Filter {
            matches: vec!["lasair".into()],
            ..Filter::default()
        };
        let kept = filter.apply(agenda()).unwrap();
        assert_eq!(titles(&kept), ["Broker interfaces II"]);
        assert_eq!(kept.days[0].blocks[0].items.len(), 4);
    }

    #[test]
    fn filters_combine_with_and_values_with_or() {
        let filter = Filter {
            kind: vec![Kind::Tutorial],
            matches: vec!["fink".into(), "ampel".into()],
            ..Filter::default()
        };
        let kept = filter.apply(agenda()).unwrap();
        assert_eq!(
            titles(&kept),
            [
                "Broker interfaces I",
                "Broker interfaces II",
                "Broker interfaces III + Solar System"
            ]
        );
    }

    #[test]
    fn empty_result_and_unknown_room_are_errors() {
        let filter = Filter {
            person: vec!["Nobody".into()],
            ..Filter::default()
        };
        assert_eq!(
            filter.apply(agenda()).unwrap_err(),
            FilterError::NothingMatches("--person \"Nobody\"".into())
        );
        let filter = Filter {
            room: vec!["A".into()],
            ..Filter::default()
        };
        assert!(matches!(
            filter.apply(agenda()),
            Err(FilterError::NoSuchRoom(..))
        ));
    }
}
