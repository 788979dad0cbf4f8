//! Terminal manners (README, "Exit codes"): colour only on a terminal and never with
//! NO_COLOR; the table fits the terminal's width, and piped output is
//! never squeezed. A terminal is simulated with util-linux `script`.

use std::process::Command as Process;

use crate::harness::{Test, BIN};

/// Runs `shell` (a `sh -c` line) on a pseudo-terminal and returns what the
/// terminal showed; `None` (with a notice) when `script` is missing outside
/// CI.
fn on_terminal(shell: &str) -> Option<String> {
    if Process::new("script").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "`script` is missing under CI"
        );
        eprintln!("notice: `script` (util-linux) not found; skipping a terminal test");
        return None;
    }
    // A terminal's width comes from the terminal (`stty cols`), not from
    // COLUMNS, which shells do not export.
    let out = Test::new()
        .in_root()
        .program("script")
        .args(["-qec", shell, "/dev/null"])
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .output();
    assert!(
        out.status.success() || out.status.code() == Some(1),
        "{out:?}"
    );
    Some(String::from_utf8_lossy(&out.stdout).replace('\r', ""))
}

fn bad_agenda(dir: &tempfile::TempDir) -> String {
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "[event]\nname = \"X\"\ntimezone = \"Mars/Olympus\"\n",
    )
    .unwrap();
    path.display().to_string()
}

#[test]
fn the_table_fits_a_narrow_terminal() {
    let Some(text) = on_terminal(&format!("stty cols 70; '{BIN}' --tz UTC")) else {
        return;
    };
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 70, "a line of {widest} columns:\n{text}");
    // Long titles wrap inside their cell instead of being cut.
    for word in ["Observatory", "Skyportal/Fritz", "Solar"] {
        assert!(text.contains(word), "{word} lost:\n{text}");
    }
}

/// Times of the bundled agenda worked out by hand from its UTC times:
/// Santiago is UTC-4 (after 4 April 2021), Tokyo UTC+9, Kolkata UTC+5:30.
const THREE_ZONE_TIMES: [&str; 12] = [
    // AEON/TOM, the third item of Broker interfaces I, 14:50-15:00 UTC.
    "10:50–11:00",
    "23:50–00:00 +1d",
    "20:20–20:30",
    // The 15:15-15:20 UTC break: already 14 April in Tokyo.
    "11:15–11:20",
    "Wed 14 Apr 00:15–00:20",
    "20:45–20:50",
    // Broker interfaces III + Solar System, 17:45-18:30 UTC.
    "13:45–14:30",
    "Wed 14 Apr 02:45–03:30",
    "23:15–00:00 +1d",
    // Its last item, Solar System: ALeRCE, 18:15-18:25 UTC.
    "14:15–14:25",
    "Wed 14 Apr 03:15–03:25",
    "23:45–23:55",
];

/// Asserts that no line of `text` is wider than `cols` and that each of
/// `times` is printed whole on one line.
fn assert_fits_with_whole_times(text: &str, cols: usize, times: &[&str]) {
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(
        widest <= cols,
        "a line of {widest} columns at {cols}:\n{text}"
    );
    for time in times {
        assert!(
            text.lines().any(|l| l.contains(time)),
            "{time} broken or lost at {cols} columns:\n{text}"
        );
    }
    for word in ["Observatory", "Skyportal", "Eleni", "Graikou"] {
        assert!(
            text.contains(word),
            "{word} lost at {cols} columns:\n{text}"
        );
    }
}

#[test]
fn narrow_terminals_never_break_a_time() {
    for cols in [40, 60, 80] {
        let Some(text) = on_terminal(&format!(
            "stty cols {cols}; '{BIN}' --tz santiago --tz tokyo --tz kolkata"
        )) else {
            return;
        };
        assert_fits_with_whole_times(&text, cols, &THREE_ZONE_TIMES);
    }
}

