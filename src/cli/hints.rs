//! Better tips for clap's usage errors where its own would point the
//! wrong way: `--format` on a command without it (clap suggests `--from`,
//! the input's format), and flags people guess from the file's keys
//! (`--speaker` for `--person`).

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Command;

use crate::text::capitalized;

/// Flags people try: the flag they mean, its id in the command tree, and
/// what it does.
const MEANT: &[(&str, &str, &str, &str)] = &[
    ("--speaker", "--person", "person", PERSON),
    ("--speakers", "--person", "person", PERSON),
    ("--moderator", "--person", "person", PERSON),
    ("--timezone", "--tz", "zones", ZONE),
    ("--zone", "--tz", "zones", ZONE),
];

/// What `--person` does.
const PERSON: &str = "it picks the blocks where someone speaks or moderates";

/// What `--tz` does.
const ZONE: &str = "it names a zone to show times in";

/// `err` with a tip of ours in place of clap's suggestion, when we know
/// better; `cli` is the whole command tree, to name the commands that
/// take an option.
pub(super) fn improve(mut err: clap::Error, cli: &Command) -> clap::Error {
    let Some(ContextValue::String(given)) = err.get(ContextKind::InvalidArg) else {
        return err;
    };
    let flag = given.split('=').next().unwrap_or_default().to_string();
    let tip = match err.kind() {
        ErrorKind::UnknownArgument if flag == "--format" => {
            let with: Vec<String> = commands_with(cli, "format")
                .iter()
                .map(|name| format!("`{name}`"))
                .collect();
            format!(
                "--format is an option of {}, given after the command: \
                 `agenda export --format json` writes the programme as JSON",
                list(&with)
            )
        }
        ErrorKind::UnknownArgument => {
            let Some((_, meant, id, what)) = MEANT.iter().find(|(typed, ..)| *typed == flag) else {
                return err;
            };
            let with: Vec<String> = commands_with(cli, id)
                .iter()
                .map(|name| format!("`{name}`"))
                .collect();
            format!(
                "did you mean {meant}? {} ({} take it)",
                capitalized(what),
                list(&with)
            )
        }
        // `--tz` offers every zone to shell completion; an error lists
        // none of them.
        _ if flag.starts_with("--tz") => {
            err.remove(ContextKind::ValidValue);
            return err;
        }
        _ => return err,
    };
    // clap's usage line shows the argument it suggested: gone with it.
    if err.remove(ContextKind::SuggestedArg).is_some() {
        err.remove(ContextKind::Usage);
    }
    err.insert(
        ContextKind::Suggested,
        ContextValue::StyledStrs(vec![tip.into()]),
    );
    err
}

/// The commands that have an option whose id is `id`, in the tree's order.
fn commands_with<'a>(cli: &'a Command, id: &str) -> Vec<&'a str> {
    cli.get_subcommands()
        .filter(|sub| sub.get_arguments().any(|arg| arg.get_id() == id))
        .map(Command::get_name)
        .collect()
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
