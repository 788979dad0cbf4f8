//! Text helpers that every layer may use: folding for matching, and the
//! one rule for who a person is.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// Text folded for matching: lower case, accents dropped (NFD, then the
/// combining marks removed), so `Gödel`, `godel` and `GODEL` meet.
pub(crate) fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Who a person is, for every comparison of names (filters, double
/// bookings, `[people]`): the name with case and accents ignored and its
/// whitespace trimmed and collapsed, so `Zoë  Ödön`, `zoe odon` and
/// ` ZOË ÖDÖN ` are one person. Written into `out`, which is cleared.
pub(crate) fn person_key_into(name: &str, out: &mut String) {
    out.clear();
    let mut words = name.split_whitespace();
    if name.is_ascii() {
        // The common case costs no normalization and no allocation.
        if let Some(first) = words.next() {
            out.push_str(first);
            for word in words {
                out.push(' ');
                out.push_str(word);
            }
        }
        out.make_ascii_lowercase();
        return;
    }
    out.push_str(&fold(&words.collect::<Vec<_>>().join(" ")));
}

/// [`person_key_into`] as a new string.
pub(crate) fn person_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    person_key_into(name, &mut out);
    out
}

/// Whether `name` stands for nobody yet: empty, "TBD" or "TBA".
pub(crate) fn is_placeholder(name: &str) -> bool {
    let name = name.trim();
    name.is_empty() || name.eq_ignore_ascii_case("tbd") || name.eq_ignore_ascii_case("tba")
}

/// Whether `url` is a web address (`http://` or `https://`, any case):
/// the one rule for links, which `check` applies to every `url` and every
/// export applies again before writing one.
pub(crate) fn is_web_url(url: &str) -> bool {
    let url = url.trim().as_bytes();
    [&b"https://"[..], &b"http://"[..]]
        .iter()
        .any(|scheme| url.len() > scheme.len() && url[..scheme.len()].eq_ignore_ascii_case(scheme))
}

/// `word` with its first letter in upper case: `tutorial` → `Tutorial`.
pub(crate) fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The allowed name closest to `name`, if one is close enough to be a typo.
pub(crate) fn closest<'a>(name: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let name = name.to_lowercase();
    allowed
        .iter()
        .map(|a| (strsim::jaro_winkler(&name, a), *a))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, a)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_person_however_written() {
        assert_eq!(person_key("  Zoë   Ödön "), "zoe odon");
        assert_eq!(person_key("ZOE ODON"), "zoe odon");
        assert_eq!(person_key("Melissa\tGraham"), "melissa graham");
        // Precomposed and decomposed accents meet.
        assert_eq!(person_key("Caf\u{e9}"), person_key("Cafe\u{301}"));
        assert_ne!(person_key("Melisa Graham"), person_key("Melissa Graham"));
    }

    #[test]
    fn fold_drops_case_and_accents() {
        assert_eq!(fold("Gödel"), "godel");
        assert_eq!(fold("ALeRCE"), "alerce");
        assert_eq!(fold("São Paulo"), "sao paulo");
        // Precomposed and decomposed forms of the same text meet.
        assert_eq!(fold("Caf\u{e9}"), fold("Cafe\u{301}"));
    }
}