#[test]
fn one_zone_is_a_table_at_60_and_80_columns_and_stacked_at_40() {
    // 14:50-15:00 UTC (AEON/TOM), 15:15-15:20 (a break), 17:45-18:30.
    let times = ["14:50–15:00", "15:15–15:20", "17:45–18:30"];
    for cols in [40, 60, 80] {
        let Some(text) = on_terminal(&format!("stty cols {cols}; '{BIN}' --tz UTC")) else {
            return;
        };
        assert_fits_with_whole_times(&text, cols, &times);
        let table = text.contains('┆');
        assert_eq!(table, cols > 40, "at {cols} columns:\n{text}");
        if !table {
            // Stacked: each block's times on a line of their own, then its
            // kind and title.
            assert!(
                text.contains("17:45–18:30\n  tutorial · Broker interfaces III"),
                "{text}"
            );
        }
    }
}

#[test]
fn three_zones_stack_where_their_columns_do_not_fit() {
    // Side by side: Santiago 16 ("America/Santiago"), Tokyo 24 (an item's
    // "  Wed 14 Apr 00:20–00:30"), Kolkata 15 ("23:15–00:00 +1d"), kind 10
    // ("discussion"), title and people 12 each, plus 3 per column for
    // padding and border and one closing border: 108 columns.
    for (cols, table) in [(80, false), (107, false), (108, true)] {
        let Some(text) = on_terminal(&format!(
            "stty cols {cols}; '{BIN}' --tz santiago --tz tokyo --tz kolkata"
        )) else {
            return;
        };
        assert_eq!(text.contains('┆'), table, "at {cols} columns:\n{text}");
        assert_fits_with_whole_times(&text, cols, &THREE_ZONE_TIMES);
    }
}

/// A terminal that reports no size (0 columns, as a pseudo-terminal
/// nobody sized): `COLUMNS` gives the width; without it the table is as
/// wide as piped output.
#[test]
fn columns_gives_the_width_of_a_terminal_that_reports_none() {
    let Some(text) = on_terminal(&format!("stty cols 0; COLUMNS=40 '{BIN}' --tz UTC")) else {
        return;
    };
    assert_fits_with_whole_times(&text, 40, &["14:50–15:00", "17:45–18:30"]);
    assert!(!text.contains('┆'), "not stacked at 40 columns:\n{text}");
    let Some(text) = on_terminal(&format!("stty cols 0; '{BIN}' --tz UTC")) else {
        return;
    };
    assert!(
        text.lines()
            .any(|l| l.contains("· Broker interfaces III: Skyportal/Fritz")),
        "{text}"
    );
}

#[test]
fn piped_output_is_not_squeezed_whatever_columns_says() {
    let out = Test::new()
        .in_root()
        .args(["--tz", "UTC"])
        .env("COLUMNS", "40")
        .output();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l.contains("· Broker interfaces III: Skyportal/Fritz")),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn colour_on_a_terminal_unless_no_color() {
    let dir = tempfile::tempdir().unwrap();
    let bad = bad_agenda(&dir);
    let Some(coloured) = on_terminal(&format!("'{BIN}' check -f '{bad}'")) else {
        return;
    };
    assert!(coloured.contains("Mars/Olympus"), "{coloured}");
    assert!(
        coloured.contains("\u{1b}["),
        "no colour on a terminal:\n{coloured}"
    );
    let Some(plain) = on_terminal(&format!("NO_COLOR=1 '{BIN}' check -f '{bad}'")) else {
        return;
    };
    assert!(plain.contains("Mars/Olympus"), "{plain}");
    assert!(
        !plain.contains('\u{1b}'),
        "colour despite NO_COLOR:\n{plain}"
    );
}

#[test]
fn no_colour_when_piped() {
    let dir = tempfile::tempdir().unwrap();
    let out = Test::new()
        .args(["check", "-f", &bad_agenda(&dir)])
        .env_remove("NO_COLOR")
        .output();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Mars/Olympus"));
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
}
