//! The frab schedule XML, rendered through the library and validated with
//! `xmllint --schema` against the published XSD.

use std::path::{Path, PathBuf};
use std::process::Command;

use agenda::{Format, View};

use crate::harness::Test;

/// The published XSD, vendored in `schemas/` (EUPL-1.2; see its README)
/// so that a clone of the repository stands alone.
fn schema() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/frab-schedule.xsd")
}

fn render_text(text: &str) -> String {
    let checked = agenda::load(text);
    assert!(!checked.has_errors(), "agenda has errors");
    let view = View {
        zones: vec![(agenda::Zone::utc(), agenda::ZoneSource::Flag)],
        breaks: false,
        alarm: None,
        generated: chrono::DateTime::UNIX_EPOCH,
        width: None,
        tzdb: None,
    };
    Format::Xml
        .renderer()
        .render(&checked.agenda.unwrap(), &view)
        .unwrap()
}

fn render(path: &str) -> String {
    render_text(&std::fs::read_to_string(path).unwrap())
}

fn xmllint() -> bool {
    if Command::new("xmllint").arg("--version").output().is_ok() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("xmllint is not installed; .ci/run installs libxml2-utils");
    }
    eprintln!("skipped: xmllint is not installed (CI installs libxml2-utils)");
    false
}

/// Runs `xmllint --noout --schema` and returns its verdict and messages.
fn validate(xml: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("schedule.xml");
    std::fs::write(&file, xml).unwrap();
    let output = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(schema())
        .arg(&file)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The text of the first `<name>` element after `from`.
fn element<'a>(xml: &'a str, from: usize, name: &str) -> &'a str {
    let open = format!("<{name}>");
    let at = xml[from..].find(&open).unwrap() + from + open.len();
    let len = xml[at..].find(&format!("</{name}>")).unwrap();
    &xml[at..at + len]
}

/// Where the event titled `title` starts in `xml`.
fn event(xml: &str, title: &str) -> usize {
    let at = xml
        .find(&format!("<title>{title}</title>"))
        .unwrap_or_else(|| panic!("no event {title}"));
    xml[..at].rfind("<event ").unwrap()
}

#[test]
fn bundled_agenda_is_valid() {
    if !xmllint() {
        return;
    }
    let (ok, messages) = validate(&render("agenda.toml"));
    assert!(ok, "{messages}");
}

#[test]
fn multiday_rooms_fixture_is_valid() {
    if !xmllint() {
        return;
    }
    let (ok, messages) = validate(&render("tests/fixtures/publish/multiday_rooms.toml"));
    assert!(ok, "{messages}");
}

#[test]
fn the_schema_check_can_fail() {
    if !xmllint() {
        return;
    }
    // A duration frab cannot read must be refused by the same check.
    let xml = render("agenda.toml").replacen(
        "<duration>00:10</duration>",
        "<duration>10 min</duration>",
        1,
    );
    let (ok, messages) = validate(&xml);
    assert!(!ok);
    assert!(messages.contains("duration"), "{messages}");
}

#[test]
fn conference_and_day_headers() {
    let xml = render("tests/fixtures/publish/multiday_rooms.toml");
    assert!(xml.contains("<title>Brokers &lt;&amp;&gt; Friends &quot;Spring&quot; School</title>"));
    assert!(xml.contains("<acronym>spring-school-2021</acronym>"));
    assert!(xml.contains("<start>2021-03-27</start>"));
    assert!(xml.contains("<end>2021-03-29</end>"));
    assert!(xml.contains("<days>3</days>"));
    assert!(xml.contains("<time_zone_name>Europe/Berlin</time_zone_name>"));
    assert!(xml.contains("<base_url>https://example.org/spring-school</base_url>"));
    // Berlin is at +01:00 before 28 March 2021 01:00 UTC and +02:00 after.
    // Saturday runs to its declared end, 18:00.
    assert!(xml.contains(
        "<day index=\"1\" date=\"2021-03-27\" start=\"2021-03-27T16:00:00+01:00\" end=\"2021-03-27T18:00:00+01:00\">"
    ));
    assert!(xml.contains(
        "<day index=\"2\" date=\"2021-03-28\" start=\"2021-03-28T10:00:00+02:00\" end=\"2021-03-28T11:30:00+02:00\">"
    ));
    assert!(xml.contains("<day index=\"3\" date=\"2021-03-29\""));
}

