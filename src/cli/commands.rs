//! One function per command, each of the resolved [`Config`] and its own
//! options.

use std::io;
use std::path::{Path, PathBuf};

use super::args::{
    CacheAction, CacheArgs, CheckArgs, CheckFormat, DiffArgs, ExportArgs, HoursArgs, HoursFormat,
    ImportArgs, InitArgs, NowArgs, ZonesArgs,
};
use super::io::{
    check_command, json_report, load, note, print, read, report, report_allowing, summarize,
    terminal_width,
};
use super::{Config, Error};
use crate::diagnostic::{Allowed, Source, Summary};
use crate::diff::DiffFormat;
use crate::export::{Format, View};
use crate::model::Agenda;
use crate::source::input::{cache, Input, MAX_INPUT};
use crate::source::InputFormat;
use crate::time::{self, Zone, ZoneSource};

/// `agenda show`: the table in the viewer's zones (and, with `--person`
/// and no `--tz`, the home zones of the people asked for).
pub(super) fn show(config: &Config) -> Result<(), Error> {
    let mut zones = config.viewer_zones()?;
    let (agenda, trouble) = load(&config.file, &config.reading, config.from, config.strict)?;
    if config.zones.is_empty() {
        zones.extend(home_zones(&agenda, &config.filter.person, &zones));
    }
    let agenda = config.filter.apply(agenda)?;
    let view = View {
        zones,
        breaks: true,
        alarm: None,
        generated: config.now,
        width: terminal_width(),
        tzdb: time::Database::current().version(),
    };
    let text = Format::Table
        .renderer()
        .render(&agenda, &view)
        .map_err(|source| Error::Render {
            file: config.file.clone(),
            source,
        })?;
    print(&text)?;
    summarize(&[&trouble]);
    Ok(())
}

/// The home zones of the people of `[people]` that `--person` asks for
/// (matched as the filter matches them), each once and not already shown.
fn home_zones(
    agenda: &Agenda,
    wanted: &[String],
    shown: &[(Zone, ZoneSource)],
) -> Vec<(Zone, ZoneSource)> {
    let wanted: Vec<String> = wanted.iter().map(|p| crate::text::person_key(p)).collect();
    let mut out: Vec<(Zone, ZoneSource)> = Vec::new();
    for person in &agenda.people {
        let asked = wanted.iter().any(|w| person.key.contains(w.as_str()));
        let known = shown.iter().chain(&out).any(|(z, _)| *z == person.zone);
        if asked && !known {
            out.push((person.zone, ZoneSource::Home));
        }
    }
    out
}

/// `agenda hours`: waking hours and nights per zone.
pub(super) fn hours(config: &Config, args: &HoursArgs) -> Result<(), Error> {
    let flagged: Vec<Zone> = config.zones.iter().map(|(zone, _)| *zone).collect();
    let (agenda, trouble) = load(&config.file, &config.reading, config.from, config.strict)?;
    let zones = if flagged.is_empty() {
        crate::hours::default_zones(&agenda)
    } else {
        flagged
    };
    let report = crate::hours::hours(&agenda, &zones, args.shift);
    match args.format {
        HoursFormat::Text => print(&report.text())?,
        HoursFormat::Json => {
            let json = serde_json::to_string_pretty(&report.json())
                .map(crate::visible::json)
                .map_err(|e| Error::Output(e.into()))?;
            print(&format!("{json}\n"))?;
        }
    }
    summarize(&[&trouble]);
    Ok(())
}

/// `agenda check`: every finding, then a count.
pub(super) fn check(config: &Config, args: &CheckArgs) -> Result<(), Error> {
    let (input, from) = (&config.file, config.from);
    let name = input.to_string();
    let (text, encoding) = match read(input, &config.reading) {
        Ok(read) => read,
        Err(err) if args.format == CheckFormat::Json => {
            // A script asked for JSON: the failure to read is a finding too.
            let json = crate::diagnostic::unreadable_json(&name, &err.to_string());
            print(&format!("{json}\n"))?;
            return Err(err);
        }
        Err(err) => return Err(err),
    };
    let (mut findings, by_file) = match encoding {
        Some(finding) => (vec![finding], Vec::new()),
        None => {
            let checked = crate::load_from(&text, from);
            (checked.findings, checked.allowed)
        }
    };
    // `--deny CODE` is asked for on this run: it shows again what the
    // file allows.
    let (denied, by_file): (Vec<_>, Vec<_>) = by_file
        .into_iter()
        .partition(|f| args.deny.contains(&f.code));
    if !denied.is_empty() {
        findings.extend(denied);
        findings.sort_by_key(|f| (f.span.start, f.severity));
    }
    let before = findings.len();
    findings.retain(|f| !args.allow.contains(&f.code));
    let allowed = Allowed {
        by_file: by_file.len(),
        by_flag: before - findings.len(),
    };
    let source = Source::new(&name, &text);
    match args.format {
        CheckFormat::Text => report_allowing(&name, &text, &findings, allowed)?,
        CheckFormat::Json => json_report(&source, &findings, allowed)?,
    }
    let (errors, warnings) = crate::diagnostic::count(&findings);
    let denied = findings.iter().any(|f| args.deny.contains(&f.code));
    if errors > 0 || denied || (args.deny_warnings && warnings > 0) {
        return Err(Error::Reported(1));
    }
    Ok(())
}

