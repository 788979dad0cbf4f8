//! The command line resolved once: the input, the zones of `--tz`, the
//! filter and the output's timestamp. Every command is a function of a
//! [`Config`]; which shared option each command uses is decided here, in
//! one table ([`uses`]), so that an option is never accepted and then
//! silently ignored.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::args::{Cli, Command, FilterArgs, ViewArgs};
use super::Error;
use crate::filter::Filter;
use crate::source::InputFormat;
use crate::time::{self, Zone, ZoneSource};

/// Everything a command needs from the command line, resolved.
#[derive(Debug)]
pub(crate) struct Config {
    /// The agenda file (`-f`, default `agenda.toml`).
    pub file: PathBuf,
    /// Its format, when `--from` names it.
    pub from: Option<InputFormat>,
    /// The zones of `--tz`, resolved, in order; empty when none is given.
    pub zones: Vec<(Zone, ZoneSource)>,
    /// The filter of `show`, `now` and `export`.
    pub filter: Filter,
    /// The clock when the run started.
    pub now: DateTime<Utc>,
}

/// Which of the shared options a command uses.
struct Uses {
    /// Its name, for messages.
    name: &'static str,
    /// `-f`.
    file: bool,
    /// `--from`.
    from: bool,
    /// `--tz`.
    zones: bool,
    /// The filters.
    filter: bool,
}

/// The one table of which command uses which shared option.
fn uses(command: Option<&Command>) -> Uses {
    let uses = |name, file, from, zones, filter| Uses {
        name,
        file,
        from,
        zones,
        filter,
    };
    match command {
        None | Some(Command::Show(_)) => uses("show", true, true, true, true),
        Some(Command::Check(_)) => uses("check", true, true, false, false),
        Some(Command::Export(_)) => uses("export", true, true, true, true),
        Some(Command::Import(_)) => uses("import", false, true, false, false),
        Some(Command::Diff(_)) => uses("diff", false, true, true, false),
        Some(Command::Now(_)) => uses("now", true, true, true, true),
        Some(Command::Hours(_)) => uses("hours", true, true, true, false),
        Some(Command::Zones(_)) => uses("zones", false, false, false, false),
        Some(Command::Init(_)) => uses("init", true, false, false, false),
        Some(Command::Completions(_)) => uses("completions", false, false, false, false),
        Some(Command::Manpage) => uses("manpage", false, false, false, false),
    }
}

impl Config {
    /// Resolves the command line once; an option the command does not use
    /// is a usage error that says so.
    pub(crate) fn new(cli: &Cli) -> Result<Config, Error> {
        let uses = uses(cli.command.as_ref());
        let refuse = |flag: &str, why: &str| {
            Err(Error::Usage(format!(
                "{flag} does nothing for `agenda {}`{why}",
                uses.name
            )))
        };
        if cli.input.file.is_some() && !uses.file {
            let why = match cli.command {
                Some(Command::Diff(_)) => ": give the two files after `diff`",
                Some(Command::Import(_)) => ": give the schedule after `import`",
                _ => "",
            };
            return refuse("-f", why);
        }
        if cli.input.from.format.is_some() && !uses.from {
            return refuse("--from", "");
        }
        if !cli.view.zones.is_empty() && !uses.zones {
            return refuse("--tz", "");
        }
        if !cli.view.filter.is_empty() && !uses.filter {
            return refuse("a filter (--day, --kind, --room, --person, --match)", "");
        }
        // The input options may stand before the command too; after it
        // they win.
        let (file, from) = own_input(cli.command.as_ref());
        // The view options may stand before the command too: both count.
        let view = merged(&cli.view, cli.command.as_ref());
        let zones = if view.zones.is_empty() {
            Vec::new()
        } else {
            view_zones(&view.zones)?
        };
        Ok(Config {
            file: file
                .or(cli.input.file.as_ref())
                .cloned()
                .unwrap_or_else(|| PathBuf::from("agenda.toml")),
            from: from.or(cli.input.from.format),
            zones,
            filter: filter(&view.filter),
            now: time::clock::now().map_err(Error::Clock)?,
        })
    }

