//! Findings about an agenda file and how they are shown: `file:line:col`,
//! the offending source line, a plain sentence and, where it helps, the fix.

use std::cell::OnceCell;
use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;

/// A byte range in the agenda file.
pub type Span = Range<usize>;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; fails `check` only under `--deny-warnings`.
    Warning,
    /// The agenda cannot be published as it is.
    Error,
}

/// One problem found in an agenda file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
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
    /// An error at `span`.
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, span, message)
    }

    /// A warning at `span`.
    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, span, message)
    }

    fn new(severity: Severity, span: Span, message: impl Into<String>) -> Self {
        Finding {
            severity,
            span,
            message: message.into(),
            label: String::new(),
            related: Vec::new(),
            help: None,
        }
    }

    /// Sets the label shown under the offending text.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Points at another place involved in the same problem.
    pub fn related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    /// Says how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this finding is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
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
}

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
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
        }
    }

    /// The line and column of byte offset `at`.
    pub fn position(&self, at: usize) -> Position {
        let at = at.min(self.text.len());
        let line_starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let line = line_starts.partition_point(|&s| s <= at) - 1;
        let start = line_starts[line];
        let column = self
            .text
            .get(start..at)
            .map_or(at - start, |s| s.chars().count())
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// Writes `findings` as the compiler-style report that `check` prints,
    /// followed by the count line.
    pub fn report(&self, findings: &[Finding], color: bool, out: &mut dyn Write) -> io::Result<()> {
        if findings.is_empty() {
            // `SimpleFile` indexes every line of the file: not worth it for
            // the count line alone.
            return writeln!(out, "{}", summary(self.name, findings));
        }
        let file = SimpleFile::new(self.name, self.text);
        let config = term::Config::default();
        let mut buffer = if color {
            termcolor::Buffer::ansi()
        } else {
            termcolor::Buffer::no_color()
        };
        for finding in findings {
            let diagnostic = to_codespan(finding, self.text.len());
            let styles = term::Styles::default();
            let mut writer = term::StylesWriter::new(&mut buffer, &styles);
            term::emit_to_write_style(&mut writer, &config, &file, &diagnostic)
                .map_err(io::Error::other)?;
        }
        out.write_all(buffer.as_slice())?;
        writeln!(out, "{}", summary(self.name, findings))
    }

    /// The findings as the JSON document of `check --format json`.
    pub fn to_json(&self, findings: &[Finding]) -> serde_json::Value {
        let list: Vec<_> = findings
            .iter()
            .map(|f| {
                let start = self.position(f.span.start);
                let end = self.position(f.span.end);
                serde_json::json!({
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
            })
            .collect();
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
pub fn unreadable_json(file: &str, message: &str) -> String {
    let report = serde_json::json!({
        "file": file,
        "errors": 1,
        "warnings": 0,
        "findings": [{
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
pub fn count(findings: &[Finding]) -> (usize, usize) {
    let errors = findings.iter().filter(|f| f.is_error()).count();
    (errors, findings.len() - errors)
}

/// The closing line of a report: "agenda.toml: 2 errors, 1 warning".
pub fn summary(name: &str, findings: &[Finding]) -> String {
    let (errors, warnings) = count(findings);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{name}: {}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

fn to_codespan(finding: &Finding, len: usize) -> Diagnostic<()> {
    let clamp = |span: &Span| span.start.min(len)..span.end.min(len).max(span.start.min(len));
    let severity = match finding.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
    };
    let mut labels = vec![Label::primary((), clamp(&finding.span)).with_message(&finding.label)];
    labels.extend(
        finding
            .related
            .iter()
            .map(|(span, label)| Label::secondary((), clamp(span)).with_message(label)),
    );
    Diagnostic::new(severity)
        .with_message(&finding.message)
        .with_labels(labels)
        .with_notes(finding.help.iter().map(|h| format!("help: {h}")).collect())
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
        let f = Finding::error(15..16, "`name` must be a string").label("a number");
        let mut out = Vec::new();
        src.report(&[f], false, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("error: `name` must be a string"), "{out}");
        assert!(out.contains("a.toml:2:8"), "{out}");
        assert!(out.contains("name = 3"), "{out}");
        assert!(out.ends_with("a.toml: 1 error, 0 warnings\n"), "{out}");
    }
}
