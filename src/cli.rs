//! The command line: clap definitions, the dispatch of each command, and
//! the mapping of errors to exit codes (SPEC §3).

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::Utc;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use thiserror::Error;

use crate::diagnostic::{Finding, Source};
use crate::export::{Format, View};
use crate::filter::{FilterArgs, FilterError};
use crate::model::Agenda;
use crate::source::InputFormat;
use crate::time::{self, Zone, ZoneError, ZoneSource};

const EXAMPLES: &str = "\
Examples:
  agenda                          the programme in your own time zone
  agenda --tz America/Santiago    ... in Santiago
  agenda --tz santiago --tz tokyo one time column per zone
  agenda --match Fink --kind tutorial   only the tutorials that mention Fink
  agenda now                      what is on now and next
  agenda check                    validate agenda.toml before publishing
  agenda check -f other.toml --deny-warnings
  agenda hours --tz santiago --tz tokyo --shift   the fairest start for both
  agenda init my-workshop.toml    start a new agenda from a commented template
  agenda import schedule.xml -o agenda.toml   bring in a frab or pretalx schedule";

/// Print, check and export the programme of an online workshop in every
/// attendee's time zone.
#[derive(Debug, Parser)]
#[command(name = "agenda", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// The agenda file: agenda TOML, or a published frab schedule XML or
    /// schedule JSON (detected from the content; see --from).
    #[arg(
        short = 'f',
        long,
        global = true,
        value_name = "PATH",
        default_value = "agenda.toml"
    )]
    pub file: PathBuf,
    /// The format of the input: toml, xml (frab schedule) or json
    /// (schedule JSON); detected from the content when not given.
    #[arg(long, global = true, value_name = "FORMAT", value_parser = parse_from)]
    pub from: Option<InputFormat>,
    /// What to do; `show` when none is given.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of `show`, for when no command is given.
    #[command(flatten)]
    pub show: ShowArgs,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the programme as a table in the viewer's time zone (the default).
    #[command(after_help = "Examples:
  agenda show --tz tokyo
  agenda show --tz UTC --tz America/Santiago --day 1
  agenda show --person Graikou
  agenda show --match fink --match antares     blocks that mention either
  agenda show --kind tutorial --kind discussion --room \"Room A\"")]
    Show(ShowArgs),
    /// Validate the agenda and report every problem at once.
    #[command(
        after_help = "Examples:\n  agenda check\n  agenda check --deny-warnings\n  agenda check --format json"
    )]
    Check(CheckArgs),
    /// Write the programme as iCalendar, JSON, Markdown, HTML or frab XML.
    #[command(after_help = "Examples:
  agenda export -o workshop.ics
  agenda export --breaks --alarm 10 -o workshop.ics
  agenda export --match Fink --match ANTARES -o mine.ics
  agenda export --format json
  agenda export --format markdown --tz tokyo
  agenda export --format html -o programme.html
  agenda export --format xml -o schedule.xml

With SOURCE_DATE_EPOCH set, the iCalendar DTSTAMP and SEQUENCE come from it
and the output is byte-identical from run to run.")]
    Export(ExportArgs),
    /// Write a frab schedule XML or schedule JSON as an agenda TOML.
    #[command(
        after_help = "Exit status: 0 imported, 1 imported but some events were left out \
(each is reported), 2 nothing could be imported.

