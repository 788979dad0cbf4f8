//! The terminal table of `agenda show`: one table per day, a time column
//! per zone, items indented under their block.
//!
//! On a terminal the output fits its width without ever breaking a time:
//! time and kind columns are as wide as their widest cell, and only title,
//! people and room cells wrap. When even that does not fit, each block is
//! printed on its own lines instead (the stacked layout). Piped output is
//! never squeezed. comfy-table draws the grid and wraps the text cells;
//! the terminal's width comes in through the [`View`].

use std::borrow::Cow;
use std::fmt::Write;

use chrono::NaiveDate;
use comfy_table::{presets, Cell, ColumnConstraint, ContentArrangement, Width};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{Render, RenderError, View};
use crate::model::{Agenda, Block, Day};
use crate::time;
use crate::visible::visible_cell;

/// The width of a table written to a pipe or a file: wide enough for any
/// real row (the widest cell wraps beyond it), as on a terminal.
const PIPE_WIDTH: usize = 200;

/// A word longer than this many characters is broken into lines of this
/// length before comfy-table sees it: its own splitting of one long word
/// copies the rest of the word at every line, so a title of a megabyte
/// would take minutes.
const LONG_WORD: usize = 100;

/// The `show` table.
pub(crate) struct Table;

/// The narrowest a title, people or room column may get before the table
/// gives way to the stacked layout.
const MIN_TEXT_COLUMN: usize = 12;

impl Render for Table {
    fn render(&self, agenda: &Agenda, view: &View) -> Result<String, RenderError> {
        let width = view.width;
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
                let label = source.label(*zone);
                format!("{} ({}{offset})", visible_cell(&label), source.describe())
            })
            .collect();
        push_wrapped(&mut out, &visible_cell(&agenda.event.name), width, 0);
        push_wrapped(
            &mut out,
            &format!("Times in {}", zones.join("; ")),
            width,
            0,
        );
        let rooms = blocks().any(|b| b.room.is_some());
        for day in &agenda.days {
            out.push('\n');
            day_table(&mut out, agenda, day, view, rooms);
            out.push('\n');
        }
        Ok(out)
    }
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
                title: format!("  · {}", visible_cell(&item.title)),
                people: visible_cell(&item.speakers.join(", ")).into_owned(),
                room: String::new(),
                item: true,
            });
        }
    }
    rows
}

/// Appends one day: its heading, then its table, or its blocks stacked
/// when the table does not fit the terminal.
fn day_table(out: &mut String, agenda: &Agenda, day: &Day, view: &View, rooms: bool) {
    let width = view.width;
    let mut heading = day.date.format("%A %-d %B %Y").to_string();
    if let Some(name) = &day.name {
        heading = format!("{} · {heading}", visible_cell(name));
    }
    heading = format!(
        "{heading} (event time zone: {})",
        visible_cell(agenda.event.zone.name())
    );
    let from = day.blocks.iter().map(|b| b.start).min();
    let to = day.blocks.iter().map(|b| b.end).max();
    let zone_headers: Vec<String> = view
        .zones
        .iter()
        .map(|(zone, _)| {
            // A day without blocks: the offset when the output is made.
            let (from, to) = from.zip(to).unwrap_or((view.generated, view.generated));
            let offsets = time::offsets_text(*zone, from, to);
            format!("{} ({offsets})", visible_cell(zone.name()))
        })
        .collect();
    let rows = rows(day, view);
    // Times and kinds never wrap: their columns are as wide as their
    // widest cell (or header word), and only the text columns share what
    // is left.
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
    // Each column has one space of padding on either side and a border on
    // its left; the table has one more border on the right.
    let frame = 3 * (fixed.len() + text_columns) + 1;
    let needed = fixed.iter().sum::<usize>() + frame + MIN_TEXT_COLUMN * text_columns;
    push_wrapped(out, &heading, width, 0);
    let legend = super::legend(&day.blocks);
    if width.is_some_and(|w| needed > w) {
        stacked(out, &zone_headers, &rows, rooms, width);
        if let Some(legend) = legend {
            out.push('\n');
            push_wrapped(out, &legend, width, 0);
        }
        return;
    }
    let mut table = comfy_table::Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        // Off a terminal the table still has a width, or every row would
        // be padded to the widest cell: a 100 KB title would make every
        // row 100 KB.
        .set_width(clamp(width.unwrap_or(PIPE_WIDTH.max(needed))));
    let mut header = zone_headers;
    header.extend(["Kind", "Title", "People"].map(String::from));
    if rooms {
        header.push("Room".into());
    }
    table.set_header(header);
    for row in rows {
        let mut cells: Vec<Cell> = row.times.into_iter().map(Cell::new).collect();
        cells.push(Cell::new(row.kind));
        cells.extend([row.title, row.people].map(|text| Cell::new(fit(&text))));
        if rooms {
            cells.push(Cell::new(fit(&row.room)));
        }
        table.add_row(cells);
    }
    for (i, w) in fixed.iter().enumerate() {
        if let Some(column) = table.column_mut(i) {
            // comfy-table counts the padding in an absolute width.
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(clamp(w + 2))));
        }
    }
    let _ = write!(out, "{table}");
    if let Some(legend) = legend {
        out.push('\n');
        push_wrapped(out, &legend, width, 0);
    }
}

