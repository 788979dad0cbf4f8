//! Zone names as people write them: IANA names in any case, `UTC`,
//! `local`, city shortcuts (`santiago`, `tokyo`), the `TZ` variable as libc
//! reads it, with suggestions for names that match nothing. Every name is
//! looked up in the database of this run ([`Database::current`]).

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::cities::{self, CityError};
use super::db::{is_zone_name, Database};
use super::Zone;
use crate::text::fold;

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
    /// `--tz` naming a city of the world's table: `Tucson → America/Phoenix`.
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

/// Resolves an IANA name (any case), `UTC`, or an unambiguous city name;
/// failing those, the one geographic zone that [`search`] finds.
/// `local` is not handled here: see [`viewer_zone`].
pub(crate) fn resolve(query: &str) -> Result<Zone, ZoneError> {
    resolve_named(query).map(|(zone, _)| zone)
}

/// Like [`resolve`], with the city of the world's table that chose the
/// zone, if one did.
fn resolve_named(query: &str) -> Result<(Zone, Option<String>), ZoneError> {
    let trimmed = query.trim();
    if !is_zone_name(trimmed) {
        return Err(ZoneError::Placeholder(trimmed.to_string()));
    }
    // An exact name is one lookup; the scans below normalize every name.
    if let Some(zone) = Zone::get(trimmed).or_else(|| fixed_offset(trimmed)) {
        return Ok((zone, None));
    }
    let unknown = || ZoneError::Unknown {
        query: query.to_string(),
        suggestions: suggest(query),
    };
    if trimmed.len() > LONGEST_QUERY {
        return Err(unknown());
    }
    let wanted = normalize(query);
    let get = |name: &str| Zone::get(name).map(|zone| (zone, None)).ok_or_else(unknown);
    if let Some(name) = names().find(|name| normalize(name) == wanted) {
        return get(name);
    }
    // The world's cities before parts of zone names, so that `córdoba`
    // lists its namesakes instead of taking Argentina's zone unasked.
    match cities::resolve_city(trimmed) {
        // `tokyo` is Asia/Tokyo: naming the city again would say nothing.
        Ok(found) if normalize(city(found.zone.name())) == normalize(&found.city.name) => {
            return Ok((found.zone, None))
        }
        Ok(found) => return Ok((found.zone, Some(found.city.name))),
        Err(ambiguous @ CityError::Ambiguous { .. }) => return Err(ZoneError::City(ambiguous)),
        Err(CityError::Unknown(_)) => {}
    }
    let cities: Vec<&'static str> = names()
        .filter(|name| is_geographic(name) && normalize(city(name)) == wanted)
        .collect();
    let candidates = if cities.is_empty() && !wanted.is_empty() {
        search(query)
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
                    query: query.to_string(),
                    candidates: many.to_vec(),
                }),
            }
        }
    }
}

/// Whether all these zones name the same city (a zone and its old links).
fn same_city(zones: &[&str]) -> bool {
    zones
        .windows(2)
        .all(|w| normalize(city(w[0])) == normalize(city(w[1])))
}

/// The closest zone names to `query`, best first, at most three: zones
/// that [`search`] finds, else those whose name or city is spelt nearly
/// the same.
pub(crate) fn suggest(query: &str) -> Vec<&'static str> {
    if query.trim().len() > LONGEST_QUERY {
        return Vec::new();
    }
    let wanted = normalize(query);
    if !wanted.is_empty() {
        let found: Vec<&'static str> = search(query)
            .into_iter()
            .filter(|name| is_geographic(name))
            .take(3)
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    let mut scored: Vec<(f64, &'static str)> = names()
        .map(|name| {
            let whole = strsim::jaro_winkler(&wanted, &normalize(name));
            let city = strsim::jaro_winkler(&wanted, &normalize(city(name)));
            (whole.max(city), name)
        })
        .filter(|(score, _)| *score > 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, name)| name).collect()
}

