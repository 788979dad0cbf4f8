//! Wall-clock time to UTC, with the gaps and folds of daylight-saving
//! changes as data: the tz database gives the exact offsets on both sides,
//! so nothing here guesses.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use jiff::tz::AmbiguousOffset;

use super::Zone;

/// What a wall-clock time is in a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wall {
    /// One instant, at this offset (seconds east of UTC).
    Single(DateTime<Utc>, i32),
    /// None: the clocks skip it. They jump at `transition` from offset
    /// `before` to `after`.
    Gap {
        /// The instant of the jump.
        transition: DateTime<Utc>,
        /// The offset until then.
        before: i32,
        /// The offset from then on.
        after: i32,
    },
    /// Two: the clocks pass it at `earlier` (offset `before`) and again at
    /// `later` (offset `after`).
    Fold {
        /// The first time it happens.
        earlier: DateTime<Utc>,
        /// The second.
        later: DateTime<Utc>,
        /// The offset of the first.
        before: i32,
        /// The offset of the second.
        after: i32,
    },
}

impl Wall {
    /// The offsets the zone uses at that wall time: one, or the two on
    /// either side of a change.
    pub(crate) fn offsets(self) -> [i32; 2] {
        match self {
            Wall::Single(_, o) => [o, o],
            Wall::Gap { before, after, .. } | Wall::Fold { before, after, .. } => [before, after],
        }
    }

    /// The instant it is at `offset`, if that is one of its own.
    pub(crate) fn at_offset(self, offset: i32, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        let instant = (local - Duration::seconds(offset.into())).and_utc();
        match self {
            Wall::Single(t, o) => (o == offset).then_some(t),
            Wall::Fold {
                earlier,
                later,
                before,
                after,
            } => (offset == before)
                .then_some(earlier)
                .or((offset == after).then_some(later)),
            Wall::Gap { .. } => None,
        }
        .filter(|t| *t == instant)
    }
}

/// Reads `local` in `zone`. `None` only for a date-time outside the years
/// the tz database covers (beyond ±9999).
pub(crate) fn wall(zone: Zone, local: NaiveDateTime) -> Option<Wall> {
    let at = |offset: jiff::tz::Offset| -> Option<(DateTime<Utc>, i32)> {
        let seconds = offset.seconds();
        let t = local.checked_sub_signed(Duration::seconds(seconds.into()))?;
        Some((t.and_utc(), seconds))
    };
    Some(match zone.ambiguous(local)? {
        AmbiguousOffset::Unambiguous { offset } => {
            let (t, o) = at(offset)?;
            Wall::Single(t, o)
        }
        AmbiguousOffset::Fold { before, after } => {
            let (earlier, before) = at(before)?;
            let (later, after) = at(after)?;
            Wall::Fold {
                earlier,
                later,
                before,
                after,
            }
        }
        AmbiguousOffset::Gap { before, after } => {
            // The jump lies after `local` read in the new offset and no
            // later than `local` read in the old one.
            let (after_reading, after) = at(after)?;
            Wall::Gap {
                transition: zone.next_transition(after_reading)?,
                before: before.seconds(),
                after,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::testing::{local, utc, zone};

    // Facts from the tz database (southamerica file): Chile entered DST at
    // 2021-09-05 04:00 UTC (00:00 -04 -> 01:00 -03) and left it at
    // 2021-04-04 03:00 UTC (00:00 -03 -> 23:00 -04 on the 3rd).
    #[test]
    fn santiago_gap_and_fold() {
        let santiago = zone("America/Santiago");
        assert_eq!(
            wall(santiago, local("2021-09-05 00:30")),
            Some(Wall::Gap {
                transition: utc("2021-09-05T04:00:00Z"),
                before: -4 * 3600,
                after: -3 * 3600
            })
        );
        let fold = wall(santiago, local("2021-04-03 23:30")).unwrap();
        assert_eq!(
            fold,
            Wall::Fold {
                earlier: utc("2021-04-04T02:30:00Z"),
                later: utc("2021-04-04T03:30:00Z"),
                before: -3 * 3600,
                after: -4 * 3600
            }
        );
        assert_eq!(
            fold.at_offset(-4 * 3600, local("2021-04-03 23:30")),
            Some(utc("2021-04-04T03:30:00Z"))
        );
        assert_eq!(fold.at_offset(-5 * 3600, local("2021-04-03 23:30")), None);
    }

    // Lord Howe Island moves by half an hour: +10:30 to +11 at
    // 2021-10-03 02:00 local (2021-10-02 15:30 UTC).
    #[test]
    fn half_hour_gap() {
        assert_eq!(
            wall(zone("Australia/Lord_Howe"), local("2021-10-03 02:15")),
            Some(Wall::Gap {
                transition: utc("2021-10-02T15:30:00Z"),
                before: 10 * 3600 + 1800,
                after: 11 * 3600
            })
        );
    }
}
