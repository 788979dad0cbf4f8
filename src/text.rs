//! Text helpers that every layer may use: folding for matching.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// Text folded for matching: lower case, accents dropped (NFD, then the
/// combining marks removed), so `Gödel`, `godel` and `GODEL` meet.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_drops_case_and_accents() {
        assert_eq!(fold("Gödel"), "godel");
        assert_eq!(fold("ALeRCE"), "alerce");
        assert_eq!(fold("São Paulo"), "sao paulo");
        // Precomposed and decomposed forms of the same text meet.
        assert_eq!(fold("Caf\u{e9}"), fold("Cafe\u{301}"));
    }
}