/// `agenda export`: the programme in one format, to stdout or `-o`.
pub(super) fn export(config: &Config, args: &ExportArgs) -> Result<(), Error> {
    let output = output(&args.output);
    // `--format`, else the one `-o`'s extension names, else iCalendar.
    let format = args
        .format
        .or_else(|| output.and_then(Format::named_by))
        .unwrap_or(Format::Ics);
    let named = match (args.format, output) {
        (None, Some(path)) => format!("{} (from -o {})", format_name(format), path.display()),
        _ => format!("--format {}", format_name(format)),
    };
    if !format.takes_zones() && !config.zones.is_empty() {
        return Err(Error::Usage(format!(
            "--tz does nothing for {named}: its times are absolute (only {} takes --tz)",
            format_names(Format::takes_zones)
        )));
    }
    if !format.takes_event_options() && (args.breaks || args.alarm.is_some()) {
        return Err(Error::Usage(format!(
            "--breaks and --alarm do nothing for {named}: they are for {}",
            format_names(Format::takes_event_options)
        )));
    }
    let generated = config.generated()?;
    let (agenda, trouble) = load(&config.file, &config.reading, config.from, config.strict)?;
    let agenda = config.filter.apply(agenda)?;
    // Asking for breaks by kind is asking for their events.
    let breaks = args.breaks
        || config
            .filter
            .kind
            .iter()
            .any(|kind| !kind.policy().calendar_event);
    let view = View {
        zones: config.zones.clone(),
        breaks,
        alarm: args.alarm,
        generated,
        width: None,
        tzdb: time::Database::current().version(),
    };
    let text = format
        .renderer()
        .render(&agenda, &view)
        .map_err(|source| Error::Render {
            file: config.file.clone(),
            source,
        })?;
    match output {
        Some(output) => super::write::write_output(output, config.file.path(), text.as_bytes())?,
        None => print(&text)?,
    }
    summarize(&[&trouble]);
    Ok(())
}

/// The format's name as `--format` takes it.
fn format_name(format: Format) -> String {
    use clap::ValueEnum;
    format
        .to_possible_value()
        .map_or_else(|| format!("{format:?}"), |v| v.get_name().to_string())
}

/// The names of the formats `--format` takes that have a capability.
fn format_names(capable: fn(Format) -> bool) -> String {
    use clap::ValueEnum;
    let names: Vec<String> = Format::value_variants()
        .iter()
        .filter(|&&format| capable(format))
        .map(|&format| format_name(format))
        .collect();
    names.join(", ")
}

/// `-o FILE`; `-o -` is stdout, as in most Unix tools.
fn output(flag: &Option<PathBuf>) -> Option<&Path> {
    flag.as_deref().filter(|path| *path != Path::new("-"))
}

