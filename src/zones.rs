//! Time-zone lookup: IANA names, `UTC`, `local` and city shortcuts
//! (`santiago`, `tokyo`), with suggestions for names that match nothing.

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz, TZ_VARIANTS};
use thiserror::Error;

use crate::filter::fold;

/// Why a zone name could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ZoneError {
    /// No zone has that name or city.
    #[error("unknown time zone `{query}`{}", suggestion_text(.suggestions))]
    Unknown {
        /// What the user wrote.
        query: String,
        /// The closest real names, best first.
        suggestions: Vec<&'static str>,
    },
    /// A city name that several zones share.
    #[error("`{query}` could be any of {}; write the full name (`agenda zones {query}` lists them)", candidate_text(.candidates))]
    Ambiguous {
        /// What the user wrote.
        query: String,
        /// The zones it could mean.
        candidates: Vec<&'static str>,
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
    pub fn describe(self) -> &'static str {
        match self {
            ZoneSource::Flag => "--tz",
            ZoneSource::TzVariable => "from TZ",
            ZoneSource::System => "system zone",
            ZoneSource::Fallback => "no zone set, so UTC",
            ZoneSource::Home => "home zone in [people]",
        }
    }
}

/// Lower-cases, drops accents and treats `_` and `-` and space alike, so
/// `new york`, `New_York`, `new-york` and `São Paulo`/`Sao_Paulo` meet.
fn normalize(s: &str) -> String {
    fold(s.trim())
        .chars()
        .map(|c| match c {
            '_' | '-' => ' ',
            c => c,
        })
        .collect()
}

