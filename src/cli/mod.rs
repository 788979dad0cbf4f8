//! The command line, at the edge of the program: clap reads raw flags
//! ([`args`]), they are resolved once into a [`Config`] ([`config`]), and
//! each command is one function of it ([`commands`]). `main` owns the exit
//! policy: every failure is a typed [`Error`] with its exit code (README, "Exit codes").

mod args;
mod at;
mod commands;
mod config;
mod error;
mod hints;
mod init;
mod io;
mod manual;
mod write;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

pub(crate) use args::Cli;
use args::Command;
pub(crate) use config::Config;
pub(crate) use error::Error;
use io::{note, print};

use crate::time;

/// Runs the command line and returns the process's exit code.
pub(crate) fn main() -> ExitCode {
    ignore_file_size_signal();
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
            let err = hints::improve(err, &Cli::command());
            // Help and version go to stdout: as for every command, a reader
            // that went away (`agenda --help | head -1`) is no failure, a
            // write that fails otherwise (`>/dev/full`) is.
            let failed = match err.print() {
                Ok(()) => false,
                Err(e) => e.kind() != std::io::ErrorKind::BrokenPipe,
            };
            return ExitCode::from(if err.use_stderr() || failed { 2 } else { 0 });
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

/// A write past the file size limit (`ulimit -f`) sends SIGXFSZ, which
/// ends the process at once: `-o`'s temporary file was left behind and
/// nothing said why. Ignored, the write fails with EFBIG instead, so the
/// temporary file is removed, the error reported, and the exit code is 2.
#[cfg(unix)]
fn ignore_file_size_signal() {
    // SAFETY: SIG_IGN installs no handler, and nothing else in the
    // program sets signal dispositions.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

#[cfg(not(unix))]
fn ignore_file_size_signal() {}

/// Runs one parsed command line: resolves it once, then runs its command.
pub(crate) fn run(cli: Cli) -> Result<(), Error> {
    let config = Config::new(&cli)?;
    match &cli.command {
        None | Some(Command::Show(_)) => commands::show(&config),
        Some(Command::Check(args)) => commands::check(&config, args),
        Some(Command::Export(args)) => commands::export(&config, args),
        Some(Command::Import(args)) => commands::import(&config, args),
        Some(Command::Diff(args)) => commands::diff(&config, args),
        Some(Command::Now(args)) => commands::now(&config, args),
        Some(Command::Hours(args)) => commands::hours(&config, args),
        Some(Command::Zones(args)) => commands::zones(&config, args),
        Some(Command::Init(args)) => commands::init(&config, args),
        Some(Command::Cache(args)) => commands::cache(&config, args),
        Some(Command::Completions(args)) => {
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "agenda", &mut script);
            print(&String::from_utf8_lossy(&script))
        }
        Some(Command::Manpage) => print(&manual::render(Cli::command()).map_err(Error::Output)?),
    }
}
