//! `agenda export` to iCalendar, end to end: read back by an independent
//! parser (the `icalendar` crate), checked on raw bytes, for stable UIDs and
//! reproducible bytes, and imported into a real client (khal).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command as Process;
use std::str::FromStr;

use crate::harness::Test;
use chrono::{DateTime, Utc};
use icalendar::{
    Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, EventLike,
};

/// 2021-04-13T14:00:00Z (`date -u -d @1618322400`).
const EPOCH: &str = "1618322400";

fn fixture(name: &str) -> String {
    format!("tests/fixtures/export/{name}")
}

/// The bytes of `agenda export -f FILE ARGS` under `SOURCE_DATE_EPOCH`.
fn export(file: &str, args: &[&str]) -> Vec<u8> {
    let out = Test::new()
        .in_root()
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(["export", "-f", file])
        .args(args)
        .output();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// One VEVENT as the independent parser reads it.
#[derive(Debug)]
struct Read {
    uid: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    summary: String,
    description: String,
    location: Option<String>,
    url: Option<String>,
    categories: Vec<String>,
    sequence: Option<u32>,
}

fn utc(at: Option<DatePerhapsTime>) -> DateTime<Utc> {
    match at {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(t))) => t,
        other => panic!("not a UTC date-time: {other:?}"),
    }
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn parse(bytes: &[u8]) -> (Calendar, Vec<Read>) {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let calendar = Calendar::from_str(text).expect("the icalendar crate parses it");
    let events = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(Read {
                uid: e.get_uid().unwrap().to_string(),
                start: utc(e.get_start()),
                end: utc(e.get_end()),
                summary: e.get_summary().unwrap().to_string(),
                description: e.get_description().unwrap().to_string(),
                location: e.get_location().map(String::from),
                url: e.get_url().map(String::from),
                categories: e.get_categories().unwrap_or_default(),
                sequence: e.get_sequence(),
            }),
            _ => None,
        })
        .collect();
    (calendar, events)
}

/// The bundled Day 1 (agenda.toml) in UTC, breaks included.
const DAY_ONE: [(&str, &str, &str); 10] = [
    ("14:00", "14:10", "Introduction & logistics"),
    ("14:10", "14:30", "Vera C. Rubin Observatory & LSST"),
    ("14:30", "15:15", "Broker interfaces I"),
    ("15:15", "15:20", "Break"),
    ("15:20", "16:05", "Broker interfaces II"),
    ("16:05", "16:35", "Break"),
    ("16:35", "17:25", "Output from brokers"),
    ("17:25", "17:40", "Summary of discussion"),
    ("17:40", "17:45", "Break"),
    ("17:45", "18:30", "Broker interfaces III + Solar System"),
];

fn day_one(breaks: bool) -> Vec<(DateTime<Utc>, DateTime<Utc>, &'static str)> {
    DAY_ONE
        .iter()
        .filter(|(_, _, title)| breaks || *title != "Break")
        .map(|(s, e, title)| {
            (
                at(&format!("2021-04-13T{s}:00Z")),
                at(&format!("2021-04-13T{e}:00Z")),
                *title,
            )
        })
        .collect()
}

#[test]
fn bundled_agenda_gives_seven_events_and_ten_with_breaks() {
    for (args, breaks) in [(&[][..], false), (&["--breaks"][..], true)] {
        let (calendar, events) = parse(&export("agenda.toml", args));
        let got: Vec<_> = events
            .iter()
            .map(|e| (e.start, e.end, e.summary.as_str()))
            .collect();
        assert_eq!(got, day_one(breaks));
        assert_eq!(events.len(), if breaks { 10 } else { 7 });
        let prop = |name: &str| calendar.property_value(name).map(String::from);
        assert_eq!(prop("VERSION").as_deref(), Some("2.0"));
        assert_eq!(prop("CALSCALE").as_deref(), Some("GREGORIAN"));
        assert_eq!(prop("METHOD").as_deref(), Some("PUBLISH"));
        assert!(prop("PRODID").is_some());
        assert_eq!(
            prop("X-WR-CALNAME").as_deref(),
            Some("LSSTC Enabling Science Broker Workshop 2021 · Part II")
        );
        let uids: HashSet<_> = events.iter().map(|e| &e.uid).collect();
        assert_eq!(uids.len(), events.len(), "no two events share a UID");
    }
}

