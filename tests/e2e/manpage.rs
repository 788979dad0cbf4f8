//! End-to-end test of `agenda manpage`: roff that `man -l` renders, naming
//! every command with its options.

use std::process::Command as Process;

use crate::harness::Test;

/// `man`, or `None` (with a notice) when it is missing outside CI; under
/// CI (`CI` set) it must be there: `.ci/run` installs man-db.
fn man() -> Option<&'static str> {
    let found = Process::new("man").arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "man is missing under CI; .ci/run should install man-db"
        );
        eprintln!("notice: `man` not found; skipping the man page rendering test");
        return None;
    }
    Some("man")
}

fn page() -> String {
    let out = Test::new().arg("manpage").output();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_page_is_roff_for_section_one() {
    let page = page();
    assert!(page.contains(".TH agenda 1"), "{}", &page[..200]);
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH COMMANDS"] {
        assert!(page.contains(section), "{section}");
    }
}

#[test]
fn man_renders_it_and_it_names_every_command() {
    let Some(man) = man() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agenda.1");
    std::fs::write(&path, page()).unwrap();
    let out = Process::new(man)
        // Under faketime (.ci/run), its library cannot start inside
        // man-db's sandbox; man's clock does not matter.
        .env_remove("LD_PRELOAD")
        .args(["--warnings", "-l"])
        .arg(&path)
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(warnings.trim().is_empty(), "groff warns: {warnings}");
    // man-db strips bold/underline when its output is not a terminal.
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("NAME"));
    for command in [
        "show",
        "check",
        "now",
        "zones",
        "init",
        "completions",
        "manpage",
    ] {
        assert!(
            text.contains(&format!("agenda {command}\n")),
            "no section for {command}:\n{text}"
        );
    }
    // Options of the commands are there, not only their names.
    for option in [
        "--deny-warnings",
        "--at <INSTANT>",
        "--person <NAME>",
        "--match <TEXT>",
    ] {
        assert!(text.contains(option), "{option} missing:\n{text}");
    }
}

#[test]
fn every_command_help_shows_examples() {
    for command in [
        "show",
        "check",
        "now",
        "zones",
        "init",
        "completions",
        "manpage",
    ] {
        let out = Test::new().args([command, "--help"]).output();
        assert!(out.status.success(), "{out:?}");
        let help = String::from_utf8(out.stdout).unwrap();
        let examples = help
            .split_once("Examples:")
            .map(|(_, rest)| rest)
            .unwrap_or_else(|| panic!("no examples in `agenda {command} --help`:\n{help}"));
        assert!(
            examples.contains(&format!("agenda {command}")),
            "`agenda {command} --help` examples do not use it:\n{help}"
        );
    }
}

#[test]
fn the_page_has_exit_status_environment_and_files() {
    let page = page();
    for section in [
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH EXAMPLES",
    ] {
        assert!(page.contains(section), "{section} missing");
    }
    for variable in [
        "TZ",
        "TZDIR",
        "NO_COLOR",
        "SOURCE_DATE_EPOCH",
        "COLUMNS",
        "AGENDA_TZDB",
        "AGENDA_NOW",
    ] {
        assert!(
            page.contains(&format!(".TP\n.B {variable}\n")),
            "{variable} missing"
        );
    }
    assert!(page.contains(".TP\n.I agenda.toml\n"));
}

#[test]
fn examples_are_set_as_typed() {
    // Every example line is inside .EX/.EE (no fill, no justification, no
    // hyphenation).
    let page = page();
    let mut inside = false;
    for line in page.lines() {
        match line {
            ".EX" => inside = true,
            ".EE" => inside = false,
            _ if line.starts_with("agenda check \\-f other.toml") => {
                assert!(inside, "an example outside .EX: {line}");
            }
            _ => {}
        }
    }
    assert!(page.contains(".EX\nagenda show \\-\\-tz tokyo\n"), "{page}");
    // Rendered 50 columns wide, a long example keeps its own line and no
    // option is hyphenated.
    let Some(man) = man() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agenda.1");
    std::fs::write(&path, &page).unwrap();
    let out = Process::new(man)
        // Under faketime (.ci/run), its library cannot start inside
        // man-db's sandbox; man's clock does not matter.
        .env_remove("LD_PRELOAD")
        .args(["--warnings", "-l"])
        .arg(&path)
        .env("MANWIDTH", "50")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().any(|l| l.trim()
            == "agenda diff old.toml agenda.toml --tz UTC --tz tokyo --format markdown"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.trim() == "agenda check -f other.toml --deny-warnings"),
        "{text}"
    );
}