    /// When this output is made: `SOURCE_DATE_EPOCH` (reproducible
    /// builds) when set, else the clock.
    pub(crate) fn generated(&self) -> Result<DateTime<Utc>, Error> {
        match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(value) if !value.trim().is_empty() => value
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(|secs| DateTime::from_timestamp(secs, 0))
                .ok_or(Error::SourceDateEpoch(value)),
            _ => Ok(self.now),
        }
    }

    /// The zones of `--tz`, or the viewer's own when none is given.
    pub(crate) fn viewer_zones(&self) -> Result<Vec<(Zone, ZoneSource)>, Error> {
        if self.zones.is_empty() {
            view_zones(&[])
        } else {
            Ok(self.zones.clone())
        }
    }
}

/// `-f` and `--from` as given after the command.
fn own_input(command: Option<&Command>) -> (Option<&PathBuf>, Option<InputFormat>) {
    match command {
        Some(Command::Show(args)) => (args.input.file.as_ref(), args.input.from.format),
        Some(Command::Check(args)) => (args.input.file.as_ref(), args.input.from.format),
        Some(Command::Export(args)) => (args.input.file.as_ref(), args.input.from.format),
        Some(Command::Now(args)) => (args.input.file.as_ref(), args.input.from.format),
        Some(Command::Hours(args)) => (args.input.file.as_ref(), args.input.from.format),
        Some(Command::Import(args)) => (None, args.from.format),
        Some(Command::Diff(args)) => (None, args.from.format),
        Some(Command::Init(args)) => (args.file.as_ref(), None),
        None | Some(Command::Zones(_) | Command::Completions(_) | Command::Manpage) => (None, None),
    }
}

/// The view options given before the command and those of the command.
fn merged(before: &ViewArgs, command: Option<&Command>) -> ViewArgs {
    let mut view = before.clone();
    let (zones, filter) = match command {
        Some(Command::Show(own)) => (&own.view.zones[..], Some(&own.view.filter)),
        Some(Command::Now(args)) => (&args.view.zones[..], Some(&args.view.filter)),
        Some(Command::Export(args)) => (&args.view.zones[..], Some(&args.view.filter)),
        Some(Command::Diff(args)) => (&args.zones.zones[..], None),
        Some(Command::Hours(args)) => (&args.zones.zones[..], None),
        _ => (&[][..], None),
    };
    view.zones.extend_from_slice(zones);
    if let Some(own) = filter {
        let f = &mut view.filter;
        if own.day.is_some() {
            f.day = own.day.clone();
        }
        f.kind.extend_from_slice(&own.kind);
        f.room.extend_from_slice(&own.room);
        f.person.extend_from_slice(&own.person);
        f.matches.extend_from_slice(&own.matches);
    }
    view
}

fn filter(args: &FilterArgs) -> Filter {
    Filter {
        day: args.day.clone(),
        kind: args.kind.clone(),
        room: args.room.clone(),
        person: args.person.clone(),
        matches: args.matches.clone(),
    }
}

/// The zones of `flags` (the viewer's own when there are none), each with
/// where it came from, each zone once (`--tz paris --tz Europe/Paris` is
/// one column); a `TZ` that is no zone, or an abbreviation taken for a
/// zone, is told about here, once.
fn view_zones(flags: &[String]) -> Result<Vec<(Zone, ZoneSource)>, Error> {
    let mut zones: Vec<(Zone, ZoneSource)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let flags: Vec<Option<&str>> = if flags.is_empty() {
        vec![None]
    } else {
        flags.iter().map(|f| Some(f.as_str())).collect()
    };
    for flag in flags {
        let viewer = time::viewer_zone(flag)?;
        if !seen.insert(viewer.zone) {
            continue;
        }
        if let Some(warning) = viewer.warning {
            super::io::note(&format!("agenda: warning: {warning}"));
        }
        if let Some(note) = viewer.note {
            super::io::note(&format!("agenda: note: {note}"));
        }
        zones.push((viewer.zone, viewer.source));
    }
    Ok(zones)
}