Examples:
  agenda import schedule.xml -o agenda.toml
  agenda import schedule.json > agenda.toml
  agenda check -f schedule.xml            check a published schedule as it is"
    )]
    Import(ImportArgs),
    /// Show what changed between two versions of an agenda.
    #[command(
        after_help = "Exit status: 0 nothing changed, 1 something changed, 2 error.\n\nExamples:\n  agenda diff old.toml agenda.toml\n  agenda diff old.toml agenda.toml --tz UTC --tz tokyo --format markdown"
    )]
    Diff(DiffArgs),
    /// What is on now, with its end and time left, and what comes next.
    #[command(after_help = "Examples:
  agenda now
  agenda now --tz santiago --tz tokyo
  agenda now --at 2021-04-13T14:41Z             what was on then
  agenda now --at \"2021-04-13 10:41\"            ... a wall time in your zone
  agenda now --room \"Room A\"")]
    Now(NowArgs),
    /// For each zone, how much of the programme falls in waking hours and
    /// at night there; with --shift, the fairest whole-programme move.
    #[command(after_help = "Examples:
  agenda hours                                   the event zone and every zone in [people]
  agenda hours --tz santiago --tz phoenix --tz paris --tz tokyo
  agenda hours --tz santiago --tz tokyo --shift  which move is fairest to the worst-off zone
  agenda hours --format json")]
    Hours(HoursArgs),
    /// List IANA time zones matching QUERY with their UTC offset now.
    #[command(after_help = "Examples:
  agenda zones santiago
  agenda zones america --at 2021-01-13T14:00:00Z
  agenda zones                                   every zone")]
    Zones(ZonesArgs),
    /// Write a commented starter agenda; never overwrites a file.
    #[command(after_help = "Examples:
  agenda init                  writes ./agenda.toml
  agenda init workshop.toml
  agenda init workshop.toml && agenda -f workshop.toml check")]
    Init(InitArgs),
    /// Print a shell completion script.
    #[command(after_help = "Examples:
  agenda completions bash > ~/.local/share/bash-completion/completions/agenda
  agenda completions zsh > ~/.zfunc/_agenda
  agenda completions fish > ~/.config/fish/completions/agenda.fish")]
    Completions(CompletionsArgs),
    /// Print the manual page (roff).
    #[command(after_help = "Examples:
  agenda manpage > ~/.local/share/man/man1/agenda.1
  agenda manpage | man -l -")]
    Manpage,
}

/// Options of `diff`.
#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The earlier version.
    pub old: PathBuf,
    /// The later version.
    pub new: PathBuf,
    /// Time zone to show times in; repeat for several. Default: the viewer's.
    #[arg(long = "tz", value_name = "ZONE")]
    pub zones: Vec<String>,
    /// How to print the changes.
    #[arg(long, value_enum, default_value_t = crate::diff::DiffFormat::Text)]
    pub format: crate::diff::DiffFormat,
}

/// Options of `import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The schedule: frab/c3voc XML or schedule JSON (pretalx).
    pub source: PathBuf,
    /// Write to FILE (replaced atomically) instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn parse_from(text: &str) -> Result<InputFormat, String> {
    text.parse()
}

/// Options of `now`.
#[derive(Debug, Clone, Args)]
pub struct NowArgs {
    /// The instant to ask about instead of now: 2021-04-13T14:41Z,
    /// 2021-04-13T10:41-04:00, a wall time in your zone ("2021-04-13
    /// 10:41"), or now.
    #[arg(long, value_name = "INSTANT", value_parser = crate::at::parse)]
    pub at: Option<crate::at::At>,
    /// Time zone to show times in: an IANA name, UTC, `local`, or a city.
    /// Repeat to show each time in several zones.
    #[arg(long = "tz", value_name = "ZONE")]
    pub zones: Vec<String>,
    /// Which blocks to consider.
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// Options of `hours`.
#[derive(Debug, Clone, Args)]
pub struct HoursArgs {
    /// A zone to report on: an IANA name, UTC, `local`, or a city. Repeat
    /// for several. Default: the event zone and every zone in `[people]`.
    #[arg(long = "tz", value_name = "ZONE")]
    pub zones: Vec<String>,
    /// Also try moving the whole programme from -12 h to +12 h in 30-minute
    /// steps, and mark the move that is fairest to the worst-off zone.
    #[arg(long)]
    pub shift: bool,
    /// How to print the figures.
    #[arg(long, value_enum, default_value_t = HoursFormat::Text)]
    pub format: HoursFormat,
}

/// Output of `hours`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HoursFormat {
    /// Aligned text, one block of rows per zone.
    Text,
    /// The same figures as JSON.
    Json,
}