/// `agenda diff OLD NEW`: what changed; exit 1 when anything did (a
/// version that cannot be used at all, or has errors under `--strict`, is
/// exit 2, since 1 means "changed" here).
pub(super) fn diff(config: &Config, args: &DiffArgs) -> Result<(), Error> {
    let from = config.from;
    let (old, new) = (Input::new(args.old.clone()), Input::new(args.new.clone()));
    if old == Input::Stdin && new == Input::Stdin {
        return Err(Error::Usage(
            "only one side of `diff` can be `-` (stdin): give the other as a file or URL".into(),
        ));
    }
    let load = |input: &Input| {
        load(input, &config.reading, from, config.strict).map_err(|e| match e {
            Error::Invalid(message) => Error::Unusable(message),
            e => e,
        })
    };
    let ((old, old_trouble), (new, new_trouble)) = (load(&old)?, load(&new)?);
    // An announcement is for every attendee: in the event zone, as the
    // Markdown export, unless --tz says otherwise; the text report is for
    // the organizer at their own clock.
    let zones: Vec<Zone> = if args.format == DiffFormat::Markdown && config.zones.is_empty() {
        vec![new.event.zone]
    } else {
        config
            .viewer_zones()?
            .into_iter()
            .map(|(zone, _)| zone)
            .collect()
    };
    let report = crate::diff::diff(&old, &new);
    print(&crate::diff::render(&report, &zones, args.format))?;
    for hint in crate::diff::hints(&report) {
        note(&crate::visible::visible_owned(format!("hint: {hint}")));
    }
    summarize(&[&old_trouble, &new_trouble]);
    if report.is_empty() {
        Ok(())
    } else {
        Err(Error::Reported(1))
    }
}

/// `agenda now`: what is on at an instant and what comes next.
pub(super) fn now(config: &Config, args: &NowArgs) -> Result<(), Error> {
    let zones = config.viewer_zones()?;
    let today = config.now;
    let at = match args.at {
        Some(at) => at.resolve(zones[0].0, today).map_err(Error::Usage)?,
        None => today,
    };
    let (agenda, trouble) = load(&config.file, &config.reading, config.from, config.strict)?;
    // With filters, the whole programme too, so that the end of what they
    // keep is not called the end of the programme.
    let noun = config.filter.noun();
    let programme = noun.as_ref().map(|_| agenda.clone());
    let agenda = config.filter.apply(agenda)?;
    let report = crate::now::Now::at(&agenda, at);
    let wording = crate::now::Wording {
        today: Some(today),
        filtered: programme
            .as_ref()
            .zip(noun)
            .map(|(programme, noun)| crate::now::Filtered { programme, noun }),
    };
    print(&report.render_with(&agenda.event.name, &zones, &wording))?;
    summarize(&[&trouble]);
    Ok(())
}

/// `agenda zones [QUERY]`: matching zones and their offsets.
pub(super) fn zones(config: &Config, args: &ZonesArgs) -> Result<(), Error> {
    let query = args.query.as_deref().unwrap_or("");
    let mut found: Vec<Zone> = time::search(query)
        .into_iter()
        .filter_map(Zone::get)
        .collect();
    if found.is_empty() {
        // What `--tz` takes that no zone's name contains: `UTC+2`, `JST`,
        // `tucson`; else the same error, with the same suggestions.
        found.push(time::resolve(query)?);
    }
    let at = match args.at {
        Some(at) => at
            .resolve(config.viewer_zones()?[0].0, config.now)
            .map_err(Error::Usage)?,
        None => config.now,
    };
    // A zone's name may come from a file's name in a `TZDIR`: shown, not
    // obeyed, and padded by the characters shown.
    let names: Vec<String> = found
        .iter()
        .map(|zone| crate::visible::visible_line(zone.name()).into_owned())
        .collect();
    let width = names
        .iter()
        .map(|name| name.chars().count())
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    for (zone, name) in found.into_iter().zip(names) {
        let (offset, abbreviation) = time::offset_at(zone, at);
        let line = format!(
            "{name:<width$}  UTC{offset}  {}",
            abbreviation.unwrap_or_default()
        );
        text.push_str(line.trim_end());
        text.push('\n');
    }
    print(&text)
}

/// `agenda init [PATH]`: a starter agenda, never over a file; `-` writes
/// it to stdout.
pub(super) fn init(config: &Config, args: &InitArgs) -> Result<(), Error> {
    let path = match (&args.path, &config.file) {
        // `-` is stdout, as for `-o -`: not a file named `-`.
        (Some(path), _) if path == Path::new("-") => {
            return print(&super::init::starter(config.now.date_naive()));
        }
        (Some(path), _) => path.as_path(),
        (None, Input::File(path)) => path.as_path(),
        (None, other) => {
            return Err(Error::Usage(format!(
                "init writes a file, and {other} is none: give a PATH"
            )))
        }
    };
    super::init::write_starter(path, config.now.date_naive()).map_err(|source| {
        if source.kind() == io::ErrorKind::AlreadyExists {
            Error::Exists(path.to_path_buf())
        } else {
            Error::Write(super::write::OutputError {
                path: path.to_path_buf(),
                existed: false,
                source,
            })
        }
    })?;
    let shown = path.display();
    note(&format!(
        "wrote {shown}: a starter agenda to edit; then run `agenda check -f {shown}`"
    ));
    Ok(())
}

