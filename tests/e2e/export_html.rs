//! The web page, rendered through the library and opened in a real
//! headless Chromium with the browser's zone set by `TZ`.
//!
//! Expected times are facts of the tz database, checked by hand and
//! against chrono-tz: in April 2021 Santiago is at UTC-4 (it left summer
//! time on 4 April) and Tokyo at UTC+9 (no DST since 1951).

use std::path::{Path, PathBuf};
use std::process::Command;

use agenda::{Format, View};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::harness::Test;

fn view() -> View {
    View {
        zones: vec![(agenda::Zone::utc(), agenda::ZoneSource::Flag)],
        breaks: false,
        alarm: None,
        generated: chrono::DateTime::UNIX_EPOCH,
        width: None,
        tzdb: None,
    }
}

fn render(path: &str) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let checked = agenda::load(&text);
    assert!(!checked.has_errors(), "{path} has errors");
    Format::Html
        .renderer()
        .render(&checked.agenda.unwrap(), &view())
        .unwrap()
}

/// The page written to a fresh directory.
fn page(path: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("agenda.html");
    std::fs::write(&file, render(path)).unwrap();
    (dir, file)
}

pub(crate) fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    if std::env::var_os("CI").is_some() {
        panic!("chromium is not installed; .ci/run installs it");
    }
    eprintln!("skipped: chromium is not installed (CI installs it)");
    None
}

/// Runs headless Chromium on the page with the given zone; `args` are
/// extra switches (`--dump-dom`, `--screenshot=…`).
fn browse(browser: &Path, url: &str, zone: &str, args: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(browser)
        .env("TZ", zone)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--lang=en-US",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

pub(crate) fn dom(browser: &Path, file: &Path, zone: &str) -> String {
    browse(
        browser,
        &format!("file://{}", file.display()),
        zone,
        &["--dump-dom"],
    )
}

/// The text of the `<time>` element for `instant`, within `html`.
fn time_text<'a>(html: &'a str, instant: &str) -> &'a str {
    let open = format!("<time datetime=\"{instant}\">");
    let at = html
        .find(&open)
        .unwrap_or_else(|| panic!("no <time> for {instant}"))
        + open.len();
    let len = html[at..].find("</time>").unwrap();
    &html[at..at + len]
}

/// The `<section class="day">` whose `data-date` is `date`, as text.
fn section<'a>(html: &'a str, date: &str) -> &'a str {
    let open = format!("<section class=\"day\" data-date=\"{date}\">");
    let at = html
        .find(&open)
        .unwrap_or_else(|| panic!("no day section for {date}"));
    let len = html[at..].find("</section>").unwrap();
    &html[at..at + len]
}

fn heading(section: &str) -> &str {
    let at = section.find("<h2").unwrap();
    let open = section[at..].find('>').unwrap() + at + 1;
    let len = section[open..].find("</h2>").unwrap();
    &section[open..open + len]
}

/// chrono-tz's wall clock for an instant, as the independent check of what
/// the browser shows.
fn wall(zone: Tz, instant: &str) -> String {
    let t: DateTime<Utc> = instant.parse().unwrap();
    t.with_timezone(&zone).format("%H:%M").to_string()
}

#[test]
fn without_script_the_page_is_in_the_event_zone_and_says_so() {
    let html = render("agenda.toml");
    assert!(html.contains("Times in <strong>UTC</strong> (UTC+00:00), the event's time zone."));
    assert_eq!(time_text(&html, "2021-04-13T14:00:00Z"), "14:00");
    assert_eq!(time_text(&html, "2021-04-13T18:30:00Z"), "18:30");
    assert!(heading(section(&html, "2021-04-13")).starts_with("Tuesday 13 April 2021 · Day 1"));
    // Every block, breaks included, is a table row with both instants.
    assert_eq!(html.matches("<tr class=\"block ").count(), 10);
    assert!(html.contains("data-start=\"2021-04-13T15:15:00Z\" data-end=\"2021-04-13T15:20:00Z\""));
    // Items keep their own times: the fourth item of the first tutorial.
    assert!(html.contains(
        "<time datetime=\"2021-04-13T15:00:00Z\">15:00</time>–<time datetime=\"2021-04-13T15:10:00Z\">15:10</time></span> ANTARES"
    ));
}

