//! What the unit tests share to write instants and zones briefly. Zones
//! come from the bundled tz database, named here, so that no test depends
//! on the host's.

use chrono::{DateTime, NaiveDateTime, Utc};

use super::db::Database;
use super::zone::Zone;

/// An instant written in RFC 3339 (`2021-04-13T14:00:00Z`).
pub(crate) fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("an RFC 3339 instant")
        .with_timezone(&Utc)
}

/// A wall time written `2021-04-13 14:00`.
pub(crate) fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("a wall time")
}

/// A zone of the bundled database.
pub(crate) fn zone(name: &str) -> Zone {
    Zone::get_in(&Database::bundled(), name).expect("a zone of the bundled database")
}
