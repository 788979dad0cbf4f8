//! The waking hours of `[rules]` and the night of `agenda hours`: stretches
//! of a local clock, in minutes after midnight.

use std::fmt;

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