/// Zone names that contain `query`, ignoring case, accents and `_`, in
/// name order; every zone when `query` is empty.
pub(crate) fn search(query: &str) -> Vec<&'static str> {
    let wanted = normalize(query);
    if wanted.len() > LONGEST_QUERY {
        return Vec::new();
    }
    // The database's names are sorted already.
    names()
        .filter(|name| normalize(name).contains(&wanted))
        .collect()
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

/// The viewer's zone, where it came from, and a warning to print when
/// `TZ` was set to something that is not a zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Viewer {
    /// The zone.
    pub zone: Zone,
    /// Where it came from.
    pub source: ZoneSource,
    /// Why `TZ` was not used, if it was set and could not be.
    pub warning: Option<String>,
}

/// The zone to show times in: `--tz` if given (`local` meaning the
/// viewer's own), else the `TZ` variable, else the system's, else UTC.
pub(crate) fn viewer_zone(flag: Option<&str>) -> Result<Viewer, ZoneError> {
    match flag {
        Some(name) if !normalize(name).eq("local") => {
            let (zone, city) = resolve_named(name)?;
            // Leaked: one short name per `--tz`, kept for the whole run.
            let source = city.map_or(ZoneSource::Flag, |c| {
                ZoneSource::City(Box::leak(c.into_boxed_str()))
            });
            Ok(Viewer {
                zone,
                source,
                warning: None,
            })
        }
        _ => Ok(local_zone(std::env::var("TZ").ok().as_deref())),
    }
}

/// The viewer's own zone, given the value of `TZ`: that, read as libc
/// reads it, else the system's, else UTC.
pub(crate) fn local_zone(tz_variable: Option<&str>) -> Viewer {
    if let Some(value) = tz_variable {
        if let Some(zone) = from_tz_variable(value) {
            return Viewer {
                zone,
                source: ZoneSource::TzVariable,
                warning: None,
            };
        }
    }
    let system = iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| Zone::get(&name));
    let (zone, source) = match system {
        Some(zone) => (zone, ZoneSource::System),
        None => (Zone::utc(), ZoneSource::Fallback),
    };
    let warning = tz_variable.map(|value| {
        format!(
            "TZ={} is not a time zone; times are shown in {zone} ({})",
            value.escape_debug(),
            source.describe()
        )
    });
    Viewer {
        zone,
        source,
        warning,
    }
}

/// `TZ` as glibc reads it: empty means UTC; `:NAME` or `NAME` is a zone
/// of the database (any case); `:/path` is a TZif file, or the database's
/// zone of that name when the path lies in a `zoneinfo` directory; else a
/// POSIX rule string such as `EST5EDT,M3.2.0,M11.1.0` or `UTC0`.
fn from_tz_variable(value: &str) -> Option<Zone> {
    let value = value.trim();
    if value.is_empty() {
        return Some(Zone::utc());
    }
    let name = value.strip_prefix(':').unwrap_or(value);
    if name.starts_with('/') {
        if let Some((_, zone_name)) = name.split_once("/zoneinfo/") {
            if let Some(zone) = Zone::get(zone_name) {
                return Some(zone);
            }
        }
        let data = std::fs::read(name).ok()?;
        let rules = jiff::tz::TimeZone::tzif(name, &data).ok()?;
        return Some(Zone::with_rules(name, rules));
    }
    if !is_zone_name(name) {
        return None;
    }
    if let Some(zone) = Zone::get(name) {
        return Some(zone);
    }
    let rules = jiff::tz::TimeZone::posix(value).ok()?;
    Some(Zone::with_rules(value, rules))
}

