//! One Markdown table per day, in the zone of `--tz` (else the event's),
//! headed with that zone and its UTC offset, items listed under their
//! block: ready to paste into a README.

use std::fmt::Write;

use chrono::{DateTime, NaiveDate, Utc};

use super::{Render, RenderError, View};
use crate::model::{Agenda, Block, Day};
use crate::time::{self, Zone};
use crate::visible::markdown;

/// The Markdown export.
pub(crate) struct Markdown;

impl Render for Markdown {
    fn render(&self, agenda: &Agenda, view: &View) -> Result<String, RenderError> {
        // One time column per `--tz`, as `show` has; the event zone when
        // none is given.
        let mut zones: Vec<Zone> = view.zones.iter().map(|(zone, _)| *zone).collect();
        if zones.is_empty() {
            zones.push(agenda.event.zone);
        }
        let rooms = agenda
            .days
            .iter()
            .flat_map(|d| &d.blocks)
            .any(|b| b.room.is_some());
        let mut out = String::new();
        writeln!(out, "# {}", markdown(&agenda.event.name))?;
        for day in &agenda.days {
            writeln!(out)?;
            day_table(&mut out, day, &zones, rooms)?;
        }
        Ok(crate::visible::visible_owned(out))
    }
}

fn day_table(out: &mut String, day: &Day, zones: &[Zone], rooms: bool) -> std::fmt::Result {
    let (Some(first), Some(last), Some(&zone)) =
        (day.blocks.first(), day.blocks.last(), zones.first())
    else {
        return Ok(());
    };
    // The table's own date is the zone's date of its first block, so that a
    // reader east or west of the event sees the day they live it on; rows
    // on another date say so.
    let date = first.start.with_timezone(&zone).date_naive();
    let mut heading = date.format("%A %-d %B %Y").to_string();
    if let Some(name) = &day.name {
        heading = format!("{} · {heading}", markdown(name));
    }
    let end = day.blocks.iter().map(|b| b.end).max().unwrap_or(last.end);
    let named: Vec<String> = zones
        .iter()
        .map(|z| {
            let offsets = time::offsets_text(*z, first.start, end);
            format!("{} ({offsets})", markdown(z.name()))
        })
        .collect();
    writeln!(out, "## {heading}")?;
    writeln!(out)?;
    writeln!(out, "Times in {}.", named.join("; "))?;
    writeln!(out)?;
    let mut header = String::from("|");
    let mut rule = String::from("|");
    for z in zones {
        header.push_str(&format!(" Time ({}) |", markdown(z.name())));
        rule.push_str("---|");
    }
    header.push_str(" Kind | Title | People |");
    rule.push_str("---|---|---|");
    if rooms {
        header.push_str(" Room |");
        rule.push_str("---|");
    }
    writeln!(out, "{header}")?;
    writeln!(out, "{rule}")?;
    for block in &day.blocks {
        block_rows(out, block, zones, date, rooms)?;
    }
    if let Some(legend) = super::legend(&day.blocks) {
        writeln!(out)?;
        writeln!(out, "{legend}")?;
    }
    Ok(())
}

/// `| 14:30–15:15 | 10:30–11:15 |`: a range in each zone.
fn times(zones: &[Zone], date: NaiveDate, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let mut text = String::from("|");
    for zone in zones {
        text.push_str(&format!(" {} |", time::range(*zone, date, start, end)));
    }
    text
}

fn block_rows(
    out: &mut String,
    block: &Block,
    zones: &[Zone],
    date: NaiveDate,
    rooms: bool,
) -> std::fmt::Result {
    write!(
        out,
        "{} {} | **{}** | {} |",
        times(zones, date, block.start, block.end),
        super::kind_cell(block),
        markdown(&block.title),
        markdown(&super::people_line(block))
    )?;
    if rooms {
        let room = block.room.as_ref().map_or("", |r| r.0.as_str());
        write!(out, " {} |", markdown(room))?;
    }
    writeln!(out)?;
    for item in &block.items {
        write!(
            out,
            "{} | ↳ {} | {} |",
            times(zones, date, item.start, item.end),
            markdown(&item.title),
            markdown(&item.speakers.join(", "))
        )?;
        if rooms {
            write!(out, " |")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_markup_and_pipes() {
        assert_eq!(markdown("a | b"), r"a \| b");
        assert_eq!(markdown("two\nlines"), "two lines");
        assert_eq!(markdown("*bold* _it_"), r"\*bold\* \_it\_");
        assert_eq!(markdown("AEON/TOM"), "AEON/TOM");
    }
}
