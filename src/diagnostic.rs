//! Findings about an agenda file and how they are shown: `file:line:col`,
//! the offending source line, a plain sentence and, where it helps, the fix.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files;
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;

/// A byte range in the agenda file.
pub(crate) type Span = Range<usize>;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; fails `check` only under `--deny-warnings`.
    Warning,
    /// The agenda cannot be published as it is.
    Error,
}

/// What a finding is about: a stable name, shown as `error[overlap]`,
/// given in JSON as `code`, and used by `check --allow` and `--deny`.
/// The list is documented in the README; a code is never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// The file cannot be read at all.
    Unreadable,
    /// The file is not UTF-8 text.
    NotUtf8,
    /// A control or bidi character where text is expected.
    ControlCharacter,
    /// The TOML itself is malformed.
    InvalidToml,
    /// A key that has no meaning there.
    UnknownKey,
    /// A key that is required and missing.
    MissingKey,
    /// A value of the wrong type.
    WrongType,
    /// Keys that exclude each other (`minutes` and `end`).
    ConflictingKeys,
    /// Text that is empty.
    EmptyText,
    /// A `url` that is not an http(s) address.
    BadUrl,
    /// A number out of its range.
    BadNumber,
    /// A malformed or impossible date.
    BadDate,
    /// A malformed time.
    BadTime,
    /// A length that is not positive or too long.
    BadLength,
    /// A block with neither `minutes` nor `end`.
    NoLength,
    /// A kind that does not exist.
    UnknownKind,
    /// A key that the block's kind does not allow (speakers on a break).
    NotAllowed,
    /// A time zone that does not exist.
    UnknownZone,
    /// The agenda has no day.
    NoDay,
    /// A wall time the clocks skip.
    DstGap,
    /// A wall time the clocks pass twice.
    DstFold,
    /// An explicit offset the zone does not use then.
    WrongOffset,
    /// A date outside the years 0001–9999.
    OutOfRange,
    /// An `end` not after `start`.
    EndBeforeStart,
    /// A talk of a length `rules.talk_minutes` does not allow.
    TalkLength,
    /// Items that run past their block.
    ItemsOverrun,
    /// A block that runs past its day's `end`.
    PastDayEnd,
    /// Two days with one date.
    DuplicateDate,
    /// Two blocks (or schedule events) with one `id`.
    DuplicateId,
    /// Blocks that overlap in one room or with a plenary.
    Overlap,
    /// One person due in two places at once.
    DoubleBooking,
    /// A tutorial or discussion without a real moderator.
    NoModerator,
    /// Unscheduled time between plenary blocks.
    Gap,
    /// Blocks written out of time order.
    Order,
    /// Malformed `waking_hours`.
    BadWakingHours,
    /// Two `[people]` entries for one person.
    DuplicatePerson,
    /// Someone due outside their waking hours.
    OutsideWakingHours,
    /// A `[people]` entry no block uses.
    UnusedPerson,
    /// Someone due who has no `[people]` entry (`require_people`).
    NotInPeople,
    /// Malformed XML (import).
    MalformedXml,
    /// Malformed JSON (import).
    MalformedJson,
    /// A document that is no schedule (import).
    NotASchedule,
    /// A required element of a schedule is missing (import).
    MissingElement,
    /// A schedule event outside every day (import).
    OutsideDay,
    /// A schedule without a usable time zone (import).
    NoZone,
    /// A key written twice in one JSON object (import).
    DuplicateKey,
    /// A value `import` changed so that the agenda can hold it.
    Adjusted,
}

