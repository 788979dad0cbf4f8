//! Which calendar UIDs a new version changes: the blocks `diff` follows
//! from one version to the other whose key changed all the same, and the
//! event's identity, with the hints that tell the organizer why (calendars
//! that imported the old version would show those events twice).

use super::{Dated, Report};

/// The event's identity as it was and as it is.
#[derive(Debug, Clone)]
pub(crate) struct EventRekeyed {
    /// As it was.
    pub was: String,
    /// As it is.
    pub is: String,
    /// Whether it is the event's name (it has no `id`).
    pub by_name: bool,
}

/// A block followed from one version to the other whose calendar UID
/// changed: calendars that imported the old version would show it twice.
#[derive(Debug, Clone)]
pub(crate) struct Rekeyed {
    /// Its title as it was.
    pub old_title: String,
    /// Its title as it is.
    pub title: String,
    /// Its kind now.
    pub kind: crate::kind::Kind,
    /// Why the UID changed.
    pub why: Why,
}

/// Why a block's calendar UID changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Why {
    /// Its `id` changed (from, to).
    Id(String, String),
    /// It has no `id` and its title changed.
    Title,
    /// It has no `id` and its kind changed.
    Kind,
    /// It has no `id`, shares its kind and title with other blocks, and
    /// moved to another day or room, which tell them apart.
    Place,
    /// Blocks that share its `id`, or its kind and title, were added or
    /// removed, which changed what tells them apart.
    Namesakes,
}

/// Why the key of a block changed from `old` to `new`.
pub(super) fn why_rekeyed(old: &Dated, new: &Dated) -> Why {
    let ((old_date, old), (new_date, new)) = (old, new);
    match (&old.id, &new.id) {
        (Some(a), Some(b)) if a == b => Why::Namesakes,
        (Some(a), Some(b)) => Why::Id(a.clone(), b.clone()),
        _ if old.title != new.title => Why::Title,
        _ if old.kind != new.kind => Why::Kind,
        _ if old_date != new_date || old.room != new.room => Why::Place,
        _ => Why::Namesakes,
    }
}

/// Advice for the organizer, not part of the report: the blocks whose
/// calendar UID changed, so that calendars that imported the old version
/// would show them twice. Breaks, which become calendar events only with
/// `export --breaks`, are counted in one line rather than named.
pub(crate) fn hints(report: &Report) -> Vec<String> {
    const TWICE: &str = "calendars that imported the old version will show it twice";
    const GIVE_ID: &str = "give blocks an `id` so that calendars update them instead";
    let mut hints = Vec::new();
    if let Some(EventRekeyed { was, is, by_name }) = &report.event_rekeyed {
        let every = "calendars that imported the old version will show every event twice";
        hints.push(if *by_name {
            format!(
                "the event has no `id`, so every calendar UID follows its name, `{is}`, where \
                 it was `{was}`: {every}; set `id` in [event] and keep it"
            )
        } else {
            format!(
                "the event's `id` changed from `{was}` to `{is}`, and every calendar UID with \
                 it: {every}; keep the event's `id` once it is published"
            )
        });
    }
    let mut breaks = 0;
    for block in &report.rekeyed {
        if !block.kind.policy().calendar_event {
            breaks += 1;
            continue;
        }
        let title = &block.title;
        hints.push(match &block.why {
            Why::Id(was, is) => format!(
                "the `id` of `{title}` changed from `{was}` to `{is}`, and its calendar UID \
                 with it: {TWICE}; keep an `id` once it is published"
            ),
            Why::Title => format!(
                "`{title}` (was `{}`) has no `id`, so its calendar UID follows its title: \
                 {TWICE}; {GIVE_ID}, whatever their title",
                block.old_title
            ),
            Why::Kind => format!(
                "`{title}` has no `id`, so its calendar UID follows its kind and title: \
                 {TWICE}; {GIVE_ID}"
            ),
            Why::Place => format!(
                "`{title}` has no `id` and other blocks have its title, so its calendar UID \
                 follows its day and room, which changed: {TWICE}; {GIVE_ID}, wherever they move"
            ),
            Why::Namesakes => format!(
                "`{title}` has no `id` of its own, and blocks with its title were added or \
                 removed, which changed its calendar UID: {TWICE}; {GIVE_ID}"
            ),
        });
    }
    if breaks > 0 {
        hints.push(format!(
            "{breaks} break(s) got another calendar UID (breaks without an `id` are told apart \
             by day, room and order): calendars that imported them (`export --breaks`) will \
             show them twice"
        ));
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::Why;
    use crate::model::Agenda;

    fn agenda(blocks: &str) -> Agenda {
        let text = format!("[event]\nname = \"W\"\ntimezone = \"UTC\"\n{blocks}");
        crate::load(&text).agenda.unwrap()
    }

    fn block(date: &str, start: &str, kind: &str, title: &str) -> String {
        format!(
            "[[day]]\ndate = {date}\n[[day.block]]\nstart = \"{start}\"\nminutes = 10\n\
             kind = \"{kind}\"\ntitle = \"{title}\"\nmoderator = \"M\"\n"
        )
    }

    fn why(old: &str, new: &str) -> Vec<(String, Why)> {
        super::super::diff(&agenda(old), &agenda(new))
            .rekeyed
            .into_iter()
            .map(|r| (r.title, r.why))
            .collect()
    }

    #[test]
    fn why_a_uid_changed() {
        let lunch = block("2021-04-13", "12:00", "session", "Lunch");
        // A second "Lunch" makes the date part of the first one's key.
        let again = block("2021-04-14", "12:00", "session", "Lunch");
        assert_eq!(
            why(&lunch, &format!("{lunch}{again}")),
            [("Lunch".to_string(), Why::Namesakes)]
        );
        let discussion = block("2021-04-13", "12:00", "discussion", "Lunch");
        assert_eq!(why(&lunch, &discussion), [("Lunch".to_string(), Why::Kind)]);
        // A title of its own: moved to another day, the key is kept.
        assert_eq!(why(&lunch, &again), []);
    }
}