#[test]
fn plenaries_go_to_the_location_room_and_breakouts_to_theirs() {
    let xml = render("tests/fixtures/publish/multiday_rooms.toml");
    let sunday = &xml[xml.find("date=\"2021-03-28\"").unwrap()..];
    let sunday = &sunday[..sunday.find("</day>").unwrap()];
    let rooms: Vec<&str> = sunday
        .match_indices("<room name=\"")
        .map(|(i, m)| {
            let rest = &sunday[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(rooms, ["Jitsi", "Room A", "Room B"]);
    let keynote = event(&xml, "Keynote: the night sky in 2030");
    assert_eq!(element(&xml, keynote, "room"), "Jitsi");
    assert_eq!(element(&xml, keynote, "date"), "2021-03-28T10:00:00+02:00");
    assert_eq!(element(&xml, keynote, "start"), "10:00");
    assert_eq!(element(&xml, keynote, "duration"), "00:20");
    assert_eq!(element(&xml, keynote, "type"), "talk");
    assert_eq!(element(&xml, keynote, "track"), "Talk");
    assert_eq!(element(&xml, keynote, "person"), "Vera Rubin");
    let followup = event(&xml, "Breakout: follow-up");
    assert_eq!(element(&xml, followup, "room"), "Room B");
    assert_eq!(element(&xml, followup, "duration"), "00:45");
    assert_eq!(element(&xml, followup, "person"), "Grace Hopper");

    // Without a location, plenaries go to a room named for the event.
    let text = std::fs::read_to_string("agenda.toml")
        .unwrap()
        .replace("location = \"Zoom\"\n", "");
    let xml = render_text(&text);
    assert!(xml.contains("<room name=\"LSSTC Enabling Science Broker Workshop 2021 · Part II\">"));
}

/// The moderator and items are in the abstract twice: as lines for the
/// people who read it in an app, then as the one data line of
/// `frab_codec` (JSON, keys in alphabetical order, escaped for XML) that
/// `import` reads back; the block's `id` is there too, since its guid is
/// not that id.
#[test]
fn tutorial_items_are_in_the_abstract_with_times() {
    let xml = render("tests/fixtures/publish/multiday_rooms.toml");
    let streams = event(&xml, "Alert streams &lt;hands-on&gt;");
    assert_eq!(element(&xml, streams, "date"), "2021-03-27T16:20:00+01:00");
    assert_eq!(
        element(&xml, streams, "abstract"),
        "Moderator: Grace Hopper&#10;16:20–16:30 Kafka basics&#10;\
         16:30–16:50 Filtering alerts (Ada Lovelace)&#10;16:50–17:00 Questions&#10;&#10;\
         [agenda] {&quot;id&quot;:&quot;streams&quot;,&quot;items&quot;:[\
         {&quot;minutes&quot;:10,&quot;title&quot;:&quot;Kafka basics&quot;},\
         {&quot;minutes&quot;:20,&quot;speakers&quot;:[&quot;Ada Lovelace&quot;],&quot;title&quot;:&quot;Filtering alerts&quot;},\
         {&quot;minutes&quot;:10,&quot;title&quot;:&quot;Questions&quot;}],\
         &quot;moderator&quot;:&quot;Grace Hopper&quot;,&quot;summary&quot;:4}"
    );
    // A talk that frab's elements carry whole has its description as its
    // abstract, and no data line.
    let welcome = event(&xml, "Welcome &amp; overview");
    assert!(!element(&xml, welcome, "abstract").contains("[agenda]"));
    let xml = render("agenda.toml");
    let first = event(&xml, "Broker interfaces I");
    assert!(element(&xml, first, "abstract").contains("15:00–15:10 ANTARES&#10;&#10;[agenda] {"));
}

#[test]
fn guids_are_stable_when_a_block_moves() {
    let before = render("agenda.toml");
    let text = std::fs::read_to_string("agenda.toml")
        .unwrap()
        .replace("start = \"16:35\"", "start = \"16:40\"")
        .replace("minutes = 50", "minutes = 45");
    let after = render_text(&text);
    let attrs = |xml: &str| {
        let at = event(xml, "Output from brokers");
        xml[at..at + xml[at..].find('>').unwrap()].to_string()
    };
    assert_eq!(attrs(&before), attrs(&after));
    assert_ne!(
        element(&before, event(&before, "Output from brokers"), "start"),
        element(&after, event(&after, "Output from brokers"), "start")
    );
    // ...and the schedule's version tells apps it changed.
    assert_ne!(
        element(&before, 0, "version"),
        element(&after, 0, "version")
    );
    assert_eq!(render("agenda.toml"), before);
}

fn export(args: &[&str]) -> String {
    Test::new()
        .in_root()
        .env("SOURCE_DATE_EPOCH", "0")
        .args(args)
        .run()
        .stdout
}

#[test]
fn export_command_writes_valid_xml_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schedule.xml");
    export(&[
        "export",
        "-f",
        "tests/fixtures/publish/multiday_rooms.toml",
        "--format",
        "xml",
        "-o",
        out.to_str().unwrap(),
    ]);
    let xml = std::fs::read_to_string(&out).unwrap();
    assert_eq!(xml, render("tests/fixtures/publish/multiday_rooms.toml"));
    if xmllint() {
        let (ok, messages) = validate(&xml);
        assert!(ok, "{messages}");
    }
}

/// Every attribute `name="…"` in `text`.
fn attributes<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!(" {name}=\"");
    text.match_indices(&open)
        .map(|(i, _)| {
            let rest = &text[i + open.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn guids_are_the_calendar_uids() {
    for file in ["agenda.toml", "tests/fixtures/publish/multiday_rooms.toml"] {
        let xml = export(&["export", "-f", file, "--format", "xml"]);
        let ics = export(&["export", "-f", file, "--breaks"]);
        let mut guids: Vec<String> = attributes(&xml, "guid")
            .into_iter()
            .map(String::from)
            .collect();
        let mut uids: Vec<String> = ics
            .lines()
            .filter_map(|l| l.strip_prefix("UID:"))
            .map(|uid| uid.split('@').next().unwrap().to_string())
            .collect();
        guids.sort();
        uids.sort();
        assert!(!guids.is_empty());
        assert_eq!(guids, uids, "{file}");
    }
}

/// A block whose `id` is a UUID keeps it as its guid (lower case, as the
/// schema writes it), so that apps and the c3voc tools that key talks on
/// guid follow it; any other block gets the calendar UID's UUID.
#[test]
fn a_uuid_id_is_the_guid() {
    let text = "[event]\nname = \"Ids\"\ntimezone = \"UTC\"\n\n[[day]]\ndate = 2021-04-13\n\n\
        [[day.block]]\nstart = \"10:00\"\nminutes = 10\nkind = \"talk\"\ntitle = \"Kept\"\nid = \"6b5e3ac3-6e1c-5e0b-8f3a-5d2b4c1a9e01\"\n\n\
        [[day.block]]\nstart = \"10:10\"\nminutes = 10\nkind = \"talk\"\ntitle = \"Upper\"\nid = \"6B5E3AC3-6E1C-5E0B-8F3A-5D2B4C1A9E02\"\n\n\
        [[day.block]]\nstart = \"10:20\"\nminutes = 10\nkind = \"talk\"\ntitle = \"Named\"\nid = \"named\"\n";
    let xml = render_text(text);
    let guids = attributes(&xml, "guid");
    assert_eq!(guids[0], "6b5e3ac3-6e1c-5e0b-8f3a-5d2b4c1a9e01");
    assert_eq!(guids[1], "6b5e3ac3-6e1c-5e0b-8f3a-5d2b4c1a9e02");
    // Not a UUID: a UUID v5 of the event and the block's key, as the
    // calendar UID is (so neither of the ids above).
    assert_eq!(guids[2].len(), 36);
    assert!(!guids[2].starts_with("6b5e3ac3"));
    // The ids that are not the guid as written ride in the data line, so
    // that an import gives them back.
    let upper = event(&xml, "Upper");
    assert!(element(&xml, upper, "abstract")
        .contains("&quot;id&quot;:&quot;6B5E3AC3-6E1C-5E0B-8F3A-5D2B4C1A9E02&quot;"));
    assert_eq!(element(&xml, event(&xml, "Kept"), "abstract"), "");
    if xmllint() {
        let (ok, messages) = validate(&xml);
        assert!(ok, "{messages}");
    }
}

/// frab XML needs at least one day: a programme with no block is refused
/// with a message that says why, and no file is written.
#[test]
fn an_empty_programme_is_refused() {
    let run = Test::new()
        .write(
            "empty.toml",
            "[event]\nname = \"Nothing yet\"\ntimezone = \"UTC\"\n\n[[day]]\ndate = 2021-04-13\n",
        )
        .args(["export", "--format", "xml", "-f", "empty.toml", "-o", "schedule.xml"])
        .status(1)
        .stderr_contains("nothing to export: the programme has no blocks, and frab schedule XML needs at least one day")
        .run();
    assert!(!run.path("schedule.xml").exists());
}

/// Liberia's clocks were at UTC-00:44:30 until 1972: RFC 3339 and the
/// schema take no seconds in an offset, so those times are written in
/// UTC. 10:00 at -00:44:30 is 10:44:30 UTC; the block ends 10 minutes
/// later, and the day with it.
#[test]
fn offsets_with_seconds_are_written_in_utc() {
    let xml = render("fuzz/seeds/monrovia.toml");
    assert_eq!(
        element(&xml, event(&xml, "T"), "date"),
        "1960-04-13T10:44:30Z"
    );
    assert!(xml.contains(" start=\"1960-04-13T10:44:30Z\" end=\"1960-04-13T10:54:30Z\">"));
    if xmllint() {
        let (ok, messages) = validate(&xml);
        assert!(ok, "{messages}");
    }
    let json = Test::new()
        .in_root()
        .args([
            "export",
            "--format",
            "json",
            "-f",
            "fuzz/seeds/monrovia.toml",
        ])
        .run()
        .stdout;
    assert!(
        json.contains("\"start_local\": \"1960-04-13T10:44:30Z\""),
        "{json}"
    );
}