/// Options of `zones`.
#[derive(Debug, Clone, Args)]
pub struct ZonesArgs {
    /// Part of a zone's name or city (any case; `_`, `-` and space alike).
    pub query: Option<String>,
    /// Show offsets at this instant instead of now (forms as for `now --at`).
    #[arg(long, value_name = "INSTANT", value_parser = crate::at::parse)]
    pub at: Option<crate::at::At>,
}

/// Options of `init`.
#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// Where to write it; by default the agenda file (-f, agenda.toml).
    pub path: Option<PathBuf>,
}

/// Options of `completions`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
}

/// Options of `show`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub struct ShowArgs {
    /// Time zone to show times in: an IANA name, UTC, `local`, or a city.
    /// Repeat for one column per zone.
    #[arg(long = "tz", value_name = "ZONE")]
    pub zones: Vec<String>,
    /// Which blocks to show.
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// Options of `check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Fail when there are warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

/// Options of `export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Ics)]
    pub format: Format,
    /// Write to FILE (replaced atomically) instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Make calendar events of the breaks too (ics).
    #[arg(long)]
    pub breaks: bool,
    /// Add a reminder this many minutes before each event (ics), at most
    /// a week (10080).
    #[arg(long, value_name = "MINUTES", value_parser = clap::value_parser!(u32).range(0..=10080))]
    pub alarm: Option<u32>,
    /// Time zone of the Markdown tables; default: the event's zone.
    #[arg(long = "tz", value_name = "ZONE")]
    pub zone: Option<String>,
    /// Which blocks to export.
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// Output of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Compiler-style report on stderr.
    Text,
    /// JSON document on stdout.
    Json,
}

