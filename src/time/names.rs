//! Zone names as people write them: IANA names in any case, `UTC`, fixed
//! offsets (`UTC+2`, `+05:30`), abbreviations (`PST`, `JST`), city
//! shortcuts (`santiago`, `tokyo`), with suggestions for names that match
//! nothing (`local` and the `TZ` variable are the viewer's: [`super::viewer`]).
//! Every name is looked up in the database of this run
//! ([`Database::current`]), and each query is answered once per run
//! (10,000 × `--tz tokyo` is one lookup).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::abbreviations::{self, Meaning};
use super::cities::{self, CityError};
use super::db::{is_zone_name, Database, Unusable};
use super::offset::{fixed_offset, gmt_note};
use super::Zone;
use crate::text::{fold, Suggestions};

/// Why a zone name could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub(crate) enum ZoneError {
    /// No zone has that name or city.
    #[error("unknown time zone `{query}`{}", suggestion_text(.suggestions))]
    Unknown {
        /// What the user wrote.
        query: String,
        /// The closest real names, best first.
        suggestions: Vec<&'static str>,
    },
    /// A file of the tz database that is not a zone (`Factory`).
    #[error("`{0}` is not a time zone: the tz database keeps it as a placeholder; give a zone such as Europe/Paris or UTC")]
    Placeholder(String),
    /// The database has a file of that name, but it cannot be used.
    #[error("time zone `{query}` cannot be used: {unusable}")]
    Unusable {
        /// What the user wrote.
        query: String,
        /// The file and why.
        unusable: Unusable,
    },
    /// A UTC offset out of range (`UTC+25`).
    #[error("{0}")]
    Offset(String),
    /// A city of the world's table that several zones share.
    #[error(transparent)]
    City(CityError),
    /// A city name that several zones share.
    #[error("`{query}` could be any of {}; write the full name (`agenda zones {query}` lists them)", candidate_text(.candidates))]
    Ambiguous {
        /// What the user wrote.
        query: String,
        /// The zones it could mean.
        candidates: Vec<&'static str>,
    },
    /// An abbreviation several regions use (`IST`).
    #[error("`{query}` could be {}; write the zone's name", meaning_text(.meanings))]
    Abbreviation {
        /// What the user wrote.
        query: String,
        /// What it stands for in each region.
        meanings: &'static [Meaning],
    },
}

fn candidate_text(candidates: &[&str]) -> String {
    const SHOWN: usize = 8;
    let mut text = candidates[..candidates.len().min(SHOWN)].join(", ");
    if candidates.len() > SHOWN {
        text.push_str(&format!(" and {} more", candidates.len() - SHOWN));
    }
    text
}

/// `India Standard Time (Asia/Kolkata), … or Israel Standard Time (…)`.
fn meaning_text(meanings: &[Meaning]) -> String {
    let each: Vec<String> = meanings
        .iter()
        .map(|m| format!("{} ({})", m.name, m.zone))
        .collect();
    match each.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => each.join(""),
    }
}

fn suggestion_text(suggestions: &[&str]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        many => format!("; did you mean one of {}?", many.join(", ")),
    }
}

/// Where the viewer's zone came from, for the header of `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneSource {
    /// `--tz` on the command line.
    Flag,
    /// `--tz` naming a city of the world's table or an abbreviation,
    /// which the header names: `Tucson → America/Phoenix`,
    /// `PST → America/Los_Angeles`.
    City(&'static str),
    /// The `TZ` environment variable.
    TzVariable,
    /// The operating system's setting.
    System,
    /// Nothing said, so UTC.
    Fallback,
    /// The home zone, in `[people]`, of someone `--person` asks for.
    Home,
}

impl ZoneSource {
    /// A few words for the header: "from TZ", "system zone".
    pub(crate) fn describe(self) -> &'static str {
        match self {
            ZoneSource::Flag | ZoneSource::City(_) => "--tz",
            ZoneSource::TzVariable => "from TZ",
            ZoneSource::System => "system zone",
            ZoneSource::Fallback => "no zone set, so UTC",
            ZoneSource::Home => "home zone in [people]",
        }
    }

    /// How a header names `zone`: its name, or the city chosen and its
    /// zone (`Tucson → America/Phoenix`).
    pub(crate) fn label(self, zone: Zone) -> String {
        match self {
            ZoneSource::City(city) => format!("{city} → {zone}"),
            _ => zone.to_string(),
        }
    }
}

