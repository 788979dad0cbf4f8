//! Terminal manners (SPEC §3): colour only on a terminal and never with
//! NO_COLOR; the table fits the terminal's width, and piped output is
//! never squeezed. A terminal is simulated with util-linux `script`.

use std::process::Command as Process;

use assert_cmd::Command;

const BIN: &str = env!("CARGO_BIN_EXE_agenda");

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
    let out = Process::new("script")
        .args(["-qec", shell, "/dev/null"])
        .env_remove("NO_COLOR")
        .env("TZ", "UTC")
        .output()
        .unwrap();
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

#[test]
fn piped_output_is_not_squeezed_whatever_columns_says() {
    let out = Command::new(BIN)
        .args(["--tz", "UTC"])
        .env("COLUMNS", "40")
        .output()
        .unwrap();
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
    let out = Command::new(BIN)
        .args(["check", "-f", &bad_agenda(&dir)])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Mars/Olympus"));
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
}
