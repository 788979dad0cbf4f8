//! The walk of an interval along a zone's local clock: cut where the
//! local date changes or the zone's offset does, so that each piece reads
//! as one stretch of one local day. `check` (people's waking hours) and
//! `agenda hours` measure with it.

use chrono::{DateTime, Duration, NaiveDateTime, Timelike, Utc};

use super::Zone;

/// Seconds in a day of the local clock.
const DAY_SECONDS: i64 = 24 * 60 * 60;

/// Seconds east of UTC of `zone` at `t`.
fn offset(zone: Zone, t: DateTime<Utc>) -> i64 {
    zone.offset_at(t).seconds().into()
}

/// Cuts `[start, end)` into pieces that neither cross a local midnight
/// nor an offset change in `zone`, and gives each to `visit` as its local
/// start and its length in seconds. Each piece costs one offset lookup and
/// one transition lookup however long it is, so whole days of programme
/// cost next to nothing.
pub(crate) fn local_pieces(
    zone: Zone,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    mut visit: impl FnMut(NaiveDateTime, i64),
) {
    let mut t = start;
    while t < end {
        let off = offset(zone, t);
        let local = t.naive_utc() + Duration::seconds(off);
        let to_midnight = DAY_SECONDS - i64::from(local.num_seconds_from_midnight());
        let mut piece_end = end.min(t + Duration::seconds(to_midnight));
        // A clock change inside the piece ends it there.
        if let Some(change) = zone.next_transition(t).filter(|c| *c > t && *c < piece_end) {
            piece_end = change;
        }
        visit(local, (piece_end - t).num_seconds());
        t = piece_end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::testing::{utc, zone};

    #[test]
    fn pieces_split_at_local_midnight() {
        // Tokyo is UTC+9 all year: 14:00–18:30 UTC is 23:00–03:30.
        let mut pieces = Vec::new();
        local_pieces(
            zone("Asia/Tokyo"),
            utc("2021-04-13T14:00:00Z"),
            utc("2021-04-13T18:30:00Z"),
            |local, secs| pieces.push((local.to_string(), secs / 60)),
        );
        assert_eq!(
            pieces,
            [
                ("2021-04-13 23:00:00".to_string(), 60),
                ("2021-04-14 00:00:00".to_string(), 210)
            ]
        );
    }

    #[test]
    fn pieces_split_at_an_offset_change() {
        // Berlin went from UTC+1 to UTC+2 at 2021-03-28 01:00 UTC
        // (02:00 CET became 03:00 CEST).
        let mut pieces = Vec::new();
        local_pieces(
            zone("Europe/Berlin"),
            utc("2021-03-28T00:30:00Z"),
            utc("2021-03-28T01:30:00Z"),
            |local, secs| pieces.push((local.to_string(), secs / 60)),
        );
        assert_eq!(
            pieces,
            [
                ("2021-03-28 01:30:00".to_string(), 30),
                ("2021-03-28 03:00:00".to_string(), 30)
            ]
        );
    }
}