/// Everything that stops a command, with its exit code.
#[derive(Debug, Error)]
pub enum Error {
    /// The agenda file could not be read.
    #[error("{}", read_error_text(path, source))]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// `--tz` names no zone.
    #[error(transparent)]
    Zone(#[from] ZoneError),
    /// A filter names nothing.
    #[error(transparent)]
    Filter(#[from] FilterError),
    /// The agenda has errors (already reported), or warnings under
    /// `--deny-warnings`.
    #[error("{0}")]
    Invalid(String),
    /// Options that do not go together.
    #[error("{0}")]
    Usage(String),
    /// An input of `diff` has errors (already reported): exit 2, since 1
    /// means "changed" there.
    #[error("{0}")]
    Unusable(String),
    /// `diff` found changes (already printed).
    #[error("")]
    Changed,
    /// `init` found the file already there and left it alone.
    #[error("{} already exists; left untouched (give another PATH)", .0.display())]
    Exists(PathBuf),
    /// Output could not be written.
    #[error("cannot write output: {0}")]
    Output(#[source] io::Error),
    /// `-o FILE` (or `init`'s file) could not be written.
    #[error(transparent)]
    Write(#[from] crate::write::OutputError),
    /// The agenda file is larger than [`MAX_INPUT`].
    #[error(
        "cannot read {}: it is larger than {} MiB, the limit for an agenda file",
        .0.display(),
        MAX_INPUT >> 20
    )]
    TooLarge(PathBuf),
    /// `SOURCE_DATE_EPOCH` is not a count of seconds.
    #[error("SOURCE_DATE_EPOCH={0:?} is not a number of seconds since 1970-01-01 UTC")]
    SourceDateEpoch(String),
}

/// Why a file could not be read, in words and without the "(os error 2)"
/// of the system's message; when it is missing, what to do about it.
fn read_error_text(path: &Path, source: &io::Error) -> String {
    let shown = path.display();
    let reason = source.to_string();
    let reason = match reason.find(" (os error") {
        Some(at) => &reason[..at],
        None => &reason,
    };
    if source.kind() != io::ErrorKind::NotFound {
        return format!("cannot read {shown}: {reason}");
    }
    if path == Path::new("agenda.toml") {
        format!(
            "cannot read agenda.toml: {reason}; there is no agenda in this directory: \
             start one with `agenda init`, or name one with `-f FILE`"
        )
    } else {
        format!(
            "cannot read {shown}: {reason}; check the name, or start an agenda there \
             with `agenda init {shown}`"
        )
    }
}

impl Error {
    /// The exit code of SPEC §3.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(_) | Error::Changed => 1,
            _ => 2,
        }
    }
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    // `--version` names the tz database, which is chosen at run time.
    let version: &'static str = Box::leak(
        format!(
            "{} ({})",
            env!("CARGO_PKG_VERSION"),
            time::Database::current()
        )
        .into_boxed_str(),
    );
    let parsed = Cli::command()
        .version(version)
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) => {
            // Help and version go to stdout, which must be there to take them.
            let printed = (err.use_stderr() || stdout_is_open()) && err.print().is_ok();
            return ExitCode::from(if err.use_stderr() || !printed { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let message = err.to_string();
            if !message.is_empty() {
                note(&format!("agenda: {}", crate::visible::visible(&message)));
            }
            ExitCode::from(err.exit_code())
        }
    }
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    if cli.command.is_some() && cli.show != ShowArgs::default() {
        return Err(Error::Usage(
            "options of `show` go after `show`, not before another command".into(),
        ));
    }
    let from = cli.from;
    match cli.command {
        None => show(&cli.file, from, &cli.show),
        Some(Command::Show(args)) => show(&cli.file, from, &args),
        Some(Command::Check(args)) => check(&cli.file, from, &args),
        Some(Command::Export(args)) => export(&cli.file, from, &args),
        Some(Command::Import(args)) => import(&args, from),
        Some(Command::Diff(args)) => diff(&args, from),
        Some(Command::Now(args)) => now(&cli.file, from, &args),
        Some(Command::Hours(args)) => hours(&cli.file, from, &args),
        Some(Command::Zones(args)) => zones(&args),
        Some(Command::Init(args)) => init(args.path.as_deref().unwrap_or(&cli.file)),
        Some(Command::Completions(args)) => {
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "agenda", &mut script);
            print(&String::from_utf8_lossy(&script))
        }
        Some(Command::Manpage) => {
            print(&crate::manual::render(Cli::command()).map_err(Error::Output)?)
        }
    }
}

/// Writes a line to stderr. A closed or full stderr (`2>&-`, `2>/dev/full`,
/// a reader that went away) is no reason to fail, let alone panic: the
/// exit code still says how it went.
fn note(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// Whether file descriptor 1 was open when the program started, so that
/// `agenda >&-` fails instead of succeeding with nothing written. Rust's
/// runtime opens `/dev/null` read-write on a closed descriptor (and its
/// stdout drops what is written to a closed one); a shell's `>/dev/null`
/// opens it write-only, so the two can be told apart.
#[cfg(unix)]
fn stdout_is_open() -> bool {
    use std::os::fd::AsFd;
    if io::stdout().as_fd().try_clone_to_owned().is_err() {
        return false;
    }
    let devnull = std::fs::read_link("/proc/self/fd/1").is_ok_and(|p| p == Path::new("/dev/null"));
    let read_write = std::fs::read_to_string("/proc/self/fdinfo/1").is_ok_and(|info| {
        info.lines()
            .find_map(|l| l.strip_prefix("flags:"))
            .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok())
            .is_some_and(|flags| flags & 0o3 == 0o2)
    });
    !(devnull && read_write)
}

#[cfg(not(unix))]
fn stdout_is_open() -> bool {
    true
}

/// The largest agenda file read: far above any real programme (100,000
/// blocks take about 12 MiB), and small enough that `-f /dev/zero` or a
/// huge sparse file is refused at once rather than read whole.
pub const MAX_INPUT: u64 = 64 << 20;

