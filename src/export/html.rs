//! One self-contained web page: the programme in the event zone as plain
//! HTML, which its inline script rewrites into the reader's own zone (as
//! the browser reports it, or as picked), regrouped by the reader's
//! calendar dates, with the block running now highlighted.
//!
//! Every instant is a `<time datetime="…Z">`; the script reads the
//! programme from the markup and needs no other data. A Content Security
//! Policy forbids every external request, and any script or style but
//! the page's own (by their hashes).

use std::fmt::Write;

use chrono::{DateTime, NaiveDate, Utc};

use super::{Render, RenderError, View};
use crate::model::{Agenda, Block, Day};
use crate::time::{self, Zone};
use crate::visible::xml;

const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// The SHA-256 of the page's `<style>` and `<script>` (each a newline,
/// then the file), as the Content Security Policy names them: only they
/// apply and run, so markup that slipped into the page unescaped could
/// run no script (no `'unsafe-inline'`). An edit of `page.css` or
/// `page.js` changes them: tests/e2e/export_html.rs computes both with
/// Python's hashlib and says what they must be.
const STYLE_HASH: &str = "sha256-tpLhuVFg58D7YslwBBapCrpgyJRwUwjavnL5PnavPO4=";
const SCRIPT_HASH: &str = "sha256-95psgDCu/g+YQURA8KCGP7oszKSVH2D00bBXMRQ0GyM=";

/// The web page.
pub(crate) struct Html;

impl Render for Html {
    fn render(&self, agenda: &Agenda, view: &View) -> Result<String, RenderError> {
        let zone = agenda.event.zone;
        let name = xml(&agenda.event.name);
        let mut out = String::new();
        writeln!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
             style-src '{STYLE_HASH}'; script-src '{SCRIPT_HASH}'; base-uri 'none'; form-action 'none'\">\n\
             <meta name=\"generator\" content=\"agenda {}\">\n<title>{name}</title>\n<style>\n{STYLE}</style>\n</head>",
            env!("CARGO_PKG_VERSION")
        )?;
        writeln!(out, "<body>\n<header>\n<h1>{name}</h1>")?;
        if let Some(url) = agenda.event.url.as_deref().filter(|u| is_web(u)) {
            writeln!(
                out,
                "<p class=\"site\"><a href=\"{0}\">{0}</a></p>",
                xml(url)
            )?;
        }
        writeln!(
            out,
            "<p id=\"zone-note\" aria-live=\"polite\">Times in <strong>{}</strong> ({}), \
             the event's time zone.</p>",
            xml(zone.name()),
            offsets(agenda, view)
        )?;
        out.push_str(
            "<p id=\"zone-pick\" hidden><label for=\"zone\">Show times in</label> \
             <select id=\"zone\"></select></p>\n</header>\n",
        );
        writeln!(
            out,
            "<main id=\"programme\" data-event-zone=\"{}\">",
            xml(zone.name())
        )?;
        for (index, day) in agenda.days.iter().enumerate() {
            day_html(&mut out, zone, day, index)?;
        }
        out.push_str("</main>\n<footer><p>Made with agenda. ");
        out.push_str(
            "<noscript>Your browser runs no JavaScript, so the times above are in the \
             event's time zone.</noscript></p></footer>\n",
        );
        writeln!(out, "<script>\n{SCRIPT}</script>\n</body>\n</html>")?;
        Ok(out)
    }
}

/// The event zone's offsets over the programme, in order: `UTC+01:00,
/// then UTC+02:00` across a daylight-saving change.
fn offsets(agenda: &Agenda, view: &View) -> String {
    let blocks = || agenda.days.iter().flat_map(|d| &d.blocks);
    // No block at all: the offset when the page is made.
    let from = blocks().map(|b| b.start).min().unwrap_or(view.generated);
    let to = blocks().map(|b| b.end).max().unwrap_or(from);
    time::offsets_text(agenda.event.zone, from, to)
}

