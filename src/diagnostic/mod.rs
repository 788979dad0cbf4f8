//! Findings about an agenda file and how they are shown: what a finding
//! is about and how bad it is ([`code`]), the finding itself
//! ([`finding`]), the file's lines and columns ([`lines`]), and the two
//! ways of writing findings: the compiler-style report of `check`
//! ([`report`]) and its JSON ([`json`]); and the one line the views print
//! instead ([`summary`]).

mod code;
mod finding;
mod json;
mod lines;
mod report;
mod summary;

use std::ops::Range;

pub(crate) use code::Category;
pub use code::{Code, Severity};
pub(crate) use finding::count;
pub use finding::Finding;
pub(crate) use json::unreadable_json;
pub use lines::Source;
pub(crate) use report::Allowed;
pub(crate) use summary::Summary;

/// A byte range in the agenda file.
pub(crate) type Span = Range<usize>;
