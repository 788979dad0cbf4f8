//! One Markdown table per day, in the zone of `--tz` (else the event's),
//! headed with that zone and its UTC offset, items listed under their
//! block: ready to paste into a README.

use std::fmt::Write;

use chrono::NaiveDate;

use super::{Render, View};
use crate::model::{Agenda, Block, Day};
use crate::time::{self, Zone};

/// The Markdown export.
pub struct Markdown;

impl Render for Markdown {
    fn render(&self, agenda: &Agenda, view: &View) -> anyhow::Result<String> {
        let zone = view
            .zones
            .first()
            .map_or(agenda.event.zone, |(zone, _)| *zone);
        let rooms = agenda
            .days
            .iter()
            .flat_map(|d| &d.blocks)
            .any(|b| b.room.is_some());
        let mut out = String::new();
        writeln!(out, "# {}", cell(&agenda.event.name))?;
        for day in &agenda.days {
            writeln!(out)?;
            day_table(&mut out, day, zone, rooms)?;
        }
        Ok(crate::visible::visible_owned(out))
    }
}

fn day_table(out: &mut String, day: &Day, zone: Zone, rooms: bool) -> std::fmt::Result {
    let (Some(first), Some(last)) = (day.blocks.first(), day.blocks.last()) else {
        return Ok(());
    };
    // The table's own date is the zone's date of its first block, so that a
    // reader east or west of the event sees the day they live it on; rows
    // on another date say so.
    let date = first.start.with_timezone(&zone).date_naive();
    let mut heading = date.format("%A %-d %B %Y").to_string();
    if let Some(name) = &day.name {
        heading = format!("{} · {heading}", cell(name));
    }
    let end = day.blocks.iter().map(|b| b.end).max().unwrap_or(last.end);
    let offset = time::offsets_text(zone, first.start, end);
    writeln!(out, "## {heading}")?;
    writeln!(out)?;
    writeln!(out, "Times in {zone} ({offset}).")?;
    writeln!(out)?;
    let mut header = format!("| Time ({zone}) | Kind | Title | People |");
    let mut rule = String::from("|---|---|---|---|");
    if rooms {
        header.push_str(" Room |");
        rule.push_str("---|");
    }
    writeln!(out, "{header}")?;
    writeln!(out, "{rule}")?;
    for block in &day.blocks {
        block_rows(out, block, zone, date, rooms)?;
    }
    Ok(())
}

fn block_rows(
    out: &mut String,
    block: &Block,
    zone: Zone,
    date: NaiveDate,
    rooms: bool,
) -> std::fmt::Result {
    let mut people = block.speakers.join(", ");
    if let Some(moderator) = &block.moderator {
        if !people.is_empty() {
            people.push_str("; ");
        }
        people.push_str(&format!("moderator {moderator}"));
    }
    write!(
        out,
        "| {} | {} | **{}** | {} |",
        time::range(zone, date, block.start, block.end),
        block.kind,
        cell(&block.title),
        cell(&people)
    )?;
    if rooms {
        let room = block.room.as_ref().map_or("", |r| r.0.as_str());
        write!(out, " {} |", cell(room))?;
    }
    writeln!(out)?;
    for item in &block.items {
        write!(
            out,
            "| {} | | ↳ {} | {} |",
            time::range(zone, date, item.start, item.end),
            cell(&item.title),
            cell(&item.speakers.join(", "))
        )?;
        if rooms {
            write!(out, " |")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Text made safe for one table cell: pipes escaped, line breaks and the
/// characters Markdown would read as markup kept literal.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if crate::visible::is_forbidden(c, false) && c != '\t' => {
                out.push_str(&crate::visible::visible_line(c.encode_utf8(&mut [0; 4])));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_markup_and_pipes() {
        assert_eq!(cell("a | b"), r"a \| b");
        assert_eq!(cell("two\nlines"), "two lines");
        assert_eq!(cell("*bold* _it_"), r"\*bold\* \_it\_");
        assert_eq!(cell("AEON/TOM"), "AEON/TOM");
    }
}
