//! Issue 22, point 3: names of any length. A name of 200,000 characters
//! costs no more than a short one: suggestions are bounded by the
//! characters they compare, and a person's name over 200 characters is
//! an error of `check`.
//!
//! Every run is under a 1 GiB address-space limit and a kill after 60 s,
//! so that a regression fails instead of hanging or swapping.

use std::time::{Duration, Instant};

use crate::harness::Test;

/// `agenda` run by `sh` under `ulimit -v` (1 GiB) and `timeout -s KILL 60`.
fn bounded() -> Test {
    Test::new().shell("ulimit -v 1048576; exec timeout -s KILL 60 \"$0\" \"$@\"")
}

// ------------------------------------------------------------ 3. long names

/// Runs `args` under the limits and returns the output and the time taken.
fn timed(test: Test, args: &[&str]) -> (std::process::Output, Duration) {
    let started = Instant::now();
    let out = test.args(args).output();
    (out, started.elapsed())
}

/// An agenda with one speaker named `n` x's and three unused `[people]`
/// entries of `n` a's, b's and c's.
fn long_names(n: usize) -> String {
    let people: String = ['a', 'b', 'c']
        .iter()
        .map(|c| {
            format!(
                "\"{}\" = {{ timezone = \"UTC\" }}\n",
                c.to_string().repeat(n)
            )
        })
        .collect();
    format!(
        "[event]\nname = \"E\"\ntimezone = \"UTC\"\n\n[people]\n{people}\n[[day]]\ndate = 2021-04-13\n\n\
         [[day.block]]\nstart = \"10:00\"\nminutes = 10\nkind = \"talk\"\ntitle = \"T\"\nspeaker = \"{}\"\n",
        "x".repeat(n)
    )
}

/// The 800 KB file of the issue: its three unused entries were each
/// compared with the speaker, 200,000 by 200,000 characters: 80 s. Now
/// the names are errors and are not compared.
#[test]
fn names_of_200000_characters_are_refused_in_a_moment() {
    let text = long_names(200_000);
    assert!(text.len() > 800_000);
    let test = bounded().write("long.toml", &text);
    let (out, took) = timed(test, &["check", "-f", "long.toml"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{took:?} {err}");
    assert!(took < Duration::from_secs(10), "{took:?}");
    assert!(
        err.contains("error[long-name]: `speaker` is 200000 characters long"),
        "{err}"
    );
    assert_eq!(
        err.matches("error[long-name]: a name in [people] is 200000 characters long")
            .count(),
        3,
        "{err}"
    );
    assert!(err.contains("a name has at most 200 characters"), "{err}");
    assert!(err.ends_with("4 errors, 3 warnings\n"), "{err}");
    // 20,000 characters took 4 s for each view, which runs the checks too.
    let text = long_names(20_000);
    for args in [["show", "-f"], ["export", "-f"], ["hours", "-f"]] {
        let test = bounded().write("long.toml", &text);
        let (out, took) = timed(test, &[args[0], args[1], "long.toml"]);
        assert!(took < Duration::from_secs(5), "{args:?}: {took:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("error[long-name]"),
            "{args:?}: {out:?}"
        );
    }
}

/// 200 characters is a name; 201 is not.
#[test]
fn a_name_of_200_characters_is_a_name() {
    let at = |n: usize| {
        let text = long_names(n);
        let out = bounded()
            .write("a.toml", &text)
            .args(["check", "-f", "a.toml"])
            .output();
        String::from_utf8_lossy(&out.stderr)
            .matches("error[long-name]")
            .count()
    };
    assert_eq!(at(200), 0);
    assert_eq!(at(201), 4);
}

/// Every `[people]` entry with an unknown zone was compared with every
/// zone name for a suggestion: 10,000 of them (a 460 KB file) took 14 s.
/// The first ones still get suggestions.
#[test]
fn many_unknown_zones_cost_a_bounded_time() {
    let mut text = String::from("[event]\nname = \"E\"\ntimezone = \"UTC\"\n\n[people]\n");
    for i in 0..10_000 {
        text.push_str(&format!(
            "\"P{i}\" = {{ timezone = \"Amerca/Santago{i}\" }}\n"
        ));
    }
    text.push_str("\n[[day]]\ndate = 2021-04-13\n");
    let test = bounded().write("zones.toml", &text);
    let (out, took) = timed(test, &["check", "-f", "zones.toml"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{took:?}");
    assert!(took < Duration::from_secs(30), "{took:?}");
    assert_eq!(
        err.matches("error[unknown-zone]: unknown time zone `Amerca/Santago")
            .count(),
        10_000
    );
    assert!(
        err.contains("help: did you mean America/Santiago"),
        "{}",
        &err[..2000]
    );
}

// ------------------------------------------------------------ 9. seconds

/// `waking_hours` to the second was read to the minute, the seconds
/// dropped; it is refused as a `start` with seconds is.
#[test]
fn waking_hours_with_seconds_are_refused() {
    for hours in [r#"["07:00:30", "22:00"]"#, "[07:00, 22:00:01]"] {
        let text = format!(
            "[event]\nname = \"E\"\ntimezone = \"UTC\"\n[rules]\nwaking_hours = {hours}\n\n\
             [[day]]\ndate = 2021-04-13\n"
        );
        bounded()
            .write("a.toml", text)
            .args(["check", "-f", "a.toml"])
            .status(1)
            .stderr_contains("error[bad-waking-hours]: `waking_hours` has seconds")
            .stderr_contains("a.toml:5:")
            .run();
    }
}
