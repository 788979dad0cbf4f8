//! One reader per input format, each producing the format-neutral
//! declarations of [`crate::decl`] (`AgendaFile` and the rest), with the
//! byte span in the input of every value so that findings point into the
//! file the user gave.
//!
//! - agenda TOML: [`self::toml::parse`];
//! - frab/c3voc schedule XML in all its dialects: [`frab_xml`];
//! - schedule JSON, as pretalx and frab export it: [`schedule_json`];
//! - the c3voc hub's schedule2 JSON: [`schedule2`].
//!
//! Both JSON dialects are read from one spanned tree ([`json`]), told
//! apart by content. The schedule formats carry the same data; every
//! reader fills one [`schedule::Schedule`], and [`schedule::convert`]
//! turns that into declarations once, so the same programme in any format
//! gives the same agenda.

use std::fmt;
use std::str::FromStr;

use crate::decl::validate::{validate, Escapes};
use crate::decl::AgendaFile;
use crate::diagnostic::{Code, Finding};

pub(crate) mod frab_xml;
pub(crate) mod input;
pub(crate) mod json;
pub(crate) mod schedule;
pub(crate) mod schedule2;
pub(crate) mod schedule_json;
pub(crate) mod toml;

/// The formats `agenda` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray)]
pub enum InputFormat {
    /// The agenda TOML of docs/agenda-file.md.
    Toml,
    /// frab/c3voc schedule XML.
    FrabXml,
    /// Schedule JSON: pretalx's `/schedule/export/schedule.json`, or the
    /// hub's schedule2 when its content says so.
    ScheduleJson,
    /// The c3voc hub's schedule2 JSON (`schedule.events[]`), named.
    Schedule2,
}

impl InputFormat {
    /// The names `--from` accepts, one per format (each format's
    /// [`InputFormat::name`]).
    pub(crate) fn names() -> Vec<&'static str> {
        <Self as strum::VariantArray>::VARIANTS
            .iter()
            .map(|format| format.name())
            .collect()
    }

    /// The name `--from` takes.
    pub(crate) fn name(self) -> &'static str {
        match self {
            InputFormat::Toml => "toml",
            InputFormat::FrabXml => "xml",
            InputFormat::ScheduleJson => "json",
            InputFormat::Schedule2 => "schedule2",
        }
    }

    /// What it is, for messages.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            InputFormat::Toml => "agenda TOML",
            InputFormat::FrabXml => "frab schedule XML",
            InputFormat::ScheduleJson => "schedule JSON",
            InputFormat::Schedule2 => "schedule2 JSON",
        }
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for InputFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "toml" => Ok(InputFormat::Toml),
            "xml" | "frab" | "frab-xml" => Ok(InputFormat::FrabXml),
            "json" | "schedule-json" | "pretalx" => Ok(InputFormat::ScheduleJson),
            "schedule2" | "hub" => Ok(InputFormat::Schedule2),
            _ => Err(format!(
                "unknown input format `{s}`; formats are {}",
                Self::names().join(", ")
            )),
        }
    }
}

/// The format of `text`, from its first character: neither TOML key nor
/// table header may start with `<` or `{`, so an XML document
/// (`<?xml`, `<schedule>`) or a JSON object (`{"schedule": ...}`) is
/// told apart from an agenda without guessing further.
pub(crate) fn detect(text: &str) -> InputFormat {
    match text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .next()
    {
        Some('<') => InputFormat::FrabXml,
        Some('{') => InputFormat::ScheduleJson,
        _ => InputFormat::Toml,
    }
}

/// Reads `text` in `format` (detected when `None`) into declarations,
/// with the rules every format gets applied ([`validate`]). Every problem
/// found is pushed to `findings`; `None` when nothing usable could be
/// read.
pub(crate) fn read(
    text: &str,
    format: Option<InputFormat>,
    findings: &mut Vec<Finding>,
) -> Option<AgendaFile> {
    let format = format.unwrap_or_else(|| detect(text));
    let mut file = match format {
        InputFormat::Toml => self::toml::parse(text, findings),
        other => read_schedule(text, other, findings).map(|imported| imported.file),
    }?;
    let escapes = match format {
        InputFormat::FrabXml => Escapes::Xml,
        InputFormat::Toml | InputFormat::ScheduleJson | InputFormat::Schedule2 => {
            Escapes::Backslash
        }
    };
    validate(&mut file, text, escapes, findings);
    Some(file)
}

