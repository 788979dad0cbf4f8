//! Property tests of the schedule formats:
//! - any text an agenda may hold (parentheses, "Moderator:", time ranges,
//!   quotes, markup, newlines in descriptions, the codec's own marker)
//!   goes through `export --format xml` and `import` unchanged: `diff`
//!   finds nothing;
//! - whatever a schedule holds, `import` writes a TOML that `check`
//!   refuses for no reason of reading: only rules the data breaks.

use agenda::{Code, Format, InputFormat};
use proptest::prelude::*;

/// A TOML string literal holding exactly `text`.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Pieces that look like what the XML once carried as prose, or like
/// markup, quoting and the codec's data line.
const PIECES: &[&str] = &[
    "Q&A",
    " (live)",
    "(",
    ")",
    "Moderator: ",
    "10:00–11:00 ",
    "Wed 14 Apr 00:15 +05:45 – 00:20 +05:45 +1d ",
    ", ",
    "[agenda] {\"moderator\":\"Mallory\"}",
    "<b>&amp;</b>",
    "\"",
    "\\",
    "  ",
    "é 日本 🎉",
];

/// A text of one line that is not blank.
fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(PIECES).prop_map(str::to_string),
            "[a-zA-Z0-9 ]{1,8}",
            "\\P{C}{1,4}",
        ],
        1..5,
    )
    .prop_map(|pieces| pieces.concat())
    .prop_filter("a name is not blank", |s| !s.trim().is_empty())
}

/// A description: lines, blank ones and line ends of both kinds too.
fn description() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            line(),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\n\n".to_string()),
            Just(" ".to_string()),
        ],
        0..6,
    )
    .prop_map(|pieces| pieces.concat())
}

#[derive(Debug, Clone)]
struct Item {
    title: String,
    speakers: Vec<String>,
    url: bool,
    description: Option<String>,
}

#[derive(Debug, Clone)]
struct Block {
    kind: &'static str,
    title: String,
    speakers: Vec<String>,
    moderator: Option<String>,
    description: Option<String>,
    room: Option<&'static str>,
    location: Option<String>,
    id: Option<String>,
    items: Vec<Item>,
}

fn item() -> impl Strategy<Value = Item> {
    (
        line(),
        prop::collection::vec(line(), 0..3),
        any::<bool>(),
        prop::option::of(description()),
    )
        .prop_map(|(title, speakers, url, description)| Item {
            title,
            speakers,
            url,
            description,
        })
}

fn block() -> impl Strategy<Value = Block> {
    (
        prop::sample::select(&["session", "tutorial", "discussion"][..]),
        line(),
        prop::collection::vec(line(), 0..3),
        prop::option::of(line()),
        prop::option::of(description()),
        prop::option::of(prop::sample::select(&["Room A", "room a", "Hall B"][..])),
        prop::option::of(line()),
        prop::option::of(prop_oneof![
            line(),
            Just("0a000000-0000-4000-8000-00000000000a".to_string()),
            Just("0A000000-0000-4000-8000-00000000000B".to_string()),
        ]),
        prop::collection::vec(item(), 0..4),
    )
        .prop_map(
            |(kind, title, speakers, moderator, description, room, location, id, items)| Block {
                kind,
                title,
                speakers,
                moderator,
                description,
                room,
                location,
                id,
                items,
            },
        )
}