impl Code {
    /// Every code, in the README's order.
    pub(crate) const ALL: [Code; 47] = [
        Code::Unreadable,
        Code::NotUtf8,
        Code::ControlCharacter,
        Code::InvalidToml,
        Code::UnknownKey,
        Code::MissingKey,
        Code::WrongType,
        Code::ConflictingKeys,
        Code::EmptyText,
        Code::BadUrl,
        Code::BadNumber,
        Code::BadDate,
        Code::BadTime,
        Code::BadLength,
        Code::NoLength,
        Code::UnknownKind,
        Code::NotAllowed,
        Code::UnknownZone,
        Code::NoDay,
        Code::DstGap,
        Code::DstFold,
        Code::WrongOffset,
        Code::OutOfRange,
        Code::EndBeforeStart,
        Code::TalkLength,
        Code::ItemsOverrun,
        Code::PastDayEnd,
        Code::DuplicateDate,
        Code::DuplicateId,
        Code::Overlap,
        Code::DoubleBooking,
        Code::NoModerator,
        Code::Gap,
        Code::Order,
        Code::BadWakingHours,
        Code::DuplicatePerson,
        Code::OutsideWakingHours,
        Code::UnusedPerson,
        Code::NotInPeople,
        Code::MalformedXml,
        Code::MalformedJson,
        Code::NotASchedule,
        Code::MissingElement,
        Code::OutsideDay,
        Code::NoZone,
        Code::DuplicateKey,
        Code::Adjusted,
    ];

    /// Its stable name: `overlap`, `dst-gap`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Code::Unreadable => "unreadable",
            Code::NotUtf8 => "not-utf8",
            Code::ControlCharacter => "control-character",
            Code::InvalidToml => "invalid-toml",
            Code::UnknownKey => "unknown-key",
            Code::MissingKey => "missing-key",
            Code::WrongType => "wrong-type",
            Code::ConflictingKeys => "conflicting-keys",
            Code::EmptyText => "empty-text",
            Code::BadUrl => "bad-url",
            Code::BadNumber => "bad-number",
            Code::BadDate => "bad-date",
            Code::BadTime => "bad-time",
            Code::BadLength => "bad-length",
            Code::NoLength => "no-length",
            Code::UnknownKind => "unknown-kind",
            Code::NotAllowed => "not-allowed",
            Code::UnknownZone => "unknown-zone",
            Code::NoDay => "no-day",
            Code::DstGap => "dst-gap",
            Code::DstFold => "dst-fold",
            Code::WrongOffset => "wrong-offset",
            Code::OutOfRange => "out-of-range",
            Code::EndBeforeStart => "end-before-start",
            Code::TalkLength => "talk-length",
            Code::ItemsOverrun => "items-overrun",
            Code::PastDayEnd => "past-day-end",
            Code::DuplicateDate => "duplicate-date",
            Code::DuplicateId => "duplicate-id",
            Code::Overlap => "overlap",
            Code::DoubleBooking => "double-booking",
            Code::NoModerator => "no-moderator",
            Code::Gap => "gap",
            Code::Order => "order",
            Code::BadWakingHours => "bad-waking-hours",
            Code::DuplicatePerson => "duplicate-person",
            Code::OutsideWakingHours => "outside-waking-hours",
            Code::UnusedPerson => "unused-person",
            Code::NotInPeople => "not-in-people",
            Code::MalformedXml => "malformed-xml",
            Code::MalformedJson => "malformed-json",
            Code::NotASchedule => "not-a-schedule",
            Code::MissingElement => "missing-element",
            Code::OutsideDay => "outside-day",
            Code::NoZone => "no-zone",
            Code::DuplicateKey => "duplicate-key",
            Code::Adjusted => "adjusted",
        }
    }

    /// How bad findings of this code are: warnings (which `--allow` may
    /// silence and `--deny` may make fail) or errors. The one place that
    /// decides it.
    pub(crate) fn severity(self) -> Severity {
        match self {
            Code::NoModerator
            | Code::Gap
            | Code::Order
            | Code::OutsideWakingHours
            | Code::UnusedPerson
            | Code::NotInPeople
            | Code::NoZone
            | Code::OutsideDay
            | Code::DuplicateKey
            | Code::Adjusted => Severity::Warning,
            Code::Unreadable
            | Code::NotUtf8
            | Code::ControlCharacter
            | Code::InvalidToml
            | Code::UnknownKey
            | Code::MissingKey
            | Code::WrongType
            | Code::ConflictingKeys
            | Code::EmptyText
            | Code::BadUrl
            | Code::BadNumber
            | Code::BadDate
            | Code::BadTime
            | Code::BadLength
            | Code::NoLength
            | Code::UnknownKind
            | Code::NotAllowed
            | Code::UnknownZone
            | Code::NoDay
            | Code::DstGap
            | Code::DstFold
            | Code::WrongOffset
            | Code::OutOfRange
            | Code::EndBeforeStart
            | Code::TalkLength
            | Code::ItemsOverrun
            | Code::PastDayEnd
            | Code::DuplicateDate
            | Code::DuplicateId
            | Code::Overlap
            | Code::DoubleBooking
            | Code::BadWakingHours
            | Code::DuplicatePerson
            | Code::MalformedXml
            | Code::MalformedJson
            | Code::NotASchedule
            | Code::MissingElement => Severity::Error,
        }
    }

    /// Whether findings of this code are warnings.
    pub(crate) fn is_warning(self) -> bool {
        self.severity() == Severity::Warning
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Code {
    type Err = String;

    fn from_str(s: &str) -> Result<Code, String> {
        Code::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
            .ok_or_else(|| {
                let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
                format!(
                    "unknown finding code `{s}`; the codes are {}",
                    names.join(", ")
                )
            })
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One problem found in an agenda file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What it is about.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// Where it is: the primary place to point at.
    pub span: Span,
    /// What is wrong, as a plain sentence.
    pub message: String,
    /// A short label shown under the offending text.
    pub label: String,
    /// Other places involved (the other block of an overlap), each with a label.
    pub related: Vec<(Span, String)>,
    /// How to fix it, where we can tell.
    pub help: Option<String>,
}

impl Finding {
    /// A finding of `code` at `span`; its severity is the code's.
    pub(crate) fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: code.severity(),
            span,
            message: shown(message.into()),
            label: String::new(),
            related: Vec::new(),
            help: None,
        }
    }

    /// Sets the label shown under the offending text.
    pub(crate) fn label(mut self, label: impl Into<String>) -> Self {
        self.label = shown(label.into());
        self
    }

    /// Points at another place involved in the same problem.
    pub(crate) fn related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, shown(label.into())));
        self
    }

    /// Says how to fix it.
    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(shown(help.into()));
        self
    }

    /// Whether this finding is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The longest message, label or help kept, in characters: a finding that