#[test]
fn bundled_tutorial_describes_kind_moderator_items_and_url() {
    let (_, events) = parse(&export("agenda.toml", &[]));
    let tutorial = &events[2];
    assert_eq!(tutorial.summary, "Broker interfaces I");
    assert_eq!(
        tutorial.description,
        "Tutorial\nModerator: TBD\n\nItems (UTC):\n\
         14:30–14:40 Pitt-Google\n14:40–14:50 Fink\n14:50–15:00 AEON/TOM\n15:00–15:10 ANTARES\n\n\
         https://www.lsstcorporation.org/meetings/2021-broker-workshop"
    );
    assert_eq!(tutorial.location.as_deref(), Some("Zoom"));
    assert_eq!(
        tutorial.url.as_deref(),
        Some("https://www.lsstcorporation.org/meetings/2021-broker-workshop")
    );
    assert_eq!(tutorial.categories, vec!["tutorial"]);
    assert_eq!(
        events[1].description,
        "Talk\nSpeakers: Melissa Graham\n\n\
         https://www.lsstcorporation.org/meetings/2021-broker-workshop"
    );
}

/// (start, end, summary, description, location, url, category) of an event.
type Expected<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
);

/// Every text field of the tricky fixture, written out by hand from the
/// file: the parser must give back exactly these strings.
#[test]
fn tricky_text_round_trips_exactly() {
    let (calendar, events) = parse(&export(&fixture("tricky.toml"), &["--breaks"]));
    assert_eq!(
        calendar.property_value("X-WR-CALNAME"),
        Some(r"Tricky, Inc.; \ «Workshop»")
    );
    let long = "Ünïcödé façade — 東京の天文学ワークショップ 🔭🌌 with a very long title \
                that must fold several times ✨ ça va?";
    let zoom = Some("Zoom; room A, floor 2");
    // (start, end, summary, description, location, url, category); times
    // are the file's Santiago times plus four hours.
    let expected: [Expected; 5] = [
        (
            "14:00",
            "14:20",
            long,
            "Talk\nSpeakers: José Martínez, 山田 太郎\n\n\
             Line one, with comma; and semicolon.\nLine two \\ backslash.\n\n\
             https://example.org/talk?a=1,b=2;c",
            zoom,
            Some("https://example.org/talk?a=1,b=2;c"),
            "talk",
        ),
        ("14:20", "14:30", "Break", "Break", zoom, None, "break"),
        (
            "14:30",
            "15:00",
            "Commas, semicolons; backslash \\ and newline | pipe",
            "Tutorial\nModerator: Ana, the moderator\n\nItems (America/Santiago):\n\
             10:30–10:40 Part 1; intro\n\
             10:40–11:00 Part 2, deep — Kim https://example.org/p2",
            Some("Room A"),
            None,
            "tutorial",
        ),
        (
            "14:30",
            "15:00",
            "Parallel breakout",
            "Discussion\nModerator: Lee",
            Some("Room B"),
            None,
            "discussion",
        ),
        ("15:00", "15:10", "Break", "Break", zoom, None, "break"),
    ];
    assert_eq!(events.len(), expected.len());
    for (event, (start, end, summary, description, location, url, kind)) in
        events.iter().zip(expected)
    {
        assert_eq!(event.start, at(&format!("2021-04-13T{start}:00Z")));
        assert_eq!(event.end, at(&format!("2021-04-13T{end}:00Z")));
        assert_eq!(event.summary, summary);
        assert_eq!(event.description, description);
        assert_eq!(event.location.as_deref(), location);
        assert_eq!(event.url.as_deref(), url);
        assert_eq!(event.categories, vec![kind]);
    }
}

/// The round trip against the model itself, for every fixture: each event
/// comes back with its block's UTC times and title.
#[test]
fn every_export_round_trips_against_the_model() {
    for file in [
        "agenda.toml".to_string(),
        fixture("tricky.toml"),
        fixture("two-days.toml"),
        fixture("stable-v3-inserted.toml"),
    ] {
        let text = std::fs::read_to_string(&file).unwrap();
        let model = agenda::load(&text).agenda.unwrap();
        let blocks: Vec<_> = model.days.iter().flat_map(|d| &d.blocks).collect();
        let (_, events) = parse(&export(&file, &["--breaks"]));
        assert_eq!(events.len(), blocks.len(), "{file}");
        for (event, block) in events.iter().zip(blocks) {
            assert_eq!(event.start, block.start, "{file}");
            assert_eq!(event.end, block.end, "{file}");
            assert_eq!(event.summary, block.title, "{file}");
            assert_eq!(event.categories, vec![block.kind.as_str()], "{file}");
        }
    }
}

