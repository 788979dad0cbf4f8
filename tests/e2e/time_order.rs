//! Every view lists days in date order and blocks in time order, whatever
//! order the file uses (issue 13); `check` still warns about the file's
//! order. The fixture writes day 2 before day 1 and each day's blocks last
//! first, so file order and time order are reversed.

use crate::harness::{stdout, Test};

const FILE: &str = "tests/fixtures/order/shuffled.toml";

/// In time order: 13 April 14:00 Opening, 14:10 Break, 15:00 Closing;
/// 14 April 14:00 Early talk, 15:00 Late talk.
const IN_TIME_ORDER: [&str; 4] = ["Opening", "Closing", "Early talk", "Late talk"];

/// Asserts that each of `titles` occurs in `text`, each after the one
/// before it.
fn assert_in_order(text: &str, titles: &[&str]) {
    let mut from = 0;
    for title in titles {
        let at = text[from..]
            .find(title)
            .unwrap_or_else(|| panic!("{title:?} missing or out of order in\n{text}"));
        from += at + title.len();
    }
}

#[test]
fn check_still_warns_about_the_files_order() {
    let out = Test::new().in_root().args(["-f", FILE, "check"]).run();
    let stderr = out.stderr;
    assert!(stderr.contains("out of time order"), "{stderr}");
}

#[test]
fn show_lists_blocks_in_time_order() {
    let text = stdout(&["-f", FILE, "show", "--tz", "UTC"]);
    assert_in_order(&text, &["13 April", "Opening", "Break", "Closing"]);
    assert_in_order(&text, &["Closing", "14 April", "Early talk", "Late talk"]);
}

#[test]
fn every_export_lists_blocks_in_time_order() {
    // Only ics leaves breaks out unless asked (the others always have them).
    for format in ["markdown", "json", "html", "xml", "ics"] {
        let mut args = vec!["-f", FILE, "export", "--format", format];
        if format == "ics" {
            args.push("--breaks");
        }
        let text = stdout(&args);
        assert_in_order(&text, &IN_TIME_ORDER);
    }
    let json = stdout(&["-f", FILE, "export", "--format", "json"]);
    assert_in_order(
        &json,
        &[
            "2021-04-13T14:00:00Z",
            "2021-04-13T15:00:00Z",
            "2021-04-14T14:00:00Z",
            "2021-04-14T15:00:00Z",
        ],
    );
}

#[test]
fn the_xml_numbers_days_by_date() {
    let xml = stdout(&["-f", FILE, "export", "--format", "xml"]);
    assert!(
        xml.contains(r#"<day index="1" date="2021-04-13""#)
            && xml.contains(r#"<day index="2" date="2021-04-14""#),
        "{xml}"
    );
}

#[test]
fn now_follows_time_not_file_order() {
    // 14:05 UTC on 13 April: Opening runs (to 14:10), the break is next.
    let text = stdout(&[
        "-f",
        FILE,
        "now",
        "--tz",
        "UTC",
        "--at",
        "2021-04-13T14:05:00Z",
    ]);
    assert_in_order(
        &text,
        &["Now: talk · Opening", "Next: Break — starts 14:10 UTC"],
    );
    // Between the days: 13 April ended with Closing at 15:10.
    let text = stdout(&[
        "-f",
        FILE,
        "now",
        "--tz",
        "UTC",
        "--at",
        "2021-04-13T20:00:00Z",
    ]);
    assert!(text.contains("Early talk"), "{text}");
}

#[test]
fn diff_reports_changes_in_time_order() {
    // The same programme, written in time order, with Late talk and
    // Opening each moved five minutes later.
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(crate::harness::root().join(FILE)).unwrap();
    let moved = source
        .replace(
            "start = \"15:00\"\nminutes = 20",
            "start = \"15:05\"\nminutes = 20",
        )
        .replace(
            "start = \"14:00\"\nminutes = 10\nkind = \"talk\"\ntitle = \"Opening\"",
            "start = \"14:20\"\nminutes = 10\nkind = \"talk\"\ntitle = \"Opening\"",
        );
    assert_ne!(source, moved);
    let new = dir.path().join("new.toml");
    std::fs::write(&new, moved).unwrap();
    let out = Test::new()
        .in_root()
        .args(["diff", FILE, new.to_str().unwrap(), "--tz", "UTC"])
        .status(1)
        .run();
    let text = out.stdout;
    assert_in_order(&text, &["Opening", "Late talk"]);
}
