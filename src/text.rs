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

/// The longest name, in characters, that is compared with others for a
/// "did you mean" suggestion; `check` refuses a person's name longer than
/// this (`long-name`). No real name comes near it.
pub(crate) const LONGEST_NAME: usize = 200;

/// "Did you mean" suggestions, within a budget of characters compared.
/// A comparison (Jaro-Winkler) costs the product of the two names'
/// lengths, so a count of comparisons bounds nothing: four names of
/// 200,000 characters once took 80 s. Names longer than [`LONGEST_NAME`]
/// are never compared, and once [`Suggestions::BUDGET`] is spent no more
/// suggestions are made: one reading or one check of a file of any size
/// spends at most that on them.
pub(crate) struct Suggestions {
    left: usize,
}

impl Default for Suggestions {
    fn default() -> Self {
        Suggestions::new()
    }
}

impl Suggestions {
    /// Pairs of characters compared at most: about 60 ms (1.2 ns a pair),
    /// and enough for a hundred unused `[people]` entries against a
    /// thousand names, or a hundred unknown zones, far beyond a real
    /// programme.
    pub(crate) const BUDGET: usize = 50_000_000;

    /// What every comparison costs besides its pairs, refused or not (as
    /// long as about 100 pairs): so that the budget bounds the number of
    /// comparisons too, however short the names.
    const EACH: usize = 100;

    /// A full budget.
    pub(crate) fn new() -> Suggestions {
        Suggestions {
            left: Suggestions::BUDGET,
        }
    }

    /// Whether the budget pays for no more comparisons: callers stop
    /// looking.
    pub(crate) fn spent(&self) -> bool {
        self.left < Suggestions::EACH
    }

    /// How alike `a` and `b` are (Jaro-Winkler, 0 to 1); `None` when
    /// either is longer than [`LONGEST_NAME`] or the budget cannot pay for
    /// the comparison (which spends it all).
    pub(crate) fn similarity(&mut self, a: &str, b: &str) -> Option<f64> {
        self.left = self.left.checked_sub(Suggestions::EACH)?;
        let length =
            |s: &str| Some(s.chars().take(LONGEST_NAME + 1).count()).filter(|&n| n <= LONGEST_NAME);
        let cost = length(a)? * length(b)?;
        match self.left.checked_sub(cost) {
            Some(left) => {
                self.left = left;
                Some(strsim::jaro_winkler(a, b))
            }
            // A comparison the budget cannot pay for ends the suggestions.
            None => {
                self.left = 0;
                None
            }
        }
    }

    /// The allowed name closest to `name`, if one is close enough to be a
    /// typo.
    pub(crate) fn closest<'a>(&mut self, name: &str, allowed: &[&'a str]) -> Option<&'a str> {
        let name = name.to_lowercase();
        allowed
            .iter()
            .filter_map(|a| Some((self.similarity(&name, a)?, *a)))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, a)| a)
    }
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
    fn suggestions_stop_at_long_names_and_when_spent() {
        let mut s = Suggestions::new();
        assert_eq!(s.closest("minuts", &["minutes", "end"]), Some("minutes"));
        assert_eq!(s.closest("zzz", &["minutes"]), None);
        // 201 characters are never compared; 200 are.
        let long = "a".repeat(LONGEST_NAME + 1);
        assert_eq!(s.similarity(&long, "a"), None);
        assert!(s.similarity(&long[1..], &long[1..]).is_some());
        // The budget pays for 50,000,000 pairs: 1,246 comparisons of two
        // 200-character names (40,100 each with the comparison's own 100),
        // then none.
        let mut s = Suggestions::new();
        let name = &long[1..];
        let paid = (0..2000)
            .take_while(|_| s.similarity(name, name).is_some())
            .count();
        assert_eq!(paid, 50_000_000 / 40_100);
        assert_eq!(paid, 1246);
        assert!(s.spent());
        assert_eq!(s.closest("minuts", &["minutes"]), None);
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