/// `agenda import`: the schedule as an agenda TOML. Exit 2 when nothing
/// could be read, 1 when some events were left out (each reported), with
/// the agenda of the rest written all the same.
pub(super) fn import(config: &Config, args: &ImportArgs) -> Result<(), Error> {
    let from = config.from;
    let input = Input::new(args.source.clone());
    let (text, encoding) = read(&input, &config.reading)?;
    let name = input.to_string();
    if let Some(finding) = encoding {
        report(&name, &text, &[finding])?;
        return Err(Error::Unusable(format!("{name}: nothing imported")));
    }
    let format = from.unwrap_or_else(|| crate::source::detect(&text));
    if format == InputFormat::Toml {
        return Err(Error::Usage(format!(
            "{name} is not a frab schedule XML or schedule JSON (it reads as an agenda TOML); give --from xml or --from json if it is one"
        )));
    }
    let mut findings = Vec::new();
    let imported = crate::import::import(&text, format, &mut findings);
    findings.sort_by_key(|f| (f.span.start, f.severity));
    if !findings.is_empty() {
        report(&name, &text, &findings)?;
    }
    let Some(imported) = imported else {
        return Err(Error::Unusable(format!(
            "{name}: nothing usable could be read as {}; nothing imported",
            format.describe()
        )));
    };
    let toml = crate::import::to_toml(&imported);
    if toml.len() as u64 > MAX_INPUT {
        return Err(Error::Unusable(format!(
            "{name}: the imported agenda would be {} MiB, more than the {} MiB an agenda file may be; nothing written",
            toml.len() >> 20,
            MAX_INPUT >> 20
        )));
    }
    match output(&args.output) {
        // The schedule itself is protected like an export's input.
        Some(output) => super::write::write_output(output, input.path(), toml.as_bytes())?,
        None => print(&toml)?,
    }
    let unmapped: Vec<String> = imported
        .kinds
        .iter()
        .filter(|k| !k.mapped)
        .map(|k| format!("{:?} ({})", k.label, k.count))
        .collect();
    if !unmapped.is_empty() {
        note(&crate::visible::visible_owned(format!(
            "agenda: types with no kind of their own, imported as sessions: {}",
            unmapped.join(", ")
        )));
    }
    // The conflicts of a real programme are kept, as they are: said in
    // one line, as the views say them.
    let checked = crate::load(&toml);
    if let Some(clauses) = Summary::new(&checked.findings, checked.blocks_left_out).clauses() {
        let (subject, check) = match output(&args.output) {
            Some(path) => {
                let name = path.display().to_string();
                (format!("the imported agenda {name}"), check_command(&name))
            }
            None => (
                "the imported agenda".to_string(),
                "agenda check -f FILE".to_string(),
            ),
        };
        note(&crate::visible::visible_owned(format!(
            "agenda: {subject} {clauses}; run `{check}` on it for details"
        )));
    }
    if imported.skipped.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "{name}: {} event(s) left out: {}",
            imported.skipped.len(),
            imported.skipped.join(", ")
        )))
    }
}

/// `agenda cache [list|clear]`: the programmes kept for offline use.
pub(super) fn cache(config: &Config, args: &CacheArgs) -> Result<(), Error> {
    let cache = cache::Cache::locate().ok_or_else(|| {
        Error::Usage("there is no cache directory: neither XDG_CACHE_HOME nor HOME is set".into())
    })?;
    let dir = cache.dir().display().to_string();
    let failed = |source| Error::Read {
        input: Input::File(cache.dir().to_path_buf()),
        source,
    };
    match args.action {
        CacheAction::List => {
            let listed = cache.list().map_err(failed)?;
            let mut text = format!(
                "{dir}: {} programme(s), the {} most recently fetched are kept\n",
                listed.len(),
                cache::KEEP
            );
            for copy in listed {
                let age = crate::source::input::Age(config.now - copy.fetched);
                text.push_str(&crate::visible::visible_owned(format!(
                    "{}  fetched {age}, {} KiB\n",
                    crate::source::input::shown(&copy.url),
                    copy.size.div_ceil(1024)
                )));
            }
            print(&text)
        }
        CacheAction::Clear => {
            let removed = cache.clear().map_err(failed)?;
            note(&format!(
                "agenda: removed {removed} cached programme(s) from {dir}"
            ));
            Ok(())
        }
    }
}
