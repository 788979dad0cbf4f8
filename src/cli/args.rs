//! The command line as clap reads it: raw flags, and nothing else. They
//! become a [`super::Config`] once; no other module sees these types.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, StringValueParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostic::Code;
use crate::export::Format;
use crate::kind::Kind;
use crate::source::InputFormat;

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
  agenda import schedule.xml -o agenda.toml   bring in a frab or pretalx schedule
  agenda -f https://fosdem.org/2026/schedule/xml now --tz tokyo   a programme by its link";

/// Print, check and export the programme of an online workshop in every
/// attendee's time zone.
#[derive(Debug, Parser)]
#[command(name = "agenda", version, about, after_help = EXAMPLES)]
pub(crate) struct Cli {
    /// The shared options given before the command.
    #[command(flatten)]
    pub shared: Shared,
    /// What to do; `show` when none is given.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The options several commands share, each declared once, here: all of
/// them are accepted before the command, and after it those the command
/// uses (its options flatten those parts). [`super::Config`] merges the
/// two by exhaustive destructuring, so that a new one cannot be dropped
/// silently, and refuses one given to a command that does not use it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub(crate) struct Shared {
    /// `-f`.
    #[command(flatten)]
    pub file: FileArgs,
    /// `--from`.
    #[command(flatten)]
    pub from: FromArgs,
    /// `--offline`, `--refresh`.
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// `--tz`.
    #[command(flatten)]
    pub zones: ZoneArgs,
    /// The filters.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// `--strict`.
    #[command(flatten)]
    pub strict: StrictArgs,
}

/// `-f`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub(crate) struct FileArgs {
    /// The agenda file (default agenda.toml), `-` for stdin, or an
    /// http(s):// URL: agenda TOML, or a published frab schedule XML or
    /// schedule JSON (detected from the content; see --from).
    #[arg(short = 'f', long, value_name = "PATH|URL")]
    pub file: Option<PathBuf>,
}

/// `--from`: with `-f`, and alone for the commands that read other files
/// than the agenda (`import`, `diff`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub(crate) struct FromArgs {
    /// The format of the input: toml, xml (frab schedule), json (schedule
    /// JSON) or schedule2 (the c3voc hub's JSON); detected from the content
    /// when not given.
    #[arg(id = "from", long = "from", value_name = "FORMAT", value_parser = parse_from)]
    pub format: Option<InputFormat>,
}

/// `--offline` and `--refresh`: how a programme read by its URL uses the
/// copy kept in the cache.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub(crate) struct FetchArgs {
    /// For a URL: use the cached copy only, without the network.
    #[arg(long)]
    pub offline: bool,
    /// For a URL: fetch it anew, neither revalidating nor falling back on
    /// the cached copy.
    #[arg(long)]
    pub refresh: bool,
}

/// `--tz`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub(crate) struct ZoneArgs {
    /// Time zone to show times in: an IANA name, UTC, `local`, a UTC
    /// offset (UTC+2, +05:30), an abbreviation (PST, JST) or a city.
    /// Repeat for several; a zone given twice is one column. What it does
    /// depends on the command: see its help (`agenda export -h`).
    #[arg(long = "tz", value_name = "ZONE", value_parser = Offering(zone_names),
          hide_possible_values = true)]
    pub zones: Vec<String>,
}

/// `--strict`: the views' refusal of a programme with errors, for
/// pipelines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub(crate) struct StrictArgs {
    /// Refuse a programme with errors, as `check` would: print its report,
    /// write nothing, and exit 1 (`diff`: 2). Without it, every block that
    /// could be read is shown, and one line on stderr says what is wrong.
    #[arg(long)]
    pub strict: bool,
}

