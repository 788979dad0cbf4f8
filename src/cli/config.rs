//! The command line resolved once: the input, the zones of `--tz`, the
//! filter and the clock. Every command is a function of a [`Config`];
//! which shared option each command uses is decided here, in one table
//! ([`uses`]), so that an option is never accepted and then silently
//! ignored; the shared options given before and after the command are
//! merged here by exhaustive destructuring, so that none is dropped.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::args::{
    CacheArgs, CheckArgs, Cli, Command, CompletionsArgs, DiffArgs, ExportArgs, FetchArgs, FileArgs,
    FilterArgs, FromArgs, HoursArgs, ImportArgs, InitArgs, NowArgs, Shared, StrictArgs, ZoneArgs,
    ZonesArgs,
};
use super::Error;
use crate::filter::Filter;
use crate::source::input::{Freshness, Input, Reading};
use crate::source::InputFormat;
use crate::time::{self, Zone, ZoneSource};

/// Everything a command needs from the command line, resolved.
#[derive(Debug)]
pub(crate) struct Config {
    /// The agenda (`-f`, default `agenda.toml`): a file, stdin or a URL.
    pub file: Input,
    /// Its format, when `--from` names it.
    pub from: Option<InputFormat>,
    /// How inputs are read: what a URL's cached copy is for
    /// (`--offline`, `--refresh`), and the clock.
    pub reading: Reading,
    /// The zones of `--tz`, resolved, in order; empty when none is given.
    pub zones: Vec<(Zone, ZoneSource)>,
    /// The filter of `show`, `now` and `export`.
    pub filter: Filter,
    /// The clock when the run started.
    pub now: DateTime<Utc>,
    /// `--strict`: refuse a programme with errors.
    pub strict: bool,
}

/// Which of the shared options a command uses.
struct Uses {
    /// Its name, for messages.
    name: &'static str,
    /// `-f`.
    file: bool,
    /// `--from`.
    from: bool,
    /// `--offline`, `--refresh`: every command that reads a programme.
    fetch: bool,
    /// `--tz`.
    zones: bool,
    /// The filters.
    filter: bool,
    /// `--strict`.
    strict: bool,
}

/// The one table of which command uses which shared option.
fn uses(command: Option<&Command>) -> Uses {
    let uses = |name, file, from, zones, filter, strict| Uses {
        name,
        file,
        from,
        // Whatever reads a programme may read it by its URL.
        fetch: from,
        zones,
        filter,
        strict,
    };
    let (yes, no) = (true, false);
    match command {
        None | Some(Command::Show(_)) => uses("show", yes, yes, yes, yes, yes),
        // `check` is the strict one: it reports every error and fails.
        Some(Command::Check(_)) => uses("check", yes, yes, no, no, no),
        Some(Command::Export(_)) => uses("export", yes, yes, yes, yes, yes),
        Some(Command::Import(_)) => uses("import", no, yes, no, no, no),
        Some(Command::Diff(_)) => uses("diff", no, yes, yes, no, yes),
        Some(Command::Now(_)) => uses("now", yes, yes, yes, yes, yes),
        Some(Command::Hours(_)) => uses("hours", yes, yes, yes, no, yes),
        Some(Command::Zones(_)) => uses("zones", no, no, no, no, no),
        Some(Command::Init(_)) => uses("init", yes, no, no, no, no),
        Some(Command::Cache(_)) => uses("cache", no, no, no, no, no),
        Some(Command::Completions(_)) => uses("completions", no, no, no, no, no),
        Some(Command::Manpage) => uses("manpage", no, no, no, no, no),
    }
}

