//! The terminal table of `agenda show`: one table per day, a time column
//! per zone, items indented under their block.
//!
//! On a terminal the output fits its width without ever breaking a time:
//! time and kind columns are as wide as their widest cell, and only title,
//! people and room cells wrap. When even that does not fit, each block is
//! printed on its own lines instead (the stacked layout). Piped output is
//! never squeezed.

use std::fmt::Write;

use chrono::NaiveDate;
use comfy_table::{presets, Cell, ColumnConstraint, ContentArrangement, Width};
use unicode_width::UnicodeWidthStr;

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
pub(crate) struct Table;

/// The narrowest a title, people or room column may get before the table
/// gives way to the stacked layout.
const MIN_TEXT_COLUMN: usize = 12;

impl Render for Table {
    fn render(&self, agenda: &Agenda, view: &View) -> anyhow::Result<String> {
        let width = terminal_width();
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
                format!("{} ({}{offset})", source.label(*zone), source.describe())
            })
            .collect();
        push_wrapped(&mut out, &agenda.event.name, width, 0);
        push_wrapped(
            &mut out,
            &format!("Times in {}", zones.join("; ")),
            width,
            0,
        );
        let rooms = agenda
            .days
            .iter()
            .flat_map(|d| &d.blocks)
            .any(|b| b.room.is_some());
        for day in &agenda.days {
            writeln!(out)?;
            out.push_str(&day_table(agenda, day, view, rooms, width));
            out.push('\n');
        }
        Ok(crate::visible::visible_owned(out))
    }
}

/// The width of the terminal on stdout; `None` when stdout is not a
/// terminal, so that piped output is never squeezed.
fn terminal_width() -> Option<usize> {
    comfy_table::Table::new().width().map(usize::from)
}

/// One line of the table: a block, or an item under it.
struct Row {
    /// Its time range in each zone (items indented).
    times: Vec<String>,
    /// The block's kind; empty for an item.
    kind: String,
    /// Its title (items indented, with a bullet).
    title: String,
    /// Speakers and moderator.
    people: String,
    /// The block's room.
    room: String,
    /// Whether it is an item of the block above.
    item: bool,
}

fn rows(day: &Day, view: &View) -> Vec<Row> {
    let mut rows = Vec::new();
    for block in &day.blocks {
        rows.push(block_row(block, day.date, view));
        for item in &block.items {
            rows.push(Row {
                times: view
                    .zones
                    .iter()
                    .map(|(zone, _)| {
                        format!("  {}", time::range(*zone, day.date, item.start, item.end))
                    })
                    .collect(),
                kind: String::new(),
                title: format!("  · {}", item.title),
                people: item.speakers.join(", "),
                room: String::new(),
                item: true,
            });
        }
    }
    rows
}

fn day_table(agenda: &Agenda, day: &Day, view: &View, rooms: bool, width: Option<usize>) -> String {
    let mut heading = day.date.format("%A %-d %B %Y").to_string();
    if let Some(name) = &day.name {
        heading = format!("{name} · {heading}");
    }
    heading = format!("{heading} (event time zone: {})", agenda.event.zone);
    let from = day.blocks.iter().map(|b| b.start).min();
    let to = day.blocks.iter().map(|b| b.end).max();
    let zone_headers: Vec<String> = view
        .zones
        .iter()
        .map(|(zone, _)| {
            // A day without blocks: the offset when the output is made.
            let (from, to) = from.zip(to).unwrap_or((view.generated, view.generated));
            format!("{zone} ({})", time::offsets_text(*zone, from, to))
        })
        .collect();
    let rows = rows(day, view);
    let mut fixed: Vec<usize> = zone_headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            let cells = rows.iter().map(|r| r.times[i].width());
            let words = header.split(' ').map(UnicodeWidthStr::width);
            cells.chain(words).max().unwrap_or(0)
        })
        .collect();
    fixed.push(rows.iter().map(|r| r.kind.width()).fold(4, usize::max));
    let text_columns = if rooms { 3 } else { 2 };
    let columns = fixed.len() + text_columns;
    // Each column has one space of padding on either side and a border on
    // its left; the table has one more border on the right.
    let needed = fixed.iter().sum::<usize>() + 3 * columns + 1 + MIN_TEXT_COLUMN * text_columns;
    let mut out = String::new();
    if width.is_some_and(|w| needed > w) {
        push_wrapped(&mut out, &heading, width, 0);
        stacked(&mut out, &zone_headers, &rows, rooms, width);
        return out;
    }
    push_wrapped(&mut out, &heading, width, 0);
    let mut table = comfy_table::Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    let mut header = zone_headers;
    header.extend(["Kind", "Title", "People"].map(String::from));
    if rooms {
        header.push("Room".into());
    }
    table.set_header(header);
    // Off a terminal the table has no width, and every row would be padded
    // to the widest cell: a 100 KB title would make every row 100 KB.
    if width.is_none() {
        table.set_width(PIPE_WIDTH);
    }
    for row in rows {
        let mut cells: Vec<Cell> = row.times.into_iter().map(Cell::new).collect();
        cells.push(Cell::new(row.kind));
        cells.extend([&row.title, &row.people].map(|text| Cell::new(fit(text))));
        if rooms {
            cells.push(Cell::new(fit(&row.room)));
        }
        table.add_row(cells);
    }
    {
        // Times and kinds never wrap, on a terminal or off it: their
        // columns are as wide as their widest cell, and only the text
        // columns share what is left.
        for (i, w) in fixed.iter().enumerate() {
            if let Some(column) = table.column_mut(i) {
                // comfy-table counts the padding in an absolute width.
                let w = u16::try_from(*w + 2).unwrap_or(u16::MAX);
                column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(w)));
            }
        }
    }
    let _ = write!(out, "{table}");
    // The caller adds the final newline.
    if out.ends_with('\n') {
        out.pop();
    }
    out
}