/// The file's bytes, at most [`MAX_INPUT`] of them, read only up to the
/// first byte that cannot be UTF-8 (`-f /dev/urandom` stops at once):
/// the bytes, and where that byte is, if there is one.
fn read_capped(path: &Path) -> Result<(Vec<u8>, Option<usize>), Error> {
    use std::io::Read;
    let fail = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(fail)?;
    if file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() > MAX_INPUT)
    {
        return Err(Error::TooLarge(path.to_path_buf()));
    }
    let mut reader = file.take(MAX_INPUT + 1);
    let mut bytes = Vec::new();
    let mut chunk = vec![0; 1 << 16];
    let mut valid = 0;
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(fail(e)),
        };
        bytes.extend_from_slice(&chunk[..n]);
        if bytes.len() as u64 > MAX_INPUT {
            return Err(Error::TooLarge(path.to_path_buf()));
        }
        match std::str::from_utf8(&bytes[valid..]) {
            Ok(_) => valid = bytes.len(),
            Err(e) if e.error_len().is_some() => {
                let at = valid + e.valid_up_to();
                return Ok((bytes, Some(at)));
            }
            // A character cut by the chunk's end: the next chunk ends it.
            Err(e) => valid += e.valid_up_to(),
        }
    }
    let bad = (valid < bytes.len()).then_some(valid);
    Ok((bytes, bad))
}

/// Whether to colour what goes to stderr.
fn color() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The file's text, or a finding when it is not UTF-8.
fn read(path: &Path) -> Result<(String, Option<Finding>), Error> {
    let (bytes, bad) = read_capped(path)?;
    match bad {
        None => Ok((
            String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            None,
        )),
        Some(at) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let finding = Finding::error(
                at..at + char::REPLACEMENT_CHARACTER.len_utf8(),
                "the file is not UTF-8 text",
            )
            .label("invalid byte here")
            .help("save the agenda as UTF-8");
            Ok((text, Some(finding)))
        }
    }
}

/// Reads and checks the file; prints the report and fails when it has
/// errors. Returns the model and the findings (warnings only).
fn load(path: &Path, from: Option<InputFormat>) -> Result<(Agenda, Vec<Finding>), Error> {
    let (text, encoding) = read(path)?;
    let name = path.display().to_string();
    let checked = match encoding {
        Some(finding) => crate::Checked {
            agenda: None,
            findings: vec![finding],
        },
        None => crate::load_from(&text, from),
    };
    let has_errors = checked.has_errors();
    match checked.agenda {
        Some(agenda) if !has_errors => Ok((agenda, checked.findings)),
        _ => {
            report(&name, &text, &checked.findings)?;
            Err(Error::Invalid(format!("{name} has errors; nothing done")))
        }
    }
}

fn report(name: &str, text: &str, findings: &[Finding]) -> Result<(), Error> {
    let source = Source::new(name, text);
    // Written as it is made; a closed or full stderr only ends the report.
    let mut err = io::BufWriter::new(io::stderr().lock());
    let _ = source
        .report(findings, color(), &mut err)
        .and_then(|()| err.flush());
    Ok(())
}

/// Writes `text` to stdout; a closed pipe (`agenda | head`) is not an error.
fn print(text: &str) -> Result<(), Error> {
    if !stdout_is_open() {
        return Err(Error::Output(io::Error::new(
            io::ErrorKind::BrokenPipe,
            "standard output is closed",
        )));
    }
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Output(e)),
        _ => Ok(()),
    }
}

/// The zones of `--tz` (the viewer's own when none is given), each with
/// where it came from; a `TZ` that is no zone is warned about here.
fn view_zones(flags: &[String]) -> Result<Vec<(Zone, ZoneSource)>, Error> {
    let viewer = |flag: Option<&str>| -> Result<(Zone, ZoneSource), Error> {
        let viewer = time::viewer_zone(flag)?;
        if let Some(warning) = viewer.warning {
            note(&format!("agenda: warning: {warning}"));
        }
        Ok((viewer.zone, viewer.source))
    };
    if flags.is_empty() {
        return Ok(vec![viewer(None)?]);
    }
    flags.iter().map(|f| viewer(Some(f))).collect()
}

