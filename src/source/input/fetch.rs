//! A programme by its URL. Fetched with ureq (rustls with the ring
//! provider, Mozilla's roots bundled, or those of `SSL_CERT_FILE`; gzip;
//! at most [`MAX_REDIRECTS`] redirects; a connection within 10 s and the
//! whole answer within 60 s; at most [`MAX_INPUT`]), asking the server
//! whether the cached copy is still current, so that an unchanged
//! programme costs no download. When the programme cannot be fetched (no
//! network, an error from the server, the wifi's login page), the copy
//! stands in for it with a notice of its age.

use std::time::Duration;

use ureq::http::{header, StatusCode};
use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};

use super::cache::{Cache, Entry};
use super::{first_invalid, page, scheme, Bytes, Freshness, Notice, Reading, MAX_INPUT};

/// The most redirects followed.
const MAX_REDIRECTS: u32 = 5;

/// How long a connection may take.
const CONNECT: Duration = Duration::from_secs(10);

/// How long the whole answer may take, redirects included.
const WHOLE: Duration = Duration::from_secs(60);

/// Shortens both timeouts to this many seconds (a decimal number), for
/// the tests of a slow server; not meant for anything else.
const TIMEOUT_VARIABLE: &str = "AGENDA_HTTP_TIMEOUT";

/// Why a programme could not be had by its URL.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FetchError {
    /// The network or the server failed, and no copy could stand in.
    #[error("cannot fetch {url}: {why}{}", if *.offline { "; no copy of it is cached to use instead" } else { "" })]
    Failed {
        /// The URL as shown (without a password in it).
        url: String,
        /// Why, in a few words.
        why: String,
        /// Whether to say there was no copy: the network failed, and a
        /// copy was looked for (not under `--refresh`, which never uses
        /// one).
        offline: bool,
    },
    /// The server's answer is larger than [`MAX_INPUT`].
    #[error(
        "cannot fetch {url}: the answer is larger than {} MiB, the limit for an agenda",
        MAX_INPUT >> 20
    )]
    TooLarge {
        /// The URL as shown (without a password in it).
        url: String,
    },
    /// The URL gives a web page, not a schedule.
    #[error("{url} is a web page, not a schedule; {}", match export {
        Some(export) => format!("try its export, {export}"),
        None => "give the link of the schedule's export (frab XML or schedule JSON), which the programme page usually links to".to_string(),
    })]
    WebPage {
        /// The URL as shown (without a password in it).
        url: String,
        /// The export to try instead, when the page's system is known.
        export: Option<String>,
    },
    /// `--offline`, and no copy.
    #[error("{url} is not in the cache, and --offline forbids fetching it; run once without --offline to keep a copy")]
    NotCached {
        /// The URL as shown (without a password in it).
        url: String,
    },
    /// `SSL_CERT_FILE` gives no certificates.
    #[error("SSL_CERT_FILE={path}: {why}")]
    Certificates {
        /// The file.
        path: String,
        /// Why it gives none.
        why: String,
    },
}

/// Why the network did not give the programme this time.
enum Failure {
    /// The network failed (a refused connection, a timeout, no such
    /// host, TLS), in a few words.
    Network(String),
    /// The server answered with an error, or the URL cannot be asked for.
    Answer(String),
    /// More than [`MAX_INPUT`].
    TooLarge,
    /// A web page, with the export to try.
    WebPage(Option<String>),
}

impl Failure {
    /// In a few words, for the notice of a copy used instead.
    fn words(&self) -> String {
        match self {
            Failure::Network(why) | Failure::Answer(why) => why.clone(),
            Failure::TooLarge => format!("the answer is larger than {} MiB", MAX_INPUT >> 20),
            Failure::WebPage(_) => "it gave a web page, not a schedule (a wifi login page?)".into(),
        }
    }

    /// As the error of a run that has no copy to use instead (`looked`:
    /// for lack of one).
    fn into_error(self, url: &str, looked: bool) -> FetchError {
        let url = super::shown(url);
        match self {
            Failure::Network(why) => FetchError::Failed {
                url,
                why,
                offline: looked,
            },
            Failure::Answer(why) => FetchError::Failed {
                url,
                why,
                offline: false,
            },
            Failure::TooLarge => FetchError::TooLarge { url },
            Failure::WebPage(export) => FetchError::WebPage {
                url,
                export: export.as_deref().map(super::shown),
            },
        }
    }
}

/// What the server said.
enum Answer {
    /// A new programme.
    Fresh {
        body: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
        /// Whether it came, in the end, over plain `http://`.
        unencrypted: bool,
    },
    /// 304: the copy is current.
    NotModified { unencrypted: bool },
}

