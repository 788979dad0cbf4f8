//! Issue 22, points 2, 3 and 9: names that come from elsewhere, and names
//! of any length. A zone's name is a file's name in a `TZDIR`, so it may
//! hold markup or a terminal's escape sequence: every output escapes it by
//! its own policy (`src/visible.rs`), and the web page runs no script
//! that is not its own. A name of 200,000 characters costs no more than a
//! short one: suggestions are bounded by the characters they compare, and
//! a person's name over 200 characters is an error of `check`.
//!
//! Every run is under a 1 GiB address-space limit and a kill after 60 s,
//! so that a regression fails instead of hanging or swapping.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::harness::{Output, Test};

/// Markup that, written raw into HTML, adds an element whose error
/// handler marks the page.
const MARKUP: &str = "Evil\"><img src=x onerror=document.body.setAttribute('data-pwned',1)>";

/// A terminal's escape sequence that sets the window's title.
const ESCAPE: &str = "Esc\u{1b}]0;PWNED\u{7}";

/// A bidi override and a C1 control (CSI, which some terminals obey).
const BIDI: &str = "Bidi\u{202e}x\u{9b}31m";

/// What must never reach an output raw.
const RAW: [char; 4] = ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}'];

/// `agenda` run by `sh` under `ulimit -v` (1 GiB) and `timeout -s KILL 60`.
fn bounded() -> Test {
    Test::new().shell("ulimit -v 1048576; exec timeout -s KILL 60 \"$0\" \"$@\"")
}

/// A tz directory compiled by `zic`: Asia/Tokyo at UTC+9 (JST, as Japan
/// has kept since 1951), copied under each hostile name.
fn tzdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    crate::harness::zic(dir.path(), "2099a", "Zone Asia/Tokyo 9:00 - JST\n");
    for name in [MARKUP, ESCAPE, BIDI] {
        std::fs::copy(dir.path().join("Asia/Tokyo"), dir.path().join(name)).expect("copied");
    }
    dir
}

/// `agenda` with `TZDIR` set to `dir` (the bundled database not forced).
fn in_tzdir(dir: &Path) -> Test {
    bounded().env_remove("AGENDA_TZDB").env("TZDIR", dir)
}

/// `text` as a TOML basic string, every control and bidi character as an
/// escape.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c) => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An agenda in `zone` with one talk by S at 20:00 UTC (05:00 the next
/// morning at UTC+9, outside S's waking hours), S at home in `zone`.
fn agenda(zone: &str, title: &str) -> String {
    let zone = toml_string(zone);
    format!(
        "[event]\nname = \"E\"\ntimezone = {zone}\n\n[people]\nS = {{ timezone = {zone} }}\n\n\
         [[day]]\ndate = 2021-04-14\n\n[[day.block]]\nstart = \"05:00\"\nminutes = 10\n\
         kind = \"talk\"\ntitle = \"{title}\"\nspeaker = \"S\"\n"
    )
}

/// Writes `agenda(zone, "T")` and `agenda(zone, "U")` as old.toml and
/// new.toml in `test`'s directory, and returns the test.
fn with_files(test: Test, zone: &str) -> Test {
    test.write("old.toml", agenda(zone, "T"))
        .write("new.toml", agenda(zone, "U"))
}

/// Runs `args` in `dir`'s database on old.toml and new.toml, expecting
/// `status`; returns the output.
fn run(dir: &Path, zone: &str, args: &[&str], status: i32) -> Output {
    with_files(in_tzdir(dir), zone)
        .args(args)
        .status(status)
        .run()
}

/// `markdown` rendered to HTML by cmark, CommonMark's reference
/// implementation, with raw HTML let through (so that markup left
/// unescaped shows as a tag); `None` when cmark is not installed (CI
/// installs it).
fn cmark(markdown: &str) -> Option<String> {
    use std::io::Write as _;
    let Ok(mut child) = Command::new("cmark")
        .arg("--unsafe")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "cmark is not installed; .ci/run installs it"
        );
        eprintln!("skipped: cmark is not installed (CI installs it)");
        return None;
    };
    let mut stdin = child.stdin.take().expect("a pipe");
    stdin.write_all(markdown.as_bytes()).expect("written");
    drop(stdin);
    let out = child.wait_with_output().expect("cmark ends");
    assert!(out.status.success(), "{out:?}");
    Some(String::from_utf8(out.stdout).expect("UTF-8"))
}

