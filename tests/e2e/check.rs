//! `agenda check`: the report, its exit codes and its JSON form.

use crate::harness::{fixture, Test};

#[test]
fn bundled_agenda_passes_with_exactly_the_two_real_warnings() {
    let out = Test::new().in_root().args(["check"]).run();
    let err = out.stderr;
    // Line 39 is `moderator = "TBD"` of Broker interfaces I (the value at
    // column 13); line 60 is the [[day.block]] header of the discussion.
    assert!(err.contains(
        "warning[no-moderator]: the moderator of tutorial `Broker interfaces I` is still TBD"
    ));
    assert!(err.contains("agenda.toml:39:13"), "{err}");
    assert!(
        err.contains("warning[no-moderator]: discussion `Output from brokers` has no moderator")
    );
    assert!(err.contains("agenda.toml:60:1"), "{err}");
    assert!(
        err.ends_with("agenda.toml: 0 errors, 2 warnings\n"),
        "{err}"
    );
    assert_eq!(err.matches("warning[").count(), 2, "{err}");
}

#[test]
fn deny_warnings_fails_the_bundled_agenda() {
    Test::new()
        .in_root()
        .args(["check", "--deny-warnings"])
        .status(1)
        .stderr_contains("0 errors, 2 warnings")
        .run();
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let path = fixture("check/many.toml");
    let out = Test::new()
        .args(["-f", path.to_str().unwrap(), "check"])
        .status(1)
        .run();
    let err = out.stderr;
    // Line 10: `minutes = 15` on a talk; talks last 10 or 20 minutes.
    assert!(
        err.contains("talk `A talk of fifteen minutes` lasts 15 minutes"),
        "{err}"
    );
    assert!(err.contains("many.toml:10:11"), "{err}");
    // Line 16: `minuts`, a typo for `minutes`; the block then has no length.
    assert!(err.contains("unknown key `minuts`"), "{err}");
    assert!(err.contains("many.toml:16:1"), "{err}");
    assert!(err.contains("did you mean `minutes`?"), "{err}");
    // Line 26: five 10-minute items take 50 minutes of a 45-minute block.
    assert!(
        err.contains("the items of `Crowded` overrun it by 5 minutes"),
        "{err}"
    );
    assert!(err.contains("many.toml:26:9"), "{err}");
    assert!(err.contains("errors, 0 warnings"), "{err}");
}

#[test]
fn json_lists_the_same_findings() {
    let out = Test::new()
        .in_root()
        .args(["check", "--format", "json"])
        .run();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["errors"], 0);
    assert_eq!(json["warnings"], 2);
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(findings[0]["line"], 39);
    assert_eq!(findings[0]["column"], 13);
    assert_eq!(findings[1]["line"], 60);
}

#[test]
fn json_of_a_broken_file_exits_1() {
    let path = fixture("check/many.toml");
    let out = Test::new()
        .args(["-f", path.to_str().unwrap(), "check", "--format", "json"])
        .status(1)
        .run();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(json["errors"].as_u64().unwrap() >= 3, "{json}");
}

#[test]
fn no_colour_when_not_a_terminal() {
    Test::new()
        .in_root()
        .args(["check"])
        .env_remove("NO_COLOR")
        .stderr_lacks("\u{1b}[")
        .run();
}

/// The bundled agenda's two warnings are `no-moderator`: allowed, the
/// check is clean; denied, it fails; an error code cannot be allowed.
#[test]
fn codes_can_be_allowed_and_denied() {
    let out = Test::new()
        .in_root()
        .args(["check", "--format", "json"])
        .output();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["no-moderator", "no-moderator"]);
    Test::new()
        .in_root()
        .args(["check", "--allow", "no-moderator"])
        .stderr("agenda.toml: 0 errors, 0 warnings; 2 warnings allowed by --allow\n")
        .run();
    Test::new()
        .in_root()
        .args(["check", "--deny", "no-moderator"])
        .status(1)
        .stderr_contains("warning[no-moderator]: the moderator of tutorial")
        .run();
    Test::new().in_root().args(["check", "--deny", "gap"]).run();
    Test::new()
        .in_root()
        .args(["check", "--allow", "overlap"])
        .status(2)
        .stderr_contains("`overlap` is an error")
        .run();
    Test::new()
        .in_root()
        .args(["check", "--allow", "overlapp"])
        .status(2)
        .stderr_contains("unknown finding code `overlapp`")
        .run();
}

/// The bundled agenda with `[rules] allow = [CODES]`.
fn allowing(codes: &str) -> Test {
    let text = std::fs::read_to_string(crate::harness::bundled())
        .unwrap()
        .replace(
            "item_minutes = 10\n",
            &format!("item_minutes = 10\nallow = [{codes}]\n"),
        );
    Test::new().write("agenda.toml", text)
}

#[test]
fn the_file_allows_warnings_and_the_count_line_says_how_many() {
    // The bundled agenda's two warnings are `no-moderator`.
    allowing("\"no-moderator\"")
        .args(["check", "--deny-warnings"])
        .stderr("agenda.toml: 0 errors, 0 warnings; 2 warnings allowed by the file\n")
        .run();
    // Asked for on the command line, they are shown again.
    allowing("\"no-moderator\"")
        .args(["check", "--deny", "no-moderator"])
        .status(1)
        .stderr_contains("warning[no-moderator]: the moderator of tutorial")
        .stderr_contains("agenda.toml: 0 errors, 2 warnings\n")
        .run();
    // A code that does not exist is a warning of its own, with the closest.
    allowing("\"no-moderatr\"")
        .args(["check", "--allow", "no-moderator"])
        .stderr_contains(
            "warning[bad-allow]: unknown finding code `no-moderatr`; did you mean `no-moderator`?",
        )
        .stderr_contains("agenda.toml: 0 errors, 1 warning; 2 warnings allowed by --allow\n")
        .run();
    // The JSON report counts them too.
    let out = allowing("\"no-moderator\", \"gap\"")
        .args(["check", "--format", "json", "--allow", "order"])
        .run();
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        report["allowed"],
        serde_json::json!({"by_file": 2, "by_flag": 0}),
        "{}",
        out.stdout
    );
    assert_eq!(report["warnings"], 0);
    let out = allowing("")
        .args(["check", "--format", "json", "--allow", "no-moderator"])
        .run();
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        report["allowed"],
        serde_json::json!({"by_file": 0, "by_flag": 2}),
        "{}",
        out.stdout
    );
}

#[test]
fn help_for_a_schedule_speaks_of_the_schedule() {
    for name in ["multiroom.json", "multiroom.xml"] {
        Test::new()
            .in_root()
            .args(["check", "-f", &format!("tests/fixtures/import/{name}")])
            .stderr_contains(
                "warning[no-moderator]: discussion `Panel: time zones` has no moderator",
            )
            .stderr_contains(
                "help: the schedule names no moderator for it (of the schedule formats, only \
                 schedule2 JSON has a role for one): import it with `agenda import`",
            )
            .stderr_lacks("= help: add `moderator")
            .run();
    }
}
