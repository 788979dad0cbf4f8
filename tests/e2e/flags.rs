//! One meaning per flag (issue 13, point 4): the view options work before
//! or after the command that uses them, and a flag that would do nothing
//! is a usage error that says so. Times: the bundled agenda starts at
//! 14:00 UTC, 23:00 in Tokyo (UTC+9).

use crate::harness::{stdout, Test};

#[test]
fn view_options_go_before_or_after_the_command() {
    let at = "2021-04-13T14:05Z";
    let before = stdout(&["--tz", "tokyo", "now", "--at", at]);
    let after = stdout(&["now", "--at", at, "--tz", "tokyo"]);
    assert_eq!(before, after);
    assert!(before.contains("23:05 JST"), "{before}");
    let filtered = stdout(&["--kind", "break", "show", "--tz", "UTC"]);
    assert_eq!(filtered.matches("┆ break ").count(), 3, "{filtered}");
}

#[test]
fn file_is_refused_where_it_means_nothing() {
    for args in [
        &["-f", "agenda.toml", "diff", "agenda.toml", "agenda.toml"][..],
        &["-f", "agenda.toml", "zones", "tokyo"],
        &["-f", "agenda.toml", "completions", "bash"],
        &["-f", "agenda.toml", "manpage"],
    ] {
        Test::new()
            .in_root()
            .args(args)
            .status(2)
            .stderr_contains("-f does nothing for `agenda")
            .run();
    }
    // Before the command, `agenda` says which option does nothing; after
    // it, the command has no such option at all.
    Test::new()
        .in_root()
        .args(["--tz", "tokyo", "check"])
        .status(2)
        .stderr_contains("--tz does nothing for `agenda check`")
        .run();
    Test::new()
        .in_root()
        .args(["check", "--tz", "tokyo"])
        .status(2)
        .stderr_contains("unexpected argument '--tz'")
        .run();
    Test::new()
        .in_root()
        .args(["--kind", "talk", "hours"])
        .status(2)
        .stderr_contains(
            "a filter (--day, --kind, --room, --person, --match) does nothing for `agenda hours`",
        )
        .run();
}

#[test]
fn export_flags_that_do_nothing_for_the_format_are_refused() {
    for format in ["ics", "json", "html", "xml"] {
        Test::new()
            .in_root()
            .args(["export", "--format", format, "--tz", "tokyo"])
            .status(2)
            .stderr_contains(format!(
                "--tz does nothing for --format {format}: its times are absolute"
            ))
            .run();
    }
    for (format, flag) in [
        ("markdown", "--breaks"),
        ("json", "--breaks"),
        ("html", "--alarm"),
    ] {
        let mut args = vec!["export", "--format", format, flag];
        if flag == "--alarm" {
            args.push("10");
        }
        Test::new()
            .in_root()
            .args(&args)
            .status(2)
            .stderr_contains("do nothing for --format")
            .run();
    }
}

/// Two time columns, as `show` has: 14:00 UTC is 23:00 in Tokyo.
#[test]
fn markdown_takes_several_zones() {
    let out = stdout(&[
        "export",
        "--format",
        "markdown",
        "--tz",
        "UTC",
        "--tz",
        "Asia/Tokyo",
    ]);
    assert!(
        out.contains("| Time (UTC) | Time (Asia/Tokyo) | Kind | Title | People |"),
        "{out}"
    );
    assert!(
        out.contains("| 14:00–14:10 | 23:00–23:10 | talk | **Introduction & logistics** |"),
        "{out}"
    );
}

#[test]
fn dash_output_is_stdout_and_breaks_by_kind_are_exported() {
    let out = stdout(&["export", "-o", "-", "--kind", "break"]);
    // The bundled agenda has three breaks: 15:15, 16:05 and 17:40 UTC.
    assert_eq!(out.matches("BEGIN:VEVENT").count(), 3, "{out}");
    assert!(out.contains("DTSTART:20210413T151500Z"), "{out}");
    assert!(!std::path::Path::new("-").exists());
}