impl Config {
    /// Resolves the command line once; an option the command does not use
    /// is a usage error that says so.
    pub(crate) fn new(cli: &Cli) -> Result<Config, Error> {
        let command = cli.command.as_ref();
        refuse_unused(&cli.shared, command)?;
        let Shared {
            file: FileArgs { file },
            from: FromArgs { format: from },
            fetch: FetchArgs { offline, refresh },
            zones: ZoneArgs { zones },
            filter,
            strict: StrictArgs { strict },
        } = cli.shared.clone().then(given_after(command));
        let freshness = match (offline, refresh) {
            (true, true) => {
                return Err(Error::Usage(
                    "--offline and --refresh contradict each other: give one".into(),
                ))
            }
            (true, false) => Freshness::Offline,
            (false, true) => Freshness::Refresh,
            (false, false) => Freshness::Revalidate,
        };
        let zones = if zones.is_empty() {
            Vec::new()
        } else {
            view_zones(&zones)?
        };
        let file = Input::new(file.unwrap_or_else(|| PathBuf::from("agenda.toml")));
        if freshness != Freshness::Revalidate {
            no_link_refused(&file, command, offline)?;
        }
        let now = time::clock::now().map_err(Error::Clock)?;
        Ok(Config {
            file,
            from,
            reading: Reading { freshness, now },
            zones,
            filter: filter.into(),
            now,
            strict,
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

/// An option given before the command that the command does not use, as
/// the usage error that says so.
fn refuse_unused(before: &Shared, command: Option<&Command>) -> Result<(), Error> {
    let uses = uses(command);
    let refuse = |flag: &str, why: &str| {
        Err(Error::Usage(format!(
            "{flag} does nothing for `agenda {}`{why}",
            uses.name
        )))
    };
    let Shared {
        file: FileArgs { file },
        from: FromArgs { format },
        fetch,
        zones: ZoneArgs { zones },
        filter,
        strict: StrictArgs { strict },
    } = before;
    if file.is_some() && !uses.file {
        let why = match command {
            Some(Command::Diff(_)) => ": give the two files after `diff`",
            Some(Command::Import(_)) => ": give the schedule after `import`",
            _ => "",
        };
        return refuse("-f", why);
    }
    if format.is_some() && !uses.from {
        return refuse("--from", "");
    }
    if *fetch != FetchArgs::default() && !uses.fetch {
        return refuse("--offline or --refresh", "");
    }
    if !zones.is_empty() && !uses.zones {
        return refuse("--tz", "");
    }
    if *filter != FilterArgs::default() && !uses.filter {
        return refuse("a filter (--day, --kind, --room, --person, --match)", "");
    }
    if *strict && !uses.strict {
        let why = match command {
            Some(Command::Check(_)) => ": it is always strict",
            _ => "",
        };
        return refuse("--strict", why);
    }
    Ok(())
}

/// `--offline` and `--refresh` are about links: given when the command
/// reads none (`agenda --offline` on a local file), they would be
/// accepted and ignored, so they are refused.
fn no_link_refused(file: &Input, command: Option<&Command>, offline: bool) -> Result<(), Error> {
    let inputs: Vec<Input> = match command {
        Some(Command::Diff(args)) => {
            vec![Input::new(args.old.clone()), Input::new(args.new.clone())]
        }
        Some(Command::Import(args)) => vec![Input::new(args.source.clone())],
        _ => vec![file.clone()],
    };
    if inputs.iter().any(|input| matches!(input, Input::Url(_))) {
        return Ok(());
    }
    let flag = if offline { "--offline" } else { "--refresh" };
    let names: Vec<String> = inputs.iter().map(Input::to_string).collect();
    Err(Error::Usage(format!(
        "{flag} does nothing for {}: it is for a programme read by its link (-f https://…)",
        names.join(" and ")
    )))
}

/// The shared options given after the command, each command's own taken
/// apart whole, so that an option added to a command is a decision here.
fn given_after(command: Option<&Command>) -> Shared {
    let none = Shared::default;
    match command {
        Some(Command::Show(shared)) => shared.clone(),
        Some(Command::Now(NowArgs { shared, at: _ })) => shared.clone(),
        Some(Command::Export(ExportArgs {
            shared,
            format: _,
            output: _,
            breaks: _,
            alarm: _,
        })) => shared.clone(),
        Some(Command::Check(CheckArgs {
            file,
            from,
            fetch,
            deny_warnings: _,
            allow: _,
            deny: _,
            format: _,
        })) => Shared {
            file: file.clone(),
            from: from.clone(),
            fetch: fetch.clone(),
            ..none()
        },
        Some(Command::Hours(HoursArgs {
            file,
            from,
            fetch,
            zones,
            strict,
            shift: _,
            format: _,
        })) => Shared {
            file: file.clone(),
            from: from.clone(),
            fetch: fetch.clone(),
            zones: zones.clone(),
            strict: strict.clone(),
            ..none()
        },
        Some(Command::Diff(DiffArgs {
            from,
            fetch,
            zones,
            strict,
            old: _,
            new: _,
            format: _,
        })) => Shared {
            from: from.clone(),
            fetch: fetch.clone(),
            zones: zones.clone(),
            strict: strict.clone(),
            ..none()
        },
        Some(Command::Import(ImportArgs {
            from,
            fetch,
            source: _,
            output: _,
        })) => Shared {
            from: from.clone(),
            fetch: fetch.clone(),
            ..none()
        },
        Some(Command::Init(InitArgs { file, path: _ })) => Shared {
            file: file.clone(),
            ..none()
        },
        Some(Command::Zones(ZonesArgs { query: _, at: _ }))
        | Some(Command::Cache(CacheArgs { action: _ }))
        | Some(Command::Completions(CompletionsArgs { shell: _ }))
        | Some(Command::Manpage)
        | None => none(),
    }
}

impl Shared {
    /// These options (given before the command), then `after` (given
    /// after it): a file, a format or a day given after wins; zones and
    /// the other filters add up, and so do `--offline` and `--refresh`.
    fn then(mut self, after: Shared) -> Shared {
        let Shared {
            file: FileArgs { file },
            from: FromArgs { format },
            fetch: FetchArgs { offline, refresh },
            zones: ZoneArgs { zones },
            filter:
                FilterArgs {
                    day,
                    kind,
                    room,
                    person,
                    matches,
                },
            strict: StrictArgs { strict },
        } = after;
        self.file.file = file.or(self.file.file);
        self.from.format = format.or(self.from.format);
        self.fetch.offline |= offline;
        self.fetch.refresh |= refresh;
        self.zones.zones.extend(zones);
        self.filter.day = day.or(self.filter.day);
        self.filter.kind.extend(kind);
        self.filter.room.extend(room);
        self.filter.person.extend(person);
        self.filter.matches.extend(matches);
        self.strict.strict |= strict;
        self
    }
}

impl From<FilterArgs> for Filter {
    fn from(args: FilterArgs) -> Filter {
        let FilterArgs {
            day,
            kind,
            room,
            person,
            matches,
        } = args;
        Filter {
            day,
            kind,
            room,
            person,
            matches,
        }
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
        // They name zones, whose names may come from a `TZDIR`'s files.
        if let Some(warning) = viewer.warning {
            let line = format!("agenda: warning: {warning}");
            super::io::note(&crate::visible::visible_line(&line));
        }
        if let Some(note) = viewer.note {
            super::io::note(&crate::visible::visible_line(&format!(
                "agenda: note: {note}"
            )));
        }
        zones.push((viewer.zone, viewer.source));
    }
    Ok(zones)
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::{uses, Cli};

    /// The table of [`uses`] says what each command accepts after it, as
    /// clap's tree has it: an option it uses can be given after it, and
    /// one it does not use is refused there by clap as well.
    #[test]
    fn the_table_matches_the_options_each_command_takes() {
        // The least each command needs to parse.
        let least: &[(&str, &[&str])] = &[
            ("show", &[]),
            ("check", &[]),
            ("export", &[]),
            ("import", &["schedule.xml"]),
            ("diff", &["old.toml", "new.toml"]),
            ("now", &[]),
            ("hours", &[]),
            ("zones", &[]),
            ("init", &[]),
            ("cache", &[]),
            ("completions", &["bash"]),
            ("manpage", &[]),
        ];
        let tree = Cli::command();
        let names: Vec<&str> = tree
            .get_subcommands()
            .map(clap::Command::get_name)
            .collect();
        let listed: Vec<&str> = least.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, listed, "every command is checked");
        for (name, args) in least {
            let cli = Cli::try_parse_from(["agenda", name].iter().chain(*args)).unwrap();
            let uses = uses(cli.command.as_ref());
            assert_eq!(uses.name, *name);
            let sub = tree.find_subcommand(name).unwrap();
            let takes = |id: &str| sub.get_arguments().any(|a| a.get_id() == id);
            let table = (uses.file, uses.from, uses.zones, uses.filter, uses.strict);
            let clap = (
                takes("file"),
                takes("from"),
                takes("zones"),
                takes("day"),
                takes("strict"),
            );
            assert_eq!(table, clap, "`{name}`: (file, from, zones, filter, strict)");
        }
    }
}
