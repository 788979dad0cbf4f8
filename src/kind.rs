//! The kinds of block, and what each allows and expects: one exhaustive
//! `match` ([`Kind::policy`]), so that a new kind is one edit that the
//! compiler leads to, and every rule that depends on the kind asks here.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// What sort of block it is. Its name in the file is the variant's, in
/// lower case; [`Kind::ALL`] lists every variant.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Kind {
    /// A talk; its length must be one of `rules.talk_minutes`.
    Talk,
    /// A tutorial, usually made of items; wants a moderator.
    Tutorial,
    /// A moderated discussion; wants a moderator.
    Discussion,
    /// Anything else: opening, panel, summary; the kind of an imported
    /// event whose type names none of the others.
    #[default]
    Session,
    /// A break: no speakers, moderator or items.
    Break,
}

/// How long a block of a kind may last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LengthRule {
    /// Any positive length.
    Any,
    /// One of `rules.talk_minutes`.
    TalkMinutes,
}

/// What a kind allows and expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Policy {
    /// Whether it may have speakers, a moderator and items.
    pub people: bool,
    /// Whether `check` warns when it has no moderator.
    pub wants_moderator: bool,
    /// Its length rule.
    pub length: LengthRule,
    /// Whether `export` makes a calendar event of it without `--breaks`.
    pub calendar_event: bool,
    /// Whether `diff` follows it from one day to another by room and title.
    pub followed_across_days: bool,
    /// Its title when the file gives none; `None`: a title is required.
    pub default_title: Option<&'static str>,
    /// The words of a schedule's free-text type (or track) that mean this
    /// kind when imported, in lower case and singular (`lecture`).
    pub type_words: &'static [&'static str],
}

impl Kind {
    /// Every kind, in the order of the enum (the manual's).
    pub const ALL: &'static [Kind] = <Kind as strum::VariantArray>::VARIANTS;

    /// The name used in the file.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// What this kind allows and expects.
    pub(crate) const fn policy(self) -> Policy {
        const PROGRAMME: Policy = Policy {
            people: true,
            wants_moderator: false,
            length: LengthRule::Any,
            calendar_event: true,
            followed_across_days: true,
            default_title: None,
            type_words: &[],
        };
        match self {
            Kind::Talk => Policy {
                length: LengthRule::TalkMinutes,
                type_words: &["talk", "lecture"],
                ..PROGRAMME
            },
            Kind::Tutorial => Policy {
                wants_moderator: true,
                type_words: &["tutorial", "workshop"],
                ..PROGRAMME
            },
            Kind::Discussion => Policy {
                wants_moderator: true,
                type_words: &["discussion", "panel", "podium"],
                ..PROGRAMME
            },
            Kind::Session => Policy {
                type_words: &["session"],
                ..PROGRAMME
            },
            // A break is no programme item: nobody speaks, no calendar
            // event unless asked for, not worth following from day to day.
            Kind::Break => Policy {
                people: false,
                wants_moderator: false,
                length: LengthRule::Any,
                calendar_event: false,
                followed_across_days: false,
                default_title: Some("Break"),
                type_words: &["break", "pause"],
            },
        }
    }
}

impl FromStr for Kind {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or(())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;

    /// The names are the file format's (docs/agenda-file.md): a kind renamed in the
    /// code must not rename it in every file.
    #[test]
    fn every_kind_by_its_name_in_the_file() {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            names,
            ["talk", "tutorial", "discussion", "session", "break"]
        );
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse(), Ok(*kind));
            // JSON writes the same name.
            let json = serde_json::to_string(kind).unwrap();
            assert_eq!(json, format!("\"{kind}\""));
        }
        assert_eq!("Talk".parse::<Kind>(), Err(()));
    }
}
