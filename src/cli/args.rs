//! The command line as clap reads it: raw flags, and nothing else. They
//! become a [`super::Config`] once; no other module sees these types.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, Resettable, StyledStr, TypedValueParser};
use clap::{ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueEnum};

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
  agenda import schedule.xml -o agenda.toml   bring in a frab or pretalx schedule";

/// Print, check and export the programme of an online workshop in every
/// attendee's time zone.
#[derive(Debug, Parser)]
#[command(name = "agenda", version, about, after_help = EXAMPLES)]
pub(crate) struct Cli {
    /// The agenda file and its format, before the command.
    #[command(flatten)]
    pub input: InputArgs,
    /// How to see the programme: zones and filters, before or after the
    /// command.
    #[command(flatten)]
    pub view: ViewArgs,
    /// What to do; `show` when none is given.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `-f` and `--from`, accepted before any command and after those that
/// read the agenda file. (Not clap's `global`: that copies both into all
/// eleven commands at each start, a quarter of `agenda show`'s heap.)
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct InputArgs {
    /// The agenda file (default agenda.toml): agenda TOML, or a published
    /// frab schedule XML or schedule JSON (detected from the content; see
    /// --from).
    #[arg(short = 'f', long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    /// Its format.
    #[command(flatten)]
    pub from: FromArgs,
}

/// `--from`: with `-f`, and alone for the commands that read other files
/// than the agenda (`import`, `diff`).
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct FromArgs {
    /// The format of the input: toml, xml (frab schedule), json (schedule
    /// JSON) or schedule2 (the c3voc hub's JSON); detected from the content
    /// when not given.
    #[arg(id = "from", long = "from", value_name = "FORMAT", value_parser = parse_from)]
    pub format: Option<InputFormat>,
}

/// The options of every view of the programme (`show`, `now`, `export`),
/// accepted before the command and after the commands that use them. (Not
/// clap's `global`: that copies every global option into every command at
/// each start, a tenth of `agenda show`'s instructions.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub(crate) struct ViewArgs {
    /// Time zone to show times in: an IANA name, UTC, `local`, a UTC
    /// offset (UTC+2, +05:30), an abbreviation (PST, JST) or a city.
    /// Repeat for several; a zone given twice is one column. `hours`: the zones to report on (default: the
    /// event zone and every zone in `[people]`).
    #[arg(long = "tz", value_name = "ZONE")]
    pub zones: Vec<String>,
    /// Which blocks to show, consider or export.
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// Options of `show`.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct ShowArgs {
    /// The agenda file and its format.
    #[command(flatten)]
    pub input: InputArgs,
    /// Zones and filters.
    #[command(flatten)]
    pub view: ViewArgs,
}

/// `--tz` alone, for `diff` and `hours`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub(crate) struct ZoneArgs {
    /// Time zone to show times in (`hours`: to report on), written as for
    /// `show --tz` (IANA name, UTC offset, abbreviation, city); repeat for
    /// several.
    #[arg(long = "tz", value_name = "ZONE")]
    pub zones: Vec<String>,
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

impl FilterArgs {
    /// Whether any filter is given.
    pub(crate) fn is_empty(&self) -> bool {
        *self == FilterArgs::default()
    }
}

fn kind_parser() -> impl TypedValueParser<Value = Kind> {
    PossibleValuesParser::new(Kind::ALL.map(Kind::as_str)).try_map(|name| {
        name.parse::<Kind>()
            .map_err(|()| format!("unknown kind `{name}`"))
    })
}

fn parse_from(text: &str) -> Result<InputFormat, String> {
    text.parse()
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print the programme as a table in the viewer's time zone (the default).
    #[command(after_help = "Examples:
  agenda show --tz tokyo
  agenda show --tz UTC --tz America/Santiago --day 1
  agenda show --person Graikou
  agenda show --match fink --match antares     blocks that mention either
  agenda show --kind tutorial --kind discussion --room \"Room A\"")]
    Show(Lazy<ShowArgs>),
    /// Validate the agenda and report every problem at once.
    #[command(
        after_help = "Examples:\n  agenda check\n  agenda check --deny-warnings\n  agenda check --format json"
    )]
    Check(Lazy<CheckArgs>),
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
    Export(Lazy<ExportArgs>),
    /// Write a frab schedule XML or schedule JSON as an agenda TOML.
    #[command(
        after_help = "Exit status: 0 imported, 1 imported but some events were left out \
(each is reported), 2 nothing could be imported.

