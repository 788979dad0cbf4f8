//! A small HTTP/1.1 server on 127.0.0.1 for the tests of programmes read
//! by their URL: each connection on a thread of its own, one request per
//! connection (`Connection: close`), the answer decided by the test's
//! handler and every request kept for the test to look at. Over TLS too,
//! with a certificate made for the test ([`Tls`]).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// A request as the server read it.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    /// The path, with its query.
    pub(crate) path: String,
    /// The headers, names in lower case, in order.
    pub(crate) headers: Vec<(String, String)>,
}

impl Request {
    /// The value of the header `name` (lower case), if sent.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the server answers.
pub(crate) struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Body,
    stall: Option<Duration>,
}

enum Body {
    Bytes(Vec<u8>),
    /// `length` copies of one byte, sent in chunks, never held whole.
    Repeat {
        byte: u8,
        length: u64,
    },
}

impl Reply {
    /// 200 with `body`.
    pub(crate) fn ok(body: impl Into<Vec<u8>>) -> Reply {
        Reply::status(200).body(body)
    }

    /// `status` with an empty body.
    pub(crate) fn status(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Body::Bytes(Vec::new()),
            stall: None,
        }
    }

    /// With this body.
    pub(crate) fn body(mut self, body: impl Into<Vec<u8>>) -> Reply {
        self.body = Body::Bytes(body.into());
        self
    }

    /// With a body of `length` copies of `byte`.
    pub(crate) fn repeat(mut self, byte: u8, length: u64) -> Reply {
        self.body = Body::Repeat { byte, length };
        self
    }

    /// With this header.
    pub(crate) fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Waits this long after the headers before sending the body.
    pub(crate) fn stall(mut self, wait: Duration) -> Reply {
        self.stall = Some(wait);
        self
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// A running server; stopped when dropped.
pub(crate) struct Server {
    addr: SocketAddr,
    scheme: &'static str,
    requests: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    /// Serves plain HTTP with `handler`.
    pub(crate) fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
        Server::run(Arc::new(handler), None)
    }

    /// Serves HTTPS with `handler` and the certificate of `tls`.
    pub(crate) fn start_tls(
        tls: &Tls,
        handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> Server {
        Server::run(Arc::new(handler), Some(tls.config.clone()))
    }

    fn run(handler: Arc<Handler>, tls: Option<Arc<rustls::ServerConfig>>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let addr = listener.local_addr().expect("its address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let scheme = if tls.is_some() { "https" } else { "http" };
        let (kept, stopped) = (requests.clone(), stop.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (handler, kept, tls) = (handler.clone(), kept.clone(), tls.clone());
                thread::spawn(move || match tls {
                    None => serve(stream.try_clone().ok(), stream, &*handler, &kept),
                    Some(config) => {
                        let Ok(connection) = rustls::ServerConnection::new(config) else {
                            return;
                        };
                        let tcp = stream.try_clone().ok();
                        let tls = rustls::StreamOwned::new(connection, stream);
                        serve(tcp, tls, &*handler, &kept);
                    }
                });
            }
        });
        Server {
            addr,
            scheme,
            requests,
            stop,
        }
    }

    /// The URL of `path` on this server.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}://{}{path}", self.scheme, self.addr)
    }

    /// Every request so far, in the order they came.
    pub(crate) fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("the list of requests").clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread, which then sees it must stop.
        let _ = TcpStream::connect(self.addr);
    }
}

/// A URL on which nothing listens: a port that was just free.
pub(crate) fn refused(path: &str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let addr = listener.local_addr().expect("its address");
    drop(listener);
    format!("http://{addr}{path}")
}

/// Reads one request from `stream`, answers it and closes the connection.
/// Failures to write are the client's doing (it gave up, or refused more
/// than it wanted): not the test's concern.
fn serve(
    tcp: Option<TcpStream>,
    stream: impl Read + Write,
    handler: &Handler,
    kept: &Mutex<Vec<Request>>,
) {
    let mut reader = BufReader::new(stream);
    let Some(request) = read_request(&mut reader) else {
        return;
    };
    kept.lock()
        .expect("the list of requests")
        .push(request.clone());
    let reply = handler(&request);
    let mut stream = reader.into_inner();
    let length = match &reply.body {
        Body::Bytes(bytes) => bytes.len() as u64,
        Body::Repeat { length, .. } => *length,
    };
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {length}\r\nConnection: close\r\n",
        reply.status,
        reason(reply.status)
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    if stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.flush())
        .is_err()
    {
        return;
    }
    if let Some(wait) = reply.stall {
        thread::sleep(wait);
    }
    let sent = match reply.body {
        Body::Bytes(bytes) => stream.write_all(&bytes),
        Body::Repeat { byte, length } => {
            let chunk = vec![byte; 1 << 16];
            let mut left = length;
            let mut sent = Ok(());
            while left > 0 && sent.is_ok() {
                let n = left.min(chunk.len() as u64);
                sent = stream.write_all(&chunk[..n as usize]);
                left -= n;
            }
            sent
        }
    };
    if sent.and_then(|()| stream.flush()).is_ok() {
        if let Some(tcp) = tcp {
            let _ = tcp.shutdown(Shutdown::Write);
        }
    }
}

/// The request line and headers of a request (no body: only GET is sent).
fn read_request(reader: &mut impl BufRead) -> Option<Request> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_string();
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    Some(Request { path, headers })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Whatever",
    }
}

/// A certificate for 127.0.0.1 made for one test, self-signed: the
/// server's configuration, and the certificate in PEM for the client to
/// trust through `SSL_CERT_FILE`.
pub(crate) struct Tls {
    config: Arc<rustls::ServerConfig>,
    /// The certificate, PEM.
    pub(crate) pem: String,
}

impl Tls {
    pub(crate) fn new() -> Tls {
        let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()])
            .expect("a certificate");
        let der = certified.cert.der().clone();
        let key = rustls::pki_types::PrivateKeyDer::try_from(certified.key_pair.serialize_der())
            .expect("its key");
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(vec![der], key)
            .expect("a server configuration");
        Tls {
            config: Arc::new(config),
            pem: certified.cert.pem(),
        }
    }

    /// Writes the certificate to `path`, for `SSL_CERT_FILE`.
    pub(crate) fn write_pem(&self, path: &Path) {
        std::fs::write(path, &self.pem).expect("the certificate written");
    }
}