fn show(path: &Path, from: Option<InputFormat>, args: &ShowArgs) -> Result<(), Error> {
    let zones = view_zones(&args.zones)?;
    let (agenda, _) = load(path, from)?;
    let mut zones = zones;
    if args.zones.is_empty() {
        zones.extend(home_zones(&agenda, &args.filter.person, &zones));
    }
    let agenda = args.filter.apply(agenda)?;
    let view = View {
        zones,
        breaks: true,
        alarm: None,
        generated: chrono::Utc::now(),
    };
    let text = Format::Table
        .renderer()
        .render(&agenda, &view)
        .map_err(|e| Error::Output(io::Error::other(e)))?;
    print(&text)
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

fn hours(path: &Path, from: Option<InputFormat>, args: &HoursArgs) -> Result<(), Error> {
    let flagged: Vec<Zone> = if args.zones.is_empty() {
        Vec::new()
    } else {
        view_zones(&args.zones)?
            .into_iter()
            .map(|(zone, _)| zone)
            .collect()
    };
    let (agenda, _) = load(path, from)?;
    let zones = if flagged.is_empty() {
        crate::hours::default_zones(&agenda)
    } else {
        flagged
    };
    let report = crate::hours::hours(&agenda, &zones, args.shift);
    match args.format {
        HoursFormat::Text => print(&report.text()),
        HoursFormat::Json => {
            let json = serde_json::to_string_pretty(&report.json())
                .map_err(|e| Error::Output(e.into()))?;
            print(&format!(
                "{json}
"
            ))
        }
    }
}

fn check(path: &Path, from: Option<InputFormat>, args: &CheckArgs) -> Result<(), Error> {
    let (text, encoding) = match read(path) {
        Ok(read) => read,
        Err(err) if args.format == CheckFormat::Json => {
            // A script asked for JSON: the failure to read is a finding too.
            let json =
                crate::diagnostic::unreadable_json(&path.display().to_string(), &err.to_string());
            print(&format!("{json}\n"))?;
            return Err(err);
        }
        Err(err) => return Err(err),
    };
    let name = path.display().to_string();
    let findings = match encoding {
        Some(finding) => vec![finding],
        None => crate::load_from(&text, from).findings,
    };
    let source = Source::new(&name, &text);
    match args.format {
        CheckFormat::Text => report(&name, &text, &findings)?,
        CheckFormat::Json => json_report(&source, &findings)?,
    }
    let (errors, warnings) = crate::diagnostic::count(&findings);
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        return Err(Error::Invalid(String::new()));
    }
    Ok(())
}

/// Writes `check --format json` to stdout as it is made; a closed pipe is
/// not an error, as in [`print`].
fn json_report(source: &Source<'_>, findings: &[Finding]) -> Result<(), Error> {
    if !stdout_is_open() {
        return print("");
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    match source
        .write_json(findings, &mut out)
        .and_then(|()| out.flush())
    {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Output(e)),
        _ => Ok(()),
    }
}

/// When this output is made: `SOURCE_DATE_EPOCH` (reproducible builds)
/// when set, else the clock.
fn generated() -> Result<chrono::DateTime<chrono::Utc>, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) if !value.trim().is_empty() => value
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
            .ok_or(Error::SourceDateEpoch(value)),
        _ => Ok(chrono::Utc::now()),
    }
}

fn export(path: &Path, from: Option<InputFormat>, args: &ExportArgs) -> Result<(), Error> {
    let zones = match &args.zone {
        Some(zone) => view_zones(std::slice::from_ref(zone))?,
        None => Vec::new(),
    };
    let generated = generated()?;
    let (agenda, _) = load(path, from)?;
    let agenda = args.filter.apply(agenda)?;
    let view = View {
        zones,
        breaks: args.breaks,
        alarm: args.alarm,
        generated,
    };
    let text = args
        .format
        .renderer()
        .render(&agenda, &view)
        .map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
    match &args.output {
        Some(output) => Ok(crate::write::write_output(
            output,
            Some(path),
            text.as_bytes(),
        )?),
        None => print(&text),
    }
}