/// A title with entities and tags was written as is: Markdown read
/// `&lt;b&gt;` as `<b>`. Rendered by cmark, every character stays text.
#[test]
fn markdown_keeps_entities_and_tags_as_text() {
    let title = "&lt;b&gt;bold&lt;/b&gt; &amp; <i>x</i> &#60;s&#62; Q & A";
    let text = format!(
        "[event]\nname = \"E\"\ntimezone = \"UTC\"\n\n[[day]]\ndate = 2021-04-13\n\n\
         [[day.block]]\nstart = \"10:00\"\nminutes = 10\nkind = \"talk\"\ntitle = \"{title}\"\n"
    );
    let markdown = bounded()
        .write("a.toml", text)
        .args(["export", "--format", "markdown", "-f", "a.toml"])
        .run()
        .stdout;
    let Some(html) = cmark(&markdown) else {
        return;
    };
    // HTML's own escapes of the literal text, worked out by hand.
    assert!(
        html.contains(
            "&amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt; &amp;amp; &lt;i&gt;x&lt;/i&gt; \
             &amp;#60;s&amp;#62; Q &amp; A"
        ),
        "{markdown}\n{html}"
    );
    for tag in ["<b>", "<i>", "<s>"] {
        assert!(!html.contains(tag), "{tag} in {html}");
    }
}

/// Whether every `c` in `markdown` is escaped (`\<`).
fn all_escaped(markdown: &str, c: char) -> bool {
    markdown
        .match_indices(c)
        .all(|(at, _)| markdown[..at].ends_with('\\'))
}

#[test]
fn a_zone_named_with_markup_is_text_in_every_markup_output() {
    let db = tzdir();
    let html = run(
        db.path(),
        MARKUP,
        &["export", "--format", "html", "-f", "old.toml"],
        0,
    )
    .stdout;
    assert!(!html.contains("<img"), "{html}");
    let escaped = "Evil&quot;&gt;&lt;img src=x onerror=document.body.setAttribute(&apos;data-pwned&apos;,1)&gt;";
    assert!(
        html.contains(&format!("Times in <strong>{escaped}</strong> (UTC+09:00)")),
        "{html}"
    );
    assert!(
        html.contains(&format!("data-event-zone=\"{escaped}\"")),
        "{html}"
    );
    // Opened in a browser, the page shows the name and runs nothing of it.
    if let Some(browser) = crate::export_html::chromium() {
        let page = tempfile::tempdir().expect("temp dir");
        let file = page.path().join("page.html");
        std::fs::write(&file, &html).expect("written");
        let dom = crate::export_html::dom(&browser, &file, "Asia/Tokyo");
        assert!(
            !dom.contains("data-pwned=\"1\""),
            "the name's script ran: {dom}"
        );
        assert!(!dom.contains("<img"), "{dom}");
        // The script ran (the page's own, by its hash): it offers the
        // event's zone by its name, as text.
        assert!(
            dom.contains("The event's zone (Evil\"&gt;&lt;img src=x onerror="),
            "{dom}"
        );
    }
    let markdown = run(
        db.path(),
        MARKUP,
        &["export", "--format", "markdown", "-f", "old.toml"],
        0,
    )
    .stdout;
    let md = r#"Evil"\>\<img src=x onerror=document.body.setAttribute('data-pwned',1)\>"#;
    assert!(
        markdown.contains(&format!("Times in {md} (UTC+09:00).")),
        "{markdown}"
    );
    assert!(markdown.contains(&format!("| Time ({md}) |")), "{markdown}");
    assert!(all_escaped(&markdown, '<'), "{markdown}");
    if let Some(html) = cmark(&markdown) {
        assert!(!html.contains("<img"), "{html}");
    }
    let diff = run(
        db.path(),
        MARKUP,
        &[
            "diff", "--format", "markdown", "--tz", MARKUP, "old.toml", "new.toml",
        ],
        1,
    )
    .stdout;
    assert!(diff.contains(&format!("Times in {md}.")), "{diff}");
    assert!(all_escaped(&diff, '<'), "{diff}");
    let xml = run(
        db.path(),
        MARKUP,
        &["export", "--format", "xml", "-f", "old.toml"],
        0,
    )
    .stdout;
    assert!(
        xml.contains(&format!("<time_zone_name>{escaped}</time_zone_name>")),
        "{xml}"
    );
    let json = run(
        db.path(),
        MARKUP,
        &["export", "--format", "json", "-f", "old.toml"],
        0,
    )
    .stdout;
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(json["event"]["timezone"], MARKUP);
}

