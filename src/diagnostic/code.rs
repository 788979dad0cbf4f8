//! What a finding is about ([`Code`]), how bad it is ([`Severity`]) and
//! whether it says the file could not be read or the programme breaks a
//! rule ([`Category`]): the code decides each, in one exhaustive match.

use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; fails `check` only under `--deny-warnings`.
    Warning,
    /// The agenda cannot be published as it is.
    Error,
}

/// What a finding says: that something in the file could not be read as
/// written, or that the programme, read whole, breaks a rule. `check`
/// reports both alike; the views show every block that could be read and
/// mark those that break a rule (docs/checking.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Category {
    /// Something could not be read as written: the file, a day, a block,
    /// an item or a value is left out, or a key or a character is ignored
    /// or shown escaped. The views show the rest.
    Unreadable,
    /// The programme breaks one of the organizer's rules: the blocks are
    /// read whole, and the views show them, marked.
    Rule,
}

/// What a finding is about: a stable name, shown as `error[overlap]`,
/// given in JSON as `code`, and used by `check --allow` and `--deny`.
/// The name is the variant's, in kebab case (`DstGap` is `dst-gap`);
/// `Code::ALL` lists every variant. Every code is documented in the
/// README's table, and a code is never renamed (a test holds both).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
#[strum(serialize_all = "kebab-case")]
pub enum Code {
    /// The file cannot be read at all.
    Unreadable,
    /// The file is not UTF-8 text.
    NotUtf8,
    /// A control or bidi character where text is expected.
    ControlCharacter,
    /// The TOML itself is malformed.
    InvalidToml,
    /// A key that has no meaning there.
    UnknownKey,
    /// A key that is required and missing.
    MissingKey,
    /// A value of the wrong type.
    WrongType,
    /// Keys that exclude each other (`minutes` and `end`).
    ConflictingKeys,
    /// Text that is empty.
    EmptyText,
    /// A person's name longer than any name (never compared for
    /// suggestions).
    LongName,
    /// A `url` that is not an http(s) address.
    BadUrl,
    /// A number out of its range.
    BadNumber,
    /// A malformed or impossible date.
    BadDate,
    /// A malformed time.
    BadTime,
    /// A length that is not positive or too long.
    BadLength,
    /// A block with neither `minutes` nor `end`.
    NoLength,
    /// A kind that does not exist.
    UnknownKind,
    /// A key that the block's kind does not allow (speakers on a break).
    NotAllowed,
    /// A time zone that does not exist.
    UnknownZone,
    /// The agenda has no day.
    NoDay,
    /// A wall time the clocks skip.
    DstGap,
    /// A wall time the clocks pass twice.
    DstFold,
    /// An explicit offset the zone does not use then.
    WrongOffset,
    /// A date outside the years 0001–9999.
    OutOfRange,
    /// An `end` not after `start`.
    EndBeforeStart,
    /// A talk of a length `rules.talk_minutes` does not allow.
    TalkLength,
    /// Items that run past their block.
    ItemsOverrun,
    /// A block that runs past its day's `end`.
    PastDayEnd,
    /// Two days with one date.
    DuplicateDate,
    /// Two blocks (or schedule events) with one `id`.
    DuplicateId,
    /// Blocks that overlap in one room or with a plenary.
    Overlap,
    /// One person due in two places at once.
    DoubleBooking,
    /// A tutorial or discussion without a real moderator.
    NoModerator,
    /// Unscheduled time between plenary blocks.
    Gap,
    /// Blocks written out of time order.
    Order,
    /// Malformed `waking_hours`.
    BadWakingHours,
    /// Two `[people]` entries for one person.
    DuplicatePerson,
    /// Someone due outside their waking hours.
    OutsideWakingHours,
    /// A `[people]` entry no block uses.
    UnusedPerson,
    /// Someone due who has no `[people]` entry (`require_people`).
    NotInPeople,
    /// A code in `rules.allow` that is unknown or names errors, which
    /// cannot be allowed.
    BadAllow,
    /// Malformed XML (import).
    MalformedXml,
    /// Malformed JSON (import).
    MalformedJson,
    /// A document that is no schedule (import).
    NotASchedule,
    /// A required element of a schedule is missing (import).
    MissingElement,
    /// A schedule event outside every day (import).
    OutsideDay,
    /// A schedule without a usable time zone (import).
    NoZone,
    /// A key written twice in one JSON object (import).
    DuplicateKey,
    /// A value `import` changed so that the agenda can hold it.
    Adjusted,
}

impl Code {
    /// Every code, in the order of the enum.
    pub(crate) const ALL: &'static [Code] = <Code as strum::VariantArray>::VARIANTS;

