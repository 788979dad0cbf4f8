//! The terminal table of `agenda show`: one table per day, a time column
//! per zone, items indented under their block.

use std::fmt::Write;

use chrono::{NaiveDate, Utc};
use comfy_table::{presets, Cell, ContentArrangement};

use super::{Render, View};
use crate::model::{Agenda, Block, Day};
use crate::time;

/// The width of a table written to a pipe or a file: wide enough for any
/// real row (the widest cell wraps beyond it), as on a terminal.
const PIPE_WIDTH: u16 = 200;

/// A cell longer than this many characters is broken into lines of
/// [`CELL_LINE`] before the table sees it.
const LONG_CELL: usize = 200;
const CELL_LINE: usize = 100;

/// `text` as it goes into a cell: a very long text (a title of a
/// megabyte) is broken into lines here, in one pass, because the table's
/// own wrapping of one long word takes time that grows faster than its
/// length.
fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= LONG_CELL || text.chars().count() <= LONG_CELL {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / CELL_LINE + 1);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for (j, c) in line.chars().enumerate() {
            if j > 0 && j % CELL_LINE == 0 {
                out.push('\n');
            }
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The `show` table.
pub struct Table;

impl Render for Table {
    fn render(&self, agenda: &Agenda, view: &View) -> anyhow::Result<String> {
        let mut out = String::new();
        let blocks = || agenda.days.iter().flat_map(|d| &d.blocks);
        let first = blocks().map(|b| b.start).min();
        let last = blocks().map(|b| b.end).max();
        let zones: Vec<String> = view
            .zones
            .iter()
            .map(|(zone, source)| {
                let offset = first
                    .zip(last)
                    .map(|(from, to)| format!(", {}", time::offsets_text(*zone, from, to)))
                    .unwrap_or_default();
                format!("{zone} ({}{offset})", source.describe())
            })
            .collect();
        writeln!(out, "{}", agenda.event.name)?;
        writeln!(out, "Times in {}", zones.join("; "))?;
        let rooms = agenda
            .days
            .iter()
            .flat_map(|d| &d.blocks)
            .any(|b| b.room.is_some());
        for day in &agenda.days {
            writeln!(out)?;
            out.push_str(&day_table(agenda, day, view, rooms));
            out.push('\n');
        }
        Ok(crate::visible::visible_owned(out))
    }
}

fn day_table(agenda: &Agenda, day: &Day, view: &View, rooms: bool) -> String {
    let mut heading = day.date.format("%A %-d %B %Y").to_string();
    if let Some(name) = &day.name {
        heading = format!("{name} · {heading}");
    }
    heading = format!("{heading} (event time zone: {})", agenda.event.zone);
    let mut table = comfy_table::Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    // Off a terminal the table has no width, and every row would be padded
    // to the widest cell: a 100 KB title would make every row 100 KB.
    if table.width().is_none() {
        table.set_width(PIPE_WIDTH);
    }
    let from = day.blocks.iter().map(|b| b.start).min();
    let to = day.blocks.iter().map(|b| b.end).max();
    let mut header: Vec<String> = view
        .zones
        .iter()
        .map(|(zone, _)| {
            let (from, to) = from.zip(to).unwrap_or_else(|| (Utc::now(), Utc::now()));
            format!("{zone} ({})", time::offsets_text(*zone, from, to))
        })
        .collect();
    header.extend(["Kind", "Title", "People"].map(String::from));
    if rooms {
        header.push("Room".into());
    }
    table.set_header(header);
    for block in &day.blocks {
        table.add_row(block_row(block, day.date, view, rooms));
        for item in &block.items {
            let mut row: Vec<Cell> = view
                .zones
                .iter()
                .map(|(zone, _)| {
                    Cell::new(format!(
                        "  {}",
                        time::range(*zone, day.date, item.start, item.end)
                    ))
                })
                .collect();
            row.push(Cell::new(""));
            row.push(Cell::new(fit(&format!("  · {}", item.title))));
            row.push(Cell::new(fit(&item.speakers.join(", "))));
            if rooms {
                row.push(Cell::new(""));
            }
            table.add_row(row);
        }
    }
    format!("{heading}\n{table}")
}

fn block_row(block: &Block, date: NaiveDate, view: &View, rooms: bool) -> Vec<Cell> {
    let mut row: Vec<Cell> = view
        .zones
        .iter()
        .map(|(zone, _)| Cell::new(time::range(*zone, date, block.start, block.end)))
        .collect();
    let mut people = block.speakers.join(", ");
    if let Some(moderator) = &block.moderator {
        if !people.is_empty() {
            people.push_str("; ");
        }
        people.push_str(&format!("moderator {moderator}"));
    }
    row.push(Cell::new(block.kind));
    row.push(Cell::new(fit(&block.title)));
    row.push(Cell::new(fit(&people)));
    if rooms {
        row.push(Cell::new(
            block.room.as_ref().map(|r| r.0.as_str()).unwrap_or(""),
        ));
    }
    row
}