#[test]
fn self_contained_and_no_external_request() {
    let html = render("agenda.toml");
    let kb = html.len() as f64 / 1024.0;
    assert!(kb < 64.0, "{kb:.1} KB");
    for forbidden in ["<link", " src=", "url(", "@import", "<iframe", "<img"] {
        assert!(!html.contains(forbidden), "page contains {forbidden}");
    }
    // The policy forbids any fetch even if a browser tried one.
    assert!(html.contains("content=\"default-src 'none';"));
    // The only http(s) URLs are plain links the reader may follow.
    for (at, _) in html.match_indices("://") {
        let at = html[..at]
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .unwrap()
            + 1;
        let before = &html[..at];
        assert!(
            before.ends_with("href=\"") || before.ends_with('>'),
            "unexpected URL at {}",
            &html[at.saturating_sub(20)..at + 20]
        );
    }
}

/// `<tag>…</tag>`'s content in `html`.
fn element<'a>(html: &'a str, tag: &str) -> &'a str {
    let at = html.find(&format!("<{tag}>")).unwrap() + tag.len() + 2;
    let len = html[at..].find(&format!("</{tag}>")).unwrap();
    &html[at..at + len]
}

/// The policy lets the page's own style and script in by their SHA-256,
/// and nothing else: no `'unsafe-inline'`. The hashes are computed here by
/// Python's hashlib, independently of the program (Chromium checks them
/// too: with a wrong one, the script would not run and the reader tests
/// above would fail).
#[test]
fn the_policy_names_the_page_style_and_script_by_hash() {
    let html = render("agenda.toml");
    let csp = element(&html, "head")
        .split("Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a Content Security Policy");
    assert!(!csp.contains("unsafe"), "{csp}");
    assert_eq!(html.matches("<script").count(), 1);
    assert_eq!(html.matches("<style").count(), 1);
    assert!(!html.contains(" style=\""));
    for (tag, directive) in [("style", "style-src"), ("script", "script-src")] {
        let mut python = Command::new("python3")
            .args([
                "-c",
                "import base64, hashlib, sys; \
                 print(base64.b64encode(hashlib.sha256(sys.stdin.buffer.read()).digest()).decode())",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 runs");
        use std::io::Write as _;
        python
            .stdin
            .take()
            .unwrap()
            .write_all(element(&html, tag).as_bytes())
            .unwrap();
        let out = python.wait_with_output().unwrap();
        let hash = String::from_utf8(out.stdout).unwrap();
        let want = format!("{directive} 'sha256-{}';", hash.trim());
        assert!(
            csp.contains(&want),
            "the policy must say {want} (src/export/html.rs): {csp}"
        );
    }
}

#[test]
fn escapes_names_and_refuses_script_links() {
    let html = render("tests/fixtures/publish/multiday_rooms.toml");
    assert!(html.contains("<title>Brokers &lt;&amp;&gt; Friends &quot;Spring&quot; School</title>"));
    assert!(html.contains("Alert streams &lt;hands-on&gt;"));
    assert!(html.contains("href=\"https://example.org/keynote?a=1&amp;b=2\""));

    let text = std::fs::read_to_string("agenda.toml").unwrap().replace(
        "kind = \"session\"",
        "kind = \"session\"\nurl = \"javascript:alert(1)\"",
    );
    let agenda = agenda::load(&text).agenda.unwrap();
    let html = Format::Html.renderer().render(&agenda, &view()).unwrap();
    assert!(!html.contains("href=\"javascript:"));
}

#[test]
fn santiago_reader_sees_santiago_times() {
    let Some(browser) = chromium() else { return };
    let (_dir, file) = page("agenda.toml");
    let html = dom(&browser, &file, "America/Santiago");
    assert_eq!(
        wall(chrono_tz::America::Santiago, "2021-04-13T14:00:00Z"),
        "10:00"
    );
    assert_eq!(time_text(&html, "2021-04-13T14:00:00Z"), "10:00");
    assert_eq!(time_text(&html, "2021-04-13T14:10:00Z"), "10:10");
    assert_eq!(time_text(&html, "2021-04-13T18:30:00Z"), "14:30");
    assert!(
        html.contains(
            "Times in <strong>America/Santiago</strong> (UTC-04:00), your browser's time zone."
        ),
        "header: {}",
        &html[html.find("zone-note").unwrap()..][..200]
    );
    // The whole day stays on 13 April there.
    assert!(heading(section(&html, "2021-04-13")).starts_with("Tuesday 13 April 2021 · Day 1"));
    assert_eq!(html.matches("<section class=\"day\"").count(), 1);
    // The picker is shown and offers the zones the browser knows.
    assert!(html.contains("<p id=\"zone-pick\">"));
    assert!(html.contains("<option value=\"Asia/Tokyo\">Asia/Tokyo</option>"));
    assert!(html.contains("<option value=\"America/Santiago\">America/Santiago</option>"));
}

#[test]
fn tokyo_reader_sees_the_break_on_14_april() {
    let Some(browser) = chromium() else { return };
    let (_dir, file) = page("agenda.toml");
    let html = dom(&browser, &file, "Asia/Tokyo");
    assert_eq!(
        wall(chrono_tz::Asia::Tokyo, "2021-04-13T14:00:00Z"),
        "23:00"
    );
    assert_eq!(time_text(&html, "2021-04-13T14:00:00Z"), "23:00");
    assert!(html
        .contains("Times in <strong>Asia/Tokyo</strong> (UTC+09:00), your browser's time zone."));

    let first = section(&html, "2021-04-13");
    assert!(heading(first).starts_with("Tuesday 13 April 2021"));
    assert!(first.contains("data-start=\"2021-04-13T14:30:00Z\""));
    // The tutorial from 23:30 runs into the next day: its end says so.
    assert_eq!(time_text(first, "2021-04-13T15:15:00Z"), "00:15 +1d");
    // Its last item runs 00:00-00:10 on the 14th: the start says so, and
    // the end, on the same date, carries no second mark.
    assert_eq!(time_text(first, "2021-04-13T15:00:00Z"), "00:00 +1d");
    assert_eq!(time_text(first, "2021-04-13T15:10:00Z"), "00:10");

    // 15:15 UTC is 00:15 on Wednesday 14 April in Tokyo: the break opens
    // that day's heading.
    let second = section(&html, "2021-04-14");
    assert!(heading(second).starts_with("Wednesday 14 April 2021 · Day 1"));
    let break_row = second.find("data-start=\"2021-04-13T15:15:00Z\"").unwrap();
    assert_eq!(
        second[..break_row].matches("<tr class=\"block").count(),
        1,
        "the break is the first block of the day: {second}"
    );
    assert!(second[break_row..].starts_with("data-start=\"2021-04-13T15:15:00Z\" data-end"));
    assert_eq!(time_text(second, "2021-04-13T15:15:00Z"), "00:15");
    assert_eq!(time_text(second, "2021-04-13T15:20:00Z"), "00:20");
    assert_eq!(time_text(second, "2021-04-13T18:30:00Z"), "03:30");
    assert!(!first.contains("kind-break"));
}

#[test]
fn dst_change_shows_both_offsets_and_regroups_days() {
    let Some(browser) = chromium() else { return };
    let (_dir, file) = page("tests/fixtures/publish/multiday_rooms.toml");
    // In the event's own zone: Berlin went from +01:00 to +02:00 on 28 March.
    let html = dom(&browser, &file, "Europe/Berlin");
    assert!(html.contains(
        "Times in <strong>Europe/Berlin</strong> (UTC+01:00, then UTC+02:00), your browser's time zone."
    ));
    assert_eq!(time_text(&html, "2021-03-27T15:00:00Z"), "16:00");
    assert_eq!(time_text(&html, "2021-03-28T08:00:00Z"), "10:00");
    // Both breakout rooms, side by side in time.
    let sunday = section(&html, "2021-03-28");
    assert!(sunday.contains("<span class=\"room\">Room A</span>"));
    assert!(sunday.contains("<span class=\"room\">Room B</span>"));

    // In Auckland (UTC+13 until 4 April 2021) the Saturday 16:20 Berlin
    // tutorial starts at 04:20 on Sunday 28 March.
    let html = dom(&browser, &file, "Pacific/Auckland");
    assert_eq!(
        wall(chrono_tz::Pacific::Auckland, "2021-03-27T15:20:00Z"),
        "04:20"
    );
    let sunday = section(&html, "2021-03-28");
    assert!(heading(sunday).starts_with("Sunday 28 March 2021 · Saturday"));
    assert_eq!(time_text(sunday, "2021-03-27T15:20:00Z"), "04:20");
}

#[test]
fn a_remembered_choice_wins_over_the_browser_zone() {
    let Some(browser) = chromium() else { return };
    let (dir, file) = page("agenda.toml");
    // A page of the same (file) origin stores a choice, as the picker
    // does, then opens the programme, which must come up in that zone.
    let setter = dir.path().join("setter.html");
    std::fs::write(
        &setter,
        format!(
            "<!DOCTYPE html><script>localStorage.setItem('agenda-zone', 'Asia/Kolkata');\
             location.replace('{}')</script>",
            file.file_name().unwrap().to_str().unwrap()
        ),
    )
    .unwrap();
    let html = browse(
        &browser,
        &format!("file://{}", setter.display()),
        "America/Santiago",
        // One process, so that the next page reads the stored choice
        // from the same storage cache rather than racing its write.
        &[
            "--single-process",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ],
    );
    // India is UTC+5:30, without DST.
    assert_eq!(
        wall(chrono_tz::Asia::Kolkata, "2021-04-13T14:00:00Z"),
        "19:30"
    );
    assert_eq!(time_text(&html, "2021-04-13T14:00:00Z"), "19:30");
    assert!(
        html.contains("Times in <strong>Asia/Kolkata</strong> (UTC+05:30), the zone you chose.")
    );
    assert!(
        html.contains("<option value=\"Asia/Kolkata\" selected"),
        "the picker shows the choice"
    );
}

/// An event zone that is a fixed offset (`UTC+05:30`) is one the browser
/// can show: chosen in the picker, 14:00 UTC reads 19:30.
#[test]
fn a_fixed_offset_event_zone_can_be_chosen() {
    let Some(browser) = chromium() else { return };
    let text = std::fs::read_to_string("agenda.toml")
        .unwrap()
        .replace("timezone = \"UTC\"", "timezone = \"UTC+05:30\"");
    let agenda = agenda::load(&text).agenda.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("agenda.html");
    let html = Format::Html.renderer().render(&agenda, &view()).unwrap();
    assert!(html.contains("data-event-zone=\"UTC+05:30\""));
    std::fs::write(&file, html).unwrap();
    // The picker offers the event's zone under the name Intl knows
    // (`UTC+05:30` is a RangeError to it, which stopped the page).
    let html = dom(&browser, &file, "America/Santiago");
    assert!(
        html.contains("<option value=\"+05:30\">The event's zone (+05:30)</option>"),
        "{}",
        &html[html.find("<select").unwrap()..][..300]
    );
    assert!(!html.contains("value=\"UTC+05:30\""));
    // Chosen, as the picker stores it.
    let chooser = dir.path().join("chooser.html");
    std::fs::write(
        &chooser,
        "<!DOCTYPE html><script>localStorage.setItem('agenda-zone', '+05:30');\
         location.replace('agenda.html')</script>",
    )
    .unwrap();
    let html = browse(
        &browser,
        &format!("file://{}", chooser.display()),
        "America/Santiago",
        &[
            "--single-process",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ],
    );
    // The file's 14:00 is now 14:00 at UTC+05:30, 08:30 UTC; shown there.
    assert_eq!(time_text(&html, "2021-04-13T08:30:00Z"), "14:00");
    assert!(html.contains("<option value=\"+05:30\" selected"));
}

#[test]
fn the_block_running_now_is_highlighted() {
    let Some(browser) = chromium() else { return };
    let (_dir, file) = page("agenda.toml");
    let url = format!("file://{}#now=2021-04-13T14:35:00Z", file.display());
    let html = browse(&browser, &url, "UTC", &["--dump-dom"]);
    let now: Vec<&str> = html
        .match_indices("class=\"block kind-")
        .map(|(i, _)| &html[i..])
        .filter(|r| {
            let tag = &r[..r.find('>').unwrap()];
            tag.contains(" now\"")
        })
        .collect();
    assert_eq!(now.len(), 1, "exactly one block runs at 14:35");
    assert!(now[0].contains("data-start=\"2021-04-13T14:30:00Z\""));
    assert!(now[0][..now[0].find('>').unwrap()].contains("aria-current=\"time\""));
}

#[test]
fn screenshots_narrow_and_wide() {
    let Some(browser) = chromium() else { return };
    let (dir, file) = page("tests/fixtures/publish/multiday_rooms.toml");
    for (name, size) in [("narrow", "390,1400"), ("wide", "1280,1000")] {
        let png = dir.path().join(format!("{name}.png"));
        browse(
            &browser,
            &format!("file://{}", file.display()),
            "Asia/Tokyo",
            &[
                &format!("--screenshot={}", png.display()),
                &format!("--window-size={size}"),
                "--hide-scrollbars",
            ],
        );
        let bytes = std::fs::read(&png).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"), "{name} screenshot is a PNG");
        if let Some(keep) = std::env::var_os("AGENDA_SCREENSHOTS") {
            std::fs::copy(&png, Path::new(&keep).join(format!("{name}.png"))).unwrap();
        }
    }
}

#[test]
fn export_command_writes_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("programme.html");
    Test::new()
        .in_root()
        .args(["export", "--format", "html", "--day", "2", "-o"])
        .arg(&out)
        .args(["-f", "tests/fixtures/publish/multiday_rooms.toml"])
        .stdout("")
        .run();
    let html = std::fs::read_to_string(&out).unwrap();
    // Only Sunday is kept; in Berlin (+02:00 that day) the keynote is 10:00.
    assert_eq!(html.matches("<section class=\"day\"").count(), 1);
    assert_eq!(time_text(&html, "2021-03-28T08:00:00Z"), "10:00");
    let Some(browser) = chromium() else { return };
    let html = dom(&browser, &out, "Asia/Tokyo");
    // Tokyo is UTC+9: 08:00 UTC is 17:00.
    assert_eq!(time_text(&html, "2021-03-28T08:00:00Z"), "17:00");
}

/// tests/fixtures/clock/fold.toml in a browser in Santiago: the block runs
/// 02:30–03:30 UTC across Chile's fall-back at 03:00 UTC, so both ends
/// read 23:30 and each carries its offset; the note names both.
#[test]
fn a_clock_change_inside_a_block_shows_both_offsets_in_the_browser() {
    let Some(browser) = chromium() else { return };
    let (_dir, file) = page("tests/fixtures/clock/fold.toml");
    let html = dom(&browser, &file, "America/Santiago");
    assert_eq!(time_text(&html, "2021-04-04T02:30:00Z"), "23:30 -03");
    assert_eq!(time_text(&html, "2021-04-04T03:30:00Z"), "23:30 -04");
    assert!(
        html.contains("<strong>America/Santiago</strong> (UTC-03:00, then UTC-04:00)"),
        "{html}"
    );
}

/// The marks of blocks that break a rule (issue 19) survive the script's
/// regrouping into the reader's days: in Tokyo (UTC+09:00) the FOSDEM
/// morning of 31 January (09:30–10:55 UTC) is the evening of that day.
#[test]
fn marks_of_conflicts_stay_with_their_blocks_in_the_readers_zone() {
    let text = std::fs::read_to_string("tests/fixtures/conflicts/fosdem.toml").unwrap();
    let agenda = agenda::load(&text).agenda.unwrap();
    let html = Format::Html.renderer().render(&agenda, &view()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("conflicts.html");
    std::fs::write(&file, html).unwrap();
    let Some(browser) = chromium() else { return };
    let html = dom(&browser, &file, "Asia/Tokyo");
    // 09:30 UTC is 18:30 in Tokyo.
    assert_eq!(time_text(&html, "2026-01-31T09:30:00Z"), "18:30");
    assert_eq!(html.matches("kind-talk breaks-rule\"").count(), 5, "{html}");
    // Each mark is inside its own block's row, in words.
    let row = |title: &str| {
        let at = html.find(&format!(">{title}</strong>")).unwrap();
        let start = html[..at].rfind("<tr ").unwrap();
        let end = at + html[at..].find("</tr>").unwrap();
        &html[start..end]
    };
    assert!(row("Welcome to FOSDEM")
        .contains("Breaks a rule of the programme: overlap, double-booking</p>"));
    assert!(row("Go generics in practice")
        .contains("Breaks a rule of the programme: double-booking</p>"));
    assert!(!row("Rust on RISC-V").contains("Breaks a rule"));
}
