//! Reading an agenda one `[[day]]` at a time, which keeps `toml`'s
//! memory small on a programme of 100,000 blocks, and gives exactly what
//! reading the file whole gives (the test below holds it to that).

use toml::de::DeTable;

use super::Reader;
use crate::decl::{AgendaFile, BlockDecl, DayDecl, ItemDecl, Origin};
use crate::diagnostic::{Finding, Span};

/// Parses the file one `[[day]]` at a time: the text before the first
/// `[[day]]` header, then each day from its header to the next. `toml`
/// holds every token and event of the document it parses, which for a
/// programme of 100,000 blocks is hundreds of megabytes; a day at a time
/// it is a few hundred kilobytes, reused while still in cache.
///
/// TOML state does not cross a top-level `[[day]]` header: each starts a
/// fresh table, appended to the `day` array. So when every piece parses
/// and no piece but the days' own touches `day`, and the days' pieces
/// touch nothing else, the result is the document's, spans aside, which
/// are moved back to where they stand in the file. Otherwise (a header
/// inside a multi-line string, `[event.x]` after a day, invalid TOML...)
/// `None`, and the caller parses the file whole, so that every error is
/// reported exactly as before.
pub(super) fn parse_by_day(text: &str, findings: &mut Vec<Finding>) -> Option<Option<AgendaFile>> {
    let starts = day_headers(text);
    let first = *starts.first()?;
    let head = DeTable::parse(&text[..first]).ok()?;
    let head_span = head.span();
    let head = head.get_ref();
    if head.contains_key("day") {
        return None;
    }
    let mut r = Reader::new(findings);
    let (event, rules, people) = r.head(head, &head_span);
    let mut days = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let piece = DeTable::parse(&text[start..end]).ok()?;
        let piece = piece.get_ref();
        if piece.len() != 1 {
            return None;
        }
        let from = r.findings.len();
        let mut read = r.days(piece.get("day")?);
        for finding in &mut r.findings[from..] {
            shift(&mut finding.span, start);
            for (span, _) in &mut finding.related {
                shift(span, start);
            }
            for span in &mut finding.blocks {
                shift(span, start);
            }
        }
        for day in &mut read {
            day.shift(start);
        }
        days.append(&mut read);
    }
    Some(event.map(|event| AgendaFile {
        origin: Origin::Agenda,
        event,
        rules,
        days,
        people,
        declared_blocks: r.blocks,
    }))
}

/// Where each line that starts with a `[[day]]` header begins: one pass
/// over the lines, so that a line holding `[[day]]` many times (in a
/// comment) costs no more than any other.
fn day_headers(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start_matches([' ', '\t']).starts_with("[[day]]") {
            starts.push(at);
        }
        at += line.len();
    }
    starts
}

/// Moves `span` `by` bytes further into the file.
fn shift(span: &mut Span, by: usize) {
    span.start += by;
    span.end += by;
}

impl DayDecl {
    /// Moves every span of the day `by` bytes: for a day read from a piece
    /// of the file that starts there.
    fn shift(&mut self, by: usize) {
        shift(&mut self.span, by);
        shift(&mut self.date.span, by);
        if let Some(end) = &mut self.end {
            shift(&mut end.span, by);
        }
        if let Some(name) = &mut self.name {
            shift(&mut name.span, by);
        }
        for block in &mut self.blocks {
            block.shift(by);
        }
    }
}

impl BlockDecl {
    fn shift(&mut self, by: usize) {
        for span in [
            &mut self.span,
            &mut self.start.span,
            &mut self.length.span,
            &mut self.kind.span,
            &mut self.title.span,
            &mut self.speakers_span,
            &mut self.items_span,
        ] {
            shift(span, by);
        }
        for located in [
            &mut self.moderator,
            &mut self.id,
            &mut self.room,
            &mut self.location,
            &mut self.url,
            &mut self.description,
        ]
        .into_iter()
        .flatten()
        {
            shift(&mut located.span, by);
        }
        for speaker in &mut self.speakers {
            shift(&mut speaker.span, by);
        }
        for item in &mut self.items {
            item.shift(by);
        }
    }
}