/// Reads a schedule (XML or JSON) into declarations as the schedule gives
/// them, and what the import learned about it. `None` for TOML, or when
/// nothing usable could be read.
pub(crate) fn read_schedule(
    text: &str,
    format: InputFormat,
    findings: &mut Vec<Finding>,
) -> Option<schedule::Imported> {
    // Neither XML nor JSON allows a raw control character (but tab and
    // line ends); one is named at once, as the TOML reader does.
    if let Some((at, c)) = text
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        findings.push(
            Finding::new(
                Code::ControlCharacter,
                at..at + c.len_utf8(),
                format!(
                    "the file contains a control character (U+{:04X}), which {} does not allow",
                    u32::from(c),
                    format.describe()
                ),
            )
            .label("control character here"),
        );
        return None;
    }
    let parsed = match format {
        InputFormat::Toml => return None,
        InputFormat::FrabXml => frab_xml::parse(text, findings),
        InputFormat::ScheduleJson | InputFormat::Schedule2 => {
            let root = match json::parse(text) {
                Ok(root) => root,
                Err(err) => {
                    findings.push(
                        Finding::new(
                            Code::MalformedJson,
                            err.at..err.at,
                            format!("malformed JSON: {}", err.message),
                        )
                        .label("here")
                        .help("the file must be one JSON object, {\"schedule\": {...}}"),
                    );
                    return None;
                }
            };
            if format == InputFormat::Schedule2 || schedule2::is_schedule2(&root) {
                schedule2::parse(&root, findings)
            } else {
                schedule_json::parse(&root, findings)
            }
        }
    }?;
    schedule::convert(parsed, format, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_format_from_content() {
        assert_eq!(
            detect("<?xml version=\"1.0\"?><schedule/>"),
            InputFormat::FrabXml
        );
        assert_eq!(detect("\u{feff}\n  <schedule>"), InputFormat::FrabXml);
        assert_eq!(detect("{\"schedule\": {}}"), InputFormat::ScheduleJson);
        assert_eq!(detect(" \n{ \"schedule\": 1 }"), InputFormat::ScheduleJson);
        assert_eq!(detect("[event]\nname = \"x\""), InputFormat::Toml);
        assert_eq!(detect("# <schedule>\n[event]"), InputFormat::Toml);
        assert_eq!(detect(""), InputFormat::Toml);
    }

    #[test]
    fn control_characters_never_reach_a_message_raw() {
        let mut findings = Vec::new();
        let raw = "<schedule>\u{1b}</schedule>";
        assert!(read_schedule(raw, InputFormat::FrabXml, &mut findings).is_none());
        assert_eq!(findings[0].span, 10..11);
        // Written as a reference, it reaches the value, and the message
        // spells it out.
        let xml = "<schedule><version>1</version><conference><time_zone_name>UTC</time_zone_name></conference>\
            <day index=\"1\" date=\"2021-04-13\"><room name=\"R\"><event guid=\"g\"><title>T</title>\
            <date>2021-04-13T10:00:00Z&#27;[31m</date><duration>00:10</duration></event></room></day></schedule>";
        let mut findings = Vec::new();
        assert!(read_schedule(xml, InputFormat::FrabXml, &mut findings).is_none());
        let message = &findings[0].message;
        assert!(
            message.contains("2021-04-13T10:00:00Z\\u{1b}[31m"),
            "{message}"
        );
        assert!(!message.contains('\u{1b}'));
    }

    #[test]
    fn a_day_without_date_takes_the_date_of_its_start() {
        // 23:30 on 12 April at UTC-04:00 is 03:30 UTC on the 13th; in
        // Santiago it is still the 12th.
        let xml = "<schedule><version>1</version><conference><time_zone_name>America/Santiago</time_zone_name></conference>\
            <day index=\"1\" start=\"2021-04-12T23:30:00-04:00\" end=\"2021-04-13T01:00:00-04:00\"><room name=\"R\">\
            <event guid=\"g\"><title>T</title><date>2021-04-12T23:30:00-04:00</date><duration>00:10</duration></event>\
            </room></day></schedule>";
        let mut findings = Vec::new();
        let imported = read_schedule(xml, InputFormat::FrabXml, &mut findings).unwrap();
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(imported.file.days[0].date.value.to_string(), "2021-04-12");
        // Without either, the day has no date, but the event gives its
        // own: it is kept, on the day of that date.
        let no_start = xml.replace(" start=\"2021-04-12T23:30:00-04:00\"", "");
        let mut findings = Vec::new();
        let imported = read_schedule(&no_start, InputFormat::FrabXml, &mut findings).unwrap();
        assert_eq!(
            findings[0].message,
            "a <day> has neither a `date` nor a usable start"
        );
        // And no other: a day without a date lists no date to differ from.
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(imported.file.days[0].date.value.to_string(), "2021-04-12");
        assert_eq!(imported.file.days[0].blocks.len(), 1);
    }

    #[test]
    fn format_names() {
        assert_eq!(InputFormat::names(), ["toml", "xml", "json", "schedule2"]);
        for name in InputFormat::names() {
            assert_eq!(name.parse::<InputFormat>().map(|f| f.name()), Ok(name));
        }
        assert_eq!("FRAB".parse(), Ok(InputFormat::FrabXml));
        assert!("yaml".parse::<InputFormat>().is_err());
    }
}
