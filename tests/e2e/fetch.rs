//! A programme by its URL (`-f https://…`, `import URL`, a side of
//! `diff`), against a local server started by each test (`server.rs`):
//! the same programme as from the file, revalidated with its `ETag`,
//! followed through redirects, gzip, refused when too large or too slow,
//! a web page told apart from a schedule, and the cached copy used, with
//! its age, when the server is gone. Every run caches inside the test's
//! own directory (the harness sets `XDG_CACHE_HOME`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::harness::{fixture, Test};
use crate::server::{refused, Reply, Server, Tls};

/// The pretalx-style schedule JSON of the import tests: on 16 August 2023
/// in Berlin (UTC+2), "Opening" runs 10:00–10:30, 08:00–08:30 UTC.
fn json() -> Vec<u8> {
    std::fs::read(fixture("import/multiroom.json")).unwrap()
}

/// The same programme as frab XML.
fn xml() -> Vec<u8> {
    std::fs::read(fixture("import/multiroom.xml")).unwrap()
}

/// A cache directory shared by several runs.
fn cache() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// `agenda ARGS` with the cache in `cache` (as `XDG_CACHE_HOME`).
fn run(cache: &Path, args: &[&str]) -> Test {
    Test::new().env("XDG_CACHE_HOME", cache).args(args)
}

/// The JSON export of a fixture read as a file: what the same programme
/// read by its URL must give.
fn exported(name: &str) -> String {
    Test::new()
        .args(["export", "--format", "json", "-f"])
        .arg(fixture(name))
        .run()
        .stdout
}

