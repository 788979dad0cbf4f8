//! Free-text types and tracks to kinds: a type means a kind when it is
//! one of the kind's type words ([`Kind::policy`]), or failing that when
//! one of its words is (`Panel discussion`, `Coffee break`,
//! `LIGHTNING_TALK`), ignoring case and a plural `s`. Anything else gets
//! the default kind.

use std::collections::HashMap;

use super::{Event, KindUse};
use crate::kind::Kind;

/// The kind of a free-text type, if a kind's words know it.
pub(super) fn map_kind(label: &str) -> Option<Kind> {
    let lookup = |word: &str| {
        let word = word.to_lowercase();
        let singular = word.strip_suffix('s').unwrap_or(&word);
        Kind::ALL.iter().copied().find(|kind| {
            kind.policy()
                .type_words
                .iter()
                .any(|w| *w == word || *w == singular)
        })
    };
    lookup(label.trim()).or_else(|| {
        label
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .find_map(lookup)
    })
}

/// The kind of each event (its type, else its track), and how each type
/// was mapped, by kind and then type.
pub(super) fn assign_kinds<'a>(
    events: impl Iterator<Item = &'a Event>,
) -> (Vec<Kind>, Vec<KindUse>) {
    let mut kinds = Vec::new();
    let mut uses: Vec<KindUse> = Vec::new();
    // Each use found by hash: a schedule may have a type per event.
    let mut index: HashMap<(String, Kind), usize> = HashMap::new();
    for event in events {
        let texts: Vec<&str> = [event.kind.as_deref(), event.track.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        let found = texts
            .iter()
            .find_map(|t| map_kind(t).map(|kind| (*t, kind)));
        let (label, kind, mapped) = match found {
            Some((label, kind)) => (label.to_string(), kind, true),
            None => (
                texts.first().map_or("(no type)", |t| t).to_string(),
                Kind::default(),
                false,
            ),
        };
        // A kind that has nobody in it cannot hold an event that lists
        // people: it gets the default kind, people kept.
        let has_people = !(event.persons.is_empty() && event.moderators.is_empty());
        let kind = if has_people && !kind.policy().people {
            Kind::default()
        } else {
            kind
        };
        kinds.push(kind);
        match index.get(&(label.clone(), kind)) {
            Some(&i) => uses[i].count += 1,
            None => {
                index.insert((label.clone(), kind), uses.len());
                uses.push(KindUse {
                    label,
                    kind,
                    mapped,
                    count: 1,
                });
            }
        }
    }
    uses.sort_by(|a, b| (a.kind, &a.label).cmp(&(b.kind, &b.label)));
    (kinds, uses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_kinds_own_words() {
        assert_eq!(map_kind("Lecture"), Some(Kind::Talk));
        assert_eq!(map_kind("talks"), Some(Kind::Talk));
        assert_eq!(map_kind("LIGHTNING_TALK"), Some(Kind::Talk));
        assert_eq!(map_kind("Workshop"), Some(Kind::Tutorial));
        assert_eq!(map_kind("Panel discussion"), Some(Kind::Discussion));
        assert_eq!(map_kind("podium"), Some(Kind::Discussion));
        assert_eq!(map_kind("Coffee break"), Some(Kind::Break));
        assert_eq!(map_kind("Pause"), Some(Kind::Break));
        assert_eq!(map_kind("session"), Some(Kind::Session));
        assert_eq!(map_kind("Lightning"), None);
        assert_eq!(map_kind("game"), None);
        assert_eq!(map_kind("HANDS-ON"), None);
        assert_eq!(map_kind(""), None);
    }
}
