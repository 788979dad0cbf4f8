//! The schedule readers and `agenda import` on arbitrary bytes, read as
//! frab XML and as schedule JSON: findings or an agenda, never a panic or
//! a hang; findings point inside the input; and the TOML the import
//! writes reads back without a TOML error, so escaping never breaks it.
#![no_main]

use agenda::{import, InputFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in [InputFormat::FrabXml, InputFormat::ScheduleJson, InputFormat::Schedule2] {
        let mut findings = Vec::new();
        let imported = import(text, format, &mut findings);
        for f in &findings {
            assert!(f.span.start <= f.span.end && f.span.end <= text.len(), "{f:?}");
        }
        if let Some(imported) = imported {
            let toml = agenda::to_toml(&imported);
            let back = agenda::load(&toml);
            assert!(
                !back.findings.iter().any(|f| f.message.starts_with("invalid TOML")),
                "{toml}"
            );
        }
    }
});
