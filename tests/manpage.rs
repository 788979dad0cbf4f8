//! End-to-end test of `agenda manpage`: roff that `man -l` renders, naming
//! every command with its options.

use std::process::Command as Process;

use assert_cmd::Command;

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
    let out = Command::new(env!("CARGO_BIN_EXE_agenda"))
        .env("AGENDA_TZDB", "bundled")
        .env_remove("TZDIR")
        .arg("manpage")
        .output()
        .unwrap();
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
        let out = Command::new(env!("CARGO_BIN_EXE_agenda"))
            .env("AGENDA_TZDB", "bundled")
            .env_remove("TZDIR")
            .args([command, "--help"])
            .output()
            .unwrap();
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