/// The filters of `show`, `now` and `export`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub(crate) struct FilterArgs {
    /// Only this day: its date (2021-04-13) or its number (1 for the first).
    #[arg(long, value_name = "DATE|N")]
    pub day: Option<String>,
    /// Only blocks of this kind. Repeat for several.
    #[arg(long, value_name = "KIND", value_parser = kind_parser())]
    pub kind: Vec<Kind>,
    /// Only blocks in this parallel room (its name, any case), and the
    /// plenary blocks, which run in every room. Repeat for several.
    #[arg(long, value_name = "ROOM")]
    pub room: Vec<String>,
    /// Only blocks where this person speaks or moderates, in the block or
    /// one of its items (part of the name is enough). Repeat for several.
    #[arg(long, value_name = "NAME")]
    pub person: Vec<String>,
    /// Only blocks whose title, items or description contain TEXT
    /// (ignoring case and accents). Repeat for several: any may match.
    #[arg(long = "match", value_name = "TEXT")]
    pub matches: Vec<String>,
}

fn kind_parser() -> impl TypedValueParser<Value = Kind> {
    PossibleValuesParser::new(Kind::ALL.iter().map(|kind| kind.as_str())).try_map(|name| {
        name.parse::<Kind>()
            .map_err(|()| format!("unknown kind `{name}`"))
    })
}

/// Any text, offering `values` to shell completion (and to help, unless
/// the argument hides them): clap's possible values without its refusal
/// of the rest, so that the value is judged by its own parser.
#[derive(Clone)]
struct Offering(fn() -> Vec<PossibleValue>);

impl TypedValueParser for Offering {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.0)().into_iter()))
    }
}

/// The zone names and cities completed after `--tz`.
fn zone_names() -> Vec<PossibleValue> {
    crate::time::completions()
        .iter()
        .map(|name| PossibleValue::new(name.as_str()))
        .collect()
}

/// The codes of warnings, which `--allow` and `--deny` take.
fn warning_names() -> Vec<PossibleValue> {
    Code::ALL
        .iter()
        .filter(|code| code.is_warning())
        .map(|code| PossibleValue::new(code.as_str()))
        .collect()
}

fn warning_code_parser() -> impl TypedValueParser<Value = Code> {
    Offering(warning_names).try_map(|text| warning_code(&text))
}

fn parse_from(text: &str) -> Result<InputFormat, String> {
    text.parse()
}

/// What `--tz` does for each command that takes it (`show -h`...).
const SHOW_TZ: &str = "A time column in this zone: an IANA name, UTC, `local`, a UTC offset \
    (UTC+2, +05:30), an abbreviation (PST, JST) or a city. Repeat for one column per zone (a zone \
    given twice is one); default your own zone (TZ)";
const EXPORT_TZ: &str =
    "Markdown only: a time column in this zone (forms as for `show`; default the \
    event zone); repeat for several. The other formats write absolute times: ics, json and xml in \
    UTC or with their offsets, html in each reader's own zone, so --tz is refused for them";
const DIFF_TZ: &str = "Write the times of changes in this zone (forms as for `show`); repeat for \
    several, side by side. Default your own zone (TZ); with --format markdown, the event zone of NEW";
const NOW_TZ: &str = "Write times in this zone (forms as for `show`); repeat for several, side by \
    side. Default your own zone (TZ), in which --at reads a wall time";
