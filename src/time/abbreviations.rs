//! Time zone abbreviations people type as a zone (`PST`, `JST`, `AEST`,
//! `IST`): each stands for the zone it usually means, and the note that
//! goes with it names that zone; an abbreviation several regions use
//! (`IST`, `CST`, `BST`, `AST`) lists them instead of choosing.
//!
//! An abbreviation names a clock, not a zone: `PST` is read as Los
//! Angeles, which is on PDT in summer. The names the tz database keeps
//! as zones of their own (`EST`, `MST`, `HST`, `CET`, `EET`, `WET`,
//! `GMT`) are read as the database has them; `EST` and `MST` are UTC-5
//! and UTC-7 all year, and [`fixed_in_summer`] says when the city people
//! mean by them is not.

/// A zone an abbreviation may stand for, and what it is called there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Meaning {
    /// The IANA zone.
    pub zone: &'static str,
    /// The clock's name: `Pacific Time`.
    pub name: &'static str,
    /// What else to know, or "": `PDT in summer`.
    pub remark: &'static str,
}

const fn m(zone: &'static str, name: &'static str) -> Meaning {
    Meaning {
        zone,
        name,
        remark: "",
    }
}

/// A meaning with a remark.
const fn r(zone: &'static str, name: &'static str, remark: &'static str) -> Meaning {
    Meaning { zone, name, remark }
}

/// The abbreviations, in upper case, and what they stand for; several
/// meanings make the abbreviation ambiguous. Each zone uses the
/// abbreviation in the tz database (the tests check it), except where the
/// database writes digits (`-03`) and people still say `BRT`; those are
/// listed in the tests.
#[rustfmt::skip]
const TABLE: &[(&str, &[Meaning])] = &[
    ("ACDT", &[r("Australia/Adelaide", "Australian Central Time", "ACST in winter")]),
    ("ACST", &[r("Australia/Adelaide", "Australian Central Time", "ACDT in summer; Darwin keeps ACST: Australia/Darwin")]),
    ("ADT", &[r("America/Halifax", "Atlantic Time", "AST in winter")]),
    ("AEDT", &[r("Australia/Sydney", "Australian Eastern Time", "AEST in winter")]),
    ("AEST", &[r("Australia/Sydney", "Australian Eastern Time", "AEDT in summer; Queensland keeps AEST: Australia/Brisbane")]),
    ("AKDT", &[r("America/Anchorage", "Alaska Time", "AKST in winter")]),
    ("AKST", &[r("America/Anchorage", "Alaska Time", "AKDT in summer")]),
    ("ART", &[m("America/Argentina/Buenos_Aires", "Argentina Time")]),
    ("AST", &[
        r("America/Halifax", "Atlantic Standard Time, Canada", "ADT in summer"),
        r("America/Puerto_Rico", "Atlantic Standard Time, Caribbean", "all year"),
        m("Asia/Riyadh", "Arabia Standard Time"),
    ]),
    ("AWST", &[m("Australia/Perth", "Australian Western Time")]),
    ("BRT", &[m("America/Sao_Paulo", "Brasília Time")]),
    ("BST", &[
        r("Europe/London", "British Summer Time", "GMT in winter"),
        m("Asia/Dhaka", "Bangladesh Standard Time"),
    ]),
    ("CAT", &[m("Africa/Maputo", "Central Africa Time")]),
    ("CDT", &[r("America/Chicago", "Central Time", "CST in winter")]),
    ("CEST", &[r("Europe/Berlin", "Central European Time", "CET in winter")]),
    ("CLST", &[r("America/Santiago", "Chile Time", "CLT in winter")]),
    ("CLT", &[r("America/Santiago", "Chile Time", "CLST in summer")]),
    ("CST", &[
        r("America/Chicago", "Central Standard Time, North America", "CDT in summer"),
        m("Asia/Shanghai", "China Standard Time"),
        r("America/Havana", "Cuba Standard Time", "CDT in summer"),
    ]),
    ("CT", &[r("America/Chicago", "Central Time", "CST in winter, CDT in summer")]),
    ("EAT", &[m("Africa/Nairobi", "East Africa Time")]),
    ("EDT", &[r("America/New_York", "Eastern Time", "EST in winter")]),
    ("EEST", &[r("Europe/Athens", "Eastern European Time", "EET in winter")]),
    ("ET", &[r("America/New_York", "Eastern Time", "EST in winter, EDT in summer")]),
    ("HDT", &[r("America/Adak", "Hawaii-Aleutian Time", "HST in winter")]),
    ("HKT", &[m("Asia/Hong_Kong", "Hong Kong Time")]),
    ("ICT", &[m("Asia/Bangkok", "Indochina Time")]),
    ("IDT", &[r("Asia/Jerusalem", "Israel Time", "IST in winter")]),
    ("IST", &[
        m("Asia/Kolkata", "India Standard Time"),
        r("Europe/Dublin", "Irish Standard Time", "GMT in winter"),
        r("Asia/Jerusalem", "Israel Standard Time", "IDT in summer"),
    ]),
    ("JST", &[m("Asia/Tokyo", "Japan Standard Time")]),
    ("KST", &[m("Asia/Seoul", "Korea Standard Time")]),
    ("MDT", &[r("America/Denver", "Mountain Time", "MST in winter")]),
    ("MSK", &[m("Europe/Moscow", "Moscow Time")]),
    ("MT", &[r("America/Denver", "Mountain Time", "MST in winter, MDT in summer")]),
    ("NDT", &[r("America/St_Johns", "Newfoundland Time", "NST in winter")]),
    ("NST", &[r("America/St_Johns", "Newfoundland Time", "NDT in summer")]),
    ("NZDT", &[r("Pacific/Auckland", "New Zealand Time", "NZST in winter")]),
    ("NZST", &[r("Pacific/Auckland", "New Zealand Time", "NZDT in summer")]),
    ("PDT", &[r("America/Los_Angeles", "Pacific Time", "PST in winter")]),
    ("PKT", &[m("Asia/Karachi", "Pakistan Standard Time")]),
    ("PST", &[r("America/Los_Angeles", "Pacific Time", "PDT in summer")]),
    ("PT", &[r("America/Los_Angeles", "Pacific Time", "PST in winter, PDT in summer")]),
    ("SAST", &[m("Africa/Johannesburg", "South Africa Standard Time")]),
    ("SGT", &[m("Asia/Singapore", "Singapore Time")]),
    ("WAT", &[m("Africa/Lagos", "West Africa Time")]),
    ("WEST", &[r("Europe/Lisbon", "Western European Time", "WET in winter")]),
    ("WIB", &[m("Asia/Jakarta", "Western Indonesia Time")]),
    ("WIT", &[m("Asia/Jayapura", "Eastern Indonesia Time")]),
    ("WITA", &[m("Asia/Makassar", "Central Indonesia Time")]),
];

