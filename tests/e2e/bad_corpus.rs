//! The corpus of malformed agendas: every file in `tests/fixtures/bad/`
//! must make `agenda check` report exactly the findings its sibling
//! `.expected` file lists, and exit 1 (errors) or 0 (warnings only).
//!
//! An `.expected` file has one line per finding, in the order `check`
//! reports them: `LINE:COLUMN: SEVERITY: MESSAGE`, where LINE and COLUMN
//! (1-based, in characters) point at the offending text. A finding line may
//! be followed by `    help: TEXT` (the hint, exactly) or
//! `    help contains: TEXT`. Every position and message was worked out by
//! reading the fixture, not copied from the program's output.

use std::fs;
use std::path::{Path, PathBuf};

use crate::harness::Test;
use serde_json::Value;

/// What one finding must look like.
#[derive(Debug)]
struct Expected {
    line: String,
    help: Option<Help>,
}

#[derive(Debug)]
enum Help {
    Exactly(String),
    Contains(String),
}

fn parse_expected(text: &str) -> Vec<Expected> {
    let mut out: Vec<Expected> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let trimmed = line.trim_start();
        let help = if let Some(h) = trimmed.strip_prefix("help contains: ") {
            Some(Help::Contains(h.to_string()))
        } else {
            trimmed
                .strip_prefix("help: ")
                .map(|h| Help::Exactly(h.to_string()))
        };
        match help {
            Some(help) if line.starts_with(' ') => {
                let last = out.last_mut().expect("a help line follows a finding");
                last.help = Some(help);
            }
            _ => out.push(Expected {
                line: line.to_string(),
                help: None,
            }),
        }
    }
    out
}

fn fixtures() -> Vec<PathBuf> {
    let dir = crate::harness::fixture("bad");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("the corpus directory")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// Runs `agenda check --format json` on `path` and returns the exit code
/// and the findings as `(LINE:COLUMN: SEVERITY[CODE]: MESSAGE, help)`.
fn check(path: &Path) -> (i32, Vec<(String, Option<String>)>) {
    let output = Test::new()
        .args(["check", "--format", "json", "-f"])
        .arg(path)
        .env("NO_COLOR", "1")
        .output();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: stdout is not JSON ({e}); stderr: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let findings = json["findings"]
        .as_array()
        .expect("a list of findings")
        .iter()
        .map(|f| {
            (
                format!(
                    "{}:{}: {}[{}]: {}",
                    f["line"],
                    f["column"],
                    f["severity"].as_str().expect("severity"),
                    f["code"].as_str().expect("code"),
                    f["message"].as_str().expect("message")
                ),
                f["help"].as_str().map(String::from),
            )
        })
        .collect();
    (output.status.code().expect("exited"), findings)
}

#[test]
fn every_bad_agenda_gives_its_exact_diagnostics() {
    let files = fixtures();
    assert!(files.len() >= 40, "only {} fixtures", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let expected_path = path.with_extension("expected");
        let expected = parse_expected(
            &fs::read_to_string(&expected_path)
                .unwrap_or_else(|_| panic!("{} is missing", expected_path.display())),
        );
        let (code, found) = check(path);
        let name = path.file_name().expect("a name").to_string_lossy();
        let want: Vec<&str> = expected.iter().map(|e| e.line.as_str()).collect();
        let got: Vec<&str> = found.iter().map(|(l, _)| l.as_str()).collect();
        if want != got {
            failures.push(format!("{name}:\n  expected {want:#?}\n  found {got:#?}"));
            continue;
        }
        for (e, (_, help)) in expected.iter().zip(&found) {
            let help = help.as_deref().unwrap_or("");
            let ok = match &e.help {
                None => true,
                Some(Help::Exactly(h)) => help == h,
                Some(Help::Contains(h)) => help.contains(h.as_str()),
            };
            if !ok {
                failures.push(format!(
                    "{name}: {}: help {help:?}, expected {:?}",
                    e.line, e.help
                ));
            }
        }
        let want_code = if want.iter().any(|l| l.contains(": error[")) {
            1
        } else {
            0
        };
        if code != want_code {
            failures.push(format!("{name}: exit code {code}, expected {want_code}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures differ:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// Titles, names and rooms in any script pass `check` and come out of
/// `show` intact.
#[test]
fn titles_in_any_script_pass_check_and_show() {
    let path = crate::harness::fixture("good/scripts.toml");
    let (code, findings) = check(&path);
    assert_eq!((code, findings), (0, Vec::new()));
    let out = Test::new()
        .args(["show", "--tz", "Asia/Tokyo", "-f"])
        .arg(&path)
        .env("NO_COLOR", "1")
        .output();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8 table");
    for title in [
        "Café résumé",
        "Año señal",
        "日本語のチュートリアル",
        "🔭 Broker 🚀",
        "Ελένη Γραικού",
        "Иван",
    ] {
        assert!(text.contains(title), "{title} missing from:\n{text}");
    }
}
