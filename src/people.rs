//! People and their clocks: the walk of an interval along a zone's local
//! clock that `check` and `agenda hours` both measure with, and the rules
//! of `check` about `[people]`. Who a person is lives in `text.rs`; the
//! waking hours in `waking.rs`.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDateTime, Timelike, Utc};

use crate::diagnostic::{Code, Finding, Span};
use crate::model::{Agenda, Block, Person};
use crate::text::{is_placeholder, person_key_into};
use crate::time::{self, Zone};
use crate::waking::{WakingHours, DAY, NIGHT};

/// Seconds east of UTC of `zone` at `t`.
fn offset(zone: Zone, t: DateTime<Utc>) -> i64 {
    zone.offset_at(t).seconds().into()
}

/// Cuts `[start, end)` into pieces that neither cross a local midnight
/// nor an offset change in `zone`, and gives each to `visit` as its local
/// start and its length in seconds. Each piece costs one offset lookup and
/// one transition lookup however long it is, so whole days of programme
/// cost next to nothing.
pub(crate) fn local_pieces(
    zone: Zone,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    mut visit: impl FnMut(NaiveDateTime, i64),
) {
    let mut t = start;
    while t < end {
        let off = offset(zone, t);
        let local = t.naive_utc() + Duration::seconds(off);
        let to_midnight = i64::from(DAY * 60) - i64::from(local.num_seconds_from_midnight());
        let mut piece_end = end.min(t + Duration::seconds(to_midnight));
        // A clock change inside the piece ends it there.
        if let Some(change) = zone.next_transition(t).filter(|c| *c > t && *c < piece_end) {
            piece_end = change;
        }
        visit(local, (piece_end - t).num_seconds());
        t = piece_end;
    }
}

/// What an interval amounts to on one zone's clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Its length, in seconds.
    pub seconds: i64,
    /// Seconds of it inside the waking hours.
    pub waking: i64,
    /// Seconds of it in the night, 00:00–06:00.
    pub night: i64,
    /// Bit `h` set when it runs during local hour `h`.
    pub hours: u32,
}

impl Tally {
    /// Adds `[start, end)` as seen in `zone`.
    pub(crate) fn add(
        &mut self,
        zone: Zone,
        waking: WakingHours,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) {
        local_pieces(zone, start, end, |local, seconds| {
            let from = local.num_seconds_from_midnight();
            let len = u32::try_from(seconds).unwrap_or(0);
            // Overlaps in seconds: waking hours are whole minutes.
            let secs = |w: WakingHours| {
                let w = WakingHours {
                    start: w.start * 60,
                    end: w.end * 60,
                };
                i64::from(w.overlap(from, len))
            };
            self.seconds += seconds;
            self.waking += secs(waking);
            self.night += secs(NIGHT);
            if len > 0 {
                let (first, last) = (from / 3600, (from + len - 1) / 3600);
                for h in first..=last.min(23) {
                    self.hours |= 1 << h;
                }
            }
        });
    }

    /// Adds another tally's figures.
    pub(crate) fn merge(&mut self, other: &Tally) {
        self.seconds += other.seconds;
        self.waking += other.waking;
        self.night += other.night;
        self.hours |= other.hours;
    }

    /// The 24-cell strip: `█` for an hour the interval runs in, `·` else.
    pub(crate) fn strip(&self) -> String {
        (0..24)
            .map(|h| {
                if self.hours & (1 << h) != 0 {
                    '█'
                } else {
                    '·'
                }
            })
            .collect()
    }
}

/// Someone due at some time, with the words for what they do there.
struct Due<'a> {
    name: &'a str,
    /// "moderates", "speaks in".
    role: &'static str,
    /// The block or item, quoted: "`Broker interfaces III`".
    what: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    span: Span,
}

