//! The parse-and-check path of `agenda check` and `agenda show` on
//! arbitrary bytes: it must return findings or a programme, never panic or
//! hang. Every programme is rendered too, in a zone far from UTC, as the
//! views render it whatever rules it breaks: one without errors must
//! render in every format, any other may fail only with a `RenderError`.
#![no_main]

use agenda::Source;
use agenda::{Format, View};
use agenda::{Zone, ZoneSource};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let checked = agenda::load(text);
    let source = Source::new("fuzz.toml", text);
    let mut out = Vec::new();
    source
        .report(&checked.findings, false, &mut out)
        .expect("writing to memory");
    let _ = source.to_json(&checked.findings);
    if let Some(agenda) = &checked.agenda {
        let view = View {
            zones: vec![
                (Zone::get("Pacific/Chatham").expect("Chatham"), ZoneSource::Flag),
                (Zone::get("America/Santiago").expect("Santiago"), ZoneSource::Flag),
            ],
            breaks: true,
            alarm: Some(10),
            generated: chrono::DateTime::UNIX_EPOCH,
            // A terminal, so that the table's wrapping and stacking run too.
            width: Some(80),
            tzdb: None,
        };
        for format in [Format::Table, Format::Ics, Format::Json, Format::Markdown, Format::Html, Format::Xml] {
            let rendered = format.renderer().render(agenda, &view);
            if !checked.has_errors() {
                rendered.expect("a checked agenda renders");
            }
        }
    }
});