/// An agenda of one day in Berlin, blocks an hour each from 09:00, one
/// after the other; ids made unique by their place.
fn agenda_text(blocks: &[Block]) -> String {
    let mut text = "[event]\nname = \"Arbitrary text\"\ntimezone = \"Europe/Berlin\"\n\n[[day]]\ndate = 2021-04-13\n".to_string();
    for (i, b) in blocks.iter().enumerate() {
        text.push_str(&format!(
            "\n[[day.block]]\nstart = \"{:02}:00\"\nminutes = 60\nkind = \"{}\"\ntitle = {}\n",
            9 + i,
            b.kind,
            quoted(&b.title)
        ));
        let list = |names: &[String]| {
            names
                .iter()
                .map(|n| quoted(n))
                .collect::<Vec<_>>()
                .join(", ")
        };
        text.push_str(&format!("speakers = [{}]\n", list(&b.speakers)));
        for (key, value) in [
            ("moderator", &b.moderator),
            ("description", &b.description),
            ("location", &b.location),
            ("id", &b.id.as_ref().map(|id| format!("{i}{id}"))),
        ] {
            if let Some(value) = value {
                text.push_str(&format!("{key} = {}\n", quoted(value)));
            }
        }
        if let Some(room) = b.room {
            text.push_str(&format!("room = \"{room}\"\n"));
        }
        let items: Vec<String> = b
            .items
            .iter()
            .enumerate()
            .map(|(j, item)| {
                let mut parts = vec![
                    format!("title = {}", quoted(&item.title)),
                    format!("speakers = [{}]", list(&item.speakers)),
                ];
                if item.url {
                    parts.push(format!("url = \"https://example.org/{i}/{j}\""));
                }
                if let Some(d) = &item.description {
                    parts.push(format!("description = {}", quoted(d)));
                }
                format!("{{ {} }}", parts.join(", "))
            })
            .collect();
        text.push_str(&format!("items = [{}]\n", items.join(", ")));
    }
    text
}

/// A frab schedule XML with what real schedules hold and an agenda
/// cannot: no zone, times to the second, lengths to the second, links
/// without a scheme or of another scheme, control and bidi characters,
/// empty titles and names, events without guid, with one guid twice,
/// straight under their day.
fn schedule() -> impl Strategy<Value = String> {
    let event = (
        (0..2u8, 0..3u8, 0..60u32, 0..4u8),
        (0..600i64, 0..3u8, 0..6u8, 0..6u8),
        (
            prop::collection::vec(0..5u8, 0..3),
            0..5u8,
            any::<bool>(),
            0..3u8,
        ),
    );
    (
        0..4usize,
        any::<bool>(),
        prop::collection::vec(prop::collection::vec(event, 1..6), 1..3),
    )
        .prop_map(|(zone, city, days)| {
            let zone = ["", "Europe/Berlin", "Asia/Kolkata", "America/Santiago"][zone];
            let mut xml = String::from("<?xml version=\"1.0\"?>\n<schedule><version>1</version><conference><title>P&#x1b;roperty</title>");
            if !zone.is_empty() {
                xml.push_str(&format!("<time_zone_name>{zone}</time_zone_name>"));
            }
            if city {
                xml.push_str("<city>Berlin</city><day_change>04:00</day_change>");
            }
            xml.push_str("</conference>\n");
            let texts = ["Talk", "", "&#x1b;]0;x&#7;", "a&#x202e;b", "  ", "(live) Moderator: X"];
            let types = ["Talk", "Workshop", "Break", "Lightning", "", "Panel"];
            let urls = ["", "www.example.org/x", "https://example.org", "javascript:alert(1)", "mailto:a@b.org", "//cdn.example.org/y"];
            for (d, events) in days.iter().enumerate() {
                let date = format!("2024-03-{:02}", 9 + d);
                xml.push_str(&format!("<day index=\"{}\" date=\"{date}\">", d + 1));
                for (e, ((guid, when, seconds, title), (minutes, length_seconds, kind, url), (persons, abstract_text, wrapped, id))) in events.iter().enumerate() {
                    let hour = 8 + e * 3;
                    let time = format!("{hour:02}:{:02}:{seconds:02}", e * 7 % 60);
                    let mut event = String::new();
                    let guid = match guid {
                        0 => String::new(),
                        _ => format!(" guid=\"0b000000-0000-4000-8000-{:012}\"", (d * 10 + e) % 3),
                    };
                    let id = match id {
                        0 => String::new(),
                        n => format!(" id=\"{n}\""),
                    };
                    event.push_str(&format!("<event{guid}{id}><room>Hall {}</room>", e % 2));
                    match when {
                        0 => event.push_str(&format!("<date>{date}T{time}+01:00</date>")),
                        1 => event.push_str(&format!("<date>{date}T{time}</date>")),
                        _ => event.push_str(&format!("<start>{time}</start>")),
                    }
                    let secs = if *length_seconds == 0 { String::new() } else { format!(":{:02}", length_seconds * 17) };
                    event.push_str(&format!("<duration>{:02}:{:02}{secs}</duration>", minutes / 60, minutes % 60));
                    event.push_str(&format!("<title>{}</title><type>{}</type>", texts[*title as usize], types[*kind as usize]));
                    event.push_str("<persons>");
                    for p in persons {
                        event.push_str(&format!("<person>{}</person>", texts[*p as usize]));
                    }
                    event.push_str("</persons>");
                    event.push_str(&format!("<abstract>{}</abstract>", texts[*abstract_text as usize]));
                    if !urls[*url as usize].is_empty() {
                        event.push_str(&format!("<url>{}</url>", urls[*url as usize]));
                    }
                    event.push_str("</event>");
                    if *wrapped {
                        xml.push_str(&format!("<room name=\"Hall {}\">{event}</room>", e % 2));
                    } else {
                        xml.push_str(&event);
                    }
                }
                xml.push_str("</day>\n");
            }
            xml.push_str("</schedule>\n");
            xml
        })
}