/// Everyone due in `block`: its speakers and moderator for the whole
/// block, each item's speakers during the item.
fn dues(block: &Block) -> impl Iterator<Item = Due<'_>> {
    let speakers = block.speakers.iter().map(move |name| Due {
        name,
        role: "speaks in",
        what: format!("`{}`", block.title),
        start: block.start,
        end: block.end,
        span: block.spans.speakers.clone(),
    });
    let moderator = block.moderator.iter().map(move |name| Due {
        name,
        role: "moderates",
        what: format!("`{}`", block.title),
        start: block.start,
        end: block.end,
        span: block.spans.moderator.clone(),
    });
    let items = block.items.iter().flat_map(move |item| {
        item.speakers.iter().map(move |name| Due {
            name,
            role: "speaks in",
            what: format!("`{}` (in `{}`)", item.title, block.title),
            start: item.start,
            end: item.end,
            span: item.span.clone(),
        })
    });
    speakers
        .chain(moderator)
        .chain(items)
        .filter(|d| !is_placeholder(d.name))
}

/// `03:45–04:30 Wed 14 Apr`, or `23:30 Tue 13 Apr–00:15 Wed 14 Apr` when
/// the two ends fall on different local days. When the clocks change in
/// between, or either end happens twice (a fold), each end carries its
/// offset as every view writes it (`23:10 -03 – 23:00 -04 Sat 3 Apr`), so
/// that it is not misread.
pub(crate) fn local_range(zone: Zone, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let (s, e) = (start.with_timezone(&zone), end.with_timezone(&zone));
    let (from, to) = time::hm_pair(zone, start, end);
    // Spaced when the ends carry offsets, as `time::range` writes them.
    let dash = if time::needs_offsets(zone, start, end) {
        " – "
    } else {
        "–"
    };
    if s.date_naive() == e.date_naive() {
        format!("{from}{dash}{to} {}", s.format("%a %-d %b"))
    } else {
        format!(
            "{from} {}{dash}{to} {}",
            s.format("%a %-d %b"),
            e.format("%a %-d %b")
        )
    }
}

