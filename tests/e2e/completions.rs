//! End-to-end tests of `agenda completions SHELL`: a script for each
//! shell that knows every subcommand the binary has.

use crate::harness::Test;

/// The subcommands `agenda --help` lists, so that a new command is
/// checked without editing this test.
fn subcommands() -> Vec<String> {
    let out = Test::new().arg("--help").output();
    let help = String::from_utf8(out.stdout).unwrap();
    let commands: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // Wrapped descriptions are indented further than command names.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    for expected in [
        "show",
        "check",
        "now",
        "zones",
        "init",
        "completions",
        "manpage",
    ] {
        assert!(commands.iter().any(|c| c == expected), "{commands:?}");
    }
    commands
}

#[test]
fn every_shell_gets_a_script_naming_every_subcommand() {
    let commands = subcommands();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = Test::new().args(["completions", shell]).output();
        assert!(out.status.success(), "{shell}: {out:?}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.len() > 1000, "{shell}: {} bytes", script.len());
        for command in &commands {
            assert!(script.contains(command.as_str()), "{shell} lacks {command}");
        }
        // Each format's own shape, so a script for the wrong shell fails.
        let marker = match shell {
            "bash" => "complete -F",
            "zsh" => "#compdef agenda",
            "fish" => "complete -c agenda",
            "elvish" => "edit:completion:arg-completer[agenda]",
            _ => "Register-ArgumentCompleter",
        };
        assert!(script.contains(marker), "{shell} lacks {marker}");
    }
}

#[test]
fn completions_offer_the_kinds_of_kind() {
    let out = Test::new().args(["completions", "fish"]).output();
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(script.contains("talk") && script.contains("discussion"));
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    Test::new().args(["completions", "tcsh"]).assert().code(2);
}

/// What bash's completion of `words` (the last one being completed)
/// offers, with the script `agenda completions bash` prints.
fn bash_completes(words: &[&str]) -> Vec<String> {
    let script = Test::new().args(["completions", "bash"]).run().stdout;
    let test = Test::new().write("agenda.bash", script);
    let path = test.path("agenda.bash");
    let words: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let out = test
        .program("bash")
        .arg("-c")
        .arg(format!(
            "source \"$1\"; COMP_WORDS=({}); COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 )); \
             COMP_LINE=\"${{COMP_WORDS[*]}}\"; COMP_POINT=${{#COMP_LINE}}; \
             _agenda agenda \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
             printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            words.join(" ")
        ))
        .arg("bash")
        .arg(&path)
        .run();
    // An empty COMPREPLY prints one empty line.
    out.stdout
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_codes_after_allow_and_deny() {
    assert_eq!(
        bash_completes(&["agenda", "check", "--allow", "ga"]),
        ["gap"]
    );
    assert_eq!(
        bash_completes(&["agenda", "check", "--deny", "no-"]),
        ["no-moderator", "no-zone"]
    );
    // Only warnings: errors cannot be allowed.
    assert_eq!(
        bash_completes(&["agenda", "check", "--allow", "over"]),
        Vec::<String>::new()
    );
}

#[test]
fn bash_completes_zones_and_cities_after_tz() {
    assert_eq!(
        bash_completes(&["agenda", "--tz", "America/Santi"]),
        ["America/Santiago"]
    );
    assert_eq!(
        bash_completes(&["agenda", "show", "--tz", "Asia/Tok"]),
        ["Asia/Tokyo"]
    );
    // Cities of a million people or more, one word each.
    assert_eq!(
        bash_completes(&["agenda", "now", "--tz", "sao_p"]),
        ["sao_paulo"]
    );
    assert_eq!(
        bash_completes(&["agenda", "export", "--tz", "toky"]),
        ["tokyo"]
    );
    // After a flag with no values to offer, files, not zones.
    assert!(!bash_completes(&["agenda", "-f", "Asia/Tok"]).contains(&"Asia/Tokyo".to_string()));
}
