//! A wall-clock time read in a zone: one instant, or the reason it is
//! not one (a gap, a fold, an offset the zone does not use), as a finding.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

use crate::decl::{Located, WallTime};
use crate::diagnostic::{Code, Finding, Span};
use crate::time::{offset_text, wall, Wall, Zone};

/// Turns a wall-clock time on `date` in `zone` into a UTC instant. A time
/// the zone skips or repeats is an error naming the instants involved,
/// unless an explicit offset settles it.
pub(super) fn resolve(
    zone: Zone,
    date: NaiveDate,
    wall: &Located<WallTime>,
    findings: &mut Vec<Finding>,
) -> Option<DateTime<Utc>> {
    let local = date.and_time(wall.value.time);
    let span = wall.span.clone();
    match resolve_local(zone, local, wall.value.offset) {
        Ok(instant) => Some(instant),
        Err(problem) => {
            findings.push(problem.finding(zone, local, span));
            None
        }
    }
}

/// Why a local time could not be turned into one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalProblem {
    /// The clocks skip it: `before` is the last instant before the gap,
    /// in the old offset, and the jump happens at `transition`.
    Skipped {
        /// The instant the clocks jump.
        transition: DateTime<Utc>,
        /// The offset before the jump, in seconds east of UTC.
        from: i32,
        /// The offset after the jump.
        to: i32,
    },
    /// The clocks pass it twice, at these two instants.
    Repeated(DateTime<Utc>, DateTime<Utc>),
    /// A date beyond the years the tz database covers.
    OutOfRange,
    /// An explicit offset that the zone does not use at that time.
    WrongOffset {
        /// The offset written.
        written: i32,
        /// The offsets the zone has around then.
        valid: [i32; 2],
    },
}

/// Resolves a local date-time in `zone`; with an explicit `offset`, that
/// offset chooses between repeated times and must be one the zone uses.
pub fn resolve_local(
    zone: Zone,
    local: NaiveDateTime,
    offset: Option<chrono::FixedOffset>,
) -> Result<DateTime<Utc>, LocalProblem> {
    let Some(reading) = wall(zone, local) else {
        return Err(LocalProblem::OutOfRange);
    };
    if let Some(offset) = offset {
        let written = offset.local_minus_utc();
        return reading
            .at_offset(written, local)
            .ok_or(LocalProblem::WrongOffset {
                written,
                valid: reading.offsets(),
            });
    }
    match reading {
        Wall::Single(t, _) => Ok(t),
        Wall::Fold { earlier, later, .. } => Err(LocalProblem::Repeated(earlier, later)),
        Wall::Gap {
            transition,
            before,
            after,
        } => Err(LocalProblem::Skipped {
            transition,
            from: before,
            to: after,
        }),
    }
}

impl LocalProblem {
    fn finding(self, zone: Zone, local: NaiveDateTime, span: Span) -> Finding {
        let when = local.format("%Y-%m-%d %H:%M");
        let utc = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
        match self {
            LocalProblem::Skipped {
                transition,
                from,
                to,
            } => {
                let wall = |o: i32| (transition + Duration::seconds(o.into())).format("%H:%M");
                Finding::new(
                    Code::DstGap,
                    span,
                    format!("{when} does not exist in {zone}"),
                )
                .label("skipped by a daylight-saving change")
                .help(format!(
                    "at {} the clocks jump from {} ({}) to {} ({}); choose a time outside the gap",
                    utc(transition),
                    wall(from),
                    offset_text(from),
                    wall(to),
                    offset_text(to)
                ))
            }
            LocalProblem::Repeated(a, b) => {
                let off = |t: DateTime<Utc>| offset_text(zone.offset_at(t).seconds());
                let hm = local.format("%H:%M");
                Finding::new(
                    Code::DstFold,
                    span,
                    format!("{when} happens twice in {zone}"),
                )
                .label("repeated by a daylight-saving change")
                .help(format!(
                    "it is {} ({}) and again {} ({}); write \"{hm}{}\" or \"{hm}{}\" to choose",
                    utc(a),
                    off(a),
                    utc(b),
                    off(b),
                    off(a),
                    off(b)
                ))
            }
            LocalProblem::OutOfRange => Finding::new(
                Code::OutOfRange,
                span,
                format!("{when} is outside the years 0001 to 9999"),
            )
            .label("no time-zone rules for this date"),
            LocalProblem::WrongOffset { written, valid } => {
                let mut offsets = vec![offset_text(valid[0])];
                if valid[1] != valid[0] {
                    offsets.push(offset_text(valid[1]));
                }
                Finding::new(
                    Code::WrongOffset,
                    span,
                    format!("{zone} is not at {} at {when}", offset_text(written)),
                )
                .label("offset not in use then")
                .help(format!("around then {zone} is at {}", offsets.join(" or ")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::testing::{local, utc, zone};

    // Facts from the tz database (northamerica/southamerica files):
    // Chile left DST at 2021-04-04 03:00 UTC (00:00 -03 -> 23:00 -04 on the 3rd)
    // and entered it at 2021-09-05 04:00 UTC (00:00 -04 -> 01:00 -03).
    #[test]
    fn santiago_gap_names_the_jump() {
        let p = resolve_local(zone("America/Santiago"), local("2021-09-05 00:30"), None);
        assert_eq!(
            p,
            Err(LocalProblem::Skipped {
                transition: utc("2021-09-05T04:00:00Z"),
                from: -4 * 3600,
                to: -3 * 3600
            })
        );
    }

    #[test]
    fn santiago_fold_gives_both_instants_and_offset_settles_it() {
        let zone = zone("America/Santiago");
        let t = local("2021-04-03 23:30");
        assert_eq!(
            resolve_local(zone, t, None),
            Err(LocalProblem::Repeated(
                utc("2021-04-04T02:30:00Z"),
                utc("2021-04-04T03:30:00Z")
            ))
        );
        let minus4 = chrono::FixedOffset::west_opt(4 * 3600);
        assert_eq!(
            resolve_local(zone, t, minus4),
            Ok(utc("2021-04-04T03:30:00Z"))
        );
        let minus5 = chrono::FixedOffset::west_opt(5 * 3600);
        assert!(matches!(
            resolve_local(zone, t, minus5),
            Err(LocalProblem::WrongOffset { .. })
        ));
    }

    #[test]
    fn plain_times() {
        assert_eq!(
            resolve_local(zone("UTC"), local("2021-04-13 14:00"), None),
            Ok(utc("2021-04-13T14:00:00Z"))
        );
        // Tokyo has been UTC+9 without DST since 1951.
        assert_eq!(
            resolve_local(zone("Asia/Tokyo"), local("2021-04-13 23:30"), None),
            Ok(utc("2021-04-13T14:30:00Z"))
        );
    }
}