/// A width as comfy-table takes it.
fn clamp(width: usize) -> u16 {
    u16::try_from(width).unwrap_or(u16::MAX)
}

/// `text` as it goes into a cell: each word longer than [`LONG_WORD`]
/// characters broken into lines of that length, here in one pass.
fn fit(text: &str) -> Cow<'_, str> {
    if text.len() <= LONG_WORD || text.split(' ').all(|w| w.chars().count() <= LONG_WORD) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / LONG_WORD + 1);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for (j, c) in word.chars().enumerate() {
            if j > 0 && j % LONG_WORD == 0 {
                out.push('\n');
            }
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn block_row(block: &Block, date: NaiveDate, view: &View) -> Row {
    let people = super::people_line(block);
    Row {
        times: view
            .zones
            .iter()
            .map(|(zone, _)| time::range(*zone, date, block.start, block.end))
            .collect(),
        kind: super::kind_cell(block),
        title: visible_cell(&block.title).into_owned(),
        people: visible_cell(&people).into_owned(),
        room: block
            .room
            .as_ref()
            .map(|r| visible_cell(&r.0).into_owned())
            .unwrap_or_default(),
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
/// `None`), each indented by `indent`.
fn push_wrapped(out: &mut String, text: &str, width: Option<usize>, indent: usize) {
    let Some(width) = width else {
        let _ = writeln!(out, "{:indent$}{text}", "");
        return;
    };
    for (line, _) in wrap(text, width.saturating_sub(indent)) {
        let _ = writeln!(out, "{:indent$}{line}", "");
    }
}

/// `text` as lines of at most `width` columns (at least one), broken at
/// spaces and newlines, and inside a word only when the word alone is too
/// long; each line with its width. The spaces and bullet (`· `) that open
/// an item's title indent
/// each of its lines, so that they read as one item under its block,
/// unless that would split a word.
fn wrap(text: &str, width: usize) -> Vec<(Cow<'_, str>, usize)> {
    let width = width.max(1);
    let whole = text.width();
    if whole <= width && !text.contains('\n') {
        return vec![(Cow::Borrowed(text), whole)];
    }
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let body = paragraph.trim_start_matches(' ');
        let indent = paragraph.len() - body.len();
        let bullet = if body.starts_with("· ") { 2 } else { 0 };
        // Where the indent would split a word, the words matter more.
        let longest = body
            .split(' ')
            .map(UnicodeWidthStr::width)
            .max()
            .unwrap_or(0);
        let (first, hang) = if indent + bullet + longest <= width {
            (&paragraph[..indent], indent + bullet)
        } else {
            ("", 0)
        };
        let mut line = first.to_string();
        let mut used = first.len();
        let mut empty = true;
        for word in body.split(' ').filter(|w| !w.is_empty()) {
            let w = word.width();
            let space = usize::from(!empty);
            if used + space + w <= width {
                if !empty {
                    line.push(' ');
                }
                line.push_str(word);
                used += space + w;
                empty = false;
                continue;
            }
            if !empty {
                let done = std::mem::replace(&mut line, " ".repeat(hang));
                lines.push((Cow::Owned(done), used));
                used = hang;
                if used + w <= width {
                    line.push_str(word);
                    used += w;
                    continue;
                }
            }
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > width && !empty {
                    let done = std::mem::replace(&mut line, " ".repeat(hang));
                    lines.push((Cow::Owned(done), used));
                    used = hang;
                }
                line.push(c);
                used += cw;
                empty = false;
            }
        }
        lines.push((Cow::Owned(line), used));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::{fit, push_wrapped};
    use crate::export::{Render, Table, View};
    use crate::time::ZoneSource;
    use unicode_width::UnicodeWidthStr;

    /// A programme whose second talk starts before the first ends, shown
    /// `width` columns wide (`None`: piped).
    fn overlapping(width: Option<usize>) -> String {
        let text = "[event]\nname = \"E\"\ntimezone = \"UTC\"\n[[day]]\ndate = 2021-04-13\n\
            [[day.block]]\nstart = \"14:00\"\nminutes = 20\nkind = \"talk\"\ntitle = \"First\"\n\
            [[day.block]]\nstart = \"14:10\"\nminutes = 10\nkind = \"talk\"\ntitle = \"Second\"\n\
            [[day.block]]\nstart = \"14:30\"\nminutes = 10\nkind = \"talk\"\ntitle = \"Third\"\n";
        let agenda = crate::load(text).agenda.unwrap();
        let view = View {
            zones: vec![(crate::time::Zone::utc(), ZoneSource::Flag)],
            breaks: true,
            alarm: None,
            generated: chrono::DateTime::UNIX_EPOCH,
            width,
            tzdb: None,
        };
        Table.render(&agenda, &view).unwrap()
    }

    #[test]
    fn a_block_that_breaks_a_rule_is_marked_and_the_mark_explained() {
        let legend =
            "! breaks a rule of the programme (overlap); `agenda check` says which and where";
        let table = overlapping(None);
        let row = |title: &str| table.lines().find(|l| l.contains(title)).unwrap();
        assert!(row("First").contains("┆ talk ! ┆ First"), "{table}");
        assert!(row("Second").contains("┆ talk ! ┆ Second"), "{table}");
        assert!(row("Third").contains("┆ talk   ┆ Third"), "{table}");
        assert!(table.contains(&format!("┘\n{legend}\n")), "{table}");
        // Stacked on a narrow terminal: the mark stays with the kind, the
        // legend wraps under the day.
        let stacked = overlapping(Some(40));
        assert!(stacked.contains("\n  talk ! · First\n"), "{stacked}");
        assert!(stacked.contains("\n  talk · Third\n"), "{stacked}");
        assert!(
            stacked.contains(
                "\n! breaks a rule of the programme\n(overlap); `agenda check` says which and\nwhere\n"
            ),
            "{stacked}"
        );
    }

    /// The lines of `super::wrap`, each checked against the width it
    /// reports.
    fn wrap(text: &str, width: usize) -> Vec<String> {
        let lines = super::wrap(text, width);
        for (line, used) in &lines {
            assert_eq!(line.width(), *used, "{line:?}");
        }
        lines
            .into_iter()
            .map(|(line, _)| line.into_owned())
            .collect()
    }

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

    #[test]
    fn an_item_title_hangs_under_its_bullet() {
        // 26 columns fit "  · Broker interfaces III:"; the next word
        // starts a line indented past the bullet (2 + 2).
        assert_eq!(
            wrap("  · Broker interfaces III: Skyportal/Fritz", 28),
            ["  · Broker interfaces III:", "    Skyportal/Fritz"]
        );
        // Wide characters count two columns each, in the widths too.
        assert_eq!(wrap("  · 日本語 の題", 10), ["  · 日本語", "    の題"]);
        // Indented, "Skyportal/Fritz" (15) would not fit in 17: no indent.
        assert_eq!(
            wrap("  · Broker interfaces III: Skyportal/Fritz", 17),
            ["· Broker", "interfaces III:", "Skyportal/Fritz"]
        );
    }

    #[test]
    fn only_words_over_a_hundred_characters_are_broken_before_the_table() {
        let ordinary = "a title of many words ".repeat(20);
        assert_eq!(fit(&ordinary), ordinary);
        // 250 characters: lines of 100, 100 and 50; the words around it
        // stay whole.
        let long = format!("before {} after", "é".repeat(250));
        let lines: Vec<usize> = fit(&long).split('\n').map(|l| l.chars().count()).collect();
        assert_eq!(lines, [107, 100, 56]);
    }
}
