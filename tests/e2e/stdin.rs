//! `-` is stdin wherever a programme is read: `-f -`, `import -`, one side
//! of `diff`; named `<stdin>` in messages, and held to the same 64 MiB as
//! a file.

use std::time::{Duration, Instant};

use crate::harness::{fixture, Test};

const AGENDA: &str = include_str!("../../agenda.toml");

#[test]
fn the_agenda_piped_in_is_checked_and_named_stdin() {
    // The bundled agenda has two warnings (no moderator, a TBD one),
    // which point into `<stdin>` at the lines of the file.
    Test::new()
        .args(["-f", "-", "check"])
        .stdin(AGENDA)
        .stderr_contains("┌─ <stdin>:39:13")
        .stderr_contains("<stdin>: 0 errors, 2 warnings")
        .run();
    // Every command that reads the agenda reads it: the table is the file's.
    let from_file = Test::new().in_root().run().stdout;
    let piped = Test::new().args(["-f", "-"]).stdin(AGENDA).run().stdout;
    assert_eq!(piped, from_file);
}

#[test]
fn an_agenda_with_errors_names_stdin() {
    Test::new()
        .args(["show", "-f", "-"])
        .stdin("[event]\nname = \"x\"\ntimezone = \"Mars/Olympus\"\n")
        .status(1)
        .stderr_contains("┌─ <stdin>:3:")
        .stderr_contains("agenda: <stdin> has errors; nothing done")
        .run();
}

#[test]
fn import_reads_a_schedule_from_stdin() {
    let xml = std::fs::read(fixture("import/multiroom.xml")).unwrap();
    let from_file = Test::new()
        .in_root()
        .args(["import", "tests/fixtures/import/multiroom.xml"])
        .run()
        .stdout;
    let piped = Test::new().args(["import", "-"]).stdin(xml).run().stdout;
    assert_eq!(piped, from_file);
    assert!(piped.contains("Sommer-Camp 2023"), "{piped}");
}

#[test]
fn one_side_of_diff_from_stdin() {
    // The earlier version piped in, the later one a file: the change of
    // the second version, as `diff agenda.toml agenda_v2.toml` shows it.
    let out = Test::new()
        .in_root()
        .args([
            "diff",
            "-",
            "tests/fixtures/publish/agenda_v2.toml",
            "--tz",
            "UTC",
        ])
        .stdin(AGENDA)
        .status(1)
        .run();
    assert!(
        out.stdout
            .contains("retitled    \"Summary of discussion\" is now \"Summary and next steps\""),
        "{}",
        out.stdout
    );
    // The same on the other side: nothing changed.
    Test::new()
        .in_root()
        .args(["diff", "agenda.toml", "-"])
        .stdin(AGENDA)
        .stdout("No changes.\n")
        .run();
}

#[test]
fn both_sides_of_diff_from_stdin_is_a_usage_error() {
    Test::new()
        .args(["diff", "-", "-"])
        .stdin(AGENDA)
        .status(2)
        .stderr(
            "agenda: only one side of `diff` can be `-` (stdin): give the other as a file or URL\n",
        )
        .run();
}

#[test]
fn a_file_named_dash_is_read_as_dot_slash_dash() {
    Test::new()
        .write("-", AGENDA)
        .args(["-f", "./-", "check"])
        .stderr_contains("./-: 0 errors, 2 warnings")
        .run();
}

/// An endless stream on stdin is refused once it passes 64 MiB: no hang,
/// and memory stays bounded (the run is held under 256 MiB of address
/// space; the limit's buffer is 64 MiB, doubled at most once).
#[test]
fn more_than_64_mib_on_stdin_is_refused_in_bounded_memory() {
    let started = Instant::now();
    let out = Test::new()
        .shell(
            r#"ulimit -v 262144; yes '# a comment line' | exec timeout -s KILL 30 "$0" -f - check"#,
        )
        .output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "agenda: cannot read <stdin>: it is larger than 64 MiB, the limit for an agenda file\n"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}