const HOURS_TZ: &str =
    "A zone to report on (forms as for `show`); repeat for several. Default: the \
    event zone and every zone in [people]";

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print the programme as a table in the viewer's time zone (the default).
    #[command(mut_arg("zones", |a| a.help(SHOW_TZ)),
        after_help = "Examples:
  agenda show --tz tokyo
  agenda show --tz UTC --tz America/Santiago --day 1
  agenda show --person Graikou
  agenda show --match fink --match antares     blocks that mention either
  agenda show --kind tutorial --kind discussion --room \"Room A\"")]
    Show(Shared),
    /// Validate the agenda and report every problem at once.
    #[command(
        after_help = "Examples:\n  agenda check\n  agenda check --deny-warnings\n  agenda check --format json"
    )]
    Check(CheckArgs),
    /// Write the programme as iCalendar, JSON, Markdown, HTML or frab XML.
    #[command(mut_arg("zones", |a| a.help(EXPORT_TZ)),
        after_help = "Examples:
  agenda export -o workshop.ics
  agenda export --breaks --alarm 10 -o workshop.ics
  agenda export --match Fink --match ANTARES -o mine.ics
  agenda export --format json
  agenda export --format markdown --tz tokyo
  agenda export -o programme.html               a web page: -o names the format
  agenda export -o schedule.xml

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
  agenda import https://pretalx.com/democon/schedule/export/schedule.json -o agenda.toml
  agenda check -f schedule.xml            check a published schedule as it is"
    )]
    Import(ImportArgs),
    /// Show what changed between two versions of an agenda.
    #[command(
        mut_arg("zones", |a| a.help(DIFF_TZ)),
        after_help = "Exit status: 0 nothing changed, 1 something changed, 2 error.\n\nExamples:\n  agenda diff old.toml agenda.toml\n  agenda diff old.toml agenda.toml --tz UTC --tz tokyo --format markdown\n  git show HEAD~:agenda.toml | agenda diff - agenda.toml"
    )]
    Diff(DiffArgs),
    /// What is on now, with its end and time left, and what comes next.
    #[command(mut_arg("zones", |a| a.help(NOW_TZ)),
        after_help = "Examples:
  agenda now
  agenda now --tz santiago --tz tokyo
  agenda now --at 14:41                         what is on at 14:41 today
  agenda now --at \"2021-04-13 14:41 UTC\"        what was on then
  agenda now --at \"2021-04-13 10:41\"            ... a wall time in your zone
  agenda now --room \"Room A\"")]
    Now(NowArgs),
    /// For each zone, how much of the programme falls in waking hours and
    /// at night there; with --shift, the fairest whole-programme move.
    #[command(mut_arg("zones", |a| a.help(HOURS_TZ)),
        after_help = "Examples:
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
    #[command(
        after_help = "Examples:
  agenda init                  writes ./agenda.toml
  agenda init workshop.toml
  agenda init workshop.toml && agenda -f workshop.toml check",
        mut_arg("file", |file| file.help("The agenda file, when no PATH is given"))
    )]
    Init(InitArgs),
    /// List the programmes kept for offline use (fetched by URL), or clear
    /// them.
    #[command(after_help = "Examples:
  agenda cache           where the cache is, and each programme in it with its age
  agenda cache clear     remove them all")]
    Cache(CacheArgs),
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
pub(crate) struct DiffArgs {
    /// The format of the files.
    #[command(flatten)]
    pub from: FromArgs,
    /// How a URL uses its cached copy.
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// The zones to show times in.
    #[command(flatten)]
    pub zones: ZoneArgs,
    /// Whether to refuse versions with errors.
    #[command(flatten)]
    pub strict: StrictArgs,
    /// The earlier version: a file, `-` for stdin, or a URL.
    pub old: PathBuf,
    /// The later version: a file, `-` for stdin, or a URL.
    pub new: PathBuf,
    /// How to print the changes.
    #[arg(long, value_enum, default_value_t = crate::diff::DiffFormat::Text)]
    pub format: crate::diff::DiffFormat,
}

/// Options of `import`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ImportArgs {
    /// The format of the files.
    #[command(flatten)]
    pub from: FromArgs,
    /// How a URL uses its cached copy.
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// The schedule: frab/c3voc XML or schedule JSON (pretalx); a file,
    /// `-` for stdin, or a URL.
    pub source: PathBuf,
    /// Write to FILE (replaced atomically) instead of stdout; `-` is stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Options of `now`.
#[derive(Debug, Clone, Args)]
pub(crate) struct NowArgs {
    /// The agenda file, its format, zones and filters.
    #[command(flatten)]
    pub shared: Shared,
    /// The instant to ask about instead of now: 2021-04-13T14:41Z,
    /// 2021-04-13T10:41-04:00, a wall time in your zone ("2021-04-13
    /// 10:41"), or now.
    #[arg(long, value_name = "INSTANT", value_parser = super::at::parse)]
    pub at: Option<super::at::At>,
}