/// A fixed offset from UTC written as a zone: `UTC+05:30`, `UTC-03:30`,
/// `UTC+2` (any case), for a programme that names no zone of the
/// database (an imported schedule that gives only offsets). Its name is
/// always written `UTC±HH:MM`, so that it reads back as itself. `None`
/// for anything else, or an offset of a day or more.
pub(crate) fn fixed_offset(name: &str) -> Option<Zone> {
    let name = name.trim();
    let rest = name
        .get(..3)
        .filter(|utc| utc.eq_ignore_ascii_case("UTC"))?;
    let rest = &name[rest.len()..];
    let sign = match rest.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (hours, minutes) = rest[1..].split_once(':').unwrap_or((&rest[1..], "00"));
    let digits = |t: &str, most: usize| {
        (!t.is_empty() && t.len() <= most && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<i32>().ok())
            .flatten()
    };
    let (hours, minutes) = (
        digits(hours, 2)?,
        digits(minutes, 2).filter(|_| minutes.len() == 2)?,
    );
    if hours > 23 || minutes > 59 {
        return None;
    }
    let seconds = sign * (hours * 3600 + minutes * 60);
    let offset = jiff::tz::Offset::from_seconds(seconds).ok()?;
    let canonical = format!("UTC{}", super::offset_text(seconds));
    Some(Zone::with_rules(
        &canonical,
        jiff::tz::TimeZone::fixed(offset),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_offsets_as_zones() {
        use crate::time::testing::utc;
        let at = utc("2021-04-13T12:00:00Z");
        for (name, canonical, seconds) in [
            ("UTC+05:30", "UTC+05:30", 19_800),
            ("utc-03:30", "UTC-03:30", -12_600),
            ("UTC+2", "UTC+02:00", 7_200),
            ("UTC+05:45", "UTC+05:45", 20_700),
            ("UTC-00:30", "UTC-00:30", -1_800),
        ] {
            let zone = fixed_offset(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(
                (zone.name(), zone.offset_at(at).seconds()),
                (canonical, seconds)
            );
            // The name reads back as the same zone.
            assert_eq!(fixed_offset(zone.name()), Some(zone));
        }
        for bad in [
            "UTC",
            "UTC+",
            "UTC+5:3",
            "UTC+24",
            "UTC+05:60",
            "GMT+2",
            "UTC+0530",
            "Asia/Kolkata",
        ] {
            assert!(fixed_offset(bad).is_none(), "{bad}");
        }
        // `--tz` and schedules resolve them too.
        assert_eq!(name(resolve("UTC+05:30")), Ok("UTC+05:30"));
    }

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
    fn tz_variable_as_libc_reads_it() {
        let from_tz = |v: &str| {
            let viewer = local_zone(Some(v));
            assert_eq!(viewer.source, ZoneSource::TzVariable, "{v}");
            viewer.zone.name()
        };
        assert_eq!(from_tz("Asia/Tokyo"), "Asia/Tokyo");
        assert_eq!(from_tz(":America/Santiago"), "America/Santiago");
        assert_eq!(from_tz("asia/tokyo"), "Asia/Tokyo");
        assert_eq!(from_tz(":/usr/share/zoneinfo/Asia/Tokyo"), "Asia/Tokyo");
        assert_eq!(from_tz("UTC0"), "UTC0");
        assert_eq!(from_tz(""), "UTC");
        // New York's rules written as POSIX: EST (UTC-5), EDT from the
        // second Sunday of March to the first Sunday of November.
        let posix = local_zone(Some("EST5EDT,M3.2.0,M11.1.0")).zone;
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(
            posix.offset_at(at("2021-07-01T12:00:00Z")).seconds(),
            -4 * 3600
        );
        assert_eq!(
            posix.offset_at(at("2021-01-01T12:00:00Z")).seconds(),
            -5 * 3600
        );
    }

    #[test]
    fn a_tz_that_is_no_zone_is_warned_about() {
        for value in ["Foo/Bar", "Mars", "Factory"] {
            let viewer = local_zone(Some(value));
            assert_ne!(viewer.source, ZoneSource::TzVariable, "{value}");
            let warning = viewer.warning.expect("a warning");
            assert!(warning.contains(value), "{warning}");
            assert!(warning.contains(viewer.zone.name()), "{warning}");
        }
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
        let viewer = viewer_zone(Some("tucson")).unwrap();
        assert_eq!(viewer.source.label(viewer.zone), "Tucson → America/Phoenix");
    }

    #[test]
    fn search_ignores_case_and_underscores() {
        assert!(search("buenos aires").contains(&"America/Argentina/Buenos_Aires"));
    }
}
