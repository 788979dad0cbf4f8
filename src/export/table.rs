//! The terminal table of `agenda show`: one table per day, a time column
//! per zone, items indented under their block.
//!
//! On a terminal the output fits its width without ever breaking a time:
//! time and kind columns are as wide as their widest cell, and only title,
//! people and room cells wrap. When even that does not fit, each block is
//! printed on its own lines instead (the stacked layout). Piped output is
//! never squeezed.
//!
//! The grid is drawn here rather than by a table crate: `show` on the
//! bundled agenda is mostly start-up, and comfy-table was a fifth of its
//! instructions (BENCHMARKS.md, start-up).

use std::borrow::Cow;
use std::fmt::Write;

use chrono::NaiveDate;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{Render, View};
use crate::model::{Agenda, Block, Day};
use crate::time;
use crate::visible::visible_cell;

/// The width of a table written to a pipe or a file: wide enough for any
/// real row (the widest cell wraps beyond it), as on a terminal.
const PIPE_WIDTH: usize = 200;

/// The columns `text` takes on a terminal: its display width, counted at
/// once when it is ASCII (cells are escaped, so it has no controls).
fn width_of(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.width()
    }
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
        push_wrapped(&mut out, &visible_cell(&agenda.event.name), width, 0);
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
        Ok(out)
    }
}

/// The width of the terminal on stdout; `None` when stdout is not a
/// terminal, so that piped output is never squeezed.
fn terminal_width() -> Option<usize> {
    #[cfg(unix)]
    {
        let stdout = std::io::stdout();
        if !rustix::termios::isatty(&stdout) {
            return None;
        }
        let size = rustix::termios::tcgetwinsize(&stdout).ok()?;
        (size.ws_col > 0).then_some(usize::from(size.ws_col))
    }
    #[cfg(not(unix))]
    None
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

fn day_table(agenda: &Agenda, day: &Day, view: &View, rooms: bool, width: Option<usize>) -> String {
    let mut heading = day.date.format("%A %-d %B %Y").to_string();
    if let Some(name) = &day.name {
        heading = format!("{} · {heading}", visible_cell(name));
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
            let cells = rows.iter().map(|r| width_of(&r.times[i]));
            let words = header.split(' ').map(width_of);
            cells.chain(words).max().unwrap_or(0)
        })
        .collect();
    fixed.push(rows.iter().map(|r| width_of(&r.kind)).fold(4, usize::max));
    let text_columns = if rooms { 3 } else { 2 };
    let columns = fixed.len() + text_columns;
    // Each column has one space of padding on either side and a border on
    // its left; the table has one more border on the right.
    let frame = 3 * columns + 1;
    let needed = fixed.iter().sum::<usize>() + frame + MIN_TEXT_COLUMN * text_columns;
    let mut out = String::new();
    push_wrapped(&mut out, &heading, width, 0);
    if width.is_some_and(|w| needed > w) {
        stacked(&mut out, &zone_headers, &rows, rooms, width);
        return out;
    }
    // Off a terminal the table still has a width, or every row would be
    // padded to the widest cell: a 100 KB title would make every row 100 KB.
    let room = width
        .unwrap_or(PIPE_WIDTH)
        .saturating_sub(fixed.iter().sum::<usize>() + frame)
        .max(MIN_TEXT_COLUMN * text_columns);
    let mut header = zone_headers;
    header.extend(["Kind", "Title", "People"].map(String::from));
    if rooms {
        header.push("Room".into());
    }
    let cells: Vec<Vec<String>> = rows
        .into_iter()
        .map(|row| {
            let mut cells = row.times;
            cells.extend([row.kind, row.title, row.people]);
            if rooms {
                cells.push(row.room);
            }
            cells
        })
        .collect();
    let natural: Vec<usize> = (fixed.len()..columns)
        .map(|c| {
            let widest = |text: &String| text.split('\n').map(width_of).max().unwrap_or(0);
            cells
                .iter()
                .map(|row| &row[c])
                .chain([&header[c]])
                .map(widest)
                .max()
                .unwrap_or(0)
        })
        .collect();
    let wrapped = |column: usize, width: usize| {
        let column = fixed.len() + column;
        let lines = cells
            .iter()
            .map(|row| &row[column])
            .chain([&header[column]]);
        let widths = lines
            .flat_map(|text| wrap(text, width))
            .map(|(_, used)| used);
        widths.max().unwrap_or(0)
    };
    let shares = share(&natural, room, wrapped);
    fixed.extend(shares);
    grid(&mut out, &header, &cells, &fixed);
    out
}

/// The widths of the text columns, whose content would be `wanted` wide
/// unwrapped: those that want no more than an even share of `room` get
/// what they want; a column whose lines, wrapped at an even share, come
/// out clearly narrower (`wrapped(column, width)` is its widest line) gets
/// just that; the rest split what is left.
fn share(wanted: &[usize], mut room: usize, wrapped: impl Fn(usize, usize) -> usize) -> Vec<usize> {
    let mut widths = wanted.to_vec();
    let mut open: Vec<usize> = (0..wanted.len()).collect();
    let even = |room: usize, open: &[usize]| room / open.len().max(1);
    loop {
        let fair = even(room, &open);
        let (fits, wide): (Vec<usize>, Vec<usize>) = open.iter().partition(|&&c| wanted[c] <= fair);
        if fits.is_empty() {
            break;
        }
        room -= fits.iter().map(|&c| wanted[c]).sum::<usize>();
        open = wide;
    }
    while let Some((at, narrower)) = open.iter().enumerate().find_map(|(at, &c)| {
        let fair = even(room, &open);
        let widest = wrapped(c, fair);
        (widest + 3 <= fair).then_some((at, widest))
    }) {
        widths[open.remove(at)] = narrower;
        room -= narrower;
    }
    if !open.is_empty() {
        let (fair, extra) = (even(room, &open), room % open.len());
        for (i, &c) in open.iter().enumerate() {
            widths[c] = (fair + usize::from(i < extra)).max(1);
        }
    }
    widths
}

