//! The one way the end-to-end tests run `agenda`, after casey/just's `Test`
//! builder: a test reads like a line of the manual,
//!
//! ```text
//! Test::new().in_root().args(["--tz", "tokyo"]).stdout_contains("23:00–23:10").run();
//! ```
//!
//! Nothing leaks in from the machine or the developer's shell: the
//! environment is cleared, then `TZ`, `NO_COLOR`, `COLUMNS`,
//! `SOURCE_DATE_EPOCH`, `AGENDA_NOW` (the clock), `AGENDA_TZDB` and `PATH`
//! are set explicitly, `HOME` and `XDG_CACHE_HOME` name directories inside
//! the test's own (so that a programme fetched by URL is cached there),
//! and the program runs in a fresh temporary directory.
//! A test that needs another environment says so through the builder
//! (`env`, `env_remove`, `current_dir`, `in_root`, `shell`, `program`).
//!
//! Only `faketime` reaches through: when the test process runs under it
//! (`LD_PRELOAD` and `FAKETIME` set), the program it starts does too, so
//! that `.ci/run` can show the tests pass whatever the machine's clock says.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// The default `SOURCE_DATE_EPOCH`: 2021-04-13 14:00:00 UTC, the start of
/// the bundled workshop (1618272000 is that midnight, plus 14 hours).
pub(crate) const EPOCH: &str = "1618322400";

/// The default clock (`AGENDA_NOW`): 20:30 UTC on the 20th, an hour and a
/// day whose digits once let a test that meant "no year" fail.
pub(crate) const NOW: &str = "2026-12-20T20:30:00Z";

/// What `faketime` sets, passed on to the program when present.
const FAKETIME: [&str; 3] = ["LD_PRELOAD", "FAKETIME", "FAKETIME_DONT_FAKE_MONOTONIC"];

/// The default `COLUMNS`, clap's own fallback width for `--help`.
pub(crate) const COLUMNS: &str = "100";

/// The repository root, where the bundled `agenda.toml` lives.
pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture under `tests/fixtures/`, by absolute path.
pub(crate) fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// The bundled `agenda.toml`, by absolute path.
pub(crate) fn bundled() -> PathBuf {
    root().join("agenda.toml")
}

/// The built `agenda` binary.
pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_agenda");

/// One run of `agenda` (or of a program that runs it: `sh`, `script`),
/// with what it must print and how it must exit.
#[must_use]
pub(crate) struct Test {
    program: OsString,
    args: Vec<OsString>,
    env: BTreeMap<OsString, OsString>,
    stdin: Option<Vec<u8>>,
    timeout: Option<Duration>,
    dir: TempDir,
    current_dir: Option<PathBuf>,
    status: Option<i32>,
    stdout: Option<String>,
    stderr: Option<String>,
    stdout_contains: Vec<String>,
    stderr_contains: Vec<String>,
    stderr_lacks: Vec<String>,
}

impl Default for Test {
    fn default() -> Self {
        Self::new()
    }
}