/// `text` as the terminal writers show it: each control and bidi
/// character as `\u{…}`.
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| {
            if RAW.contains(&c) {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[test]
fn a_zone_named_with_control_characters_is_shown_escaped_everywhere() {
    let db = tzdir();
    for name in [ESCAPE, BIDI] {
        let shown = shown(name);
        // Markdown escapes its markup too (`]`).
        let md = shown.replace(']', "\\]");
        let (text, md) = (Some(shown.as_str()), Some(md.as_str()));
        // Each command, its exit code, and how it shows the name when it
        // does as the terminal writers do (`\u{1b}`).
        let commands: [(&[&str], i32, Option<&str>); 16] = [
            (&["-f", "old.toml"], 0, text),
            (&["-f", "old.toml", "--tz", name, "--tz", "UTC"], 0, text),
            (&["-f", "old.toml", "--person", "S"], 0, text),
            (&["zones"], 0, text),
            (&["now", "-f", "old.toml", "--tz", name], 0, text),
            (&["hours", "-f", "old.toml"], 0, text),
            (
                &[
                    "hours", "--shift", "-f", "old.toml", "--tz", name, "--tz", "UTC",
                ],
                0,
                text,
            ),
            (&["hours", "--format", "json", "-f", "old.toml"], 0, None),
            (&["check", "-f", "old.toml"], 0, text),
            (&["diff", "--tz", name, "old.toml", "new.toml"], 1, text),
            (
                &[
                    "diff", "--format", "markdown", "--tz", name, "old.toml", "new.toml",
                ],
                1,
                md,
            ),
            (&["export", "--format", "markdown", "-f", "old.toml"], 0, md),
            (&["export", "--format", "json", "-f", "old.toml"], 0, None),
            (&["export", "--format", "ics", "-f", "old.toml"], 0, None),
            (&["export", "--format", "xml", "-f", "old.toml"], 0, None),
            (&["export", "--format", "html", "-f", "old.toml"], 0, None),
        ];
        for (args, status, as_shown) in commands {
            let out = run(db.path(), name, args, status);
            let both = format!("{}{}", out.stdout, out.stderr);
            assert!(!both.contains(RAW), "{args:?}: {both:?}");
            if let Some(as_shown) = as_shown {
                assert!(
                    both.contains(as_shown),
                    "{args:?}: no {as_shown:?} in {both}"
                );
            }
        }
        // JSON keeps the name itself, escaped.
        let json = run(
            db.path(),
            name,
            &["export", "--format", "json", "-f", "old.toml"],
            0,
        );
        let json: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
        assert_eq!(json["event"]["timezone"], name);
        // `check` names the zone in the warning about S's hours.
        let check = run(db.path(), name, &["check", "-f", "old.toml"], 0).stderr;
        assert!(
            check.contains(&format!(
                "S speaks in `T` at 05:00–05:10 Wed 14 Apr in {shown}, outside 07:00–22:00"
            )),
            "{check}"
        );
        // The viewer's zone named by `TZ=:path` is shown escaped too.
        let path = db.path().join(name);
        let out = with_files(in_tzdir(db.path()), name)
            .env("TZ", format!(":{}", path.display()))
            .args(["-f", "old.toml"])
            .run();
        assert!(!out.stdout.contains(RAW), "{:?}", out.stdout);
        assert!(out.stdout.contains(&shown), "{}", out.stdout);
    }
}

// ------------------------------------------------------------ 3. long names

/// Runs `args` under the limits and returns the output and the time taken.
fn timed(test: Test, args: &[&str]) -> (std::process::Output, Duration) {
    let started = Instant::now();
    let out = test.args(args).output();
    (out, started.elapsed())
}

/// An agenda with one speaker named `n` x's and three unused `[people]`
/// entries of `n` a's, b's and c's.
fn long_names(n: usize) -> String {
    let people: String = ['a', 'b', 'c']
        .iter()
        .map(|c| {
            format!(
                "\"{}\" = {{ timezone = \"UTC\" }}\n",
                c.to_string().repeat(n)
            )
        })
        .collect();
    format!(
        "[event]\nname = \"E\"\ntimezone = \"UTC\"\n\n[people]\n{people}\n[[day]]\ndate = 2021-04-13\n\n\
         [[day.block]]\nstart = \"10:00\"\nminutes = 10\nkind = \"talk\"\ntitle = \"T\"\nspeaker = \"{}\"\n",
        "x".repeat(n)
    )
}

/// The 800 KB file of the issue: its three unused entries were each
/// compared with the speaker, 200,000 by 200,000 characters: 80 s. Now
/// the names are errors and are not compared.
#[test]
fn names_of_200000_characters_are_refused_in_a_moment() {
    let text = long_names(200_000);
    assert!(text.len() > 800_000);
    let test = bounded().write("long.toml", &text);
    let (out, took) = timed(test, &["check", "-f", "long.toml"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{took:?} {err}");
    assert!(took < Duration::from_secs(10), "{took:?}");
    assert!(
        err.contains("error[long-name]: `speaker` is 200000 characters long"),
        "{err}"
    );
    assert_eq!(
        err.matches("error[long-name]: a name in [people] is 200000 characters long")
            .count(),
        3,
        "{err}"
    );
    assert!(err.contains("a name has at most 200 characters"), "{err}");
    assert!(err.ends_with("4 errors, 3 warnings\n"), "{err}");
    // 20,000 characters took 4 s for each view, which runs the checks
    // too. The views show what was read and count the errors in their one
    // line; under --strict they refuse with the report.
    let text = long_names(20_000);
    for args in [["show", "-f"], ["export", "-f"], ["hours", "-f"]] {
        let test = bounded().write("long.toml", &text);
        let (out, took) = timed(test, &[args[0], args[1], "long.toml"]);
        assert!(took < Duration::from_secs(5), "{args:?}: {took:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(
            err.contains("4 reading errors (long-name ×4)"),
            "{args:?}: {err}"
        );
        let test = bounded().write("long.toml", &text);
        let (out, took) = timed(test, &[args[0], args[1], "long.toml", "--strict"]);
        assert!(took < Duration::from_secs(5), "{args:?}: {took:?}");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("error[long-name]"),
            "{args:?}: {out:?}"
        );
    }
}

/// 200 characters is a name; 201 is not.
#[test]
fn a_name_of_200_characters_is_a_name() {
    let at = |n: usize| {
        let text = long_names(n);
        let out = bounded()
            .write("a.toml", &text)
            .args(["check", "-f", "a.toml"])
            .output();
        String::from_utf8_lossy(&out.stderr)
            .matches("error[long-name]")
            .count()
    };
    assert_eq!(at(200), 0);
    assert_eq!(at(201), 4);
}

/// Every `[people]` entry with an unknown zone was compared with every
/// zone name for a suggestion: 10,000 of them (a 460 KB file) took 14 s.
/// The first ones still get suggestions.
#[test]
fn many_unknown_zones_cost_a_bounded_time() {
    let mut text = String::from("[event]\nname = \"E\"\ntimezone = \"UTC\"\n\n[people]\n");
    for i in 0..10_000 {
        text.push_str(&format!(
            "\"P{i}\" = {{ timezone = \"Amerca/Santago{i}\" }}\n"
        ));
    }
    text.push_str("\n[[day]]\ndate = 2021-04-13\n");
    let test = bounded().write("zones.toml", &text);
    let (out, took) = timed(test, &["check", "-f", "zones.toml"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{took:?}");
    assert!(took < Duration::from_secs(30), "{took:?}");
    assert_eq!(
        err.matches("error[unknown-zone]: unknown time zone `Amerca/Santago")
            .count(),
        10_000
    );
    assert!(
        err.contains("help: did you mean America/Santiago"),
        "{}",
        &err[..2000]
    );
}

// ------------------------------------------------------------ 9. seconds

/// `waking_hours` to the second was read to the minute, the seconds
/// dropped; it is refused as a `start` with seconds is.
#[test]
fn waking_hours_with_seconds_are_refused() {
    for hours in [r#"["07:00:30", "22:00"]"#, "[07:00, 22:00:01]"] {
        let text = format!(
            "[event]\nname = \"E\"\ntimezone = \"UTC\"\n[rules]\nwaking_hours = {hours}\n\n\
             [[day]]\ndate = 2021-04-13\n"
        );
        bounded()
            .write("a.toml", text)
            .args(["check", "-f", "a.toml"])
            .status(1)
            .stderr_contains("error[bad-waking-hours]: `waking_hours` has seconds")
            .stderr_contains("a.toml:5:")
            .run();
    }
}