/// `export -o NAME` (no `--format`) in a fresh directory: the file written.
fn exported(args: &[&str], name: &str) -> String {
    let bundled = crate::harness::bundled();
    let out = Test::new()
        .env("SOURCE_DATE_EPOCH", "1618322400")
        .arg("-f")
        .arg(&bundled)
        .args(["export", "-o", name])
        .args(args)
        .run();
    out.read(name)
}

/// What `export --format FORMAT` prints, to compare with.
fn printed(format: &str) -> String {
    Test::new()
        .in_root()
        .env("SOURCE_DATE_EPOCH", "1618322400")
        .args(["export", "--format", format])
        .run()
        .stdout
}

#[test]
fn output_extension_names_the_format_unless_format_is_given() {
    for (name, format) in [
        ("workshop.ics", "ics"),
        ("workshop.iCal", "ics"),
        ("programme.html", "html"),
        ("programme.HTM", "html"),
        ("programme.json", "json"),
        ("programme.md", "markdown"),
        ("programme.markdown", "markdown"),
        ("schedule.XML", "xml"),
        // Anything else stays iCalendar.
        ("programme.txt", "ics"),
        ("programme", "ics"),
    ] {
        assert_eq!(exported(&[], name), printed(format), "-o {name}");
    }
    assert!(exported(&[], "x.html").starts_with("<!DOCTYPE html>"));
    // An explicit --format wins over the name.
    assert_eq!(exported(&["--format", "ics"], "x.html"), printed("ics"));
    // A flag the named format does not take is refused, naming the file.
    Test::new()
        .arg("-f")
        .arg(crate::harness::bundled())
        .args(["export", "-o", "x.html", "--tz", "tokyo"])
        .status(2)
        .stderr_contains("--tz does nothing for html (from -o x.html): its times are absolute")
        .run();
}

#[test]
fn format_where_the_command_has_none_names_the_commands_that_have_it() {
    for args in [
        &["--format", "json"][..],
        &["show", "--format", "json"],
        &["now", "--format", "json"],
    ] {
        Test::new()
            .in_root()
            .args(args)
            .status(2)
            .stderr_contains(
                "tip: --format is an option of `check`, `export`, `diff` and `hours`, \
                 given after the command: `agenda export --format json`",
            )
            // clap's own tip pointed at the input's format.
            .stderr_lacks("--from")
            .run();
    }
}

#[test]
fn speaker_points_to_person() {
    Test::new()
        .in_root()
        .args(["now", "--speaker", "Graham"])
        .status(2)
        .stderr_contains(
            "tip: did you mean --person? It picks the blocks where someone speaks or \
             moderates (`show`, `export` and `now` take it)",
        )
        .run();
}

#[test]
fn an_unknown_code_gets_the_closest_one_not_every_code() {
    Test::new()
        .in_root()
        .args(["check", "--allow", "gapp"])
        .status(2)
        .stderr_contains("unknown finding code `gapp`; did you mean `gap`?")
        .stderr_lacks("unreadable")
        .run();
    // Nothing close: the codes --allow takes, the warnings.
    Test::new()
        .in_root()
        .args(["check", "--deny", "zzz"])
        .status(2)
        .stderr_contains("the codes of warnings are no-moderator, gap, order,")
        .stderr_lacks("unreadable")
        .run();
}

#[test]
fn tz_help_says_what_it_does_for_each_command() {
    let help = |command: &str| stdout(&[command, "-h"]);
    assert!(help("show").contains("A time column in this zone"));
    assert!(help("now").contains("Write times in this zone"));
    let export = help("export");
    assert!(
        export.contains("Markdown only: a time column in this zone"),
        "{export}"
    );
    assert!(export.contains("ics, json and xml in"), "{export}");
    assert!(help("diff").contains("Write the times of changes in this zone"));
    assert!(help("hours").contains("A zone to report on"));
    for command in ["show", "now", "export", "diff"] {
        assert!(!help(command).contains("`hours`"), "{command}");
    }
    // The zones completion offers are not listed in help, nor when the
    // value is missing.
    assert!(!help("show").contains("Asia/Tokyo"));
    Test::new()
        .args(["show", "--tz"])
        .status(2)
        .stderr_contains("a value is required for '--tz <ZONE>'")
        .stderr_lacks("Asia/Tokyo")
        .run();
}