/// Findings that say the data breaks a rule of the programme, which an
/// import keeps (they are real), as against one that the file could not
/// be read as written.
fn about_the_data(code: Code) -> bool {
    matches!(
        code,
        Code::Overlap
            | Code::DoubleBooking
            | Code::TalkLength
            | Code::DuplicateId
            | Code::NoModerator
            | Code::Gap
            | Code::Order
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Arbitrary text through frab XML and back: `diff` finds no change.
    #[test]
    fn any_text_survives_xml_and_back(blocks in prop::collection::vec(block(), 1..6)) {
        let text = agenda_text(&blocks);
        let checked = agenda::load(&text);
        let errors: Vec<_> = checked.findings.iter().filter(|f| f.is_error()).collect();
        prop_assert!(errors.is_empty(), "{errors:#?}\n{text}");
        let agenda = checked.agenda.expect("a model");
        let xml = Format::Xml.renderer().render(&agenda, &super::view(chrono_tz::UTC)).expect("renders");
        let mut findings = Vec::new();
        let imported = agenda::import(&xml, InputFormat::FrabXml, &mut findings);
        prop_assert!(findings.is_empty(), "{findings:#?}\n{xml}");
        let toml = agenda::to_toml(&imported.expect("imports"));
        let back = agenda::load(&toml);
        let errors: Vec<_> = back.findings.iter().filter(|f| f.is_error()).collect();
        prop_assert!(errors.is_empty(), "{errors:#?}\n{toml}");
        let report = agenda::diff(&agenda, &back.agenda.expect("a model"));
        prop_assert!(report.is_empty(), "{report:#?}\n{text}\n{xml}\n{toml}");
    }

    /// Whatever a schedule holds, the TOML `import` writes reads back
    /// whole: `check` finds only what the programme itself breaks.
    #[test]
    fn imports_check_with_no_reading_error(xml in schedule()) {
        let mut findings = Vec::new();
        let Some(imported) = agenda::import(&xml, InputFormat::FrabXml, &mut findings) else {
            // Every event left out: each one reported.
            prop_assert!(findings.iter().any(|f| f.is_error()), "{findings:#?}\n{xml}");
            return Ok(());
        };
        let toml = agenda::to_toml(&imported);
        let back = agenda::load(&toml);
        let reading: Vec<_> = back.findings.iter().filter(|f| !about_the_data(f.code)).collect();
        prop_assert!(reading.is_empty(), "{reading:#?}\n{xml}\n{toml}");
    }
}