/// names a 100 KB title must not be 100 KB long, nor each of thousands.
const MAX_TEXT: usize = 300;

/// How much of a long source line a report quotes around a label, in
/// bytes either side, and the longest stretch of a label shown.
const CONTEXT: usize = 60;
const MAX_LABEL: usize = 120;

/// A line longer than this (in bytes) is quoted in part, with `…`.
const LONG_LINE: usize = 240;

/// `text` cut to [`MAX_TEXT`] characters (with `…`) and with any control
/// or bidi character made visible, since it may quote the file.
fn shown(text: String) -> String {
    let cut = match text.char_indices().nth(MAX_TEXT) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    };
    match crate::visible::visible_line(&cut) {
        std::borrow::Cow::Borrowed(_) => cut,
        std::borrow::Cow::Owned(escaped) => escaped,
    }
}

/// The agenda file's name and text, for turning spans into lines and columns.
pub struct Source<'a> {
    name: &'a str,
    text: &'a str,
    /// Where each line starts, worked out on the first `position` call: a
    /// clean agenda of 100,000 blocks needs none, and the scan would be a
    /// noticeable part of its `check`.
    line_starts: OnceCell<Vec<usize>>,
    /// Character boundaries about every [`MARK`] bytes, each with the
    /// number of characters before it, so that a column on a line of
    /// megabytes costs no scan from the line's start.
    char_marks: OnceCell<Vec<(usize, usize)>>,
}

