//! The world's cities people type as a time zone (`--tz tucson`,
//! `--tz "são paulo"`), from GeoNames' cities of 15,000 people or more
//! (CC BY 4.0; see data/README.md), with their regions and IANA zones.
//!
//! The table is `data/cities.tsv.zz` (made by `tools/cities.py`), about
//! 420 KB compressed in the binary. It is inflated and parsed only when a
//! lookup is made, that is only for a `--tz` that is not a zone name, so
//! it costs nothing to a run that does not need it.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, Offset, TimeZone, Utc};

use super::names::key;
use super::Zone;

/// The table as `tools/cities.py` writes it: zlib-compressed text.
const TABLE: &[u8] = include_bytes!("../../data/cities.tsv.zz");

/// How much more populous the largest candidate must be than any in
/// another zone to be taken without asking: London, UK (8.9 M) over
/// London, Canada (0.4 M) is; Portland, Oregon (650 k) over Portland,
/// Maine (67 k) is not.
const DOMINANCE: u64 = 10;

/// A city of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct City {
    /// Its name as GeoNames writes it (`São Paulo`).
    pub name: String,
    /// Its region (GeoNames' admin1: a state, province or the like), when
    /// the table knows it (`São Paulo`, `Missouri`).
    pub region: Option<String>,
    /// Its country's name (`Brazil`).
    pub country: String,
    /// Its IANA zone's name (`America/Sao_Paulo`).
    pub zone: String,
    /// Its population.
    pub population: u64,
}

/// The table, inflated once. Cities are parsed only when they match, so
/// that a lookup costs one pass over the names and little else.
struct Table {
    /// Zone names by number.
    zones: Vec<String>,
    /// Country names by ISO code.
    countries: std::collections::HashMap<String, String>,
    /// Region names by number.
    regions: Vec<String>,
    /// The city lines: `name <TAB> code <TAB> zone number <TAB> population
    /// <TAB> region number`, the region number empty when unknown.
    cities: String,
}

fn table() -> Option<&'static Table> {
    static TABLE_CELL: OnceLock<Option<Table>> = OnceLock::new();
    TABLE_CELL.get_or_init(inflate).as_ref()
}

/// Inflates the table; `None` if it is damaged (a build problem, never
/// the user's), in which case no city is known.
fn inflate() -> Option<Table> {
    let bytes = miniz_oxide::inflate::decompress_to_vec_zlib(TABLE).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let mut sections = text.splitn(4, "\n\n");
    let zones = sections.next()?.lines().map(str::to_string).collect();
    let countries = sections
        .next()?
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(code, name)| (code.to_string(), name.to_string()))
        .collect();
    let regions = sections.next()?.lines().map(str::to_string).collect();
    let cities = sections.next()?.to_string();
    Some(Table {
        zones,
        countries,
        regions,
        cities,
    })
}

impl Table {
    /// The cities, parsed from their lines.
    fn parse<'a>(
        &'a self,
        lines: impl Iterator<Item = &'a str> + 'a,
    ) -> impl Iterator<Item = City> + 'a {
        lines.filter_map(|line| {
            let mut fields = line.split('\t');
            let name = fields.next()?;
            let code = fields.next()?;
            let zone = self.zones.get(fields.next()?.parse::<usize>().ok()?)?;
            let population = fields.next()?.parse().ok()?;
            let region = fields
                .next()
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| self.regions.get(n))
                .cloned();
            Some(City {
                name: name.to_string(),
                region,
                country: self
                    .countries
                    .get(code)
                    .map_or(code, String::as_str)
                    .to_string(),
                zone: zone.clone(),
                population,
            })
        })
    }
}

/// Whether the city name `name` folds to `wanted`. Most names are ASCII
/// and are compared without allocating.
fn matches(name: &str, wanted: &str) -> bool {
    if name.is_ascii() && !name.contains(['-', '_']) && !name.contains("  ") {
        return name.eq_ignore_ascii_case(wanted);
    }
    key(name) == wanted
}