/// The programme at `url`, from the network or the cache as `reading`
/// says.
pub(super) fn fetch(url: &str, reading: &Reading) -> Result<Bytes, FetchError> {
    let mut notices = Vec::new();
    let cache = Cache::locate();
    let copy = match reading.freshness {
        Freshness::Refresh => None,
        Freshness::Revalidate | Freshness::Offline => cache.as_ref().and_then(|c| c.get(url)),
    };
    let stale = |copy: Entry, why: Option<String>, mut notices: Vec<Notice>| {
        notices.push(Notice::CachedCopy {
            url: super::shown(url),
            age: reading.now - copy.fetched,
            why,
        });
        Ok(bytes(copy.body, notices))
    };
    if reading.freshness == Freshness::Offline {
        return match copy {
            Some(copy) => stale(copy, None, notices),
            None => Err(FetchError::NotCached {
                url: super::shown(url),
            }),
        };
    }
    let answer = download(url, copy.as_ref())?;
    let unencrypted = match &answer {
        Ok(Answer::Fresh { unencrypted, .. } | Answer::NotModified { unencrypted }) => *unencrypted,
        Err(_) => scheme(url) == Some("http"),
    };
    if unencrypted {
        notices.push(Notice::Unencrypted {
            url: super::shown(url),
        });
    }
    let looked = reading.freshness == Freshness::Revalidate;
    let entry = match (answer, copy) {
        (
            Ok(Answer::Fresh {
                body,
                etag,
                last_modified,
                ..
            }),
            _,
        ) => Entry {
            url: super::shown(url),
            etag,
            last_modified,
            fetched: reading.now,
            body,
        },
        // Found current: as new as if fetched now.
        (Ok(Answer::NotModified { .. }), Some(copy)) => Entry {
            fetched: reading.now,
            ..copy
        },
        (Ok(Answer::NotModified { .. }), None) => {
            // Only a copy's validators make a request conditional.
            let failure = Failure::Answer(
                "the server answered 304 Not Modified to a request for the whole programme".into(),
            );
            return Err(failure.into_error(url, looked));
        }
        (Err(failure), Some(copy)) => return stale(copy, Some(failure.words()), notices),
        (Err(failure), None) => return Err(failure.into_error(url, looked)),
    };
    Ok(keep(cache, entry, notices))
}

/// Keeps `entry` in the cache, when there is one, and returns its body;
/// a copy that cannot be kept is said, not fatal.
fn keep(cache: Option<Cache>, entry: Entry, mut notices: Vec<Notice>) -> Bytes {
    let why = match cache {
        None => Some("there is no cache directory (set XDG_CACHE_HOME or HOME)".to_string()),
        Some(cache) => cache.put(&entry).err().map(|e| {
            format!(
                "cannot write in {}: {}",
                cache.dir().display(),
                plain(&e.to_string())
            )
        }),
    };
    if let Some(why) = why {
        notices.push(Notice::NotKept {
            url: super::shown(&entry.url),
            why,
        });
    }
    bytes(entry.body, notices)
}

fn bytes(bytes: Vec<u8>, notices: Vec<Notice>) -> Bytes {
    Bytes {
        invalid: first_invalid(&bytes),
        bytes,
        notices,
    }
}

/// Asks the server for the programme (conditionally, when there is a
/// copy). The outer error is one no copy can help with (`SSL_CERT_FILE`);
/// the inner one a failure a copy stands in for.
fn download(url: &str, copy: Option<&Entry>) -> Result<Result<Answer, Failure>, FetchError> {
    use ureq::ResponseExt;
    let agent = agent()?;
    let mut request = agent.get(url);
    if let Some(copy) = copy {
        if let Some(etag) = &copy.etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(date) = &copy.last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, date);
        }
    }
    let mut response = match request.call() {
        Ok(response) => response,
        Err(e) => return Ok(Err(failure(url, e))),
    };
    let unencrypted =
        scheme(url) == Some("http") || response.get_uri().scheme_str() == Some("http");
    let status = response.status();
    if status == StatusCode::NOT_MODIFIED {
        return Ok(Ok(Answer::NotModified { unencrypted }));
    }
    if !status.is_success() {
        return Ok(Err(Failure::Answer(format!(
            "the server answered {}",
            status_words(status)
        ))));
    }
    let value = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (etag, last_modified) = (value(header::ETAG), value(header::LAST_MODIFIED));
    let content_type = value(header::CONTENT_TYPE);
    let body = match response
        .body_mut()
        .with_config()
        .limit(MAX_INPUT)
        .read_to_vec()
    {
        Ok(body) => body,
        Err(e) => return Ok(Err(failure(url, e))),
    };
    if page::is_web_page(content_type.as_deref(), &body) {
        return Ok(Err(Failure::WebPage(page::export_url(url, &body))));
    }
    Ok(Ok(Answer::Fresh {
        body,
        etag,
        last_modified,
        unencrypted,
    }))
}

/// The client: built only when a URL is read, so that reading a file
/// never touches the HTTP stack.
fn agent() -> Result<ureq::Agent, FetchError> {
    let (connect, whole) = timeouts();
    let tls = TlsConfig::builder().root_certs(roots()?).build();
    Ok(ureq::Agent::config_builder()
        .timeout_connect(Some(connect))
        .timeout_global(Some(whole))
        .max_redirects(MAX_REDIRECTS)
        .http_status_as_error(false)
        .user_agent(concat!("agenda/", env!("CARGO_PKG_VERSION")))
        .tls_config(tls)
        .build()
        .new_agent())
}