#[test]
fn alarm_adds_a_display_reminder_to_each_event() {
    let bytes = export("agenda.toml", &["--alarm", "15"]);
    let text = String::from_utf8(bytes).unwrap();
    let unfolded = icalendar::parser::unfold(&text);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert_eq!(events.len(), 7);
    for event in events {
        let alarms: Vec<_> = event
            .components
            .iter()
            .filter(|c| c.name == "VALARM")
            .collect();
        assert_eq!(alarms.len(), 1);
        let value = |name: &str| alarms[0].find_prop(name).map(|p| p.val.to_string());
        assert_eq!(value("ACTION").as_deref(), Some("DISPLAY"));
        assert_eq!(value("TRIGGER").as_deref(), Some("-PT15M"));
        assert_eq!(
            value("DESCRIPTION"),
            event.find_prop("SUMMARY").map(|p| p.val.to_string())
        );
    }
    assert!(!String::from_utf8(export("agenda.toml", &[]))
        .unwrap()
        .contains("VALARM"));
}

/// The physical lines of the file, each checked to be UTF-8 on its own, so
/// that no fold splits a character.
fn physical_lines(bytes: &[u8]) -> Vec<&str> {
    assert!(bytes.ends_with(b"\r\n"), "ends with CRLF");
    let body = &bytes[..bytes.len() - 2];
    let mut lines = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.windows(2).position(|w| w == b"\r\n") {
        lines.push(&rest[..i]);
        rest = &rest[i + 2..];
    }
    lines.push(rest);
    lines
        .into_iter()
        .map(|line| {
            assert!(
                !line.contains(&b'\n') && !line.contains(&b'\r'),
                "bare CR or LF"
            );
            std::str::from_utf8(line).expect("a fold split a UTF-8 character")
        })
        .collect()
}