    /// Its stable name: `overlap`, `dst-gap`.
    pub(crate) fn as_str(self) -> &'static str {
        self.into()
    }

    /// How bad findings of this code are: warnings (which `--allow` may
    /// silence and `--deny` may make fail) or errors. The one place that
    /// decides it.
    pub(crate) fn severity(self) -> Severity {
        match self {
            Code::NoModerator
            | Code::Gap
            | Code::Order
            | Code::OutsideWakingHours
            | Code::UnusedPerson
            | Code::NotInPeople
            | Code::BadAllow
            | Code::NoZone
            | Code::OutsideDay
            | Code::DuplicateKey
            | Code::Adjusted => Severity::Warning,
            Code::Unreadable
            | Code::NotUtf8
            | Code::ControlCharacter
            | Code::InvalidToml
            | Code::UnknownKey
            | Code::MissingKey
            | Code::WrongType
            | Code::ConflictingKeys
            | Code::EmptyText
            | Code::LongName
            | Code::BadUrl
            | Code::BadNumber
            | Code::BadDate
            | Code::BadTime
            | Code::BadLength
            | Code::NoLength
            | Code::UnknownKind
            | Code::NotAllowed
            | Code::UnknownZone
            | Code::NoDay
            | Code::DstGap
            | Code::DstFold
            | Code::WrongOffset
            | Code::OutOfRange
            | Code::EndBeforeStart
            | Code::TalkLength
            | Code::ItemsOverrun
            | Code::PastDayEnd
            | Code::DuplicateDate
            | Code::DuplicateId
            | Code::Overlap
            | Code::DoubleBooking
            | Code::BadWakingHours
            | Code::DuplicatePerson
            | Code::MalformedXml
            | Code::MalformedJson
            | Code::NotASchedule
            | Code::MissingElement => Severity::Error,
        }
    }

    /// Whether findings of this code say that something could not be read
    /// or that the programme breaks a rule. The one place that decides it;
    /// a reading problem that leaves out nothing (an unknown key, a bad
    /// link, a control character) is still a reading problem: the views
    /// show what was read.
    pub(crate) fn category(self) -> Category {
        match self {
            Code::NotAllowed
            | Code::TalkLength
            | Code::ItemsOverrun
            | Code::PastDayEnd
            | Code::DuplicateDate
            | Code::DuplicateId
            | Code::Overlap
            | Code::DoubleBooking
            | Code::NoModerator
            | Code::Gap
            | Code::Order
            | Code::OutsideWakingHours
            | Code::UnusedPerson
            | Code::NotInPeople => Category::Rule,
            Code::Unreadable
            | Code::NotUtf8
            | Code::ControlCharacter
            | Code::InvalidToml
            | Code::UnknownKey
            | Code::MissingKey
            | Code::WrongType
            | Code::ConflictingKeys
            | Code::EmptyText
            | Code::LongName
            | Code::BadUrl
            | Code::BadNumber
            | Code::BadDate
            | Code::BadTime
            | Code::BadLength
            | Code::NoLength
            | Code::UnknownKind
            | Code::UnknownZone
            | Code::NoDay
            | Code::DstGap
            | Code::DstFold
            | Code::WrongOffset
            | Code::OutOfRange
            | Code::EndBeforeStart
            | Code::BadWakingHours
            | Code::BadAllow
            | Code::DuplicatePerson
            | Code::MalformedXml
            | Code::MalformedJson
            | Code::NotASchedule
            | Code::MissingElement
            | Code::OutsideDay
            | Code::NoZone
            | Code::DuplicateKey
            | Code::Adjusted => Category::Unreadable,
        }
    }

    /// Whether findings of this code are warnings.
    pub(crate) fn is_warning(self) -> bool {
        self.severity() == Severity::Warning
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Code {
    type Err = String;

    /// An unknown code is answered with the closest one (`gapp`: did you
    /// mean `gap`?), else with the codes of warnings, the only ones a
    /// list of allowed or denied codes takes.
    fn from_str(s: &str) -> Result<Code, String> {
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s.trim())
            .ok_or_else(
                || match crate::text::Suggestions::new().closest(s.trim(), &names) {
                    Some(close) => format!("unknown finding code `{s}`; did you mean `{close}`?"),
                    None => {
                        let warnings: Vec<&str> = Code::ALL
                            .iter()
                            .filter(|c| c.is_warning())
                            .map(|c| c.as_str())
                            .collect();
                        format!(
                            "unknown finding code `{s}`; the codes of warnings are {}",
                            warnings.join(", ")
                        )
                    }
                },
            )
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::{Category, Code, Severity};

    /// The README's table of codes, row by row: each code in backticks in
    /// the first cell, its severity in the second, its category in the
    /// third.
    fn documented() -> Vec<(String, String, String)> {
        let readme = include_str!("../../README.md");
        let table = readme
            .split("\n| code | severity | category |")
            .nth(1)
            .expect("the README has a table of codes");
        let mut codes = Vec::new();
        for row in table.lines().skip(2).take_while(|l| l.starts_with('|')) {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            for code in cells[1].split(", ") {
                codes.push((
                    code.trim_matches('`').to_string(),
                    cells[2].to_string(),
                    cells[3].to_string(),
                ));
            }
        }
        codes
    }

    /// Every code is in the README's table with its severity and its
    /// category, and no other: a new code must be documented, and a
    /// variant renamed in the code must not rename a stable code.
    #[test]
    fn every_code_is_documented_with_its_severity_and_category() {
        let mut ours: Vec<(String, String, String)> = Code::ALL
            .iter()
            .map(|code| {
                let severity = match code.severity() {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let category = match code.category() {
                    Category::Unreadable => "unreadable",
                    Category::Rule => "rule",
                };
                (code.to_string(), severity.to_string(), category.to_string())
            })
            .collect();
        let mut documented = documented();
        ours.sort();
        documented.sort();
        assert_eq!(ours, documented);
    }

    #[test]
    fn codes_read_back_from_their_names() {
        for code in Code::ALL {
            assert_eq!(code.as_str().parse(), Ok(*code));
        }
        assert_eq!("dst-gap".parse(), Ok(Code::DstGap));
        assert_eq!("not-utf8".parse(), Ok(Code::NotUtf8));
        let unknown = |text: &str| text.parse::<Code>().unwrap_err();
        assert_eq!(
            unknown("overlaps"),
            "unknown finding code `overlaps`; did you mean `overlap`?"
        );
        assert_eq!(
            unknown("gapp"),
            "unknown finding code `gapp`; did you mean `gap`?"
        );
        assert_eq!(
            unknown("zzz"),
            "unknown finding code `zzz`; the codes of warnings are no-moderator, gap, order, \
             outside-waking-hours, unused-person, not-in-people, bad-allow, outside-day, \
             no-zone, duplicate-key, adjusted"
        );
    }
}
