//! `agenda import`, and `check`/`show`/`export` reading frab schedule XML
//! and schedule JSON directly. The fixtures under `tests/fixtures/import/`
//! were written by hand from the published schemas (and validate against
//! `schemas/`); `multiroom.expected.toml` was written by hand from
//! `multiroom.xml`, not copied from the program's output.

use std::path::Path;

use crate::harness::{fixture, root, starts_utc, Test};

fn import_fixture(name: &str) -> String {
    let path = fixture(&format!("import/{name}"));
    let out = Test::new()
        .in_root()
        .args(["import", path.to_str().unwrap()])
        .run()
        .stdout;
    out
}

fn text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn xml_imports_to_the_agenda_written_by_hand() {
    let expected = text(&fixture("import/multiroom.expected.toml"));
    assert_eq!(import_fixture("multiroom.xml"), expected);
}

#[test]
fn json_of_the_same_programme_imports_to_the_same_toml() {
    assert_eq!(
        import_fixture("multiroom.json"),
        import_fixture("multiroom.xml")
    );
}

#[test]
fn unmapped_types_are_reported() {
    let path = fixture("import/multiroom.xml");
    Test::new()
        .args(["import", path.to_str().unwrap()])
        .stderr_contains("types with no kind of their own, imported as sessions: \"Other\" (1)")
        .run();
}

#[test]
fn the_imported_agenda_checks_and_keeps_true_instants() {
    let path = fixture("import/multiroom.expected.toml");
    // Two warnings: the workshop and the panel have no moderator. The nine
    // free hours of day 2 between the late-night talks and the panel are
    // the congress's night, longer than rules.max_gap_minutes: no gap.
    Test::new()
        .args(["-f", path.to_str().unwrap(), "check"])
        .stderr_contains("0 errors, 2 warnings")
        .stderr_contains("discussion `Panel: time zones` has no moderator")
        .run();
    // Berlin summer time is UTC+02:00: 10:00 is 08:00Z; the late-night
    // talks at 00:30 on 17 August are 22:30Z on the 16th.
    assert_eq!(
        starts_utc(&path),
        [
            "2023-08-16T08:00:00Z",
            "2023-08-16T08:30:00Z",
            "2023-08-16T08:30:00Z",
            "2023-08-16T09:15:00Z",
            "2023-08-16T22:30:00Z",
            "2023-08-17T08:00:00Z",
            "2023-08-17T08:00:00Z",
            "2023-08-17T09:00:00Z",
        ]
    );
}

#[test]
fn check_show_and_export_read_schedules_directly() {
    for name in ["multiroom.xml", "multiroom.json"] {
        let path = fixture(&format!("import/{name}"));
        let path = path.to_str().unwrap();
        Test::new()
            .args(["-f", path, "check"])
            .stderr_contains("0 errors, 2 warnings")
            .run();
        let table = crate::harness::stdout(&["-f", path, "show", "--tz", "UTC"]);
        assert!(
            crate::harness::row(&table, "Late-night lightning").contains("22:30–23:00"),
            "{table}"
        );
        assert_eq!(
            starts_utc(Path::new(path)),
            starts_utc(&fixture("import/multiroom.expected.toml"))
        );
    }
}

#[test]
fn from_overrides_detection() {
    let xml = fixture("import/multiroom.xml");
    let xml = xml.to_str().unwrap();
    Test::new()
        .in_root()
        .args(["-f", xml, "--from", "xml", "check"])
        .run();
    Test::new()
        .in_root()
        .args(["-f", xml, "--from", "json", "check"])
        .status(1)
        .stderr_contains("malformed JSON")
        .run();
    Test::new()
        .in_root()
        .args(["-f", xml, "--from", "toml", "check"])
        .status(1)
        .stderr_contains("invalid TOML")
        .run();
    Test::new()
        .in_root()
        .args(["-f", xml, "--from", "yaml", "check"])
        .status(2)
        .stderr_contains("unknown input format `yaml`")
        .run();
    // A TOML agenda is not something to import.
    Test::new()
        .in_root()
        .args(["import", "agenda.toml"])
        .status(2)
        .stderr_contains("reads as an agenda TOML")
        .run();
}