/// The spacing of [`Source::char_marks`], in bytes.
const MARK: usize = 4096;

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl<'a> Source<'a> {
    /// Indexes `text`, known to the user as `name`.
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Source {
            name,
            text,
            line_starts: OnceCell::new(),
            char_marks: OnceCell::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The number of characters in the text before byte `at`.
    fn chars_before(&self, at: usize) -> usize {
        let text = self.text;
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = vec![(0, 0)];
            let (mut from, mut total) = (0, 0);
            while from + MARK < text.len() {
                let to = floor(text, from + MARK);
                total += text[from..to].chars().count();
                marks.push((to, total));
                from = to;
            }
            marks
        });
        let at = floor(text, at);
        let (from, before) = marks[marks.partition_point(|&(b, _)| b <= at) - 1];
        before + text[from..at].chars().count()
    }

    /// The 0-based line of byte `at` and where that line starts and ends
    /// (without its line break).
    fn line_of(&self, at: usize) -> (usize, usize, usize) {
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= at).saturating_sub(1);
        let start = starts[line];
        let mut end = starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        (line, start, end.max(start))
    }

    /// The line and column of byte offset `at`.
    pub(crate) fn position(&self, at: usize) -> Position {
        let at = at.min(self.text.len());
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&s| s <= at) - 1;
        let start = line_starts[line];
        let column = self.chars_before(at) - self.chars_before(start) + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// Writes `findings` as the compiler-style report that `check` prints,
    /// followed by the count line. Each finding is written as soon as it
    /// is rendered, and quotes at most a few hundred characters of its
    /// lines (with `…`), so that the report of a large file stays in
    /// proportion to the number of findings, not to the size of the lines.
    pub fn report(&self, findings: &[Finding], color: bool, out: &mut dyn Write) -> io::Result<()> {
        let config = term::Config::default();
        let styles = term::Styles::default();
        for finding in findings {
            let excerpt = Excerpt::new(self, finding);
            let diagnostic = excerpt.diagnostic(finding);
            let mut buffer = if color {
                termcolor::Buffer::ansi()
            } else {
                termcolor::Buffer::no_color()
            };
            let mut writer = term::StylesWriter::new(&mut buffer, &styles);
            term::emit_to_write_style(&mut writer, &config, &excerpt, &diagnostic)
                .map_err(io::Error::other)?;
            out.write_all(buffer.as_slice())?;
        }
        writeln!(out, "{}", summary(self.name, findings))
    }

    /// Writes the JSON document of `check --format json` (the same as
    /// [`Source::to_json`], pretty-printed) one finding at a time, so that
    /// no tree of the whole document is built.
    pub(crate) fn write_json(&self, findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
        let (errors, warnings) = count(findings);
        let name = serde_json::to_string(self.name).map_err(io::Error::other)?;
        write!(
            out,
            "{{\n  \"errors\": {errors},\n  \"file\": {name},\n  \"findings\": ["
        )?;
        for (i, finding) in findings.iter().enumerate() {
            let one = serde_json::to_string_pretty(&self.finding_json(finding))
                .map_err(io::Error::other)?;
            out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            for (j, line) in one.lines().enumerate() {
                if j > 0 {
                    out.write_all(b"\n")?;
                }
                write!(out, "    {line}")?;
            }
        }
        if !findings.is_empty() {
            out.write_all(b"\n  ")?;
        }
        writeln!(out, "],\n  \"warnings\": {warnings}\n}}")
    }

    fn finding_json(&self, f: &Finding) -> serde_json::Value {
        let start = self.position(f.span.start);
        let end = self.position(f.span.end);
        serde_json::json!({
            "code": f.code,
            "severity": f.severity,
            "message": f.message,
            "file": self.name,
            "line": start.line,
            "column": start.column,
            "end_line": end.line,
            "end_column": end.column,
            "label": f.label,
            "help": f.help,
            "related": f.related.iter().map(|(span, label)| {
                let p = self.position(span.start);
                serde_json::json!({"line": p.line, "column": p.column, "label": label})
            }).collect::<Vec<_>>(),
        })
    }

    /// The findings as the JSON document of `check --format json`.
    pub fn to_json(&self, findings: &[Finding]) -> serde_json::Value {
        let list: Vec<_> = findings.iter().map(|f| self.finding_json(f)).collect();
        let (errors, warnings) = count(findings);
        serde_json::json!({
            "file": self.name,
            "errors": errors,
            "warnings": warnings,
            "findings": list,
        })
    }
}