/// Appends a table with box-drawing borders: the header over a double
/// rule, then the rows, each cell wrapped to its column's width and padded
/// by one space on either side. The last line has no newline.
fn grid(out: &mut String, header: &[String], rows: &[Vec<String>], widths: &[usize]) {
    let rule = |out: &mut String, [left, line, cross, right]: [char; 4]| {
        out.push(left);
        for (i, w) in widths.iter().enumerate() {
            if i > 0 {
                out.push(cross);
            }
            out.extend(std::iter::repeat_n(line, w + 2));
        }
        out.push(right);
    };
    rule(out, ['┌', '─', '┬', '┐']);
    out.push('\n');
    grid_row(out, header, widths);
    rule(out, ['╞', '═', '╪', '╡']);
    out.push('\n');
    for row in rows {
        grid_row(out, row, widths);
    }
    rule(out, ['└', '─', '┴', '┘']);
}

/// One row of [`grid`]: as many lines as its tallest cell.
fn grid_row(out: &mut String, cells: &[String], widths: &[usize]) {
    let lines: Vec<Vec<(Cow<'_, str>, usize)>> = cells
        .iter()
        .zip(widths)
        .map(|(text, &w)| wrap(text, w))
        .collect();
    let height = lines.iter().map(Vec::len).max().unwrap_or(0).max(1);
    for l in 0..height {
        for (c, (cell, w)) in lines.iter().zip(widths).enumerate() {
            out.push_str(if c == 0 { "│ " } else { " ┆ " });
            let (line, used) = cell
                .get(l)
                .map_or(("", 0), |(line, used)| (line.as_ref(), *used));
            out.push_str(line);
            out.extend(std::iter::repeat_n(' ', w - used.min(*w)));
        }
        out.push_str(" │\n");
    }
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
        if indent + width_of(&joined) <= limit {
            let _ = writeln!(out, "{:indent$}{joined}", "");
        } else {
            for (time, zone) in times.iter().zip(zones) {
                let name = zone.split(' ').next().unwrap_or("");
                if indent + width_of(time) + 2 + width_of(name) <= limit {
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
    let whole = width_of(text);
    if whole <= width && !text.contains('\n') {
        return vec![(Cow::Borrowed(text), whole)];
    }
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let body = paragraph.trim_start_matches(' ');
        let indent = paragraph.len() - body.len();
        let bullet = if body.starts_with("· ") { 2 } else { 0 };
        // Where the indent would split a word, the words matter more.
        let longest = body.split(' ').map(width_of).max().unwrap_or(0);
        let (first, hang) = if indent + bullet + longest <= width {
            (&paragraph[..indent], indent + bullet)
        } else {
            ("", 0)
        };
        let mut line = first.to_string();
        let mut used = first.len();
        let mut empty = true;
        for word in body.split(' ').filter(|w| !w.is_empty()) {
            let w = width_of(word);
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
    use super::{grid, push_wrapped, share};

    /// The lines of `super::wrap`, each checked against the width it
    /// reports.
    fn wrap(text: &str, width: usize) -> Vec<String> {
        let lines = super::wrap(text, width);
        for (line, used) in &lines {
            assert_eq!(super::width_of(line), *used, "{line:?}");
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
    fn narrow_columns_get_what_they_want_and_wide_ones_share_the_rest() {
        // An even share of 30 is 15: the first fits; the second gets the
        // remaining 20, as wrapping it at 20 leaves at most 2 free.
        assert_eq!(share(&[10, 30], 30, |_, w| w - 2), [10, 20]);
        // Wrapped at 20 it is at most 12 wide: it gets 12.
        assert_eq!(share(&[10, 30], 30, |_, _| 12), [10, 12]);
        // Two wide columns split 31 as 16 and 15.
        assert_eq!(share(&[40, 40], 31, |_, w| w), [16, 15]);
        // Room for everything: every column as wide as its content.
        assert_eq!(share(&[5, 7, 9], 100, |_, w| w), [5, 7, 9]);
    }

    #[test]
    fn a_grid_pads_every_cell_and_wraps_within_its_column() {
        let mut out = String::new();
        let header = ["A".to_string(), "B".to_string()];
        let rows = [vec!["x".to_string(), "hello world".to_string()]];
        grid(&mut out, &header, &rows, &[1, 5]);
        assert_eq!(
            out,
            "┌───┬───────┐\n\
             │ A ┆ B     │\n\
             ╞═══╪═══════╡\n\
             │ x ┆ hello │\n\
             │   ┆ world │\n\
             └───┴───────┘"
        );
    }
}