impl Test {
    /// `agenda` in a new temporary directory, with the hermetic
    /// environment: `TZ=UTC`, `NO_COLOR=1`, `COLUMNS=100`,
    /// `SOURCE_DATE_EPOCH=EPOCH`, `AGENDA_NOW=NOW`, `AGENDA_TZDB=bundled`,
    /// `HOME` and `XDG_CACHE_HOME` in the temporary directory (`home/`,
    /// `home/.cache/`, made only when written to), the caller's `PATH`
    /// (for the tools some tests spawn), `faketime`'s variables when the
    /// tests run under it, and nothing else.
    pub(crate) fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut env = BTreeMap::new();
        for (key, value) in [
            ("TZ", "UTC"),
            ("NO_COLOR", "1"),
            ("COLUMNS", COLUMNS),
            ("SOURCE_DATE_EPOCH", EPOCH),
            ("AGENDA_NOW", NOW),
            ("AGENDA_TZDB", "bundled"),
        ] {
            env.insert(key.into(), value.into());
        }
        env.insert("PATH".into(), std::env::var_os("PATH").unwrap_or_default());
        let home = dir.path().join("home");
        env.insert("XDG_CACHE_HOME".into(), home.join(".cache").into());
        env.insert("HOME".into(), home.into());
        for key in FAKETIME {
            if let Some(value) = std::env::var_os(key) {
                env.insert(key.into(), value);
            }
        }
        Self {
            program: BIN.into(),
            args: Vec::new(),
            env,
            stdin: None,
            timeout: None,
            dir,
            current_dir: None,
            status: None,
            stdout: None,
            stderr: None,
            stdout_contains: Vec::new(),
            stderr_contains: Vec::new(),
            stderr_lacks: Vec::new(),
        }
    }

    /// Runs `program` instead of `agenda` (with the same environment and
    /// directory), e.g. `script` for a pseudo-terminal.
    pub(crate) fn program(mut self, program: impl AsRef<OsStr>) -> Self {
        self.program = program.as_ref().into();
        self
    }

    /// Runs `sh -c SCRIPT` with `$0` the `agenda` binary and the arguments
    /// as `$1`...: for `ulimit`, `trap` and `timeout`.
    pub(crate) fn shell(self, script: &str) -> Self {
        self.program("sh").arg("-c").arg(script).arg(BIN)
    }

    pub(crate) fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().into());
        self
    }

    pub(crate) fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_os_string()));
        self
    }

    /// Sets (or overrides) one variable of the environment.
    pub(crate) fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.env.insert(key.as_ref().into(), value.as_ref().into());
        self
    }

    /// Leaves one variable of the default environment unset.
    pub(crate) fn env_remove(mut self, key: impl AsRef<OsStr>) -> Self {
        self.env.remove(key.as_ref());
        self
    }

    /// Gives the program these bytes on stdin (by default it gets none:
    /// `/dev/null`).
    pub(crate) fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(bytes.into());
        self
    }

    /// Kills the program, failing the test, if it runs longer than `limit`.
    pub(crate) fn timeout(mut self, limit: Duration) -> Self {
        self.timeout = Some(limit);
        self
    }

    /// Runs in `dir`: relative to the temporary directory, or absolute.
    pub(crate) fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.current_dir = Some(self.dir.path().join(dir));
        self
    }

    /// Runs in the repository root, where the bundled `agenda.toml` is the
    /// default file and fixtures may be named `tests/fixtures/...`.
    pub(crate) fn in_root(self) -> Self {
        self.current_dir(root())
    }

    /// Writes `contents` to `name` in the temporary directory (creating
    /// parent directories).
    pub(crate) fn write(self, name: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> Self {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("a directory in the temporary one");
        }
        std::fs::write(&path, contents).expect("a file in the temporary directory");
        self
    }

    /// `name` in the temporary directory.
    pub(crate) fn path(&self, name: impl AsRef<Path>) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The exit code it must have; `run` expects 0 unless told.
    pub(crate) fn status(mut self, code: i32) -> Self {
        self.status = Some(code);
        self
    }

    /// The whole of stdout.
    pub(crate) fn stdout(mut self, text: impl Into<String>) -> Self {
        self.stdout = Some(text.into());
        self
    }

    /// The whole of stderr.
    pub(crate) fn stderr(mut self, text: impl Into<String>) -> Self {
        self.stderr = Some(text.into());
        self
    }

    pub(crate) fn stdout_contains(mut self, text: impl Into<String>) -> Self {
        self.stdout_contains.push(text.into());
        self
    }

    pub(crate) fn stderr_contains(mut self, text: impl Into<String>) -> Self {
        self.stderr_contains.push(text.into());
        self
    }

    pub(crate) fn stderr_lacks(mut self, text: impl Into<String>) -> Self {
        self.stderr_lacks.push(text.into());
        self
    }

    /// The command this test runs, for the few tests that manage the
    /// process themselves (a pipe closed early, stdout on `/dev/full`).
    /// The temporary directory lives as long as `self`.
    pub(crate) fn command(&self) -> Command {
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args)
            .env_clear()
            .envs(&self.env)
            .current_dir(self.current_dir.as_deref().unwrap_or(self.dir.path()))
            .stdin(Stdio::null());
        cmd
    }

    /// Runs the program and checks every expectation, the exit code
    /// included (0 unless `status` says otherwise).
    #[track_caller]
    pub(crate) fn run(mut self) -> Output {
        self.status.get_or_insert(0);
        let output = self.execute();
        self.check(&output);
        Output {
            stdout: String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8"),
            dir: self.dir,
        }
    }

    /// Runs the program, checks only the expectations given, and returns
    /// `assert_cmd`'s view of the output for predicates.
    #[track_caller]
    pub(crate) fn assert(self) -> assert_cmd::assert::Assert {
        use assert_cmd::assert::OutputAssertExt as _;
        let output = self.execute();
        self.check(&output);
        output.assert()
    }

    /// Runs the program and returns its output, checking nothing.
    pub(crate) fn output(self) -> std::process::Output {
        self.execute()
    }

    fn execute(&self) -> std::process::Output {
        let mut cmd = self.command();
        if self.stdin.is_some() {
            cmd.stdin(Stdio::piped());
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {:?}: {e}", self.program));
        // Written on a thread, as the pipes are read: a program that
        // stops reading early (a refused input) closes its end, which
        // ends the write with an error that is no failure of the test.
        let stdin = child
            .stdin
            .take()
            .zip(self.stdin.clone())
            .map(|(mut pipe, bytes)| {
                thread::spawn(move || {
                    use std::io::Write;
                    let _ = pipe.write_all(&bytes);
                })
            });
        // Both pipes are read at once, on threads: a program that fills
        // one while we wait on the other would otherwise deadlock.
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());
        let status = match self.timeout {
            None => child.wait().expect("the program ends"),
            Some(limit) => {
                let started = Instant::now();
                loop {
                    if let Some(status) = child.try_wait().expect("the program runs") {
                        break status;
                    }
                    if started.elapsed() > limit {
                        let _ = child.kill();
                        panic!(
                            "{:?} {:?} ran longer than {limit:?}",
                            self.program, self.args
                        );
                    }
                    thread::sleep(Duration::from_millis(10));
                }
            }
        };
        if let Some(stdin) = stdin {
            stdin.join().expect("stdin written");
        }
        std::process::Output {
            status,
            stdout: stdout.join().expect("stdout read"),
            stderr: stderr.join().expect("stderr read"),
        }
    }

    #[track_caller]
    fn check(&self, output: &std::process::Output) {
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let context = || {
            format!(
                "{:?} {:?}\nexit: {:?}\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
                self.program, self.args, output.status
            )
        };
        if let Some(code) = self.status {
            assert_eq!(output.status.code(), Some(code), "{}", context());
        }
        if let Some(want) = &self.stdout {
            assert_eq!(stdout, *want, "stdout of {}", context());
        }
        if let Some(want) = &self.stderr {
            assert_eq!(stderr, *want, "stderr of {}", context());
        }
        for want in &self.stdout_contains {
            assert!(
                stdout.contains(want.as_str()),
                "no {want:?} in {}",
                context()
            );
        }
        for want in &self.stderr_contains {
            assert!(
                stderr.contains(want.as_str()),
                "no {want:?} in {}",
                context()
            );
        }
        for unwanted in &self.stderr_lacks {
            assert!(
                !stderr.contains(unwanted.as_str()),
                "{unwanted:?} in {}",
                context()
            );
        }
    }
}