/// The JSON report of a file that could not be read: the same shape as
/// [`Source::to_json`], with one error and no position.
pub(crate) fn unreadable_json(file: &str, message: &str) -> String {
    let report = serde_json::json!({
        "file": file,
        "errors": 1,
        "warnings": 0,
        "findings": [{
            "code": Code::Unreadable,
            "severity": Severity::Error,
            "message": message,
            "file": file,
            "line": null,
            "column": null,
            "end_line": null,
            "end_column": null,
            "label": "",
            "help": null,
            "related": [],
        }],
    });
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

/// Counts (errors, warnings).
pub(crate) fn count(findings: &[Finding]) -> (usize, usize) {
    let errors = findings.iter().filter(|f| f.is_error()).count();
    (errors, findings.len() - errors)
}

/// The closing line of a report: "agenda.toml: 2 errors, 1 warning".
pub(crate) fn summary(name: &str, findings: &[Finding]) -> String {
    let (errors, warnings) = count(findings);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{name}: {}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// The largest char boundary of `text` at or before `at`.
fn floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// What a report quotes for one finding: the lines its labels stand on,
/// cut to a window around each label when a line is long, with `…` where
/// it is cut and every control or bidi character written visibly. This
/// is the "file" codespan renders, with the real line numbers and columns.
struct Excerpt<'n> {
    name: &'n str,
    /// The quoted stretches, one per line (two labels far apart on one
    /// long line get one each), each ending in a newline.
    text: String,
    /// Each stretch: its range in `text` and its 1-based line in the file.
    lines: Vec<(Range<usize>, usize)>,
    /// The file column (1-based) of each label start, by its place in `text`.
    columns: HashMap<usize, usize>,
    /// The labels' spans in `text`, the primary first.
    spans: Vec<Span>,
}

impl<'n> Excerpt<'n> {
    fn new(source: &Source<'n>, finding: &Finding) -> Self {
        let text = source.text;
        // Each label, cut to its first line and to MAX_LABEL bytes.
        struct Cut {
            line: usize,
            bounds: (usize, usize),
            span: Span,
        }
        let cuts: Vec<Cut> = std::iter::once(&finding.span)
            .chain(finding.related.iter().map(|(span, _)| span))
            .map(|span| {
                let start = floor(text, span.start);
                let (line, line_start, line_end) = source.line_of(start);
                let start = start.min(line_end);
                let end = floor(
                    text,
                    span.end.max(start).min(line_end).min(start + MAX_LABEL),
                );
                Cut {
                    line,
                    bounds: (line_start, line_end),
                    span: start..end,
                }
            })
            .collect();
        // The windows to quote: around each label, merged where they meet.
        let mut order: Vec<usize> = (0..cuts.len()).collect();
        order.sort_by_key(|&i| (cuts[i].line, cuts[i].span.start));
        let mut windows: Vec<(usize, Span, Vec<usize>)> = Vec::new();
        for i in order {
            let cut = &cuts[i];
            let (line_start, line_end) = cut.bounds;
            let window = if line_end - line_start <= LONG_LINE {
                line_start..line_end
            } else {
                floor(text, cut.span.start.saturating_sub(CONTEXT).max(line_start))
                    ..floor(text, (cut.span.end + CONTEXT).min(line_end))
            };
            match windows.last_mut() {
                Some((line, last, members)) if *line == cut.line && window.start <= last.end => {
                    last.end = last.end.max(window.end);
                    members.push(i);
                }
                _ => windows.push((cut.line, window, vec![i])),
            }
        }
        let mut excerpt = Excerpt {
            name: source.name,
            text: String::new(),
            lines: Vec::new(),
            columns: HashMap::new(),
            spans: vec![0..0; cuts.len()],
        };
        let mut previous: Option<usize> = None;
        for (line, window, members) in windows {
            let (line_start, line_end) = cuts[members[0]].bounds;
            // codespan shows one line between two quoted ones, and `·` for
            // a longer gap: the same is given to it here.
            match previous.map(|p| line.saturating_sub(p)) {
                Some(2) => {
                    let (_, start, end) = source.line_of(line_start.saturating_sub(1));
                    let end = floor(text, end.min(start + LONG_LINE));
                    let begin = excerpt.text.len();
                    excerpt
                        .text
                        .push_str(&crate::visible::visible_line(&text[start..end]));
                    excerpt.text.push('\n');
                    excerpt.lines.push((begin..excerpt.text.len(), line));
                }
                Some(gap) if gap > 2 => {
                    for _ in 0..2 {
                        let at = excerpt.text.len();
                        excerpt.text.push('\n');
                        excerpt.lines.push((at..at + 1, 0));
                    }
                }
                _ => {}
            }
            previous = Some(line);
            let begin = excerpt.text.len();
            if window.start > line_start {
                excerpt.text.push('…');
            }
            // Where each character of the window falls in the quoted text.
            let mut placed: Vec<(usize, usize)> = Vec::with_capacity(window.len() + 1);
            for (offset, c) in text[window.clone()].char_indices() {
                placed.push((window.start + offset, excerpt.text.len()));
                if crate::visible::is_forbidden(c, false) && c != '\t' {
                    let _ = write!(excerpt.text, "\\u{{{:x}}}", u32::from(c));
                } else {
                    excerpt.text.push(c);
                }
            }
            placed.push((window.end, excerpt.text.len()));
            if window.end < line_end {
                excerpt.text.push('…');
            }
            excerpt.text.push('\n');
            excerpt.lines.push((begin..excerpt.text.len(), line + 1));
            for &i in &members {
                let span = &cuts[i].span;
                let at = |x: usize| {
                    placed
                        .binary_search_by_key(&x, |&(real, _)| real)
                        .map_or(begin, |i| placed[i].1)
                };
                excerpt.spans[i] = at(span.start)..at(span.end).max(at(span.start));
                let column = source.chars_before(span.start) - source.chars_before(line_start) + 1;
                excerpt.columns.insert(excerpt.spans[i].start, column);
            }
        }
        excerpt
    }

    /// The finding as codespan's diagnostic over this excerpt.
    fn diagnostic(&self, finding: &Finding) -> Diagnostic<()> {
        let severity = match finding.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
        };
        let mut labels =
            vec![Label::primary((), self.spans[0].clone()).with_message(&finding.label)];
        labels.extend(
            finding
                .related
                .iter()
                .zip(&self.spans[1..])
                .map(|((_, label), span)| Label::secondary((), span.clone()).with_message(label)),
        );
        Diagnostic::new(severity)
            .with_code(finding.code.as_str())
            .with_message(&finding.message)
            .with_labels(labels)
            .with_notes(finding.help.iter().map(|h| format!("help: {h}")).collect())
    }

    fn line(&self, index: usize) -> Result<&(Range<usize>, usize), files::Error> {
        self.lines.get(index).ok_or(files::Error::LineTooLarge {
            given: index,
            max: self.lines.len().saturating_sub(1),
        })
    }
}