#[test]
fn a_night_across_the_end_of_summer_time() {
    let toml = import_fixture("dst.xml");
    // 02:30 happens twice in Berlin on 31 October 2021: the offsets say
    // which. Events after midnight go to the day of their own date.
    assert!(toml.contains("[[day]]\ndate = 2021-10-31\nname = \"Day 1, after midnight\"\n"));
    assert!(toml.contains(
        "start = \"02:30+02:00\"\nminutes = 30\nkind = \"talk\"\ntitle = \"The first 02:30\""
    ));
    assert!(toml.contains(
        "start = \"02:30+01:00\"\nminutes = 30\nkind = \"talk\"\ntitle = \"The second 02:30\""
    ));
    assert!(toml.contains("# listed under Day 1 (2021-10-30) in the source; it starts after midnight\n[[day.block]]\nstart = \"01:30\""));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("night.toml");
    std::fs::write(&out, &toml).unwrap();
    // 22:00 CEST, 01:30 CEST, 02:30 CEST, 02:30 CET.
    assert_eq!(
        starts_utc(&out),
        [
            "2021-10-30T20:00:00Z",
            "2021-10-30T23:30:00Z",
            "2021-10-31T00:30:00Z",
            "2021-10-31T01:30:00Z",
        ]
    );
    assert_eq!(starts_utc(&fixture("import/dst.xml")), starts_utc(&out));
}

#[test]
fn unknown_types_and_no_zone() {
    let path = fixture("import/unknown_types.xml");
    let assert = Test::new()
        .args(["import", path.to_str().unwrap()])
        .stderr_contains("warning[no-zone]: the schedule has no <time_zone_name>; its events carry the UTC offset +05:00, so the agenda is written at that fixed offset")
        .stderr_contains("unknown_types.xml:7:3")
        .stderr_contains("imported as sessions: \"Game\" (2), \"Keynote\" (1)")
        .run();
    let toml = assert.stdout;
    assert!(toml.contains("timezone = \"UTC+05:00\"\n"), "{toml}");
    assert!(toml.contains("# Types with no kind of their own, made sessions: \"Game\" → session (2), \"Keynote\" → session (1).\n"));
    // The track "Pause" makes the lunch a break.
    assert!(
        toml.contains("kind = \"break\"\ntitle = \"Lunch\""),
        "{toml}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hack.toml");
    std::fs::write(&out, &toml).unwrap();
    // 09:00 at UTC+05:00 is 04:00Z.
    assert_eq!(starts_utc(&out)[0], "2024-03-02T04:00:00Z");
}

/// An event is left out only when no instant can be made for it; one
/// listed under the wrong day, or sharing its guid with another, is kept.
#[test]
fn bad_events_are_left_out_with_their_places() {
    let path = fixture("import/bad.xml");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bad.toml");
    let assert = Test::new()
        .args([
            "import",
            path.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .status(1)
        .run();
    let stderr = assert.stderr;
    // Places counted in the file: the <event> tag of "No length" is at
    // line 20, column 7; the texts of <date> and <duration> start after
    // 8 spaces and the tag.
    for (message, place) in [
        ("error[missing-element]: \"No length\" has no <duration>; it is left out", "bad.xml:20:7"),
        (
            "error[bad-date]: unparseable date `16.08.2023 12:00` of \"Bad date\"; it is left out",
            "bad.xml:33:15",
        ),
        (
            "error[bad-length]: unparseable duration `1h30` of \"Bad duration\"; it is left out",
            "bad.xml:45:19",
        ),
        (
            "warning[outside-day]: \"Next week\" is listed under Day 1 (2023-08-16) but starts on 2023-08-23; it is kept at its own time, on that date's day",
            "bad.xml:63:15",
        ),
    ] {
        let at = stderr.find(message).unwrap_or_else(|| panic!("{message}\n{stderr}"));
        let next = stderr[at..].lines().nth(1).unwrap();
        assert!(next.ends_with(place), "{next} for {message}");
    }
    assert!(stderr.contains("3 event(s) left out: \"No length\", \"Bad date\", \"Bad duration\""));
    // What could be read is written: the event of next week on its own
    // day, noted; the two events with one guid both, which `check` then
    // reports.
    let toml = text(&out);
    assert!(toml.contains("title = \"Fine\""));
    assert!(toml.contains("title = \"Same guid\""));
    assert_eq!(toml.matches("[[day.block]]").count(), 3);
    assert!(toml.contains(
        "[[day]]\ndate = 2023-08-23\n\n# listed under Day 1 (2023-08-16) in the source; it starts on 2023-08-23\n[[day.block]]\nstart = \"10:00\""
    ), "{toml}");
    Test::new()
        .args(["-f", out.to_str().unwrap(), "check"])
        .status(1)
        .stderr_contains("error[duplicate-id]")
        // The three and a half hours from 10:30 to 14:00 are longer than
        // rules.max_gap_minutes: a planned pause, no gap.
        .stderr_contains("1 error, 0 warnings")
        .run();
}

#[test]
fn nothing_usable_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.toml");
    std::fs::write(&out, "old").unwrap();
    let cases = [
        (
            "broken.xml",
            "<?xml version=\"1.0\"?>\n<schedule>\n  <day>\n</schedule>\n",
            // `</schedule>` closes before `<day>` does.
            "broken.xml:4:1",
            "malformed XML",
        ),
        (
            "broken.json",
            "{\"schedule\": {\n  \"version\": \"1\",\n  \"conference\": [}\n}}\n",
            // The `}` after `  "conference": [`.
            "broken.json:3:18",
            "malformed JSON",
        ),
        (
            "empty.xml",
            "<schedule><version>1</version><conference><title>T</title></conference></schedule>",
            // The <conference> tag.
            "empty.xml:1:31",
            "the schedule lists no <event>",
        ),
        (
            // Days, rooms and no event: still nothing to import.
            "rooms.json",
            "{\"schedule\": {\"conference\": {\"title\": \"T\", \"days\": [{\"date\": \"2021-04-13\", \"rooms\": {\"A\": []}}]}}}",
            // The object after `"conference": `.
            "rooms.json:1:29",
            "the schedule lists no \"event\"",
        ),
        (
            // A document of another kind that happens to be a <schedule>.
            "other.xml",
            "<?xml version=\"1.0\"?>\n<schedule>\n  <day date=\"2024-07-08\"><slot>Keynote</slot></day>\n</schedule>\n",
            "other.xml:2:1",
            "neither <conference> nor <event>: it is no frab schedule",
        ),
    ];
    for (name, content, place, message) in cases {
        let source = dir.path().join(name);
        std::fs::write(&source, content).unwrap();
        Test::new()
            .args([
                "import",
                source.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ])
            .status(2)
            .stderr_contains(message)
            .stderr_contains(place)
            .stderr_contains("nothing imported")
            .run();
        assert_eq!(text(&out), "old", "{name}");
    }
}

#[test]
fn json_findings_name_the_event_path() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("s.json");
    let json = r#"{"schedule": {"version": "1", "conference": {"title": "T", "acronym": "tttt",
  "time_zone_name": "UTC", "days": [{"index": 1, "date": "2021-04-13", "rooms": {"A": [
    {"guid": "11111111-0000-4000-8000-000000000001", "title": "Good", "type": "talk",
     "date": "2021-04-13T10:00:00Z", "duration": "00:10"},
    {"guid": "11111111-0000-4000-8000-000000000002", "title": "No length", "type": "talk",
     "date": "2021-04-13T11:00:00Z"}]}}]}}}"#;
    std::fs::write(&source, json).unwrap();
    Test::new()
        .args(["import", source.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "\"No length\" (at schedule.conference.days[0].rooms[\"A\"][1]) has no \"duration\"",
        ))
        // The event's object starts on line 5, after four spaces.
        .stderr(predicates::str::contains("s.json:5:5"));
}

