//! The compiler-style report of `check`: `error[code]: message`,
//! `file:line:col`, the quoted source line with labels, and help, via
//! codespan-reporting.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files;
use codespan_reporting::term::{self, termcolor};

use super::lines::floor;
use super::{count, Finding, Severity, Source, Span};

/// How much of a long source line a report quotes around a label, in
/// bytes either side, and the longest stretch of a label shown.
const CONTEXT: usize = 60;
const MAX_LABEL: usize = 120;

/// A line longer than this (in bytes) is quoted in part, with `…`.
const LONG_LINE: usize = 240;

impl Source<'_> {
    /// Writes `findings` as the compiler-style report that `check` prints,
    /// followed by the count line. Each finding is written as soon as it
    /// is rendered, and quotes at most a few hundred characters of its
    /// lines (with `…`), so that the report of a large file stays in
    /// proportion to the number of findings, not to the size of the lines.
    pub fn report(&self, findings: &[Finding], color: bool, out: &mut dyn Write) -> io::Result<()> {
        self.report_allowing(findings, Allowed::default(), color, out)
    }

    /// [`Source::report`], with the count line saying how many warnings
    /// were allowed, and by what.
    pub(crate) fn report_allowing(
        &self,
        findings: &[Finding],
        allowed: Allowed,
        color: bool,
        out: &mut dyn Write,
    ) -> io::Result<()> {
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
        writeln!(out, "{}", summary(self.name, findings, allowed))
    }
}

/// How many warnings a report leaves out, and why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Allowed {
    /// By the file's `[rules] allow`.
    pub by_file: usize,
    /// By `check --allow`.
    pub by_flag: usize,
}

/// The closing line of a report: "agenda.toml: 2 errors, 1 warning", and
/// "; 2 warnings allowed by the file, 1 by --allow" when some were.
fn summary(name: &str, findings: &[Finding], allowed: Allowed) -> String {
    let (errors, warnings) = count(findings);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "{name}: {}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    let mut parts = Vec::new();
    if allowed.by_file > 0 {
        let n = plural(allowed.by_file, "warning");
        parts.push(format!("{n} allowed by the file"));
    }
    if allowed.by_flag > 0 {
        parts.push(if parts.is_empty() {
            format!("{} allowed by --allow", plural(allowed.by_flag, "warning"))
        } else {
            format!("{} by --allow", allowed.by_flag)
        });
    }
    if !parts.is_empty() {
        line.push_str("; ");
        line.push_str(&parts.join(", "));
    }
    line
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
    use super::super::{Code, Finding, Source};

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

    #[test]
    fn the_count_line_says_what_was_allowed() {
        use super::{summary, Allowed};
        let allowed = |by_file, by_flag| Allowed { by_file, by_flag };
        let line = |a| summary("a.toml", &[], a);
        assert_eq!(line(allowed(0, 0)), "a.toml: 0 errors, 0 warnings");
        assert_eq!(
            line(allowed(2, 0)),
            "a.toml: 0 errors, 0 warnings; 2 warnings allowed by the file"
        );
        assert_eq!(
            line(allowed(1, 1)),
            "a.toml: 0 errors, 0 warnings; 1 warning allowed by the file, 1 by --allow"
        );
        assert_eq!(
            line(allowed(0, 3)),
            "a.toml: 0 errors, 0 warnings; 3 warnings allowed by --allow"
        );
    }
}