#[test]
fn raw_bytes_are_crlf_folded_at_75_octets_on_character_boundaries() {
    for file in ["agenda.toml".to_string(), fixture("tricky.toml")] {
        let bytes = export(&file, &["--breaks", "--alarm", "5"]);
        let lines = physical_lines(&bytes);
        for line in &lines {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
    }
    let bytes = export(&fixture("tricky.toml"), &[]);
    let lines = physical_lines(&bytes);
    // The long title is folded, and its continuation lines hold Japanese
    // and emoji that a split would have broken.
    let start = lines
        .iter()
        .position(|l| l.starts_with("SUMMARY:Ünïcödé"))
        .unwrap();
    assert!(lines[start].len() > 70, "{:?}", lines[start]);
    assert!(lines[start + 1].starts_with(' '));
    let whole: String = std::iter::once(lines[start])
        .chain(
            lines[start + 1..]
                .iter()
                .take_while(|l| l.starts_with(' '))
                .map(|l| &l[1..]),
        )
        .collect();
    assert_eq!(
        whole,
        "SUMMARY:Ünïcödé façade — 東京の天文学ワークショップ 🔭🌌 with a very long title \
         that must fold several times ✨ ça va?"
    );
}

#[test]
fn text_values_are_escaped_on_the_wire() {
    let bytes = export(&fixture("tricky.toml"), &[]);
    let unfolded = String::from_utf8(bytes).unwrap().replace("\r\n ", "");
    let has = |line: &str| unfolded.split("\r\n").any(|l| l == line);
    assert!(has(r"X-WR-CALNAME:Tricky\, Inc.\; \\ «Workshop»"));
    assert!(has(
        r"SUMMARY:Commas\, semicolons\; backslash \\ and newline | pipe"
    ));
    assert!(has(r"LOCATION:Zoom\; room A\, floor 2"));
    // URL is a URI, not TEXT: its commas and semicolons stay as they are.
    assert!(has("URL:https://example.org/talk?a=1,b=2;c"));
}

fn uids_by_summary(file: &str) -> HashMap<String, Vec<String>> {
    let (_, events) = parse(&export(&fixture(file), &["--breaks"]));
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for e in events {
        map.entry(e.summary).or_default().push(e.uid);
    }
    map
}

#[test]
fn uids_survive_a_move_and_an_insertion() {
    let v1 = uids_by_summary("stable-v1.toml");
    let moved = uids_by_summary("stable-v2-moved.toml");
    let inserted = uids_by_summary("stable-v3-inserted.toml");
    assert_eq!(v1["Main talk"], moved["Main talk"]);
    assert_eq!(v1["Main talk"], inserted["Main talk"]);
    assert_eq!(v1["Opening"], inserted["Opening"]);
    // The breaks are told apart by their order, which neither edit changes.
    assert_eq!(v1["Break"].len(), 2);
    assert_ne!(v1["Break"][0], v1["Break"][1]);
    assert_eq!(v1["Break"], moved["Break"]);
    assert_eq!(v1["Break"], inserted["Break"]);
    assert!(!v1
        .values()
        .flatten()
        .any(|u| inserted["Late addition"].contains(u)));
    assert!(v1["Main talk"][0].ends_with("@stable"));
}

/// The UIDs of moves-v1.toml and moves-v2.toml, by summary and location.
fn uids_by_place(file: &str) -> HashMap<(String, Option<String>), String> {
    let (_, events) = parse(&export(&fixture(file), &[]));
    events
        .into_iter()
        .map(|e| ((e.summary, e.location), e.uid))
        .collect()
}

#[test]
fn uids_follow_the_id_through_any_move_and_else_the_kind_and_title() {
    let v1 = uids_by_place("moves-v1.toml");
    let v2 = uids_by_place("moves-v2.toml");
    let uid = |map: &HashMap<_, String>, title: &str, room: Option<&str>| {
        map[&(title.to_string(), room.map(String::from))].clone()
    };
    // Python, independently: n = uuid5(NAMESPACE_URL, "urn:agenda:block");
    // uuid5(n, "10:moves-2021\nid:keynote") and "...\ntalk:Lightning".
    let keynote = "d103dd91-0055-5933-89a4-82508a8b758c@moves-2021";
    let lightning = "54779443-4d8f-5383-a777-37c8a1cc6096@moves-2021";
    // The keynote has an `id`: moved to another time, room and day, it
    // keeps its UID. The lightning talk has none, but a title no other
    // block has: it keeps its UID through the same moves.
    assert_eq!(uid(&v1, "Keynote", Some("Room A")), keynote);
    assert_eq!(uid(&v2, "Keynote", Some("Room B")), keynote);
    assert_eq!(uid(&v1, "Lightning", Some("Room A")), lightning);
    assert_eq!(uid(&v2, "Lightning", Some("Room B")), lightning);
    assert_eq!(uid(&v1, "Closing", None), uid(&v2, "Closing", None));
    // Two breakouts share a title: their rooms tell them apart, so the one
    // that changes room changes UID, and the other keeps its own.
    assert_eq!(
        uid(&v1, "Breakout", Some("Room A")),
        uid(&v2, "Breakout", Some("Room A"))
    );
    let moved = uid(&v2, "Breakout", Some("Room C"));
    assert!(!v1.values().any(|u| *u == moved), "{moved}");
}

#[test]
fn uid_is_the_documented_uuid_v5() {
    // Python, independently: n = uuid5(NAMESPACE_URL, "urn:agenda:block");
    // uuid5(n, "20:broker-workshop-2021\ntalk:Introduction & logistics")
    let (_, events) = parse(&export("agenda.toml", &[]));
    assert_eq!(
        events[0].uid,
        "d7cbe49a-baeb-5358-a6bd-26540c3ab1e7@broker-workshop-2021"
    );
}

#[test]
fn same_titles_on_other_days_get_other_uids_and_filters_keep_them() {
    let (_, all) = parse(&export(&fixture("two-days.toml"), &["--breaks"]));
    assert_eq!(all.len(), 4);
    let uids: HashSet<_> = all.iter().map(|e| e.uid.clone()).collect();
    assert_eq!(uids.len(), 4);
    // No `id`: the slug of the event name.
    assert!(all[0].uid.ends_with("@two-days"), "{}", all[0].uid);
    let (_, second) = parse(&export(
        &fixture("two-days.toml"),
        &["--breaks", "--day", "2"],
    ));
    let got: Vec<_> = second.iter().map(|e| e.uid.clone()).collect();
    let want: Vec<_> = all[2..].iter().map(|e| e.uid.clone()).collect();
    assert_eq!(got, want);
}

/// Two blocks with one `id` on one day (an error of `check`) are both
/// exported, each with its own UID, the first keeping the one its `id`
/// gives; `--strict` refuses the programme.
#[test]
fn duplicate_ids_give_two_uids_or_are_refused_under_strict() {
    let out = Test::new()
        .in_root()
        .args(["export", "-f", &fixture("duplicate-id.toml")])
        .stderr_contains("breaks 1 rule (duplicate-id ×1)")
        .run();
    let (_, events) = parse(out.stdout.as_bytes());
    let titles: Vec<&str> = events.iter().map(|e| e.summary.as_str()).collect();
    assert_eq!(titles, ["One", "Two"]);
    assert_ne!(events[0].uid, events[1].uid);
    // The first is the UID of `id = "same"` on that day, as the JSON
    // export names it.
    let json = Test::new()
        .in_root()
        .args([
            "export",
            "--format",
            "json",
            "-f",
            &fixture("duplicate-id.toml"),
        ])
        .run()
        .stdout;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let uuids: Vec<&str> = json["days"][0]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["uuid"].as_str().unwrap())
        .collect();
    assert_eq!(events[0].uid, format!("{}@duplicate", uuids[0]));
    assert_eq!(events[1].uid, format!("{}@duplicate", uuids[1]));
    Test::new()
        .in_root()
        .args(["export", "--strict", "-f", &fixture("duplicate-id.toml")])
        .status(1)
        .stdout("")
        .stderr_contains("two blocks have the id `same`")
        .run();
}