impl<'a, 'n: 'a> files::Files<'a> for Excerpt<'n> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        Ok(self
            .lines
            .partition_point(|(range, _)| range.start <= byte_index)
            .saturating_sub(1))
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, files::Error> {
        Ok(self.line(line_index)?.1)
    }

    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        if let Some(&column) = self.columns.get(&byte_index) {
            return Ok(column);
        }
        let start = self.line(line_index)?.0.start;
        Ok(self
            .text
            .get(start..byte_index)
            .map_or(1, |s| s.chars().count() + 1))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        Ok(self.line(line_index)?.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let src = Source::new("a.toml", "x = 1\ntitle = \"é日\" # z\n");
        assert_eq!(src.position(0), Position { line: 1, column: 1 });
        let z = "x = 1\ntitle = \"é日\" # ".len();
        assert_eq!(
            src.position(z),
            Position {
                line: 2,
                column: 16
            }
        );
    }

    #[test]
    fn report_names_file_line_and_column_and_counts() {
        let text = "[event]\nname = 3\n";
        let src = Source::new("a.toml", text);
        let f = Finding::new(Code::WrongType, 15..16, "`name` must be a string").label("a number");
        let mut out = Vec::new();
        src.report(&[f], false, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains("error[wrong-type]: `name` must be a string"),
            "{out}"
        );
        assert!(out.contains("a.toml:2:8"), "{out}");
        assert!(out.contains("name = 3"), "{out}");
        assert!(out.ends_with("a.toml: 1 error, 0 warnings\n"), "{out}");
    }
}
