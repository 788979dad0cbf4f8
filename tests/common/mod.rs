//! Shared helpers for the end-to-end tests: run the real binary from the
//! repository root, with no zone or colour leaking in from the machine.
#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root, where the bundled `agenda.toml` lives.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// `agenda ARGS...` run in the repository root with `TZ` unset.
pub fn agenda(args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("agenda").expect("the agenda binary is built");
    cmd.env("AGENDA_TZDB", "bundled").env_remove("TZDIR");
    cmd.current_dir(root())
        .env_remove("TZ")
        .env("NO_COLOR", "1")
        .args(args);
    cmd
}

/// Runs `agenda ARGS...` and returns its stdout, asserting success.
pub fn stdout(args: &[&str]) -> String {
    let out = agenda(args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("stdout is UTF-8")
}

/// The table row (a line of `show`) whose title cell contains `title`.
pub fn row<'a>(table: &'a str, title: &str) -> &'a str {
    table
        .lines()
        .find(|line| line.contains(title))
        .unwrap_or_else(|| panic!("no row with {title:?} in\n{table}"))
}

/// Every row of `show` for a block titled `title`, in order.
pub fn rows<'a>(table: &'a str, title: &str) -> Vec<&'a str> {
    table.lines().filter(|line| line.contains(title)).collect()
}