fn block_row(block: &Block, date: NaiveDate, view: &View) -> Row {
    let people = super::people_line(block);
    Row {
        times: view
            .zones
            .iter()
            .map(|(zone, _)| time::range(*zone, date, block.start, block.end))
            .collect(),
        kind: block.kind.to_string(),
        title: block.title.clone(),
        people,
        room: block.room.as_ref().map(|r| r.0.clone()).unwrap_or_default(),
        item: false,
    }
}

/// The stacked layout, for a terminal too narrow for the time columns side
/// by side: each block on its own lines, its times first (on one line when
/// they fit, else one per line, each named by its zone when that fits
/// too), then its kind and title, people and room, wrapped; items indented
/// beneath it.
fn stacked(out: &mut String, zones: &[String], rows: &[Row], rooms: bool, width: Option<usize>) {
    push_wrapped(out, &format!("Times in {}", zones.join(" · ")), width, 0);
    let limit = width.unwrap_or(usize::MAX);
    for row in rows {
        let indent = if row.item { 2 } else { 0 };
        if !row.item {
            out.push('\n');
        }
        let times: Vec<&str> = row.times.iter().map(|t| t.trim_start()).collect();
        let joined = times.join(" · ");
        if indent + joined.width() <= limit {
            let _ = writeln!(out, "{:indent$}{joined}", "");
        } else {
            for (time, zone) in times.iter().zip(zones) {
                let name = zone.split(' ').next().unwrap_or("");
                if indent + time.width() + 2 + name.width() <= limit {
                    let _ = writeln!(out, "{:indent$}{time}  {name}", "");
                } else {
                    let _ = writeln!(out, "{:indent$}{time}", "");
                }
            }
        }
        let title = row.title.trim_start();
        let text = if row.item {
            title.to_string()
        } else {
            format!("{} · {title}", row.kind)
        };
        push_wrapped(out, &text, width, indent + 2);
        let mut details: Vec<&str> = Vec::new();
        if !row.people.is_empty() {
            details.push(&row.people);
        }
        if rooms && !row.room.is_empty() {
            details.push(&row.room);
        }
        if !details.is_empty() {
            push_wrapped(out, &details.join(" · "), width, indent + 2);
        }
    }
}

/// Appends `text` as lines of at most `width` columns (any length when
/// `None`), each indented by `indent`: broken at spaces, and inside a word
/// only when the word alone is too long.
fn push_wrapped(out: &mut String, text: &str, width: Option<usize>, indent: usize) {
    let Some(width) = width else {
        let _ = writeln!(out, "{:indent$}{text}", "");
        return;
    };
    let room = width.saturating_sub(indent).max(1);
    let mut line = String::new();
    let mut used = 0;
    let flush = |out: &mut String, line: &mut String| {
        let _ = writeln!(out, "{:indent$}{line}", "");
        line.clear();
    };
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let w = word.width();
        if used > 0 && used + 1 + w <= room {
            line.push(' ');
            line.push_str(word);
            used += 1 + w;
            continue;
        }
        if used > 0 {
            flush(out, &mut line);
            used = 0;
        }
        if w <= room {
            line.push_str(word);
            used = w;
            continue;
        }
        for c in word.chars() {
            let cw = c.to_string().width();
            if used + cw > room && used > 0 {
                flush(out, &mut line);
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if used > 0 || text.is_empty() {
        flush(out, &mut line);
    }
}

#[cfg(test)]
mod tests {
    use super::push_wrapped;

    fn wrapped(text: &str, width: usize, indent: usize) -> String {
        let mut out = String::new();
        push_wrapped(&mut out, text, Some(width), indent);
        out
    }

    #[test]
    fn wraps_at_spaces_and_splits_only_overlong_words() {
        assert_eq!(
            // 12 columns after the indent: "Vera C. Rubin" is 13.
            wrapped("Vera C. Rubin Observatory & LSST", 14, 2),
            "  Vera C.\n  Rubin\n  Observatory\n  & LSST\n"
        );
        assert_eq!(wrapped("Skyportal/Fritz", 8, 0), "Skyporta\nl/Fritz\n");
        // Wide characters count two columns each.
        assert_eq!(wrapped("日本語の題", 6, 0), "日本語\nの題\n");
    }
}
