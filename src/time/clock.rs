//! What time it is for a run: one instant, read once, so that every part
//! of the run (the `now` command, `--at now`, `zones`, the date of `init`'s
//! starter, which city of a name keeps which time) sees the same one.
//!
//! `AGENDA_NOW` (an RFC 3339 instant) fixes it, for tests that must not
//! depend on the machine's clock. The program reads the system clock
//! nowhere else.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};

/// The variable that fixes the clock.
pub(crate) const VARIABLE: &str = "AGENDA_NOW";

/// The run's clock: `AGENDA_NOW` when it is set, else the system clock.
/// A malformed `AGENDA_NOW` is an error, the same at every call.
pub(crate) fn now() -> Result<DateTime<Utc>, String> {
    static CLOCK: OnceLock<Result<DateTime<Utc>, String>> = OnceLock::new();
    CLOCK
        .get_or_init(|| read(std::env::var_os(VARIABLE).as_deref()))
        .clone()
}

/// The clock given the value of `AGENDA_NOW`, if any.
fn read(value: Option<&std::ffi::OsStr>) -> Result<DateTime<Utc>, String> {
    let Some(value) = value else {
        return Ok(Utc::now());
    };
    value
        .to_str()
        .and_then(|text| DateTime::parse_from_rfc3339(text.trim()).ok())
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| {
            format!(
                "{VARIABLE}={:?} is not an RFC 3339 instant such as 2026-12-20T20:30:00Z",
                value.to_string_lossy()
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variable_fixes_the_clock_and_nonsense_is_refused() {
        let at = read(Some("2026-12-20T21:30:00+01:00".as_ref())).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-12-20T20:30:00+00:00");
        let err = read(Some("tomorrow".as_ref())).unwrap_err();
        assert!(err.contains("AGENDA_NOW=\"tomorrow\""), "{err}");
        // Unset, it is the system clock: between two readings of it.
        let before = Utc::now();
        let now = read(None).unwrap();
        assert!(before <= now && now <= Utc::now());
    }
}