Examples:
  agenda import schedule.xml -o agenda.toml
  agenda import schedule.json > agenda.toml
  agenda check -f schedule.xml            check a published schedule as it is"
    )]
    Import(Lazy<ImportArgs>),
    /// Show what changed between two versions of an agenda.
    #[command(
        after_help = "Exit status: 0 nothing changed, 1 something changed, 2 error.\n\nExamples:\n  agenda diff old.toml agenda.toml\n  agenda diff old.toml agenda.toml --tz UTC --tz tokyo --format markdown"
    )]
    Diff(Lazy<DiffArgs>),
    /// What is on now, with its end and time left, and what comes next.
    #[command(after_help = "Examples:
  agenda now
  agenda now --tz santiago --tz tokyo
  agenda now --at 14:41                         what is on at 14:41 today
  agenda now --at \"2021-04-13 14:41 UTC\"        what was on then
  agenda now --at \"2021-04-13 10:41\"            ... a wall time in your zone
  agenda now --room \"Room A\"")]
    Now(Lazy<NowArgs>),
    /// For each zone, how much of the programme falls in waking hours and
    /// at night there; with --shift, the fairest whole-programme move.
    #[command(after_help = "Examples:
  agenda hours                                   the event zone and every zone in [people]
  agenda hours --tz santiago --tz phoenix --tz paris --tz tokyo
  agenda hours --tz santiago --tz tokyo --shift  which move is fairest to the worst-off zone
  agenda hours --format json")]
    Hours(Lazy<HoursArgs>),
    /// List IANA time zones matching QUERY with their UTC offset now.
    #[command(after_help = "Examples:
  agenda zones santiago
  agenda zones america --at 2021-01-13T14:00:00Z
  agenda zones                                   every zone")]
    Zones(Lazy<ZonesArgs>),
    /// Write a commented starter agenda; never overwrites a file.
    #[command(after_help = "Examples:
  agenda init                  writes ./agenda.toml
  agenda init workshop.toml
  agenda init workshop.toml && agenda -f workshop.toml check")]
    Init(Lazy<InitArgs>),
    /// Print a shell completion script.
    #[command(after_help = "Examples:
  agenda completions bash > ~/.local/share/bash-completion/completions/agenda
  agenda completions zsh > ~/.zfunc/_agenda
  agenda completions fish > ~/.config/fish/completions/agenda.fish")]
    Completions(Lazy<CompletionsArgs>),
    /// Print the manual page (roff).
    #[command(after_help = "Examples:
  agenda manpage > ~/.local/share/man/man1/agenda.1
  agenda manpage | man -l -")]
    Manpage,
}

/// A command's options, added to clap's tree only when that command is
/// the one being run (or for help, completions and the manual): building
/// the options of all eleven commands at every start was a fifth of
/// `agenda --version`'s instructions and 3% of `agenda show`'s. Reads as
/// the `T` it holds.
#[derive(Debug, Clone)]
pub(crate) struct Lazy<T>(T);

impl<T> std::ops::Deref for Lazy<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Args> Args for Lazy<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keep_about(cmd, T::augment_args))
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keep_about(cmd, T::augment_args_for_update))
    }
}

/// `augment` applied to a command, keeping the command's own description:
/// the options struct's doc comment would otherwise replace it.
fn keep_about(cmd: clap::Command, augment: fn(clap::Command) -> clap::Command) -> clap::Command {
    let about = cmd.get_about().cloned();
    let long_about = cmd.get_long_about().cloned();
    let kept = |text: Option<StyledStr>| text.map_or(Resettable::Reset, Resettable::Value);
    augment(cmd).about(kept(about)).long_about(kept(long_about))
}

impl<T: FromArgMatches> FromArgMatches for Lazy<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Lazy)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }
}

/// Options of `diff`.
#[derive(Debug, Clone, Args)]
pub(crate) struct DiffArgs {
    /// The format of the files.
    #[command(flatten)]
    pub from: FromArgs,
    /// Time zones to show times in.
    #[command(flatten)]
    pub zones: ZoneArgs,
    /// The earlier version.
    pub old: PathBuf,
    /// The later version.
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
    /// The schedule: frab/c3voc XML or schedule JSON (pretalx).
    pub source: PathBuf,
    /// Write to FILE (replaced atomically) instead of stdout; `-` is stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Options of `now`.
#[derive(Debug, Clone, Args)]
pub(crate) struct NowArgs {
    /// The agenda file and its format.
    #[command(flatten)]
    pub input: InputArgs,
    /// Zones and filters.
    #[command(flatten)]
    pub view: ViewArgs,
    /// The instant to ask about instead of now: a wall time in your zone,
    /// today (14:41) or on a date ("2021-04-13 10:41"), or in a zone
    /// ("2021-04-13 14:41 UTC"); RFC 3339 (2021-04-13T14:41Z,
    /// 2021-04-13T10:41-04:00); or now.
    #[arg(long, value_name = "INSTANT", value_parser = super::at::parse)]
    pub at: Option<super::at::At>,
}

/// Options of `hours`.
#[derive(Debug, Clone, Args)]
pub(crate) struct HoursArgs {
    /// The agenda file and its format.
    #[command(flatten)]
    pub input: InputArgs,
    /// The zones to report on.
    #[command(flatten)]
    pub zones: ZoneArgs,
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
    /// The agenda file, when no path is given.
    #[arg(short = 'f', long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    /// Where to write it; by default the agenda file (-f, agenda.toml).
    pub path: Option<PathBuf>,
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
    /// The agenda file and its format.
    #[command(flatten)]
    pub input: InputArgs,
    /// Fail when there are warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Silence the warnings of this code (`gap`, `order`...). Repeat for
    /// several. Errors cannot be silenced.
    #[arg(long, value_name = "CODE", value_parser = warning_code)]
    pub allow: Vec<Code>,
    /// Fail on the warnings of this code. Repeat for several.
    #[arg(long, value_name = "CODE", value_parser = warning_code)]
    pub deny: Vec<Code>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

/// Options of `export`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ExportArgs {
    /// The agenda file and its format.
    #[command(flatten)]
    pub input: InputArgs,
    /// Zones (Markdown) and filters.
    #[command(flatten)]
    pub view: ViewArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Ics)]
    pub format: Format,
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

    /// clap's own checks of the whole tree (each command's options are
    /// added lazily, so a run of one command does not check the others):
    /// no two options of a command share an id or a flag.
    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