/// The rules of `check` about people: anyone due outside their waking
/// hours, a `[people]` entry no block uses, and (under
/// `rules.require_people`) anyone due who has no entry.
pub(crate) fn check(agenda: &Agenda, findings: &mut Vec<Finding>) {
    if agenda.people.is_empty() {
        return;
    }
    let by_key: HashMap<&str, &Person> =
        agenda.people.iter().map(|p| (p.key.as_str(), p)).collect();
    let waking = agenda.rules.waking_hours;
    let mut used: HashMap<String, &str> = HashMap::new();
    let mut key = String::new();
    for block in agenda.days.iter().flat_map(|d| &d.blocks) {
        for due in dues(block) {
            person_key_into(due.name, &mut key);
            if !used.contains_key(key.as_str()) {
                used.insert(key.clone(), due.name);
                if agenda.rules.require_people && !by_key.contains_key(key.as_str()) {
                    findings.push(
                        Finding::new(Code::NotInPeople,
                            due.span.clone(),
                            format!("{} has no entry in [people]", due.name.trim()),
                        )
                        .label(format!("{} {} {}", due.name.trim(), due.role, due.what))
                        .help(format!(
                            "add \"{}\" = {{ timezone = \"Area/City\" }} to [people], or set rules.require_people = false",
                            due.name.trim()
                        )),
                    );
                }
            }
            let Some(person) = by_key.get(key.as_str()) else {
                continue;
            };
            let mut tally = Tally::default();
            tally.add(person.zone, waking, due.start, due.end);
            if tally.waking < tally.seconds {
                findings.push(
                    Finding::new(Code::OutsideWakingHours,
                        due.span.clone(),
                        format!(
                            "{} {} {} at {} in {}, outside {}",
                            person.name,
                            due.role,
                            due.what,
                            local_range(person.zone, due.start, due.end),
                            person.zone,
                            waking
                        ),
                    )
                    .label("outside their waking hours")
                    .related(person.span.clone(), format!("home zone {}", person.zone))
                    .help("move the block, or make sure they agree (rules.waking_hours sets the hours)"),
                );
            }
        }
    }
    // Comparing every unused entry with every used name is quadratic: a
    // hostile file of 100,000 of each would take minutes. Suggestions stop
    // once this many comparisons are spent: enough for a hundred unused
    // entries against two thousand names, far more than a real workshop.
    let mut budget: usize = 200_000;
    for person in &agenda.people {
        if used.contains_key(person.key.as_str()) {
            continue;
        }
        let closest = if budget >= used.len() {
            budget -= used.len();
            used.iter()
                .map(|(k, name)| (strsim::jaro_winkler(&person.key, k), *name))
                .filter(|(score, _)| *score > 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        } else {
            None
        };
        let mut finding = Finding::new(
            Code::UnusedPerson,
            person.span.clone(),
            format!("`{}` in [people] takes part in no block", person.name),
        )
        .label("used by no block");
        finding = match closest {
            Some((_, name)) => finding.help(format!("did you mean `{}`?", name.trim())),
            None => finding.help("remove the entry, or name them as a speaker or moderator"),
        };
        findings.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::testing::{utc, zone};

    #[test]
    fn waking_hours_as_written() {
        let read = |w: &str| {
            let text = format!(
                "[event]\nname = \"E\"\ntimezone = \"UTC\"\n[rules]\nwaking_hours = {w}\n[[day]]\ndate = 2021-04-13\n"
            );
            let checked = crate::load(&text);
            let errors: Vec<String> = checked.findings.into_iter().map(|f| f.message).collect();
            (
                checked.agenda.map(|a| a.rules.waking_hours.to_string()),
                errors,
            )
        };
        let ok = |s: &str| (Some(s.to_string()), Vec::<String>::new());
        assert_eq!(read(r#"["08:30", "24:00"]"#), ok("08:30–24:00"));
        assert_eq!(read("[06:00:00, 23:15:00]"), ok("06:00–23:15"));
        let bad = |w: &str, message: &str| {
            let (_, errors) = read(w);
            assert_eq!(errors, [message], "{w}");
        };
        bad(r#"["24:00", "07:00"]"#, "malformed time in `waking_hours`");
        bad(
            r#"["07:00+01:00", "22:00"]"#,
            "malformed time in `waking_hours`",
        );
        bad(r#"["07:00"]"#, "`waking_hours` must list two times, not 1");
        bad(
            r#"["07:00", "07:00"]"#,
            "`waking_hours` must start before they end",
        );
        bad(
            "7",
            "`waking_hours` must be a list of two times, not a whole number",
        );
    }

    #[test]
    fn pieces_split_at_local_midnight() {
        // Tokyo is UTC+9 all year: 14:00–18:30 UTC is 23:00–03:30.
        let mut pieces = Vec::new();
        local_pieces(
            zone("Asia/Tokyo"),
            utc("2021-04-13T14:00:00Z"),
            utc("2021-04-13T18:30:00Z"),
            |local, secs| pieces.push((local.to_string(), secs / 60)),
        );
        assert_eq!(
            pieces,
            [
                ("2021-04-13 23:00:00".to_string(), 60),
                ("2021-04-14 00:00:00".to_string(), 210)
            ]
        );
    }

    #[test]
    fn pieces_split_at_an_offset_change() {
        // Berlin went from UTC+1 to UTC+2 at 2021-03-28 01:00 UTC
        // (02:00 CET became 03:00 CEST).
        let mut pieces = Vec::new();
        local_pieces(
            zone("Europe/Berlin"),
            utc("2021-03-28T00:30:00Z"),
            utc("2021-03-28T01:30:00Z"),
            |local, secs| pieces.push((local.to_string(), secs / 60)),
        );
        assert_eq!(
            pieces,
            [
                ("2021-03-28 01:30:00".to_string(), 30),
                ("2021-03-28 03:00:00".to_string(), 30)
            ]
        );
    }

    #[test]
    fn tally_of_the_bundled_day_in_tokyo() {
        let mut t = Tally::default();
        t.add(
            zone("Asia/Tokyo"),
            WakingHours::default(),
            utc("2021-04-13T14:00:00Z"),
            utc("2021-04-13T18:30:00Z"),
        );
        assert_eq!((t.seconds / 60, t.waking / 60, t.night / 60), (270, 0, 210));
        assert_eq!(t.strip(), "████···················█");
    }
}
