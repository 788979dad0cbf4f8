//! The viewer's zone: `--tz` if given, else the `TZ` variable as glibc
//! reads it, else the system's, else UTC, with what to tell the viewer
//! about it (a `TZ` that could not be used, an abbreviation taken for a
//! zone).

use super::db::is_zone_name;
use super::names::{find, key, ZoneError, ZoneSource};
use super::tzif::{self, FileError};
use super::Zone;

/// The viewer's zone, where it came from, and what to tell them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Viewer {
    /// The zone.
    pub zone: Zone,
    /// Where it came from.
    pub source: ZoneSource,
    /// Why `TZ` was not used, if it was set and could not be; or why the
    /// zone named may not be the clock meant (`EST` in summer).
    pub warning: Option<String>,
    /// Which zone an abbreviation was taken for, and the like.
    pub note: Option<String>,
}

/// The zone to show times in: `--tz` if given (`local` meaning the
/// viewer's own), else the `TZ` variable, else the system's, else UTC.
pub(crate) fn viewer_zone(flag: Option<&str>) -> Result<Viewer, ZoneError> {
    match flag {
        Some(name) if key(name) != "local" => {
            let found = find(name)?;
            Ok(Viewer {
                zone: found.zone,
                source: found.alias.map_or(ZoneSource::Flag, ZoneSource::City),
                warning: found.warning,
                note: found.note,
            })
        }
        _ => Ok(local_zone(std::env::var("TZ").ok().as_deref())),
    }
}

/// The viewer's own zone, given the value of `TZ`: that, read as libc
/// reads it, else the system's, else UTC.
pub(crate) fn local_zone(tz_variable: Option<&str>) -> Viewer {
    let why = match tz_variable.map(from_tz_variable) {
        Some(Ok(zone)) => {
            return Viewer {
                zone,
                source: ZoneSource::TzVariable,
                warning: None,
                note: None,
            }
        }
        Some(Err(why)) => Some(why),
        None => None,
    };
    let system = iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| Zone::get(&name));
    let (zone, source) = match system {
        Some(zone) => (zone, ZoneSource::System),
        None => (Zone::utc(), ZoneSource::Fallback),
    };
    let warning = tz_variable.zip(why).map(|(value, why)| {
        format!(
            "TZ={} {why}; times are shown in {zone} ({})",
            value.escape_debug(),
            source.describe()
        )
    });
    Viewer {
        zone,
        source,
        warning,
        note: None,
    }
}

/// `TZ` as glibc reads it: empty means UTC; `:NAME` or `NAME` is a zone
/// of the database (any case); `:/path` is a TZif file, or the database's
/// zone of that name when the path lies in a `zoneinfo` directory; else a
/// POSIX rule string such as `EST5EDT,M3.2.0,M11.1.0` or `UTC0`, with
/// offsets up to ±24:59:59 as glibc reads them. The error completes
/// "TZ=… " in a warning: `is not a time zone`.
fn from_tz_variable(value: &str) -> Result<Zone, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(Zone::utc());
    }
    let not_a_zone = || "is not a time zone".to_string();
    let name = value.strip_prefix(':').unwrap_or(value);
    if name.starts_with('/') {
        if let Some((_, zone_name)) = name.split_once("/zoneinfo/") {
            if let Ok(Some(zone)) = Zone::find(zone_name) {
                return Ok(zone);
            }
        }
        let path = std::path::Path::new(name);
        // `TZ=:/dev/zero` names the file already.
        let unusable = |why: FileError| format!("cannot be used: {why}");
        let data = tzif::read(path, tzif::MAX_ZONE_FILE).map_err(unusable)?;
        let rules = tzif::rules(name, &data).map_err(unusable)?;
        return Ok(Zone::with_rules(name, rules));
    }
    if !is_zone_name(name) {
        return Err(not_a_zone());
    }
    match Zone::find(name) {
        Ok(Some(zone)) => return Ok(zone),
        Ok(None) => {}
        Err(unusable) => return Err(format!("cannot be used: {unusable}")),
    }
    match tzif::posix(value) {
        Ok(Some(rules)) => Ok(Zone::with_rules(value, rules)),
        Ok(None) => Err(not_a_zone()),
        Err(FileError::OffsetOutOfRange(seconds)) => Err(format!(
            "puts the clock at UTC{}, a day or more from UTC, which no time can be shown at",
            super::offset_text(seconds)
        )),
        Err(_) => Err(not_a_zone()),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;

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
    fn tz_offsets_of_a_day_or_more_are_refused_not_clamped() {
        // glibc reads XXX-24 as UTC+24:00 (`TZ=XXX-24 date`), which no
        // chrono time can be shown at.
        for (value, offset) in [("XXX-24", "UTC+24:00"), ("XXX+24:59:59", "UTC-24:59:59")] {
            let viewer = local_zone(Some(value));
            assert_ne!(viewer.source, ZoneSource::TzVariable, "{value}");
            let warning = viewer.warning.expect("a warning");
            assert!(warning.contains(offset), "{warning}");
            assert!(warning.contains("a day or more from UTC"), "{warning}");
        }
        // XXX-23:59 is the furthest east a clock is shown: 14:00 UTC on
        // 13 April 2021 is 13:59 on the 14th.
        let viewer = local_zone(Some("XXX-23:59"));
        assert_eq!(viewer.source, ZoneSource::TzVariable);
        let at = DateTime::parse_from_rfc3339("2021-04-13T14:00:00Z").unwrap();
        let local = at.with_timezone(&viewer.zone).naive_local();
        assert_eq!(local.to_string(), "2021-04-14 13:59:00");
    }
}