/// No zone name is longer than this; longer queries get no fuzzy
/// suggestions, so a 2 MB `timezone` costs no more than a short one.
const LONGEST_QUERY: usize = 64;

/// What someone typed, tidied: trimmed, each run of white space one
/// space (`"new  york "` is `new york`). The one place spacing is decided;
/// [`key`] builds on it.
pub(crate) fn tidy(query: &str) -> String {
    query.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name as it is matched: [`tidy`], lower case, accents dropped, and
/// `_` and `-` read as spaces, so `new york`, `New_York`, `new-york` and
/// `São Paulo`/`Sao_Paulo` meet.
pub(crate) fn key(s: &str) -> String {
    let folded = if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        fold(s)
    };
    // One pass, as `tidy` would split and join: this runs over every zone
    // name and many city names at each lookup.
    let mut out = String::with_capacity(folded.len());
    let mut space = false;
    for c in folded.chars() {
        if c.is_whitespace() || c == '-' || c == '_' {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The city part of a zone name: `America/Argentina/Buenos_Aires` → `Buenos_Aires`.
pub(crate) fn city(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// Zone names kept for compatibility that never win a city match over a
/// geographic name (`US/Pacific`, `Etc/GMT+3`, `Japan`).
fn is_geographic(name: &str) -> bool {
    const REGIONS: [&str; 10] = [
        "Africa/",
        "America/",
        "Antarctica/",
        "Arctic/",
        "Asia/",
        "Atlantic/",
        "Australia/",
        "Europe/",
        "Indian/",
        "Pacific/",
    ];
    REGIONS.iter().any(|r| name.starts_with(r))
}

/// Every zone name of this run's database.
fn names() -> impl Iterator<Item = &'static str> {
    Database::current().names().iter().map(String::as_str)
}

/// A zone found for what someone typed, with what to tell them about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The zone.
    pub zone: Zone,
    /// The city or abbreviation that chose it, for the header.
    pub alias: Option<&'static str>,
    /// What to point out: which zone an abbreviation was taken for, what
    /// `GMT+5` means, when the city `EST` is taken for changes its clock.
    pub note: Option<String>,
    /// What to warn about: `EST` while New York is on EDT.
    pub warning: Option<String>,
}

impl Found {
    /// `zone`, with nothing to say about it.
    fn plain(zone: Zone) -> Found {
        Found {
            zone,
            alias: None,
            note: None,
            warning: None,
        }
    }
}

/// Resolves an IANA name (any case), `UTC`, a fixed offset, an
/// abbreviation, or an unambiguous city name; failing those, the one
/// geographic zone that [`search`] finds. `local` is not handled here: see
/// [`super::viewer::viewer_zone`].
pub(crate) fn resolve(query: &str) -> Result<Zone, ZoneError> {
    find(query).map(|found| found.zone)
}

/// Like [`resolve`], with what to tell the user. Each query is resolved
/// once per run: a city costs a pass over 34,000 names, and a command
/// line or a file may name the same one thousands of times.
pub(crate) fn find(query: &str) -> Result<Found, ZoneError> {
    type Answers = Mutex<HashMap<String, Result<Found, ZoneError>>>;
    static ANSWERS: OnceLock<Answers> = OnceLock::new();
    let answers = ANSWERS.get_or_init(Default::default);
    if let Some(answer) = answers.lock().unwrap_or_else(|e| e.into_inner()).get(query) {
        return answer.clone();
    }
    let answer = find_uncached(query);
    answers
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(query.to_string(), answer.clone());
    answer
}

fn find_uncached(query: &str) -> Result<Found, ZoneError> {
    let tidied = tidy(query);
    if !is_zone_name(&tidied) {
        return Err(ZoneError::Placeholder(tidied));
    }
    // An exact name is one lookup; the scans below normalize every name.
    match Zone::find(&tidied) {
        Ok(Some(zone)) => {
            // A malformed AGENDA_NOW has stopped the command line already.
            return Ok(fixed_all_year(
                zone,
                super::clock::now().unwrap_or_default(),
            ));
        }
        Ok(None) => {}
        Err(unusable) => {
            return Err(ZoneError::Unusable {
                query: tidied,
                unusable,
            })
        }
    }
    if let Some(fixed) = fixed_offset(&tidied) {
        let fixed = fixed.map_err(ZoneError::Offset)?;
        let mut found = Found::plain(Zone::fixed(fixed.seconds));
        if fixed.gmt && fixed.seconds != 0 {
            found.note = Some(gmt_note(&tidied, fixed.seconds));
        }
        return Ok(found);
    }
    if let Some(meanings) = abbreviations::lookup(&tidied) {
        return abbreviation(&tidied, meanings);
    }
    let unknown = || ZoneError::Unknown {
        query: tidied.clone(),
        suggestions: suggest(&tidied, &mut Suggestions::new()),
    };
    if tidied.len() > LONGEST_QUERY {
        return Err(unknown());
    }
    let wanted = key(&tidied);
    let get = |name: &str| Zone::get(name).map(Found::plain).ok_or_else(unknown);
    if let Some(name) = names().find(|name| key(name) == wanted) {
        return get(name);
    }
    // The world's cities before parts of zone names, so that `córdoba`
    // lists its namesakes instead of taking Argentina's zone unasked.
    match cities::resolve_city(&tidied) {
        // `tokyo` is Asia/Tokyo: naming the city again would say nothing.
        Ok(found) if key(city(found.zone.name())) == key(&found.city.name) => {
            return Ok(Found::plain(found.zone))
        }
        Ok(found) => {
            return Ok(Found {
                // Leaked: one short name per query, kept for the run.
                alias: Some(Box::leak(found.city.name.into_boxed_str())),
                ..Found::plain(found.zone)
            });
        }
        Err(ambiguous @ CityError::Ambiguous { .. }) => return Err(ZoneError::City(ambiguous)),
        Err(CityError::Unknown(_)) => {}
    }
    let cities: Vec<&'static str> = names()
        .filter(|name| is_geographic(name) && key(city(name)) == wanted)
        .collect();
    let candidates = if cities.is_empty() && !wanted.is_empty() {
        search(&tidied)
            .into_iter()
            .filter(|name| is_geographic(name))
            .collect()
    } else {
        cities
    };
    match candidates.as_slice() {
        [one] => get(one),
        [] => Err(unknown()),
        many => {
            // Old links such as America/Buenos_Aires stand beside their
            // canonical America/Argentina/Buenos_Aires; the deeper name is the
            // current one, and both give the same times.
            let deepest = many.iter().map(|name| name.matches('/').count()).max();
            let best: Vec<&str> = many
                .iter()
                .copied()
                .filter(|name| Some(name.matches('/').count()) == deepest)
                .collect();
            match best.as_slice() {
                [one] if same_city(many) => get(one),
                _ => Err(ZoneError::Ambiguous {
                    query: tidied.clone(),
                    candidates: many.to_vec(),
                }),
            }
        }
    }
}

/// The zone an abbreviation stands for, with a note naming it; an error
/// listing the regions when several use it.
fn abbreviation(query: &str, meanings: &'static [Meaning]) -> Result<Found, ZoneError> {
    let ambiguous = || ZoneError::Abbreviation {
        query: query.to_string(),
        meanings,
    };
    let [meaning] = meanings else {
        return Err(ambiguous());
    };
    let zone = Zone::get(meaning.zone).ok_or_else(ambiguous)?;
    let upper = query.to_ascii_uppercase();
    Ok(Found {
        note: Some(format!(
            "`{query}` is taken as {} ({}{}{})",
            meaning.zone,
            meaning.name,
            if meaning.remark.is_empty() { "" } else { "; " },
            meaning.remark
        )),
        alias: Some(Box::leak(upper.into_boxed_str())),
        ..Found::plain(zone)
    })
}

/// `EST` and `MST` as the tz database has them, UTC-5 and UTC-7 all year,
/// with a word on the city people often mean by them: a warning while
/// that city's clock is an hour ahead, else a note of when it will be.
fn fixed_all_year(zone: Zone, now: DateTime<Utc>) -> Found {
    let mut found = Found::plain(zone);
    let Some((name, city)) = abbreviations::fixed_in_summer(zone.name()) else {
        return found;
    };
    let Some(changing) = Zone::get(name) else {
        return found;
    };
    let fixed = super::offset_text(zone.offset_at(now).seconds());
    let there = changing.offset_at(now);
    let clock = |at: super::zone::ZoneOffset| {
        format!(
            "{} (UTC{})",
            at.abbreviation(),
            super::offset_text(at.seconds())
        )
    };
    let advice = format!("write {name} for {city}'s clock");
    if there.seconds() != zone.offset_at(now).seconds() {
        found.warning = Some(format!(
            "`{zone}` is UTC{fixed} all year, but {city} is on {} now: {advice}",
            clock(there)
        ));
    } else if let Some(change) = changing.next_transition(now) {
        found.note = Some(format!(
            "`{zone}` is UTC{fixed} all year; {city} moves to {} on {}: {advice}",
            clock(changing.offset_at(change)),
            change.with_timezone(&changing).format("%-d %b %Y")
        ));
    }
    found
}

/// Whether all these zones name the same city (a zone and its old links).
fn same_city(zones: &[&str]) -> bool {
    zones.windows(2).all(|w| key(city(w[0])) == key(city(w[1])))
}

/// The closest zone names to `query`, best first, at most three: zones
/// that [`search`] finds, else those whose name or city is spelt nearly
/// the same, within the budget of `suggestions`. Never `query` itself: a
/// zone that exists but cannot be read is reported as such, not
/// suggested.
pub(crate) fn suggest(query: &str, suggestions: &mut Suggestions) -> Vec<&'static str> {
    if query.trim().len() > LONGEST_QUERY || suggestions.spent() {
        return Vec::new();
    }
    let wanted = key(query);
    let other = |name: &&str| key(name) != wanted;
    if !wanted.is_empty() {
        let found: Vec<&'static str> = search(query)
            .into_iter()
            .filter(|name| is_geographic(name))
            .filter(other)
            .take(3)
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    let mut scored: Vec<(f64, &'static str)> = names()
        .filter(other)
        .filter_map(|name| {
            let whole = suggestions.similarity(&wanted, &key(name))?;
            let city = suggestions.similarity(&wanted, &key(city(name)))?;
            Some((whole.max(city), name))
        })
        .filter(|(score, _)| *score > 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, name)| name).collect()
}

/// Zone names that contain `query`, ignoring case, accents and `_`, in
/// name order; every zone when `query` is empty.
pub(crate) fn search(query: &str) -> Vec<&'static str> {
    let wanted = key(query);
    if wanted.len() > LONGEST_QUERY {
        return Vec::new();
    }
    // The database's names are sorted already.
    names().filter(|name| key(name).contains(&wanted)).collect()
}

/// A zone named in a file (`event.timezone`, `[people]`): an IANA name
/// in any case, or a fixed offset (`UTC+05:30`). Not cities nor
/// abbreviations: a shortcut that resolves today could become ambiguous
/// as the tz database or the city table grows, and a file must keep its
/// meaning.
pub(crate) fn file_zone(name: &str) -> Option<Zone> {
    let name = name.trim();
    Zone::get(name).or_else(|| match fixed_offset(name)? {
        Ok(fixed) => Some(Zone::fixed(fixed.seconds)),
        Err(_) => None,
    })
}

/// A zone's UTC offset and abbreviation at an instant: `("+09:00",
/// Some("JST"))`. Zones without a customary abbreviation (the tz database
/// writes `-04` for Santiago) have none.
pub(crate) fn offset_at(zone: Zone, at: DateTime<Utc>) -> (String, Option<String>) {
    let offset = zone.offset_at(at);
    let text = super::offset_text(offset.seconds());
    (
        text,
        offset.has_name().then(|| offset.abbreviation().to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(r: Result<Zone, ZoneError>) -> Result<&'static str, ZoneError> {
        r.map(Zone::name)
    }

    #[test]
    fn exact_names_in_any_case() {
        assert_eq!(name(resolve("America/Santiago")), Ok("America/Santiago"));
        assert_eq!(name(resolve("america/santiago")), Ok("America/Santiago"));
        assert_eq!(name(resolve("utc")), Ok("UTC"));
    }

    #[test]
    fn placeholders_are_refused() {
        for query in ["Factory", "localtime", "posixrules", "Etc/Unknown"] {
            assert!(
                matches!(resolve(query), Err(ZoneError::Placeholder(_))),
                "{query}"
            );
        }
    }

    #[test]
    fn cities() {
        assert_eq!(name(resolve("santiago")), Ok("America/Santiago"));
        assert_eq!(name(resolve("Tokyo")), Ok("Asia/Tokyo"));
        assert_eq!(name(resolve("new york")), Ok("America/New_York"));
        assert_eq!(
            name(resolve("buenos_aires")),
            Ok("America/Argentina/Buenos_Aires")
        );
    }

    #[test]
    fn unknown_suggests_close_names() {
        let Err(ZoneError::Unknown { suggestions, .. }) = resolve("America/Santaigo") else {
            panic!("expected unknown");
        };
        assert_eq!(suggestions.first(), Some(&"America/Santiago"));
        let Err(ZoneError::Unknown { suggestions, .. }) = resolve("tokio") else {
            panic!("expected unknown");
        };
        assert!(suggestions.contains(&"Asia/Tokyo"), "{suggestions:?}");
    }

    #[test]
    fn huge_queries_are_cheap() {
        let huge = "x".repeat(2 << 20);
        let started = std::time::Instant::now();
        assert!(matches!(resolve(&huge), Err(ZoneError::Unknown { .. })));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn unique_partial_names_resolve_and_shared_ones_do_not() {
        assert_eq!(name(resolve("são paulo")), Ok("America/Sao_Paulo"));
        assert_eq!(name(resolve("kolkata")), Ok("Asia/Kolkata"));
        assert!(matches!(resolve("new"), Err(ZoneError::Ambiguous { .. })));
    }

    #[test]
    fn offsets_and_abbreviations() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let zone = |n: &str| resolve(n).unwrap();
        // Japan has kept UTC+9, "JST", without DST since 1951.
        assert_eq!(
            offset_at(zone("Asia/Tokyo"), at("2021-04-13T14:00:00Z")),
            ("+09:00".to_string(), Some("JST".to_string()))
        );
        // Berlin is on CEST (UTC+2) in April and CET (UTC+1) in January.
        assert_eq!(
            offset_at(zone("Europe/Berlin"), at("2021-04-13T14:00:00Z")).1,
            Some("CEST".to_string())
        );
        assert_eq!(
            offset_at(zone("Europe/Berlin"), at("2021-01-13T14:00:00Z")).0,
            "+01:00"
        );
        assert_eq!(
            offset_at(zone("America/Santiago"), at("2021-01-13T14:00:00Z")),
            ("-03:00".to_string(), None)
        );
        // tzdb 2026b–f: British Columbia stays on -07 (MST) from 2026-11-01.
        assert_eq!(
            offset_at(zone("America/Vancouver"), at("2026-11-26T12:00:00Z")),
            ("-07:00".to_string(), Some("MST".to_string()))
        );
    }

    // GeoNames: Tucson, Arizona (no DST, America/Phoenix); Bengaluru is
    // in Asia/Kolkata; Portland, Oregon and Portland, Maine keep different
    // clocks and neither is ten times the other.
    #[test]
    fn cities_people_type() {
        assert_eq!(name(resolve("tucson")), Ok("America/Phoenix"));
        assert_eq!(name(resolve("bengaluru")), Ok("Asia/Kolkata"));
        assert_eq!(name(resolve("la serena")), Ok("America/Santiago"));
        assert!(matches!(resolve("portland"), Err(ZoneError::City(_))));
        let viewer = crate::time::viewer_zone(Some("tucson")).unwrap();
        assert_eq!(viewer.source.label(viewer.zone), "Tucson → America/Phoenix");
    }

    #[test]
    fn search_ignores_case_and_underscores() {
        assert!(search("buenos aires").contains(&"America/Argentina/Buenos_Aires"));
    }

    #[test]
    fn fixed_offsets_are_zones_of_their_own() {
        let h = 3600;
        for (query, want, seconds) in [
            ("UTC+05:30", "UTC+05:30", 5 * h + 1800),
            ("+05:30", "UTC+05:30", 5 * h + 1800),
            ("UTC+2", "UTC+02:00", 2 * h),
            ("utc-03:30", "UTC-03:30", -(3 * h + 1800)),
            ("GMT+5", "UTC+05:00", 5 * h),
            ("UTC+0", "UTC", 0),
        ] {
            let zone = resolve(query).unwrap_or_else(|e| panic!("{query}: {e}"));
            assert_eq!(zone.name(), want, "{query}");
            let at = DateTime::parse_from_rfc3339("2021-07-01T12:00:00Z").unwrap();
            assert_eq!(zone.offset_at(at.to_utc()).seconds(), seconds, "{query}");
        }
        // The tz database's own name keeps its POSIX sign: five hours behind.
        let etc = resolve("Etc/GMT+5").unwrap();
        assert_eq!(etc.name(), "Etc/GMT+5");
        assert_eq!(etc.offset_at(Utc::now()).seconds(), -5 * h);
        let note = find("GMT+5").unwrap().note.expect("a note");
        assert!(note.contains("Etc/GMT+5 is the opposite"), "{note}");
        assert_eq!(find("UTC+5").unwrap().note, None);
        let err = resolve("UTC+25").unwrap_err().to_string();
        assert!(err.contains("UTC-23:59 to UTC+23:59"), "{err}");
        assert!(!err.contains("Etc/UTC"), "{err}");
    }

    #[test]
    fn files_take_names_and_offsets_but_no_shortcuts() {
        assert_eq!(file_zone(" UTC+05:30 ").map(Zone::name), Some("UTC+05:30"));
        assert_eq!(file_zone("asia/tokyo").map(Zone::name), Some("Asia/Tokyo"));
        assert_eq!(file_zone("tokyo"), None);
        assert_eq!(file_zone("PST"), None);
        assert_eq!(file_zone("UTC+25"), None);
    }

    #[test]
    fn abbreviations_name_their_zone_or_list_the_candidates() {
        let pst = find("PST").unwrap();
        assert_eq!(pst.zone.name(), "America/Los_Angeles");
        assert_eq!(pst.alias, Some("PST"));
        assert_eq!(
            pst.note.as_deref(),
            Some("`PST` is taken as America/Los_Angeles (Pacific Time; PDT in summer)")
        );
        assert_eq!(name(resolve("jst")), Ok("Asia/Tokyo"));
        assert_eq!(name(resolve("AEST")), Ok("Australia/Sydney"));
        let Err(ZoneError::Abbreviation { meanings, .. }) = resolve("IST") else {
            panic!("IST is ambiguous");
        };
        let zones: Vec<&str> = meanings.iter().map(|m| m.zone).collect();
        assert_eq!(zones, ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]);
        assert_eq!(
            resolve("CST").unwrap_err().to_string(),
            "`CST` could be Central Standard Time, North America (America/Chicago), \
             China Standard Time (Asia/Shanghai) or Cuba Standard Time (America/Havana); \
             write the zone's name"
        );
        // The tz database's own zones stay what they are.
        assert_eq!(name(resolve("CET")), Ok("CET"));
        assert_eq!(name(resolve("EST")), Ok("EST"));
    }

    // New York left EST for EDT at 2026-03-08 07:00 UTC (02:00 EST, the
    // second Sunday of March) and goes back on 2026-11-01 (first Sunday
    // of November), 06:00 UTC.
    #[test]
    fn est_is_fixed_and_says_when_new_york_is_not() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        let est = Zone::get("EST").unwrap();
        let april = fixed_all_year(est, at("2026-04-13T14:00:00Z"));
        assert_eq!(april.zone.name(), "EST");
        assert_eq!(
            april.warning.as_deref(),
            Some(
                "`EST` is UTC-05:00 all year, but New York is on EDT (UTC-04:00) now: \
                 write America/New_York for New York's clock"
            )
        );
        let january = fixed_all_year(est, at("2026-01-13T14:00:00Z"));
        assert_eq!(january.warning, None);
        assert_eq!(
            january.note.as_deref(),
            Some(
                "`EST` is UTC-05:00 all year; New York moves to EDT (UTC-04:00) on 8 Mar 2026: \
                 write America/New_York for New York's clock"
            )
        );
        // Hawaii keeps HST all year: nothing to say.
        let hst = fixed_all_year(Zone::get("HST").unwrap(), at("2026-04-13T14:00:00Z"));
        assert_eq!((hst.warning, hst.note), (None, None));
    }

    #[test]
    fn spacing_is_tidied_once() {
        assert_eq!(name(resolve("new  york")), Ok("America/New_York"));
        assert_eq!(name(resolve("  Asia/Tokyo ")), Ok("Asia/Tokyo"));
        assert_eq!(name(resolve("la\tserena")), Ok("America/Santiago"));
        assert_eq!(tidy(" a \t b  c "), "a b c");
        assert_eq!(key("São_Paulo"), "sao paulo");
    }

    #[test]
    fn a_name_is_never_its_own_suggestion() {
        assert!(!suggest("Asia/Tokyo", &mut Suggestions::new()).contains(&"Asia/Tokyo"));
        assert!(!suggest("asia/tokyo", &mut Suggestions::new()).contains(&"Asia/Tokyo"));
    }

    #[test]
    fn answers_are_kept_for_the_run() {
        let first = find("tucson").unwrap();
        let started = std::time::Instant::now();
        for _ in 0..10_000 {
            assert_eq!(find("tucson").as_ref(), Ok(&first));
        }
        // A city lookup scans 34,000 names (milliseconds); a kept answer
        // is a hash lookup.
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }
}