#[test]
fn source_date_epoch_makes_bytes_identical_and_sequence_grows() {
    let a = export("agenda.toml", &["--breaks", "--alarm", "5"]);
    let b = export("agenda.toml", &["--breaks", "--alarm", "5"]);
    assert_eq!(a, b);
    let text = String::from_utf8(a).unwrap();
    assert!(text.contains("\r\nDTSTAMP:20210413T140000Z\r\n"));
    let (_, events) = parse(text.as_bytes());
    // 2021-04-13T14:00Z is 7773 days and 14 hours after 2000-01-01.
    let first = 7773 * 86_400 + 14 * 3600;
    assert!(events.iter().all(|e| e.sequence == Some(first)));

    let later = Test::new()
        .in_root()
        .env("SOURCE_DATE_EPOCH", "1618326000")
        .args(["export"])
        .output();
    let (_, events) = parse(&later.stdout);
    assert!(events.iter().all(|e| e.sequence == Some(first + 3600)));
}

#[test]
fn bad_source_date_epoch_is_a_usage_error() {
    Test::new()
        .in_root()
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .arg("export")
        .status(2)
        .stdout("")
        .stderr_contains("SOURCE_DATE_EPOCH")
        .run();
}

/// Imports the bundled export into a throwaway khal calendar and returns
/// what `khal list` prints in `zone`, one `date start-end title` per line.
fn khal_list(ics: &Path, zone: &str) -> Vec<String> {
    khal_import_list(&[ics], zone, "{start-date} {start-time}-{end-time} {title}")
}

/// Imports each of `files` in turn into one throwaway khal calendar and
/// returns what `khal list --format FORMAT` prints in `zone`, one line
/// per event.
fn khal_import_list(files: &[&Path], zone: &str, format: &str) -> Vec<String> {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    let data = home.path().join("data");
    let calendar = data.join("workshop");
    std::fs::create_dir_all(config.join("khal")).unwrap();
    std::fs::create_dir_all(&calendar).unwrap();
    std::fs::write(
        config.join("khal/config"),
        format!(
            "[calendars]\n[[workshop]]\npath = {}\ntype = calendar\n\
             [locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n\
             longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n\
             longdatetimeformat = %Y-%m-%d %H:%M\n\
             default_timezone = {zone}\nlocal_timezone = {zone}\n",
            calendar.display()
        ),
    )
    .unwrap();
    let khal = |args: &[&str]| {
        let out = Process::new("khal")
            .args(args)
            .env("XDG_CONFIG_HOME", &config)
            .env("XDG_DATA_HOME", &data)
            .env("TZ", zone)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "khal {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    for file in files {
        khal(&[
            "import",
            "--batch",
            "-a",
            "workshop",
            file.to_str().unwrap(),
        ]);
    }
    khal(&["list", "--format", format, "2021-04-12", "4d"])
        .lines()
        .filter(|l| l.starts_with("2021-"))
        .map(String::from)
        .collect()
}

