//! Issue 22, points 7 and 9: writes that cannot be made. A write past the
//! file size limit (`ulimit -f`) fails with a message and exit 2 instead
//! of killing the program (SIGXFSZ), and leaves neither a temporary file
//! nor a damaged target; `-o DIR` says what is wrong; `init -` writes to
//! stdout, not to a file named `-`.
//!
//! Every run is under a 1 GiB address-space limit and a kill after 20 s.

use std::path::Path;

use crate::harness::{bundled, Test};

/// `agenda` under `ulimit -v` (1 GiB), `timeout -s KILL 20` and, with
/// `blocks`, a file size limit of that many blocks (512 bytes each in
/// dash, 1024 in bash: either way far less than a calendar).
fn bounded(blocks: Option<u32>) -> Test {
    let limit = blocks.map_or(String::new(), |b| format!("ulimit -f {b}; "));
    Test::new().shell(&format!(
        "ulimit -v 1048576; {limit}exec timeout -s KILL 20 \"$0\" \"$@\""
    ))
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("listed")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Under `ulimit -f`, SIGXFSZ killed the program in the middle of `-o`'s
/// write: `.out.ics.XXXXXX.tmp` was left beside the target, and nothing
/// said why.
#[test]
fn a_write_past_the_file_size_limit_is_an_error_that_leaves_nothing() {
    let test = bounded(Some(1)).write("out.ics", "old");
    let out = test
        .args(["export", "-o", "out.ics", "-f"])
        .arg(bundled())
        .status(2)
        .stderr(
            "agenda: cannot write out.ics: it would be larger than the file size limit \
             (ulimit -f); the file is left as it was\n",
        )
        .run();
    assert_eq!(out.read("out.ics"), "old");
    assert_eq!(names(out.dir.path()), ["out.ics"]);
    // A new file: none is left, half-written or temporary.
    let out = bounded(Some(1))
        .args(["export", "--format", "html", "-o", "page.html", "-f"])
        .arg(bundled())
        .status(2)
        .stderr_contains("cannot write page.html: it would be larger than the file size limit")
        .stderr_lacks("left as it was")
        .run();
    assert!(
        names(out.dir.path()).is_empty(),
        "{:?}",
        names(out.dir.path())
    );
    // Standard output sent to a file, and `init`'s own file.
    let out = Test::new()
        .shell("ulimit -v 1048576; ulimit -f 1; exec timeout -s KILL 20 \"$0\" \"$@\" > shown.txt")
        .args(["-f"])
        .arg(bundled())
        .status(2)
        .stderr("agenda: cannot write output: it would be larger than the file size limit (ulimit -f)\n")
        .run();
    assert_eq!(names(out.dir.path()), ["shown.txt"]);
    let out = bounded(Some(1))
        .args(["init", "new.toml"])
        .status(2)
        .stderr_contains("cannot write new.toml: it would be larger than the file size limit")
        .run();
    assert!(
        names(out.dir.path()).is_empty(),
        "{:?}",
        names(out.dir.path())
    );
}

/// `-o DIR` said "is a directory; the file is left as it was".
#[test]
fn output_to_a_directory_says_to_name_a_file() {
    let out = bounded(None)
        .write("dir/keep.txt", "kept")
        .args(["export", "-o", "dir", "-f"])
        .arg(bundled())
        .status(2)
        .stderr("agenda: cannot write dir: it is a directory; name a file in it\n")
        .run();
    assert_eq!(names(&out.path("dir")), ["keep.txt"]);
    // Through a link to it too.
    let test = bounded(None).write("dir/keep.txt", "kept");
    std::os::unix::fs::symlink("dir", test.path("link")).expect("a link");
    test.args(["export", "-o", "link/", "-f"])
        .arg(bundled())
        .status(2)
        .stderr("agenda: cannot write link/: it is a directory; name a file in it\n")
        .run();
}

/// `init -` created a file named `-`; `-` is stdout, as for `-o -`.
#[test]
fn init_dash_writes_the_starter_to_stdout() {
    let out = bounded(None)
        .args(["init", "-"])
        .stderr("")
        .stdout_contains("# A starter agenda written by `agenda init`.")
        .run();
    assert!(
        names(out.dir.path()).is_empty(),
        "{:?}",
        names(out.dir.path())
    );
    // It is the starter `init FILE` writes, which `check` passes.
    let file = Test::new().args(["init", "starter.toml"]).run();
    assert_eq!(out.stdout, file.read("starter.toml"));
    Test::new()
        .args(["check", "--deny-warnings", "-f"])
        .arg(file.path("starter.toml"))
        .run();
}