/// The cities named `query` (ignoring case and accents; `-`, `_` and
/// space alike), most populous first.
pub(crate) fn lookup(query: &str) -> Vec<City> {
    let wanted = key(query);
    if wanted.is_empty() {
        return Vec::new();
    }
    let Some(table) = table() else {
        return Vec::new();
    };
    let lines = table.cities.lines().filter(|line| {
        let name = line.split('\t').next().unwrap_or("");
        matches(name, &wanted)
    });
    let mut found: Vec<City> = table.parse(lines).collect();
    found.sort_by_key(|city| std::cmp::Reverse(city.population));
    found
}

/// A city chosen for a `--tz`, and its zone.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CityMatch {
    /// The city.
    pub city: City,
    /// Its zone.
    pub zone: Zone,
}

/// Why a city name chose no zone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum CityError {
    /// The table has no city of that name.
    #[error("no city called `{0}`")]
    Unknown(String),
    /// Cities of that name lie in different zones and none dwarfs the
    /// others.
    #[error("`{query}` could be {}; write the zone's name", candidate_text(.candidates))]
    Ambiguous {
        /// What the user wrote.
        query: String,
        /// The candidates, most populous first.
        candidates: Vec<City>,
    },
}

/// `Portland, Oregon, United States (America/Los_Angeles); ...`: at most
/// eight, most populous first, and how many more. The region tells apart
/// namesakes of one country (Springfield, Missouri and Springfield,
/// Illinois).
fn candidate_text(candidates: &[City]) -> String {
    const SHOWN: usize = 8;
    let mut text = candidates
        .iter()
        .take(SHOWN)
        .map(|c| match &c.region {
            Some(region) => format!("{}, {region}, {} ({})", c.name, c.country, c.zone),
            None => format!("{}, {} ({})", c.name, c.country, c.zone),
        })
        .collect::<Vec<_>>()
        .join("; ");
    if candidates.len() > SHOWN {
        text.push_str(&format!("; and {} more", candidates.len() - SHOWN));
    }
    text
}

/// The zone of the city called `query`, judged by the run's clock: see
/// [`resolve_city_at`].
pub(crate) fn resolve_city(query: &str) -> Result<CityMatch, CityError> {
    // A malformed AGENDA_NOW has stopped the command line already; a
    // library caller gets the epoch's judgement, which differs only for
    // cities whose rules changed since.
    resolve_city_at(query, super::clock::now().unwrap_or_default())
}

/// The zone of the city called `query`: the only city of that name, or
/// the most populous when every other one keeps the same time (the same
/// UTC offset at `at` and half a year later: Vancouver, Canada and
/// Vancouver, Washington) or is at most a tenth of its size (Santiago de
/// Chile and Santiago in the Philippines).
///
/// [`super::resolve`] asks this once `query` is no zone name, before it
/// matches parts of zone names: the table then answers `tucson`,
/// `la serena`, `bengaluru`; [`CityError::Unknown`] sends it on to the
/// zone-name matching (`new york` is "New York City" in GeoNames), and
/// [`CityError::Ambiguous`] is the user's error.
pub(crate) fn resolve_city_at(query: &str, at: DateTime<Utc>) -> Result<CityMatch, CityError> {
    choose(query, lookup(query), at)
}

/// The zone `candidates` (the cities called `query`, most populous
/// first) give, as [`resolve_city_at`] decides it.
fn choose(query: &str, candidates: Vec<City>, at: DateTime<Utc>) -> Result<CityMatch, CityError> {
    let Some(first) = candidates.first() else {
        return Err(CityError::Unknown(query.to_string()));
    };
    let Some(zone) = Zone::get(&first.zone) else {
        return Err(CityError::Unknown(query.to_string()));
    };
    let later = at + Duration::days(182);
    let clock =
        |zone: Zone| [at, later].map(|t| zone.offset_from_utc_datetime(&t.naive_utc()).fix());
    let own = clock(zone);
    let rival = candidates[1..]
        .iter()
        .find(|city| Zone::get(&city.zone).is_none_or(|other| clock(other) != own));
    match rival {
        Some(rival) if first.population < DOMINANCE * rival.population => {
            Err(CityError::Ambiguous {
                query: query.to_string(),
                candidates,
            })
        }
        _ => Ok(CityMatch {
            city: first.clone(),
            zone,
        }),
    }
}