/// What the abbreviation `text` (any case) stands for: one meaning, or
/// several when it is ambiguous; `None` when it is none of the table's.
pub(crate) fn lookup(text: &str) -> Option<&'static [Meaning]> {
    if !(2..=4).contains(&text.len()) {
        return None;
    }
    TABLE
        .iter()
        .find(|(abbreviation, _)| abbreviation.eq_ignore_ascii_case(text))
        .map(|(_, meanings)| *meanings)
}

/// The zones of the tz database that keep one offset all year under a
/// name people also use for a clock that changes: `EST` (UTC-5) is what
/// New York keeps in winter only. Each with that zone and its city.
/// `HST` is not here: Hawaii keeps HST all year, so `HST` means what it
/// says.
pub(crate) fn fixed_in_summer(zone: &str) -> Option<(&'static str, &'static str)> {
    match zone {
        "EST" => Some(("America/New_York", "New York")),
        "MST" => Some(("America/Denver", "Denver")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::testing::{utc, zone};

    /// Where the tz database writes the offset as digits (`-03`), not the
    /// name people use (its `southamerica` and `asia` files, 2017 on).
    const DIGITS: [(&str, &str); 8] = [
        ("ART", "America/Argentina/Buenos_Aires"),
        ("AST", "Asia/Riyadh"),
        ("BRT", "America/Sao_Paulo"),
        ("BST", "Asia/Dhaka"),
        ("CLST", "America/Santiago"),
        ("CLT", "America/Santiago"),
        ("ICT", "Asia/Bangkok"),
        ("SGT", "Asia/Singapore"),
    ];

    /// The abbreviations a zone used in 2026, a week apart.
    fn abbreviations(name: &str) -> Vec<String> {
        let z = zone(name);
        let start = utc("2026-01-01T00:00:00Z");
        (0..53)
            .map(|week| z.offset_at(start + chrono::Duration::weeks(week)))
            .map(|offset| offset.abbreviation().to_string())
            .collect()
    }

    #[test]
    fn every_zone_uses_its_abbreviation_in_the_tz_database() {
        for (abbreviation, meanings) in TABLE {
            // `PT`, `ET`: names of clocks, never written by the database.
            if abbreviation.len() == 2 {
                continue;
            }
            for meaning in *meanings {
                let used = abbreviations(meaning.zone);
                if DIGITS.contains(&(abbreviation, meaning.zone)) {
                    assert!(
                        used.iter().all(|a| a.starts_with(['+', '-'])),
                        "{abbreviation}: {} now has names, {used:?}",
                        meaning.zone
                    );
                } else {
                    assert!(
                        used.iter().any(|a| a == abbreviation),
                        "{abbreviation}: {} uses {used:?}",
                        meaning.zone
                    );
                }
            }
        }
    }

    #[test]
    fn the_table_is_sorted_and_upper_case() {
        let keys: Vec<&str> = TABLE.iter().map(|(a, _)| *a).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(keys, sorted);
        assert!(keys
            .iter()
            .all(|k| k.chars().all(|c| c.is_ascii_uppercase())));
    }

    #[test]
    fn lookups_ignore_case() {
        assert_eq!(
            lookup("pst").map(|m| m[0].zone),
            Some("America/Los_Angeles")
        );
        assert_eq!(lookup("IST").map(<[Meaning]>::len), Some(3));
        assert_eq!(lookup("Tokyo"), None);
    }
}