fn day_html(out: &mut String, zone: Zone, day: &Day, index: usize) -> Result<(), RenderError> {
    let mut heading = day.date.format("%A %-d %B %Y").to_string();
    if let Some(name) = &day.name {
        heading = format!("{heading} · {}", xml(name));
    }
    writeln!(
        out,
        "<section class=\"day\" data-date=\"{}\">\n<h2 id=\"day-{index}\">{heading}</h2>\n\
         <table aria-labelledby=\"day-{index}\">\n<thead><tr><th scope=\"col\">Time</th>\
         <th scope=\"col\">Session</th></tr></thead>\n<tbody>",
        day.date
    )?;
    let mut blocks: Vec<&Block> = day.blocks.iter().collect();
    blocks.sort_by_key(|b| b.start);
    for block in blocks {
        block_html(out, zone, day, block)?;
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
    Ok(())
}

fn block_html(out: &mut String, zone: Zone, day: &Day, block: &Block) -> Result<(), RenderError> {
    let day_name = day.name.as_deref().map(xml).unwrap_or_default();
    let conflict = if block.breaks.is_empty() {
        ""
    } else {
        " breaks-rule"
    };
    writeln!(
        out,
        "<tr class=\"block kind-{}{conflict}\" data-start=\"{}\" data-end=\"{}\" data-day=\"{day_name}\">",
        block.kind,
        utc(block.start),
        utc(block.end)
    )?;
    writeln!(
        out,
        "<th scope=\"row\">{}</th>",
        span(zone, day.date, block.start, block.end)
    )?;
    write!(
        out,
        "<td><span class=\"kind\">{}</span> <strong class=\"title\">{}</strong>",
        block.kind,
        xml(&block.title)
    )?;
    if let Some(room) = &block.room {
        write!(out, " <span class=\"room\">{}</span>", xml(&room.0))?;
    }
    if let Some(location) = &block.location {
        write!(out, " <span class=\"where\">{}</span>", xml(location))?;
    }
    if !block.breaks.is_empty() {
        // Said in words, not only by a colour or a sign, so that every
        // reader (and screen reader) gets it.
        let codes: Vec<&str> = block.breaks.iter().map(|c| c.as_str()).collect();
        write!(
            out,
            "\n<p class=\"conflict\"><span aria-hidden=\"true\">⚠ </span>Breaks a rule of \
             the programme: {}</p>",
            xml(&codes.join(", "))
        )?;
    }
    let people = super::people_line(block);
    if !people.is_empty() {
        write!(out, "\n<p class=\"people\">{}</p>", xml(&people))?;
    }
    if !block.items.is_empty() {
        out.push_str("\n<ol class=\"items\">");
        for item in &block.items {
            write!(
                out,
                "\n<li>{} {}",
                span(zone, day.date, item.start, item.end),
                xml(&item.title)
            )?;
            if !item.speakers.is_empty() {
                let names: Vec<String> = item.speakers.iter().map(|s| xml(s)).collect();
                write!(out, " <span class=\"people\">{}</span>", names.join(", "))?;
            }
            if let Some(url) = item.url.as_deref().filter(|u| is_web(u)) {
                write!(out, " <a href=\"{}\">link</a>", xml(url))?;
            }
            out.push_str("</li>");
        }
        out.push_str("\n</ol>");
    }
    if let Some(description) = &block.description {
        write!(out, "\n<p class=\"desc\">{}</p>", xml(description))?;
    }
    if let Some(url) = block.url.as_deref().filter(|u| is_web(u)) {
        write!(
            out,
            "\n<p class=\"link\"><a href=\"{0}\">{0}</a></p>",
            xml(url)
        )?;
    }
    out.push_str("</td>\n</tr>\n");
    Ok(())
}

/// `<time>14:00</time>–<time>14:10</time>` in the event zone, the start
/// marked `+1d` where its date there is past the day's, the end where its
/// date is past the start's; across a clock change each carries its
/// offset (`23:30 -03`–`23:30 -04`).
fn span(zone: Zone, date: NaiveDate, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let (start, end) = (start.with_timezone(&zone), end.with_timezone(&zone));
    let end_mark = if end.date_naive() == start.date_naive() {
        end.date_naive()
    } else {
        date
    };
    let offsets = start.offset().seconds() != end.offset().seconds();
    format!(
        "<span class=\"span\">{}–{}</span>",
        time(date, start, offsets),
        time(end_mark, end, offsets)
    )
}

/// `<time>` for `at`, marked with its days past `date`, and with its
/// offset when asked.
fn time(date: NaiveDate, at: DateTime<Zone>, offset: bool) -> String {
    let days = (at.date_naive() - date).num_days();
    let mut mark = String::new();
    if offset {
        mark = format!(" {}", time::short_offset(at.offset().seconds()));
    }
    if days != 0 {
        mark.push_str(&format!(" {days:+}d"));
    }
    format!(
        "<time datetime=\"{}\">{}{mark}</time>",
        utc(at.with_timezone(&Utc)),
        at.format("%H:%M")
    )
}

fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Only web links become links: a `javascript:` URL in the file must not
/// run in the reader's browser.
fn is_web(url: &str) -> bool {
    crate::text::is_web_url(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::testing::zone;

    // Chile left DST at 2021-04-04 03:00 UTC (00:00 -03 -> 23:00 -04).
    #[test]
    fn a_clock_change_inside_a_block_shows_both_offsets() {
        let date = NaiveDate::from_ymd_opt(2021, 4, 4).unwrap();
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let html = span(
            zone("America/Santiago"),
            date,
            t("2021-04-04T02:30:00Z"),
            t("2021-04-04T03:30:00Z"),
        );
        assert!(html.contains(">23:30 -03 -1d</time>–"), "{html}");
        assert!(html.contains(">23:30 -04</time></span>"), "{html}");
    }

    #[test]
    fn times_past_the_day_are_marked() {
        let date = NaiveDate::from_ymd_opt(2021, 4, 13).unwrap();
        let at = DateTime::parse_from_rfc3339("2021-04-13T15:15:00Z")
            .unwrap()
            .with_timezone(&Utc);
        // Tokyo is UTC+9: 15:15 UTC is 00:15 the next day.
        assert_eq!(
            time(date, at.with_timezone(&zone("Asia/Tokyo")), false),
            "<time datetime=\"2021-04-13T15:15:00Z\">00:15 +1d</time>"
        );
        assert_eq!(
            time(date, at.with_timezone(&Zone::utc()), false),
            "<time datetime=\"2021-04-13T15:15:00Z\">15:15</time>"
        );
    }

    #[test]
    fn an_end_on_its_start_date_is_not_marked() {
        let date = NaiveDate::from_ymd_opt(2021, 4, 13).unwrap();
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let tokyo = zone("Asia/Tokyo");
        // 15:00-15:10 UTC is 00:00-00:10 on the 14th in Tokyo.
        let both_next = span(
            tokyo,
            date,
            t("2021-04-13T15:00:00Z"),
            t("2021-04-13T15:10:00Z"),
        );
        assert!(both_next
            .contains(">00:00 +1d</time>–<time datetime=\"2021-04-13T15:10:00Z\">00:10</time>"));
        // 14:30-15:15 UTC is 23:30 on the 13th to 00:15 on the 14th.
        let across = span(
            tokyo,
            date,
            t("2021-04-13T14:30:00Z"),
            t("2021-04-13T15:15:00Z"),
        );
        assert!(across
            .contains(">23:30</time>–<time datetime=\"2021-04-13T15:15:00Z\">00:15 +1d</time>"));
    }

    #[test]
    fn only_web_links() {
        assert!(is_web("https://example.org"));
        assert!(is_web("HTTP://example.org"));
        assert!(!is_web("javascript:alert(1)"));
        assert!(!is_web("data:text/html,x"));
    }
}
