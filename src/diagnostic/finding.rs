//! One problem found in an agenda file: its code, where it is, and what
//! to say about it.

use super::{Code, Severity, Span};

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
    /// The blocks a rule finding is about, each by the span of its header
    /// (the block it points at first), so that the views can mark them
    /// and `diff` can follow them; empty for any other finding.
    pub blocks: Vec<Span>,
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
            blocks: Vec::new(),
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

    /// Says that it is about the block whose header is at `header` (the
    /// first one named is the block the finding points at).
    pub(crate) fn block(mut self, header: Span) -> Self {
        self.blocks.push(header);
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

/// Counts (errors, warnings).
pub(crate) fn count(findings: &[Finding]) -> (usize, usize) {
    let errors = findings.iter().filter(|f| f.is_error()).count();
    (errors, findings.len() - errors)
}
