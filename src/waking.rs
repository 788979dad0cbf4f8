//! The waking hours of `[rules]` and the night of `agenda hours`: stretches
//! of a local clock, in minutes after midnight; and what an interval
//! amounts to on one zone's clock against them ([`Tally`]).

use std::fmt;

use chrono::{DateTime, Timelike, Utc};

use crate::time::Zone;

/// Minutes in a day.
pub(crate) const DAY: u32 = 24 * 60;

/// The night of `agenda hours`: 00:00–06:00 local time.
pub(crate) const NIGHT: WakingHours = WakingHours {
    start: 0,
    end: 6 * 60,
};

/// A stretch of the local clock, in minutes after midnight: the waking
/// hours of `[rules]` (07:00–22:00 unless the file says otherwise), or
/// the night. `end` is after `start` and at most 24:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WakingHours {
    /// First minute inside.
    pub start: u32,
    /// First minute after.
    pub end: u32,
}

impl Default for WakingHours {
    fn default() -> Self {
        WakingHours {
            start: 7 * 60,
            end: 22 * 60,
        }
    }
}

impl WakingHours {
    /// How much of `[from, from + len)` (within one day, in the unit of
    /// `start` and `end`) falls inside.
    pub(crate) fn overlap(self, from: u32, len: u32) -> u32 {
        let to = from + len;
        to.min(self.end).saturating_sub(from.max(self.start))
    }
}

impl fmt::Display for WakingHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
        write!(f, "{}–{}", hm(self.start), hm(self.end))
    }
}

/// What an interval amounts to on one zone's clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Its length, in seconds.
    pub seconds: i64,
    /// Seconds of it inside the waking hours.
    pub waking: i64,
    /// Seconds of it in the night, 00:00–06:00.
    pub night: i64,
    /// Bit `h` set when it runs during local hour `h`.
    pub hours: u32,
}

impl Tally {
    /// Adds `[start, end)` as seen in `zone`.
    pub(crate) fn add(
        &mut self,
        zone: Zone,
        waking: WakingHours,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) {
        crate::time::walk::local_pieces(zone, start, end, |local, seconds| {
            let from = local.num_seconds_from_midnight();
            let len = u32::try_from(seconds).unwrap_or(0);
            // Overlaps in seconds: waking hours are whole minutes.
            let secs = |w: WakingHours| {
                let w = WakingHours {
                    start: w.start * 60,
                    end: w.end * 60,
                };
                i64::from(w.overlap(from, len))
            };
            self.seconds += seconds;
            self.waking += secs(waking);
            self.night += secs(NIGHT);
            if len > 0 {
                let (first, last) = (from / 3600, (from + len - 1) / 3600);
                for h in first..=last.min(23) {
                    self.hours |= 1 << h;
                }
            }
        });
    }

    /// Adds another tally's figures.
    pub(crate) fn merge(&mut self, other: &Tally) {
        self.seconds += other.seconds;
        self.waking += other.waking;
        self.night += other.night;
        self.hours |= other.hours;
    }

    /// The 24-cell strip: `█` for an hour the interval runs in, `·` else.
    pub(crate) fn strip(&self) -> String {
        (0..24)
            .map(|h| {
                if self.hours & (1 << h) != 0 {
                    '█'
                } else {
                    '·'
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::testing::{utc, zone};

    #[test]
    fn tally_of_the_bundled_day_in_tokyo() {
        let mut t = Tally::default();
        t.add(
            zone("Asia/Tokyo"),
            WakingHours::default(),
            utc("2021-04-13T14:00:00Z"),
            utc("2021-04-13T18:30:00Z"),
        );
        assert_eq!((t.seconds / 60, t.waking / 60, t.night / 60), (270, 0, 210));
        assert_eq!(t.strip(), "████···················█");
    }
}