/// The cached programmes' files in `cache`.
fn copies(cache: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(cache.join("agenda")) {
        Ok(files) => files.map(|f| f.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn a_schedule_by_its_url_reads_as_the_file() {
    let server = Server::start(|_| Reply::ok(json()).header("Content-Type", "application/json"));
    let url = server.url("/democon/schedule/export/schedule.json");
    let out = Test::new()
        .args(["export", "--format", "json", "-f", &url])
        .run();
    assert_eq!(out.stdout, exported("import/multiroom.json"));
    // Detected from the content whatever the server calls it; the row of
    // "Opening" at 08:00 UTC, worked out by hand above.
    let server = Server::start(|_| Reply::ok(xml()).header("Content-Type", "text/plain"));
    let out = Test::new()
        .args(["-f", &server.url("/schedule"), "--tz", "UTC"])
        .run();
    assert!(
        out.stdout.contains("08:00–08:30 ┆ talk     ┆ Opening"),
        "{}",
        out.stdout
    );
    // Plain http is said once, naming the URL.
    let warning = format!(
        "agenda: warning: {} is fetched without encryption",
        server.url("/schedule")
    );
    assert_eq!(out.stderr.matches(&warning).count(), 1, "{}", out.stderr);
}

#[test]
fn from_overrides_what_the_content_says() {
    // A JSON schedule that --from says is XML: read as XML, and refused.
    let server = Server::start(|_| Reply::ok(json()));
    Test::new()
        .args(["check", "--from", "xml", "-f", &server.url("/s")])
        .status(1)
        .stderr_contains("error[")
        .run();
}

#[test]
fn import_and_diff_read_urls() {
    let server = Server::start(|request| match request.path.as_str() {
        "/v1.xml" => Reply::ok(xml()),
        _ => Reply::ok(json()),
    });
    let from_file = Test::new()
        .args(["import"])
        .arg(fixture("import/multiroom.json"))
        .run()
        .stdout;
    let out = Test::new().args(["import", &server.url("/s.json")]).run();
    assert_eq!(out.stdout, from_file);
    // The same programme in both formats: nothing changed.
    Test::new()
        .args(["diff", &server.url("/v1.xml"), &server.url("/v2.json")])
        .stdout("No changes.\n")
        .run();
}

#[test]
fn an_unchanged_programme_is_revalidated_not_downloaded() {
    let server = Server::start(|request| {
        if request.header("if-none-match") == Some("\"v1\"") {
            Reply::status(304).header("ETag", "\"v1\"")
        } else {
            Reply::ok(json())
                .header("ETag", "\"v1\"")
                .header("Last-Modified", "Wed, 16 Aug 2023 08:00:00 GMT")
        }
    });
    let cache = cache();
    let url = server.url("/schedule.json");
    let first = run(cache.path(), &["export", "--format", "json", "-f", &url]).run();
    let second = run(cache.path(), &["export", "--format", "json", "-f", &url]).run();
    assert_eq!(second.stdout, first.stdout);
    assert_eq!(first.stdout, exported("import/multiroom.json"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("if-none-match"), None);
    assert_eq!(requests[1].header("if-none-match"), Some("\"v1\""));
    assert_eq!(
        requests[1].header("if-modified-since"),
        Some("Wed, 16 Aug 2023 08:00:00 GMT")
    );
    // --refresh asks for the whole programme again.
    run(cache.path(), &["check", "--refresh", "-f", &url]).run();
    assert_eq!(server.requests()[2].header("if-none-match"), None);
}

#[test]
fn redirects_are_followed_up_to_five() {
    // /hop/N redirects to /hop/N-1; /hop/0 is the schedule.
    let server = Server::start(|request| {
        match request
            .path
            .strip_prefix("/hop/")
            .and_then(|n| n.parse::<u32>().ok())
        {
            Some(0) => Reply::ok(json()),
            Some(n) => Reply::status(302).header("Location", &format!("/hop/{}", n - 1)),
            None => Reply::status(404),
        }
    });
    Test::new()
        .args(["export", "--format", "json", "-f", &server.url("/hop/5")])
        .stdout(exported("import/multiroom.json"))
        .run();
    Test::new()
        .args(["check", "-f", &server.url("/hop/6")])
        .status(2)
        .stderr_contains(format!(
            "agenda: cannot fetch {}: more than 5 redirects",
            server.url("/hop/6")
        ))
        .run();
}

#[test]
fn errors_of_the_server_are_one_line_naming_the_url() {
    let server = Server::start(|request| match request.path.as_str() {
        "/gone" => Reply::status(404).body("<h1>Not Found</h1>"),
        _ => Reply::status(500),
    });
    for (path, status) in [
        ("/gone", "404 Not Found"),
        ("/broken", "500 Internal Server Error"),
    ] {
        let url = server.url(path);
        Test::new()
            .args(["-f", &url])
            .status(2)
            .stderr(format!(
                "agenda: cannot fetch {url}: the server answered {status}\n"
            ))
            .run();
    }
    let url = refused("/schedule.json");
    Test::new()
        .args(["-f", &url])
        .status(2)
        .stderr(format!(
            "agenda: cannot fetch {url}: connection refused; no copy of it is cached to use instead\n"
        ))
        .run();
}

#[test]
fn a_slow_server_times_out() {
    let server = Server::start(|_| Reply::ok(json()).stall(Duration::from_secs(30)));
    let started = Instant::now();
    Test::new()
        .env("AGENDA_HTTP_TIMEOUT", "1")
        .args(["-f", &server.url("/slow")])
        .timeout(Duration::from_secs(20))
        .status(2)
        .stderr_contains(format!(
            "agenda: cannot fetch {}: no complete answer within 1 s",
            server.url("/slow")
        ))
        .run();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn more_than_64_mib_is_refused_as_it_comes() {
    let server = Server::start(|_| Reply::ok(Vec::new()).repeat(b' ', (64 << 20) + 1));
    let cache = cache();
    run(cache.path(), &["-f", &server.url("/huge.json")])
        .timeout(Duration::from_secs(60))
        .status(2)
        .stderr_contains(format!(
            "agenda: cannot fetch {}: the answer is larger than 64 MiB, the limit for an agenda",
            server.url("/huge.json")
        ))
        .run();
    assert!(copies(cache.path()).is_empty());
}

/// A gzip stream of `n` spaces.
fn gzip_of_spaces(n: usize) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let chunk = vec![b' '; 1 << 20];
    let mut left = n;
    while left > 0 {
        let take = left.min(chunk.len());
        encoder.write_all(&chunk[..take]).unwrap();
        left -= take;
    }
    encoder.finish().unwrap()
}

#[test]
fn gzip_is_asked_for_and_read() {
    let gzipped = {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&json()).unwrap();
        encoder.finish().unwrap()
    };
    assert!(gzipped.len() < json().len() / 3);
    let server = Server::start(move |request| {
        let accepts = request
            .header("accept-encoding")
            .is_some_and(|v| v.split(',').any(|e| e.trim() == "gzip"));
        if accepts {
            Reply::ok(gzipped.clone()).header("Content-Encoding", "gzip")
        } else {
            Reply::status(406)
        }
    });
    Test::new()
        .args(["export", "--format", "json", "-f", &server.url("/s.json")])
        .stdout(exported("import/multiroom.json"))
        .run();
    // The limit holds for what the gzip stream unpacks to: 65 MiB of
    // spaces that travel as some 70 KiB.
    let bomb = gzip_of_spaces((65 << 20) as usize);
    assert!(bomb.len() < 1 << 20);
    let server = Server::start(move |_| Reply::ok(bomb.clone()).header("Content-Encoding", "gzip"));
    Test::new()
        .args(["-f", &server.url("/bomb.json")])
        .timeout(Duration::from_secs(60))
        .status(2)
        .stderr_contains("the answer is larger than 64 MiB")
        .run();
}

const PRETALX_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><title>DemoCon</title></head>\
    <body><main>Schedule</main><footer>powered by <a href=\"https://pretalx.com\">pretalx</a></footer></body></html>";

#[test]
fn a_web_page_instead_of_a_schedule_names_the_export_to_try() {
    let server = Server::start(|request| match request.path.as_str() {
        "/en/37C3/public/schedule" => Reply::ok("<html><body>frab</body></html>"),
        "/conference/" => Reply::ok("<p>Welcome</p>").header("Content-Type", "text/html"),
        _ => Reply::ok(PRETALX_PAGE).header("Content-Type", "text/html; charset=utf-8"),
    });
    let cache = cache();
    let cases = [
        ("/democon/", "try its export, {base}/democon/schedule/export/schedule.json"),
        ("/en/37C3/public/schedule", "try its export, {base}/en/37C3/public/schedule.xml"),
        (
            "/conference/",
            "give the link of the schedule's export (frab XML or schedule JSON), which the programme page usually links to",
        ),
    ];
    let base = server.url("");
    for (path, hint) in cases {
        let url = server.url(path);
        run(cache.path(), &["now", "-f", &url])
            .status(2)
            .stderr_contains(format!(
                "agenda: {url} is a web page, not a schedule; {}\n",
                hint.replace("{base}", &base)
            ))
            .run();
    }
    // A page is never kept as the programme.
    assert!(copies(cache.path()).is_empty());
}

#[test]
fn the_copy_stands_in_when_the_server_is_gone_and_says_how_old_it_is() {
    let cache = cache();
    let server = Server::start(|_| Reply::ok(json()));
    let url = server.url("/schedule.json");
    let fetched = run(cache.path(), &["export", "--format", "json", "-f", &url])
        .env("AGENDA_NOW", "2026-12-20T09:00:00Z")
        .run();
    drop(server);
    // Three hours and a quarter later, by the run's clock.
    let offline = run(cache.path(), &["export", "--format", "json", "-f", &url])
        .env("AGENDA_NOW", "2026-12-20T12:15:00Z")
        .run();
    assert_eq!(offline.stdout, fetched.stdout);
    assert!(
        offline.stderr.ends_with(&format!(
            "agenda: cannot fetch {url}: connection refused; offline: using the copy fetched 3 h ago\n"
        )),
        "{}",
        offline.stderr
    );
    // --offline: the copy, without trying the network.
    run(
        cache.path(),
        &["export", "--format", "json", "--offline", "-f", &url],
    )
    .env("AGENDA_NOW", "2026-12-22T09:00:00Z")
    .stdout(fetched.stdout.clone())
    .stderr(format!(
        "agenda: offline: using the copy fetched 2 days ago ({url})\n"
    ))
    .run();
    // --refresh: never the copy.
    run(cache.path(), &["check", "--refresh", "-f", &url])
        .status(2)
        .stderr_contains(format!("agenda: cannot fetch {url}: connection refused\n"))
        .run();
}

#[test]
fn offline_without_a_copy_is_a_clear_error() {
    let server = Server::start(|_| Reply::ok(json()));
    let url = server.url("/schedule.json");
    Test::new()
        .args(["--offline", "-f", &url])
        .status(2)
        .stderr(format!(
            "agenda: {url} is not in the cache, and --offline forbids fetching it; run once without --offline to keep a copy\n"
        ))
        .run();
    assert!(server.requests().is_empty(), "--offline never asks");
    Test::new()
        .args(["--offline", "--refresh", "-f", &url])
        .status(2)
        .stderr("agenda: --offline and --refresh contradict each other: give one\n")
        .run();
}

#[test]
fn a_web_page_where_the_programme_was_gives_the_copy() {
    // The wifi's login page answers for every site.
    let login = Arc::new(AtomicUsize::new(0));
    let seen = login.clone();
    let server = Server::start(move |_| match seen.fetch_add(1, Ordering::SeqCst) {
        0 => Reply::ok(json()),
        _ => Reply::ok("<html><form>Accept the terms</form></html>"),
    });
    let cache = cache();
    let url = server.url("/schedule.json");
    run(cache.path(), &["check", "-f", &url]).run();
    run(cache.path(), &["export", "--format", "json", "-f", &url])
        .stdout(exported("import/multiroom.json"))
        .stderr_contains(format!(
            "agenda: cannot fetch {url}: it gave a web page, not a schedule (a wifi login page?); offline: using the copy fetched less than a minute ago\n"
        ))
        .run();
}

#[test]
fn concurrent_runs_leave_one_whole_copy() {
    // Two versions of the programme, by turns, each with its ETag; the
    // runs start together and write the one copy at once. (That a reader
    // never sees half a copy while others write is shown, with threads,
    // by the cache's unit tests.)
    let (json, xml) = (json(), xml());
    let turn = Arc::new(AtomicUsize::new(0));
    let server = Server::start(move |_| match turn.fetch_add(1, Ordering::SeqCst) % 2 {
        0 => Reply::ok(json.clone()).header("ETag", "\"json\""),
        _ => Reply::ok(xml.clone()).header("ETag", "\"xml\""),
    });
    let cache = cache();
    let url = server.url("/schedule");
    let children: Vec<_> = (0..8)
        .map(|_| {
            run(cache.path(), &["check", "-f", &url])
                .command()
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        let status = child.wait().unwrap();
        // The XML has warnings only: both versions check.
        assert!(status.success(), "{status:?}");
    }
    let files = copies(cache.path());
    assert_eq!(files.len(), 1, "one copy, no partial one: {files:?}");
    let copy = run(
        cache.path(),
        &["export", "--format", "json", "--offline", "-f", &url],
    )
    .run()
    .stdout;
    let (from_json, from_xml) = (
        exported("import/multiroom.json"),
        exported("import/multiroom.xml"),
    );
    assert!(copy == from_json || copy == from_xml, "{copy}");
}

#[test]
fn https_with_a_certificate_trusted_through_ssl_cert_file() {
    let tls = Tls::new();
    let server = Server::start_tls(&tls, |_| Reply::ok(json()));
    let url = server.url("/schedule.json");
    let test = Test::new();
    let pem = test.path("test-ca.pem");
    tls.write_pem(&pem);
    test.env("SSL_CERT_FILE", &pem)
        .args(["export", "--format", "json", "-f", &url])
        .stdout(exported("import/multiroom.json"))
        .stderr("")
        .run();
    // Untrusted without it: the bundled roots do not know the test's.
    Test::new()
        .args(["-f", &url])
        .status(2)
        .stderr(format!(
            "agenda: cannot fetch {url}: the secure connection failed: invalid peer certificate: UnknownIssuer; no copy of it is cached to use instead\n"
        ))
        .run();
    // An SSL_CERT_FILE that holds no certificate is said so.
    let test = Test::new().write("empty.pem", "");
    let empty = test.path("empty.pem");
    test.env("SSL_CERT_FILE", &empty)
        .args(["-f", &url])
        .status(2)
        .stderr(format!(
            "agenda: SSL_CERT_FILE={}: it holds no PEM certificate\n",
            empty.display()
        ))
        .run();
}

#[test]
fn nothing_is_written_outside_the_cache_directory() {
    let server = Server::start(|_| Reply::ok(json()).header("ETag", "\"1\""));
    let out = Test::new()
        .current_dir("work")
        .write("work/.keep", "")
        .args(["check", "-f", &server.url("/schedule.json")])
        .run();
    let root = out.path("");
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root, &mut files);
    let written: Vec<_> = files
        .iter()
        .filter(|f| !f.ends_with("work/.keep"))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(
        written[0].starts_with(root.join("home/.cache/agenda")),
        "{written:?}"
    );
    assert_eq!(written[0].extension().unwrap(), "programme");
}

#[test]
fn the_cache_is_listed_and_cleared() {
    let server = Server::start(|_| Reply::ok(json()));
    let cache = cache();
    let url = server.url("/democon/schedule/export/schedule.json");
    run(cache.path(), &["check", "-f", &url])
        .env("AGENDA_NOW", "2026-12-20T08:00:00Z")
        .run();
    let dir = cache.path().join("agenda");
    // 10,545 bytes are 11 KiB, rounded up.
    run(cache.path(), &["cache"])
        .stdout(format!(
            "{}: 1 programme(s), the 20 most recently fetched are kept\n{url}  fetched 12 h ago, 11 KiB\n",
            dir.display()
        ))
        .run();
    run(cache.path(), &["cache", "clear"])
        .stderr(format!(
            "agenda: removed 1 cached programme(s) from {}\n",
            dir.display()
        ))
        .run();
    assert!(copies(cache.path()).is_empty());
    run(cache.path(), &["--offline", "-f", &url])
        .status(2)
        .run();
}

#[test]
fn a_copy_that_cannot_be_kept_is_said_and_the_programme_shown() {
    let server = Server::start(|_| Reply::ok(json()));
    let url = server.url("/schedule.json");
    let from_file = exported("import/multiroom.json");
    // No cache directory at all.
    Test::new()
        .env_remove("HOME")
        .env_remove("XDG_CACHE_HOME")
        .args(["export", "--format", "json", "-f", &url])
        .stdout(from_file.clone())
        .stderr_contains(format!(
            "agenda: warning: no copy of {url} is kept for offline use: there is no cache directory (set XDG_CACHE_HOME or HOME)\n"
        ))
        .run();
    // A cache directory that cannot be made: its parent is a file.
    let test = Test::new().write("not-a-directory", "");
    let file = test.path("not-a-directory");
    test.env("XDG_CACHE_HOME", &file)
        .args(["export", "--format", "json", "-f", &url])
        .stdout(from_file)
        .stderr_contains(format!(
            "agenda: warning: no copy of {url} is kept for offline use: cannot write in {}: not a directory\n",
            file.join("agenda").display()
        ))
        .run();
}

#[test]
fn offline_and_refresh_are_refused_where_no_link_is_read() {
    // On a local file they would be accepted and ignored.
    for flag in ["--offline", "--refresh"] {
        Test::new()
            .in_root()
            .args([flag, "show"])
            .status(2)
            .stderr_contains(format!(
                "{flag} does nothing for agenda.toml: it is for a programme read by its link"
            ))
            .run();
        Test::new()
            .in_root()
            .args(["diff", flag, "agenda.toml", "agenda.toml"])
            .status(2)
            .stderr_contains(format!(
                "{flag} does nothing for agenda.toml and agenda.toml"
            ))
            .run();
    }
    // One side of `diff` by its link is enough: the flag is for that side.
    let cache = cache();
    let server = Server::start(|_| Reply::ok(xml()).header("Content-Type", "application/xml"));
    let url = server.url("/schedule.xml");
    let file = fixture("import/multiroom.xml");
    run(cache.path(), &["diff", "--refresh", &url])
        .arg(&file)
        .stdout_contains("No changes")
        .run();
}

#[test]
fn a_password_in_the_link_is_never_printed() {
    let cache = cache();
    let server = Server::start(|_| Reply::status(404));
    let url = server
        .url("/schedule.json")
        .replacen("://", "://ana:s3cret@", 1);
    let out = run(cache.path(), &["-f", &url]).status(2).run();
    assert!(!out.stderr.contains("s3cret"), "{}", out.stderr);
    assert!(out.stderr.contains("://…@127.0.0.1:"), "{}", out.stderr);
    // Nor in the list of kept copies.
    let server = Server::start(|_| Reply::ok(json()).header("Content-Type", "application/json"));
    let url = server
        .url("/schedule.json")
        .replacen("://", "://ana:s3cret@", 1);
    run(cache.path(), &["-f", &url]).run();
    let listed = run(cache.path(), &["cache"]).run().stdout;
    assert!(
        !listed.contains("s3cret") && listed.contains("://…@"),
        "{listed}"
    );
}