fn diff(args: &DiffArgs, from: Option<InputFormat>) -> Result<(), Error> {
    let zones: Vec<Zone> = view_zones(&args.zones)?
        .into_iter()
        .map(|(zone, _)| zone)
        .collect();
    let load = |path: &Path| {
        load(path, from)
            .map(|(agenda, _)| agenda)
            .map_err(|e| match e {
                Error::Invalid(message) => Error::Unusable(message),
                e => e,
            })
    };
    let (old, new) = (load(&args.old)?, load(&args.new)?);
    let report = crate::diff::diff(&old, &new);
    print(&crate::diff::render(&report, &zones, args.format))?;
    for hint in crate::diff::hints(&report) {
        note(&crate::visible::visible_owned(format!("hint: {hint}")));
    }
    if report.is_empty() {
        Ok(())
    } else {
        Err(Error::Changed)
    }
}

fn now(path: &Path, from: Option<InputFormat>, args: &NowArgs) -> Result<(), Error> {
    let zones = view_zones(&args.zones)?;
    let today = Utc::now();
    let at = match args.at {
        Some(at) => at.resolve(zones[0].0, today).map_err(Error::Usage)?,
        None => today,
    };
    let (agenda, _) = load(path, from)?;
    // With filters, the whole programme too, so that the end of what they
    // keep is not called the end of the programme.
    let noun = args.filter.noun();
    let programme = noun.as_ref().map(|_| agenda.clone());
    let agenda = args.filter.apply(agenda)?;
    let report = crate::now::Now::at(&agenda, at);
    let wording = crate::now::Wording {
        today: Some(today),
        filtered: programme
            .as_ref()
            .zip(noun)
            .map(|(programme, noun)| crate::now::Filtered { programme, noun }),
    };
    print(&report.render_with(&agenda.event.name, &zones, &wording))
}

fn zones(args: &ZonesArgs) -> Result<(), Error> {
    let query = args.query.as_deref().unwrap_or("");
    let found = time::search(query);
    if found.is_empty() {
        return Err(ZoneError::Unknown {
            query: query.to_string(),
            suggestions: time::suggest(query),
        }
        .into());
    }
    let at = match args.at {
        Some(at) => at
            .resolve(view_zones(&[])?[0].0, Utc::now())
            .map_err(Error::Usage)?,
        None => Utc::now(),
    };
    let width = found.iter().map(|name| name.len()).max().unwrap_or(0);
    let mut text = String::new();
    for name in found {
        let Some(zone) = Zone::get(name) else {
            continue;
        };
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

fn init(path: &Path) -> Result<(), Error> {
    crate::init::write_starter(path, Utc::now().date_naive()).map_err(|source| {
        if source.kind() == io::ErrorKind::AlreadyExists {
            Error::Exists(path.to_path_buf())
        } else {
            Error::Write(crate::write::OutputError {
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
fn import(args: &ImportArgs, from: Option<InputFormat>) -> Result<(), Error> {
    let path = &args.source;
    let (text, encoding) = read(path)?;
    let name = path.display().to_string();
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
    let imported = crate::source::read_schedule(&text, format, &mut findings);
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
    match &args.output {
        // The schedule itself is protected like an export's input.
        Some(output) => crate::write::write_output(output, Some(&args.source), toml.as_bytes())?,
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
    let (errors, _) = crate::diagnostic::count(&crate::load(&toml).findings);
    if errors > 0 {
        note(&format!(
            "agenda: the imported agenda has {errors} error(s) of its own (overlaps, double bookings...); run `agenda check` on it"
        ));
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