fn khal_available() -> bool {
    let found = Process::new("khal").arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "khal must be installed under CI (.ci/run installs it)"
        );
        eprintln!("NOTICE: khal not installed; skipping the calendar-client test");
    }
    found
}

#[test]
fn khal_lists_the_bundled_export_at_the_right_times() {
    if !khal_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("workshop.ics");
    Test::new()
        .in_root()
        .args(["export", "--breaks", "-o", ics.to_str().unwrap()])
        .run();
    let plain = dir.path().join("plain.ics");
    Test::new()
        .in_root()
        .args(["export", "-o", plain.to_str().unwrap()])
        .run();
    let without_breaks = khal_list(&plain, "America/Santiago");
    assert_eq!(without_breaks.len(), 7, "{without_breaks:#?}");
    assert!(!without_breaks.iter().any(|l| l.ends_with(" Break")));
    // Santiago is UTC-4 on 13 April 2021 (Chile left DST on 4 April): the
    // The bundled Day 1's UTC times minus four hours.
    let santiago = khal_list(&ics, "America/Santiago");
    assert_eq!(
        santiago,
        [
            "2021-04-13 10:00-10:10 Introduction & logistics",
            "2021-04-13 10:10-10:30 Vera C. Rubin Observatory & LSST",
            "2021-04-13 10:30-11:15 Broker interfaces I",
            "2021-04-13 11:15-11:20 Break",
            "2021-04-13 11:20-12:05 Broker interfaces II",
            "2021-04-13 12:05-12:35 Break",
            "2021-04-13 12:35-13:25 Output from brokers",
            "2021-04-13 13:25-13:40 Summary of discussion",
            "2021-04-13 13:40-13:45 Break",
            "2021-04-13 13:45-14:30 Broker interfaces III + Solar System",
        ]
    );
    // Tokyo is UTC+9: the programme starts at 23:00 on the 13th and the
    // 15:15 UTC break is at 00:15 on the 14th. khal lists the tutorial that
    // runs over midnight under both days.
    let tokyo = khal_list(&ics, "Asia/Tokyo");
    assert_eq!(
        tokyo,
        [
            "2021-04-13 23:00-23:10 Introduction & logistics",
            "2021-04-13 23:10-23:30 Vera C. Rubin Observatory & LSST",
            "2021-04-13 23:30-00:15 Broker interfaces I",
            "2021-04-13 23:30-00:15 Broker interfaces I",
            "2021-04-14 00:15-00:20 Break",
            "2021-04-14 00:20-01:05 Broker interfaces II",
            "2021-04-14 01:05-01:35 Break",
            "2021-04-14 01:35-02:25 Output from brokers",
            "2021-04-14 02:25-02:40 Summary of discussion",
            "2021-04-14 02:40-02:45 Break",
            "2021-04-14 02:45-03:30 Broker interfaces III + Solar System",
        ]
    );
}

#[test]
fn khal_updates_a_moved_block_instead_of_adding_one() {
    if !khal_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let v1 = dir.path().join("v1.ics");
    let v2 = dir.path().join("v2.ics");
    for (file, ics, epoch) in [
        ("moves-v1.toml", &v1, EPOCH),
        ("moves-v2.toml", &v2, "1618326000"),
    ] {
        Test::new()
            .in_root()
            .env("SOURCE_DATE_EPOCH", epoch)
            .args(["export", "-f", &fixture(file), "-o", ics.to_str().unwrap()])
            .run();
    }
    let format = "{start-date} {start-time}-{end-time} {title} [{location}]";
    // Berlin is UTC+2 in April 2021; the file's times are Berlin's. The
    // keynote (with an `id`) and the lightning talk (a title of its own)
    // are updated where they moved, not doubled; the breakout that moved
    // from Room B to Room C shares its title, so it is a new event, and
    // the old one stays (the `diff` hint says so). khal lists events that
    // start together in no set order.
    let mut listed = khal_import_list(&[&v1, &v2], "Europe/Berlin", format);
    listed.sort();
    assert_eq!(
        listed,
        [
            "2021-04-13 14:30-15:10 Breakout [Room A]",
            "2021-04-13 14:30-15:10 Breakout [Room B]",
            "2021-04-13 14:30-15:10 Breakout [Room C]",
            "2021-04-14 09:00-09:20 Keynote [Room B]",
            "2021-04-14 10:00-10:10 Lightning [Room B]",
            "2021-04-14 14:00-14:10 Closing []",
        ]
    );
}