impl ItemDecl {
    fn shift(&mut self, by: usize) {
        for span in [
            &mut self.span,
            &mut self.title.span,
            &mut self.speakers_span,
        ] {
            shift(span, by);
        }
        if let Some(minutes) = &mut self.minutes {
            shift(&mut minutes.span, by);
        }
        for located in [&mut self.url, &mut self.description].into_iter().flatten() {
            shift(&mut located.span, by);
        }
        for speaker in &mut self.speakers {
            shift(&mut speaker.span, by);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{control_character, parse, parse_whole};
    use super::*;

    /// Every `.toml` under `tests/fixtures`, and the bundled agenda.
    fn fixture_texts() -> Vec<String> {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "toml") {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        out.push(text);
                    }
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = vec![std::fs::read_to_string(root.join("agenda.toml")).unwrap()];
        walk(&root.join("tests/fixtures"), &mut texts);
        texts
    }

    const EVENT: &str = "[event]\nname = \"E\"\ntimezone = \"Europe/Berlin\"\n";

    /// Days full of problems, one finding of each sort the reader makes.
    const FAULTY_DAYS: &str = r#"
[[day]]
date = 2021-04-13
end = "18:00"
colour = "red"

[[day.block]]
start = "10:00"
minutes = 10
end = "10:10"
kind = "talk"
title = "Both lengths"

[[day.block]]
start = 10:10:00
minutes = -5
kind = "break"
speaker = "Nobody"
moderator = "Nobody"
items = ["x"]

[[day.block]]
start = "25:00"
minutes = 10
kind = "tlak"
title = 3

  [[day]] # indented, with a comment
date = "2021-04-14"
name = "Second"

[[day.block]]
start = "10:00"
minutes = 45
kind = "tutorial"
title = "Items"
moderator = "Mo"
id = "t"
speakers = ["A", 1]
speaker = "B"
items = ["One", { title = "Two", minutes = 0 }, { minutes = 5 }, { title = "Four", sprekers = [] }, 7]

[[day]]
date = "2021-02-30"

[[day.block]]
minutes = 10
kind = "session"
title = "No start"
"#;

    #[test]
    fn reading_by_day_gives_what_reading_whole_gives() {
        let fixtures = fixture_texts();
        let mut by_day = vec![format!("{EVENT}{FAULTY_DAYS}")];
        by_day.push(format!("{EVENT}{FAULTY_DAYS}").replace('\n', "\r\n"));
        // No [event]: the days are still read and reported.
        by_day.push(FAULTY_DAYS.to_string());
        let whole_only = [
            // A `[[day]]` line inside a multi-line string is no header.
            format!("{EVENT}description = \"\"\"\n[[day]]\n\"\"\"\n{FAULTY_DAYS}"),
            // A table after the days that is not part of one.
            format!("{EVENT}{FAULTY_DAYS}\n[event.extra]\nx = 1\n"),
            format!("{EVENT}{FAULTY_DAYS}\n[rules]\nitem_minutes = 5\n"),
            // `day` before the first header.
            format!("day = 3\n{EVENT}{FAULTY_DAYS}"),
            format!("{EVENT}[day.x]\n{FAULTY_DAYS}"),
            // Invalid TOML in a day.
            format!("{EVENT}{FAULTY_DAYS}\n[[day]]\ndate = \n"),
            // No day at all.
            EVENT.to_string(),
            String::new(),
        ];
        // Every fixture, good or bad, reads the same both ways; which way
        // each crafted text takes is checked too.
        for text in fixtures.iter().chain(&by_day).chain(&whole_only) {
            let (mut whole_findings, mut findings) = (Vec::new(), Vec::new());
            let whole = match control_character(text) {
                Some(finding) => {
                    whole_findings.push(finding);
                    None
                }
                None => parse_whole(text, &mut whole_findings),
            };
            let read = parse(text, &mut findings);
            assert_eq!(format!("{whole:#?}"), format!("{read:#?}"), "{text}");
            assert_eq!(whole_findings, findings, "{text}");
            if !fixtures.contains(text) {
                let fast = parse_by_day(text, &mut Vec::new()).is_some();
                assert_eq!(fast, by_day.contains(text), "{text:?}");
            }
        }
    }
}
