//! `agenda diff` on two arbitrary agendas, written one after the other and
//! separated by a line `%%%%` (or one agenda, compared with itself), with
//! or without errors, as `diff` takes them: the matching must never panic
//! or take quadratic time, an agenda must never differ from itself (its
//! conflicts included), and the report renders in both formats.
#![no_main]

use agenda::{diff, render_diff, DiffFormat};
use agenda::Zone;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (old, new) = text.split_once("\n%%%%\n").unwrap_or((text, text));
    let load = |text: &str| agenda::load(text).agenda;
    let (Some(old), Some(new)) = (load(old), load(new)) else {
        return;
    };
    assert!(diff(&old, &old).is_empty(), "an agenda differs from itself");
    assert!(diff(&new, &new).is_empty(), "an agenda differs from itself");
    let report = diff(&old, &new);
    let zones = [
        Zone::get("Pacific/Chatham").expect("Chatham"),
        Zone::get("America/Santiago").expect("Santiago"),
    ];
    for format in [DiffFormat::Text, DiffFormat::Markdown] {
        let _ = render_diff(&report, &zones, format);
    }
});