/// The connection timeout and the whole answer's, shortened by
/// [`TIMEOUT_VARIABLE`] when it is set.
fn timeouts() -> (Duration, Duration) {
    let shorter = std::env::var(TIMEOUT_VARIABLE)
        .ok()
        .and_then(|value| value.trim().parse::<f64>().ok())
        .filter(|secs| secs.is_finite() && *secs > 0.0)
        .map(Duration::from_secs_f64);
    match shorter {
        Some(limit) => (limit.min(CONNECT), limit.min(WHOLE)),
        None => (CONNECT, WHOLE),
    }
}

/// The roots certificates are checked against: those of `SSL_CERT_FILE`
/// when it is set (as OpenSSL and curl take it: instead of the others),
/// else Mozilla's, bundled.
fn roots() -> Result<RootCerts, FetchError> {
    let Some(path) = std::env::var_os("SSL_CERT_FILE").filter(|p| !p.is_empty()) else {
        return Ok(RootCerts::WebPki);
    };
    let fail = |why: String| FetchError::Certificates {
        path: path.to_string_lossy().into_owned(),
        why,
    };
    let pem = std::fs::read(&path).map_err(|e| fail(plain(&e.to_string())))?;
    let mut certs: Vec<Certificate<'static>> = Vec::new();
    for item in ureq::tls::parse_pem(&pem) {
        match item {
            Ok(PemItem::Certificate(cert)) => certs.push(cert),
            Ok(_) => {}
            Err(e) => return Err(fail(format!("not PEM certificates ({e})"))),
        }
    }
    if certs.is_empty() {
        return Err(fail("it holds no PEM certificate".into()));
    }
    Ok(RootCerts::from(certs))
}

/// A ureq error in a few words.
fn failure(url: &str, error: ureq::Error) -> Failure {
    use ureq::Error;
    let (connect, whole) = timeouts();
    let network = match error {
        Error::BodyExceedsLimit(_) => return Failure::TooLarge,
        Error::BadUri(e) => return Failure::Answer(format!("not a URL that can be fetched ({e})")),
        Error::Http(e) => return Failure::Answer(format!("not a URL that can be fetched ({e})")),
        Error::TooManyRedirects => {
            return Failure::Answer(format!("more than {MAX_REDIRECTS} redirects"))
        }
        Error::Decompress(kind, e) => {
            return Failure::Answer(format!(
                "the {kind} answer is corrupt: {}",
                plain(&e.to_string())
            ))
        }
        Error::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => {
            format!("no connection within {}", seconds(connect))
        }
        Error::Timeout(_) => format!("no complete answer within {}", seconds(whole)),
        Error::HostNotFound => UNKNOWN_HOST.to_string(),
        // The system's resolver, as std words its failure.
        Error::Io(e) if e.to_string().starts_with("failed to lookup address") => {
            UNKNOWN_HOST.to_string()
        }
        Error::Rustls(e) => format!("the secure connection failed: {e}"),
        Error::Tls(e) => format!("the secure connection failed: {e}"),
        Error::Pem(e) => format!("the secure connection failed: {e:?}"),
        // rustls's alerts and certificate errors come through the stream
        // as invalid data.
        Error::Io(e)
            if e.kind() == std::io::ErrorKind::InvalidData && scheme(url) == Some("https") =>
        {
            format!("the secure connection failed: {}", plain(&e.to_string()))
        }
        Error::Io(e) => plain(&e.to_string()),
        other => plain(&other.to_string()),
    };
    Failure::Network(network)
}

/// What a failure to resolve the host says: on the conference wifi, the
/// second more often than the first.
const UNKNOWN_HOST: &str = "the host is unknown, or there is no network";

/// A status as a person reads it: `404 Not Found`.
fn status_words(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

/// `10 s`, `0.5 s`.
fn seconds(duration: Duration) -> String {
    format!("{} s", duration.as_secs_f64())
}

/// A system error without its "(os error 111)", in lower case as the
/// rest of the line.
fn plain(message: &str) -> String {
    let message = message
        .find(" (os error")
        .map_or(message, |at| &message[..at]);
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_one_line() {
        assert_eq!(
            plain("Connection refused (os error 111)"),
            "connection refused"
        );
        assert_eq!(status_words(StatusCode::NOT_FOUND), "404 Not Found");
        assert_eq!(status_words(StatusCode::from_u16(599).unwrap()), "599");
        assert_eq!(seconds(Duration::from_secs(10)), "10 s");
        assert_eq!(seconds(Duration::from_millis(500)), "0.5 s");
        let error =
            Failure::Network("connection refused".into()).into_error("https://x.org/s.xml", false);
        assert_eq!(
            error.to_string(),
            "cannot fetch https://x.org/s.xml: connection refused"
        );
        let error =
            Failure::Network("connection refused".into()).into_error("https://x.org/s.xml", true);
        assert_eq!(
            error.to_string(),
            "cannot fetch https://x.org/s.xml: connection refused; no copy of it is cached to use instead"
        );
    }
}