/// The city part of a zone name: `America/Argentina/Buenos_Aires` → `Buenos_Aires`.
pub fn city(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// Zone names kept for compatibility that never win a city match over a
/// geographic name (`US/Pacific`, `Etc/GMT+3`, `Japan`).
fn is_geographic(name: &str) -> bool {
    const REGIONS: [&str; 9] = [
        "Africa/",
        "America/",
        "Antarctica/",
        "Arctic/",
        "Asia/",
        "Atlantic/",
        "Australia/",
        "Europe/",
        "Indian/",
    ];
    REGIONS.iter().any(|r| name.starts_with(r)) || name.starts_with("Pacific/")
}

/// Resolves an IANA name (any case), `UTC`, or an unambiguous city name;
/// failing those, the one geographic zone that [`search`] finds.
/// `local` is not handled here: see [`viewer_zone`].
pub fn resolve(query: &str) -> Result<Tz, ZoneError> {
    // An exact name is a hash lookup; the scans below normalize every name.
    if let Ok(tz) = query.trim().parse::<Tz>() {
        return Ok(tz);
    }
    let wanted = normalize(query);
    if let Some(tz) = TZ_VARIANTS.iter().find(|tz| normalize(tz.name()) == wanted) {
        return Ok(*tz);
    }
    let cities: Vec<Tz> = TZ_VARIANTS
        .iter()
        .copied()
        .filter(|tz| is_geographic(tz.name()) && normalize(city(tz.name())) == wanted)
        .collect();
    let candidates = if cities.is_empty() && !wanted.is_empty() {
        search(query)
            .into_iter()
            .filter(|tz| is_geographic(tz.name()))
            .collect()
    } else {
        cities
    };
    match candidates.as_slice() {
        [one] => Ok(*one),
        [] => Err(ZoneError::Unknown {
            query: query.to_string(),
            suggestions: suggest(query),
        }),
        many => {
            // Old links such as America/Buenos_Aires stand beside their
            // canonical America/Argentina/Buenos_Aires; the deeper name is the
            // current one, and both give the same times.
            let deepest = many.iter().map(|tz| tz.name().matches('/').count()).max();
            let best: Vec<Tz> = many
                .iter()
                .copied()
                .filter(|tz| Some(tz.name().matches('/').count()) == deepest)
                .collect();
            match best.as_slice() {
                [one] if same_city(many) => Ok(*one),
                _ => Err(ZoneError::Ambiguous {
                    query: query.to_string(),
                    candidates: many.iter().map(|tz| tz.name()).collect(),
                }),
            }
        }
    }
}

/// Whether all these zones name the same city (a zone and its old links).
fn same_city(zones: &[Tz]) -> bool {
    zones
        .windows(2)
        .all(|w| normalize(city(w[0].name())) == normalize(city(w[1].name())))
}

/// The closest zone names to `query`, best first, at most three: zones
/// that [`search`] finds, else those whose name or city is spelt nearly
/// the same.
pub fn suggest(query: &str) -> Vec<&'static str> {
    let wanted = normalize(query);
    if !wanted.is_empty() {
        let found: Vec<&'static str> = search(query)
            .into_iter()
            .filter(|tz| is_geographic(tz.name()))
            .take(3)
            .map(|tz| tz.name())
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    let mut scored: Vec<(f64, &'static str)> = TZ_VARIANTS
        .iter()
        .map(|tz| {
            let name = tz.name();
            let whole = strsim::jaro_winkler(&wanted, &normalize(name));
            let city = strsim::jaro_winkler(&wanted, &normalize(city(name)));
            (whole.max(city), name)
        })
        .filter(|(score, _)| *score > 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, name)| name).collect()
}

/// Zones whose name (and so its city) contains `query`, ignoring case,
/// accents and `_`, in name order; every zone when `query` is empty.
pub fn search(query: &str) -> Vec<Tz> {
    let wanted = normalize(query);
    let mut found: Vec<Tz> = TZ_VARIANTS
        .iter()
        .copied()
        .filter(|tz| normalize(tz.name()).contains(&wanted))
        .collect();
    found.sort_by_key(|tz| tz.name());
    found
}

/// A zone's UTC offset and abbreviation at an instant: `("+09:00",
/// Some("JST"))`. Zones without a customary abbreviation (the tz database
/// writes `-04` for Santiago) have none.
pub fn offset_at(zone: Tz, at: DateTime<Utc>) -> (String, Option<String>) {
    let offset = zone.offset_from_utc_datetime(&at.naive_utc());
    let text = crate::model::offset_text(offset.fix().local_minus_utc());
    (text, offset.abbreviation().map(str::to_string))
}

/// The zone to show times in: `--tz` if given (`local` meaning the
/// viewer's own), else the `TZ` variable, else the system's, else UTC.
pub fn viewer_zone(flag: Option<&str>) -> Result<(Tz, ZoneSource), ZoneError> {
    match flag {
        Some(name) if !normalize(name).eq("local") => Ok((resolve(name)?, ZoneSource::Flag)),
        _ => Ok(local_zone(std::env::var("TZ").ok().as_deref())),
    }
}

/// The viewer's own zone, given the value of `TZ`: that, if it names a zone,
/// else the system's, else UTC.
pub fn local_zone(tz_variable: Option<&str>) -> (Tz, ZoneSource) {
    if let Some(tz) = tz_variable
        .map(|v| v.trim_start_matches(':'))
        .and_then(|v| v.parse::<Tz>().ok())
    {
        return (tz, ZoneSource::TzVariable);
    }
    match iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| name.parse::<Tz>().ok())
    {
        Some(tz) => (tz, ZoneSource::System),
        None => (Tz::UTC, ZoneSource::Fallback),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_names_in_any_case() {
        assert_eq!(resolve("America/Santiago"), Ok(Tz::America__Santiago));
        assert_eq!(resolve("america/santiago"), Ok(Tz::America__Santiago));
        assert_eq!(resolve("utc"), Ok(Tz::UTC));
    }

    #[test]
    fn cities() {
        assert_eq!(resolve("santiago"), Ok(Tz::America__Santiago));
        assert_eq!(resolve("Tokyo"), Ok(Tz::Asia__Tokyo));
        assert_eq!(resolve("new york"), Ok(Tz::America__New_York));
        assert_eq!(
            resolve("buenos_aires"),
            Ok(Tz::America__Argentina__Buenos_Aires)
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
    fn tz_variable_wins_and_bad_values_fall_through() {
        assert_eq!(
            local_zone(Some("Asia/Tokyo")),
            (Tz::Asia__Tokyo, ZoneSource::TzVariable)
        );
        assert_eq!(
            local_zone(Some(":Asia/Tokyo")),
            (Tz::Asia__Tokyo, ZoneSource::TzVariable)
        );
        assert_ne!(local_zone(Some("Nowhere/Else")).1, ZoneSource::TzVariable);
    }

    #[test]
    fn unique_partial_names_resolve_and_shared_ones_do_not() {
        assert_eq!(resolve("york"), Ok(Tz::America__New_York));
        assert_eq!(resolve("são paulo"), Ok(Tz::America__Sao_Paulo));
        assert!(matches!(resolve("new"), Err(ZoneError::Ambiguous { .. })));
    }

    #[test]
    fn offsets_and_abbreviations() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        // Japan has kept UTC+9, "JST", without DST since 1951.
        assert_eq!(
            offset_at(Tz::Asia__Tokyo, at("2021-04-13T14:00:00Z")),
            ("+09:00".to_string(), Some("JST".to_string()))
        );
        // Berlin is on CEST (UTC+2) in April and CET (UTC+1) in January.
        assert_eq!(
            offset_at(Tz::Europe__Berlin, at("2021-04-13T14:00:00Z")).1,
            Some("CEST".to_string())
        );
        assert_eq!(
            offset_at(Tz::Europe__Berlin, at("2021-01-13T14:00:00Z")).0,
            "+01:00"
        );
        assert_eq!(
            offset_at(Tz::America__Santiago, at("2021-01-13T14:00:00Z")),
            ("-03:00".to_string(), None)
        );
    }

    #[test]
    fn search_ignores_case_and_underscores() {
        let names: Vec<_> = search("buenos aires").iter().map(|t| t.name()).collect();
        assert!(
            names.contains(&"America/Argentina/Buenos_Aires"),
            "{names:?}"
        );
    }
}
