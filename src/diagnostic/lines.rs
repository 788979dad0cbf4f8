//! The agenda file's text, for turning byte spans into lines and columns.

use std::cell::OnceCell;

use serde::Serialize;

/// The agenda file's name and text, for turning spans into lines and columns.
pub struct Source<'a> {
    pub(super) name: &'a str,
    pub(super) text: &'a str,
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
    pub(super) fn chars_before(&self, at: usize) -> usize {
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
    pub(super) fn line_of(&self, at: usize) -> (usize, usize, usize) {
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
}

/// The largest char boundary of `text` at or before `at`.
pub(super) fn floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::{Position, Source};

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
}