/// `export --format xml`, then `import`, then `diff`: no change.
#[test]
fn export_import_round_trip_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for file in [
        "agenda.toml",
        "tests/fixtures/multiday_rooms.toml",
        "tests/fixtures/publish/multiday_rooms.toml",
        "tests/fixtures/export/two-days.toml",
    ] {
        let xml = dir.path().join("schedule.xml");
        let back = dir.path().join("back.toml");
        Test::new()
            .in_root()
            .args([
                "-f",
                file,
                "export",
                "--format",
                "xml",
                "-o",
                xml.to_str().unwrap(),
            ])
            .run();
        Test::new()
            .in_root()
            .args([
                "import",
                xml.to_str().unwrap(),
                "-o",
                back.to_str().unwrap(),
            ])
            .run();
        Test::new()
            .in_root()
            .args(["diff", file, back.to_str().unwrap(), "--tz", "UTC"])
            .stdout("No changes.\n")
            .run();
    }
}

/// The reading layer is below the model: nothing that builds, checks or
/// renders the model knows about `source/` or `import`, so they can form
/// no cycle with it.
#[test]
fn nothing_below_the_command_line_imports_the_readers() {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = root().join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    for file in files {
        let relative = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if relative.starts_with("source/")
            || relative.starts_with("cli/")
            || relative.starts_with("import/")
            || ["lib.rs", "main.rs"].contains(&relative.as_str())
        {
            continue;
        }
        let code = text(&file);
        for needle in ["crate::source", "crate::import", "super::source"] {
            assert!(!code.contains(needle), "{relative} uses {needle}");
        }
    }
}

/// The XML fixtures are valid frab schedules (the schema is vendored in
/// `schemas/`), except `bad.xml` and `faults.xml`, broken on purpose, and
/// `pentabarf.xml`, in the older dialect the schema no longer admits.
#[test]
fn xml_fixtures_validate_against_the_schema() {
    if std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is not installed; .ci/run installs libxml2-utils"
        );
        eprintln!("skipped: xmllint is not installed (CI installs libxml2-utils)");
        return;
    }
    for name in [
        "multiroom.xml",
        "dst.xml",
        "unknown_types.xml",
        "offsets.xml",
    ] {
        let output = std::process::Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(root().join("schemas/frab-schedule.xsd"))
            .arg(fixture(&format!("import/{name}")))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