/// Options of `hours`.
#[derive(Debug, Clone, Args)]
pub(crate) struct HoursArgs {
    /// The agenda file.
    #[command(flatten)]
    pub file: FileArgs,
    /// Its format.
    #[command(flatten)]
    pub from: FromArgs,
    /// How a URL uses its cached copy.
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// The zones to report on.
    #[command(flatten)]
    pub zones: ZoneArgs,
    /// Whether to refuse a programme with errors.
    #[command(flatten)]
    pub strict: StrictArgs,
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
pub(crate) enum HoursFormat {
    /// Aligned text, one block of rows per zone.
    Text,
    /// The same figures as JSON.
    Json,
}

/// Options of `zones`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ZonesArgs {
    /// Part of a zone's name or city (any case; `_`, `-` and space alike).
    pub query: Option<String>,
    /// Show offsets at this instant instead of now (forms as for `now --at`).
    #[arg(long, value_name = "INSTANT", value_parser = super::at::parse)]
    pub at: Option<super::at::At>,
}

/// Options of `init`.
#[derive(Debug, Clone, Args)]
pub(crate) struct InitArgs {
    /// `-f`: the agenda file, when no path is given.
    #[command(flatten)]
    pub file: FileArgs,
    /// Where to write it (`-`: stdout); by default the agenda file (-f,
    /// agenda.toml).
    pub path: Option<PathBuf>,
}

/// Options of `cache`.
#[derive(Debug, Clone, Args)]
pub(crate) struct CacheArgs {
    /// What to do.
    #[arg(value_enum, default_value_t = CacheAction::List)]
    pub action: CacheAction,
}

/// What `cache` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CacheAction {
    /// List the cached programmes.
    List,
    /// Remove them.
    Clear,
}

/// Options of `completions`.
#[derive(Debug, Clone, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
}

/// Options of `check`.
#[derive(Debug, Clone, Args)]
pub(crate) struct CheckArgs {
    /// The agenda file.
    #[command(flatten)]
    pub file: FileArgs,
    /// Its format.
    #[command(flatten)]
    pub from: FromArgs,
    /// How a URL uses its cached copy.
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// Fail when there are warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Silence the warnings of this code (`gap`, `order`...). Repeat for
    /// several. Errors cannot be silenced.
    #[arg(long, value_name = "CODE", value_parser = warning_code_parser())]
    pub allow: Vec<Code>,
    /// Fail on the warnings of this code. Repeat for several.
    #[arg(long, value_name = "CODE", value_parser = warning_code_parser())]
    pub deny: Vec<Code>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

/// Options of `export`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ExportArgs {
    /// The agenda file, its format, zones (Markdown) and filters.
    #[command(flatten)]
    pub shared: Shared,
    /// Output format; without it, the one -o's extension names (.ics,
    /// .ical, .html, .htm, .json, .md, .markdown, .xml, any case), else
    /// ics.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to FILE (replaced atomically) instead of stdout; `-` is stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Make calendar events of the breaks too (ics).
    #[arg(long)]
    pub breaks: bool,
    /// Add a reminder this many minutes before each event (ics), at most
    /// a week (10080).
    #[arg(long, value_name = "MINUTES", value_parser = clap::value_parser!(u32).range(0..=10080))]
    pub alarm: Option<u32>,
}

/// Output of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    /// Compiler-style report on stderr.
    Text,
    /// JSON document on stdout.
    Json,
}

/// A finding code that names warnings: `--allow overlap` would let an
/// agenda with errors pass, so it is refused.
fn warning_code(text: &str) -> Result<Code, String> {
    let code: Code = text.parse()?;
    if code.is_warning() {
        Ok(code)
    } else {
        Err(format!(
            "`{code}` is an error, which can be neither allowed nor denied; only warnings can"
        ))
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap's own checks of the whole tree (a run checks only the command
    /// it runs): no two options of a command share an id or a flag.
    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
