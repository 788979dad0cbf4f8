//! Fixed UTC offsets as people write them: `UTC+2`, `UTC-03:30`,
//! `GMT+5`, `+05:30`. Each is a zone of its own, named `UTC+05:30`, that
//! never changes its clock.
//!
//! The signs are the ones people use: east of UTC is `+`. POSIX and the
//! tz database's `Etc/GMT+5` count the other way (`Etc/GMT+5` is five
//! hours *behind* UTC); those names are still read as the database has
//! them, and `GMT+5` typed as a zone gets a note saying which is meant.

/// A fixed offset as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fixed {
    /// Seconds east of UTC.
    pub seconds: i32,
    /// Whether it was written after `GMT` (`GMT+5`), whose sign the tz
    /// database's `Etc/GMT+5` reverses.
    pub gmt: bool,
}

/// The largest offset accepted, 23:59: a clock a day or more from UTC
/// cannot be shown (`tzif::MAX_OFFSET`), and on Earth offsets run from
/// UTC-12:00 to UTC+14:00.
const MAX_MINUTES: u32 = 23 * 60 + 59;

/// Reads `text` as a fixed offset: `UTC+2`, `utc-03:30`, `UTC+0530`,
/// `GMT+5`, `+05:30`, `-3`, with or without spaces around the sign;
/// `U+2212` (−) counts as a minus. `None` when `text` is not written as
/// an offset at all; an error, saying what is accepted, when it is one
/// out of range (`UTC+25`, `+05:75`).
pub(crate) fn fixed_offset(text: &str) -> Option<Result<Fixed, String>> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '\u{2212}' { '-' } else { c })
        .collect();
    let upper = compact.to_ascii_uppercase();
    let (gmt, rest) = if let Some(rest) = upper.strip_prefix("UTC") {
        (false, rest)
    } else if let Some(rest) = upper.strip_prefix("GMT") {
        (true, rest)
    } else {
        (false, upper.as_str())
    };
    let sign: i32 = match rest.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let digits = &rest[1..];
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) if (1..=2).contains(&h.len()) && m.len() == 2 => (h, m),
        Some(_) => return None,
        None if (1..=2).contains(&digits.len()) => (digits, "0"),
        None if digits.len() == 4 => digits.split_at(2),
        None => return None,
    };
    if !(hours.chars().chain(minutes.chars())).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes): (u32, u32) = (hours.parse().ok()?, minutes.parse().ok()?);
    if minutes > 59 || hours * 60 + minutes > MAX_MINUTES {
        return Some(Err(format!(
            "`{}` is not a UTC offset a clock can be at: write one from UTC-23:59 to \
             UTC+23:59 (on Earth they run from UTC-12:00 to UTC+14:00)",
            text.trim()
        )));
    }
    let seconds = sign * (hours * 3600 + minutes * 60) as i32;
    Some(Ok(Fixed { seconds, gmt }))
}

/// What a `GMT+5` means here, for a note: UTC+05:00 as people mean it,
/// while the tz database's `Etc/GMT+5` is the opposite.
pub(crate) fn gmt_note(text: &str, seconds: i32) -> String {
    let minutes = seconds.unsigned_abs() / 60;
    let opposite = if minutes % 60 == 0 {
        // The tz database has whole hours only, with POSIX's sign.
        format!(
            "the tz database's Etc/GMT{}{} is the opposite, UTC{}",
            if seconds > 0 { '+' } else { '-' },
            minutes / 60,
            super::offset_text(-seconds)
        )
    } else {
        "POSIX zone names count the other way".to_string()
    };
    format!(
        "`{}` is read as UTC{}, {} UTC as people mean it; {opposite}",
        text.trim(),
        super::offset_text(seconds),
        if seconds > 0 { "ahead of" } else { "behind" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seconds(text: &str) -> Option<Result<i32, String>> {
        fixed_offset(text).map(|r| r.map(|f| f.seconds))
    }

    #[test]
    fn offsets_as_people_write_them() {
        let h = 3600;
        for (text, want) in [
            ("UTC+2", 2 * h),
            ("utc+2", 2 * h),
            ("UTC-03:30", -(3 * h + 1800)),
            ("UTC +0530", 5 * h + 1800),
            ("UTC + 5:30", 5 * h + 1800),
            ("+05:30", 5 * h + 1800),
            ("-3", -3 * h),
            ("GMT+5", 5 * h),
            ("UTC\u{2212}4", -4 * h),
            ("UTC+14", 14 * h),
            ("UTC-12", -12 * h),
            ("UTC+23:59", 23 * h + 59 * 60),
        ] {
            assert_eq!(seconds(text), Some(Ok(want)), "{text}");
        }
        assert_eq!(
            fixed_offset("GMT+5").map(|r| r.map(|f| f.gmt)),
            Some(Ok(true))
        );
        assert_eq!(
            fixed_offset("UTC+5").map(|r| r.map(|f| f.gmt)),
            Some(Ok(false))
        );
    }

    #[test]
    fn other_names_are_not_offsets() {
        for text in [
            "UTC",
            "GMT",
            "Etc/GMT+5",
            "EST5EDT",
            "Europe/Paris",
            "UTC+",
            "UTC+5:3",
            "+123",
            "UTC+2x",
            "tokyo",
            "",
        ] {
            assert_eq!(seconds(text), None, "{text}");
        }
    }

    #[test]
    fn out_of_range_is_refused_with_the_range() {
        for text in ["UTC+24", "UTC+25", "+05:75", "-24:00"] {
            let err = seconds(text).expect("an offset").unwrap_err();
            assert!(err.contains("UTC-23:59 to UTC+23:59"), "{text}: {err}");
        }
    }

    #[test]
    fn the_gmt_note_names_the_posix_opposite() {
        assert_eq!(
            gmt_note("GMT+5", 5 * 3600),
            "`GMT+5` is read as UTC+05:00, ahead of UTC as people mean it; \
             the tz database's Etc/GMT+5 is the opposite, UTC-05:00"
        );
        assert_eq!(
            gmt_note("GMT-3", -3 * 3600),
            "`GMT-3` is read as UTC-03:00, behind UTC as people mean it; \
             the tz database's Etc/GMT-3 is the opposite, UTC+03:00"
        );
        assert!(
            gmt_note("GMT+5:30", 5 * 3600 + 1800).ends_with("POSIX zone names count the other way")
        );
    }
}