/// The names of the cities of at least `population` people that `--tz`
/// takes without asking (at `at`), each as one word for shell completion:
/// lower case, without accents, `_` between words (`sao_paulo`), and only
/// those that need no quoting. One pass over the table.
pub(crate) fn populous(population: u64, at: DateTime<Utc>) -> Vec<String> {
    let Some(table) = table() else {
        return Vec::new();
    };
    let field = |line: &'static str, n: usize| line.split('\t').nth(n).unwrap_or("");
    let mut named: std::collections::HashMap<String, Vec<City>> = table
        .cities
        .lines()
        .filter(|line| field(line, 3).parse::<u64>().is_ok_and(|n| n >= population))
        .map(|line| (key(field(line, 0)), Vec::new()))
        .collect();
    // Only the namesakes of those are parsed.
    for line in table.cities.lines() {
        if let Some(namesakes) = named.get_mut(&key(field(line, 0))) {
            namesakes.extend(table.parse(std::iter::once(line)));
        }
    }
    let mut words: Vec<String> = named
        .into_iter()
        .filter(|(name, _)| {
            name.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ')
        })
        .filter_map(|(name, mut candidates)| {
            candidates.sort_by_key(|city| std::cmp::Reverse(city.population));
            choose(&name, candidates, at).ok()?;
            Some(name.replace(' ', "_"))
        })
        .collect();
    words.sort_unstable();
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_whole_and_every_zone_is_known() {
        let table = table().expect("the bundled table inflates");
        let cities: Vec<City> = table.parse(table.cities.lines()).collect();
        // tools/cities.py reported 34,006 cities in 356 zones, 32,792 of
        // them with one of 2,282 regions.
        assert_eq!(cities.len(), 34_006);
        assert_eq!(table.zones.len(), 356);
        assert_eq!(table.regions.len(), 2_282);
        assert_eq!(cities.iter().filter(|c| c.region.is_some()).count(), 32_792);
        for zone in &table.zones {
            assert!(Zone::get(zone).is_some(), "{zone}");
        }
    }

    #[test]
    fn cities_people_type() {
        // Zones from GeoNames, checked against an atlas: Tucson keeps
        // Arizona's time, La Serena is in Chile, Bengaluru in India.
        for (query, city, country, zone) in [
            ("tucson", "Tucson", "United States", "America/Phoenix"),
            ("la serena", "La Serena", "Chile", "America/Santiago"),
            ("La-Serena", "La Serena", "Chile", "America/Santiago"),
            ("bengaluru", "Bengaluru", "India", "Asia/Kolkata"),
            ("são paulo", "São Paulo", "Brazil", "America/Sao_Paulo"),
            ("SAO PAULO", "São Paulo", "Brazil", "America/Sao_Paulo"),
        ] {
            let found = resolve_city(query).unwrap_or_else(|e| panic!("{query}: {e}"));
            assert_eq!(
                (found.city.name.as_str(), found.city.country.as_str()),
                (city, country)
            );
            assert_eq!(found.city.zone, zone);
            assert_eq!(found.zone.name(), zone);
        }
        let tucson = resolve_city("tucson").unwrap();
        assert_eq!(
            (tucson.city.name.as_str(), tucson.city.zone.as_str()),
            ("Tucson", "America/Phoenix")
        );
    }

    #[test]
    fn namesakes_that_keep_the_same_time_are_no_ambiguity() {
        // In the tz database of chrono-tz 0.10 (2025b) Vancouver and Los
        // Angeles are both UTC-8 in January and UTC-7 in July.
        let at = DateTime::parse_from_rfc3339("2026-01-15T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let found = resolve_city_at("vancouver", at).unwrap();
        assert_eq!(
            (found.city.name.as_str(), found.city.zone.as_str()),
            ("Vancouver", "America/Vancouver")
        );
        // York, UK (156 k) and York, Pennsylvania (44 k) do not.
        assert!(matches!(
            resolve_city_at("york", at),
            Err(CityError::Ambiguous { .. })
        ));
    }

    #[test]
    fn a_city_that_dwarfs_its_namesakes_is_chosen() {
        // Santiago de Chile (4.8 M) over Santiago in the Philippines (108 k).
        assert_eq!(
            resolve_city("santiago").unwrap().city.zone,
            "America/Santiago"
        );
        assert_eq!(resolve_city("london").unwrap().city.zone, "Europe/London");
    }

    #[test]
    fn ambiguous_names_list_candidates_most_populous_first() {
        let Err(CityError::Ambiguous { candidates, .. }) = resolve_city("portland") else {
            panic!("portland should be ambiguous");
        };
        let zones: Vec<&str> = candidates.iter().map(|c| c.zone.as_str()).collect();
        // Oregon (652 k), Maine (67 k), Texas (16 k).
        assert_eq!(
            zones,
            ["America/Los_Angeles", "America/New_York", "America/Chicago"]
        );
        // Córdoba is the capital of Córdoba province, Argentina; the Spanish
        // one lies in Andalusia, the Mexican one in Veracruz. GeoNames
        // writes region names in ASCII.
        let err = resolve_city("córdoba").unwrap_err();
        assert_eq!(
            err.to_string(),
            "`córdoba` could be Córdoba, Cordoba, Argentina (America/Argentina/Cordoba); \
             Córdoba, Andalusia, Spain (Europe/Madrid); \
             Córdoba, Veracruz, Mexico (America/Mexico_City); write the zone's name"
        );
    }

    // The Springfields of the United States: the largest are in Missouri
    // (170 k, Central time), Massachusetts (154 k, Eastern) and Illinois
    // (114 k, Central); their states tell them apart.
    #[test]
    fn namesakes_of_one_country_are_told_apart_by_region() {
        let Err(CityError::Ambiguous { candidates, .. }) = resolve_city("springfield") else {
            panic!("springfield should be ambiguous");
        };
        let first: Vec<(&str, &str)> = candidates
            .iter()
            .take(3)
            .map(|c| (c.region.as_deref().unwrap_or(""), c.zone.as_str()))
            .collect();
        assert_eq!(
            first,
            [
                ("Missouri", "America/Chicago"),
                ("Massachusetts", "America/New_York"),
                ("Illinois", "America/Chicago"),
            ]
        );
        let text = resolve_city("springfield").unwrap_err().to_string();
        assert!(
            text.starts_with(
                "`springfield` could be Springfield, Missouri, United States (America/Chicago); \
                 Springfield, Massachusetts, United States (America/New_York); "
            ),
            "{text}"
        );
        // No two candidates read the same.
        let labels: std::collections::HashSet<String> =
            text.split("; ").map(str::to_string).collect();
        assert_eq!(labels.len(), text.split("; ").count(), "{text}");
    }

    #[test]
    fn populous_cities_are_offered_as_one_word_when_unambiguous() {
        let at = DateTime::parse_from_rfc3339("2026-01-15T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let words = populous(1_000_000, at);
        for word in [
            "sao_paulo",
            "tokyo",
            "santiago",
            "new_york_city",
            "ho_chi_minh_city",
        ] {
            assert!(words.iter().any(|w| w == word), "{word}");
        }
        // A word is what `--tz` takes, one city (one in fifty checked: a
        // lookup reads the whole table).
        for word in words.iter().step_by(50) {
            assert!(resolve_city_at(word, at).is_ok(), "{word}");
        }
        // Hyderabad, India (6.8 M) does not dwarf Hyderabad, Pakistan
        // (1.4 M): `--tz hyderabad` asks which, so it is not offered.
        assert!(matches!(
            resolve_city_at("hyderabad", at),
            Err(CityError::Ambiguous { .. })
        ));
        assert!(!words.iter().any(|w| w == "hyderabad"));
    }

    #[test]
    fn unknown_names_are_unknown() {
        assert_eq!(
            resolve_city("Xyzzy"),
            Err(CityError::Unknown("Xyzzy".into()))
        );
        assert!(lookup("").is_empty());
        // GeoNames calls it New York City: zone-name matching answers this.
        assert!(lookup("new york").is_empty());
    }
}