/// Reads a pipe to its end on a thread of its own.
fn drain(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            pipe.read_to_end(&mut bytes).expect("a pipe reads");
        }
        bytes
    })
}

/// What a run printed, with its temporary directory (files the program
/// wrote are still there).
pub(crate) struct Output {
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    pub(crate) dir: TempDir,
}

impl Output {
    /// `name` in the temporary directory the program ran in.
    pub(crate) fn path(&self, name: impl AsRef<Path>) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The text of `name` in the temporary directory.
    pub(crate) fn read(&self, name: impl AsRef<Path>) -> String {
        std::fs::read_to_string(self.path(name)).expect("a UTF-8 file the program wrote")
    }
}

/// `agenda ARGS...` on the bundled agenda (run in the repository root):
/// its stdout, asserting success.
#[track_caller]
pub(crate) fn stdout(args: &[&str]) -> String {
    Test::new().in_root().args(args).run().stdout
}

/// Compiles the tz source `zones` (`Zone Asia/Tokyo 9:00 - JST`) into the
/// tz directory `dir` with `zic` (Debian: libc-bin), and names the
/// directory's version `version` (`+VERSION`), as a real database does.
pub(crate) fn zic(dir: &Path, version: &str, zones: &str) {
    let source = dir.join("source.zi");
    std::fs::write(&source, zones).expect("the source written");
    let out = Command::new("zic")
        .arg("-d")
        .arg(dir)
        .arg(&source)
        .output()
        .expect("zic runs (Debian: libc-bin)");
    assert!(out.status.success(), "{out:?}");
    std::fs::remove_file(&source).expect("the source removed");
    std::fs::write(dir.join("+VERSION"), format!("{version}\n")).expect("+VERSION written");
}

/// Every block's `start_utc` in the JSON export of `file` (absolute, or
/// relative to the repository root), in order.
pub(crate) fn starts_utc(file: &Path) -> Vec<String> {
    let out = Test::new()
        .in_root()
        .args(["export", "--format", "json", "-f"])
        .arg(file)
        .run()
        .stdout;
    let json: serde_json::Value = serde_json::from_str(&out).expect("the JSON export");
    json["days"]
        .as_array()
        .expect("days")
        .iter()
        .flat_map(|d| d["blocks"].as_array().expect("blocks"))
        .map(|b| b["start_utc"].as_str().expect("start_utc").to_string())
        .collect()
}

/// The table row (a line of `show`) whose title cell contains `title`.
pub(crate) fn row<'a>(table: &'a str, title: &str) -> &'a str {
    table
        .lines()
        .find(|line| line.contains(title))
        .unwrap_or_else(|| panic!("no row with {title:?} in\n{table}"))
}

/// Every row of `show` for a block titled `title`, in order.
pub(crate) fn rows<'a>(table: &'a str, title: &str) -> Vec<&'a str> {
    table.lines().filter(|line| line.contains(title)).collect()
}
