//! The copies of programmes fetched by URL, for the conference wifi: one
//! file per URL in `$XDG_CACHE_HOME/agenda/` (`~/.cache/agenda/`), named
//! by a hash of the URL, holding one line of JSON (the URL, its `ETag` and
//! `Last-Modified`, when it was fetched, the body's length) and then the
//! body as the server sent it (after gzip).
//!
//! A copy is written whole to a temporary file in the same directory and
//! renamed over the old one, so a reader, a concurrent run or a crash
//! never sees half of one; the length in the header catches a body cut
//! short anyway (a disk that filled up), and such a copy is not used. At
//! most [`KEEP`] copies are kept, the most recently fetched; nothing is
//! written anywhere else.

use std::fs;
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::MAX_INPUT;

/// How many programmes are kept: the most recently fetched.
pub(crate) const KEEP: usize = 20;

/// The extension of a cached programme's file.
const EXTENSION: &str = "programme";

/// The prefix of a copy being written; one left by a run that was killed
/// is removed once it is an hour old.
const PARTIAL: &str = ".partial-";

/// The most a header line may take: a URL and two header values.
const MAX_HEADER: u64 = 64 << 10;

/// What is kept about a programme besides its body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Header {
    url: String,
    etag: Option<String>,
    last_modified: Option<String>,
    /// When it was fetched or last found current, in seconds since 1970.
    fetched: i64,
    /// The body's length, to tell a whole copy from a cut one.
    length: u64,
}

/// A programme's cached copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The URL as given.
    pub url: String,
    /// The server's `ETag`, for `If-None-Match`.
    pub etag: Option<String>,
    /// The server's `Last-Modified`, for `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// When it was fetched, or last found current (a 304).
    pub fetched: DateTime<Utc>,
    /// The body.
    pub body: Vec<u8>,
}

/// A cached copy as `agenda cache` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Listed {
    /// The URL.
    pub url: String,
    /// When it was fetched.
    pub fetched: DateTime<Utc>,
    /// The body's size in bytes.
    pub size: u64,
}

/// The cache directory.
#[derive(Debug, Clone)]
pub(crate) struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The user's cache, by the XDG rule: `$XDG_CACHE_HOME/agenda` when
    /// that is an absolute path, else `$HOME/.cache/agenda`
    /// (`%LOCALAPPDATA%\agenda` on Windows); `None` when neither is set.
    pub(crate) fn locate() -> Option<Cache> {
        let absolute = |name| {
            std::env::var_os(name)
                .map(PathBuf::from)
                .filter(|path| path.is_absolute())
        };
        let base = if cfg!(windows) {
            absolute("LOCALAPPDATA")
        } else {
            absolute("XDG_CACHE_HOME").or_else(|| absolute("HOME").map(|home| home.join(".cache")))
        }?;
        Some(Cache::at(base.join("agenda")))
    }

    /// The cache in `dir`.
    pub(crate) fn at(dir: PathBuf) -> Cache {
        Cache { dir }
    }

    /// Its directory.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of `url`'s copy: a name-based UUID of the URL, so that any
    /// URL makes a short, safe file name.
    fn file(&self, url: &str) -> PathBuf {
        let name = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, url.as_bytes());
        self.dir.join(format!("{name}.{EXTENSION}"))
    }

    /// `url`'s copy, when there is a whole one.
    pub(crate) fn get(&self, url: &str) -> Option<Entry> {
        let file = fs::File::open(self.file(url)).ok()?;
        let mut bytes = Vec::new();
        file.take(MAX_HEADER + MAX_INPUT + 1)
            .read_to_end(&mut bytes)
            .ok()?;
        let newline = bytes.iter().position(|&b| b == b'\n')?;
        let header: Header = serde_json::from_slice(&bytes[..newline]).ok()?;
        let body = bytes.split_off(newline + 1);
        if header.url != url || body.len() as u64 != header.length {
            return None;
        }
        Some(Entry {
            url: header.url,
            etag: header.etag,
            last_modified: header.last_modified,
            fetched: DateTime::from_timestamp(header.fetched, 0)?,
            body,
        })
    }

    /// Keeps `entry`, replacing any older copy of its URL whole, then
    /// drops the copies beyond the [`KEEP`] most recent.
    pub(crate) fn put(&self, entry: &Entry) -> io::Result<()> {
        create_private_dir(&self.dir)?;
        let header = Header {
            url: entry.url.clone(),
            etag: entry.etag.clone(),
            last_modified: entry.last_modified.clone(),
            fetched: entry.fetched.timestamp(),
            length: entry.body.len() as u64,
        };
        let mut line = serde_json::to_vec(&header).map_err(io::Error::other)?;
        line.push(b'\n');
        let mut partial = tempfile::Builder::new()
            .prefix(PARTIAL)
            .tempfile_in(&self.dir)?;
        partial.write_all(&line)?;
        partial.write_all(&entry.body)?;
        partial.as_file().sync_all()?;
        partial
            .persist(self.file(&entry.url))
            .map_err(|e| e.error)?;
        self.evict(KEEP);
        Ok(())
    }

    /// Removes all but the `keep` most recently written copies, and the
    /// partial copies of runs that were killed. Best effort: a file that
    /// another run removed first is no failure.
    fn evict(&self, keep: usize) {
        let Ok(files) = fs::read_dir(&self.dir) else {
            return;
        };
        let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
        let mut copies = Vec::new();
        for file in files.flatten() {
            let (path, name) = (file.path(), file.file_name());
            let modified = file
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(SystemTime::UNIX_EPOCH);
            if name.to_string_lossy().starts_with(PARTIAL) {
                if modified < an_hour_ago {
                    let _ = fs::remove_file(&path);
                }
            } else if is_copy(&path) {
                copies.push((modified, path));
            }
        }
        if copies.len() > keep {
            copies.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
            for (_, path) in copies.drain(keep..) {
                let _ = fs::remove_file(path);
            }
        }
    }

    /// Every copy, most recently fetched first; none when the directory
    /// does not exist yet.
    pub(crate) fn list(&self) -> io::Result<Vec<Listed>> {
        let files = match fs::read_dir(&self.dir) {
            Ok(files) => files,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut listed = Vec::new();
        for file in files {
            let path = file?.path();
            if let Some(header) = is_copy(&path).then(|| read_header(&path)).flatten() {
                if let Some(fetched) = DateTime::from_timestamp(header.fetched, 0) {
                    listed.push(Listed {
                        url: header.url,
                        fetched,
                        size: header.length,
                    });
                }
            }
        }
        listed.sort_by(|a, b| b.fetched.cmp(&a.fetched).then(a.url.cmp(&b.url)));
        Ok(listed)
    }

    /// Removes every copy (and partial copy); returns how many copies
    /// there were. The directory stays.
    pub(crate) fn clear(&self) -> io::Result<usize> {
        let files = match fs::read_dir(&self.dir) {
            Ok(files) => files,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        let mut removed = 0;
        for file in files {
            let file = file?;
            let path = file.path();
            if is_copy(&path) {
                remove(&path)?;
                removed += 1;
            } else if file.file_name().to_string_lossy().starts_with(PARTIAL) {
                remove(&path)?;
            }
        }
        Ok(removed)
    }
}

/// Removes a file that may have gone already (a concurrent run).
fn remove(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Whether `path` names a cached programme (and not some other file a
/// user put there).
fn is_copy(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == EXTENSION)
}

/// The header of the copy in `path`, when it has one.
fn read_header(path: &Path) -> Option<Header> {
    let file = fs::File::open(path).ok()?;
    let mut line = Vec::new();
    io::BufReader::new(file.take(MAX_HEADER))
        .read_until(b'\n', &mut line)
        .ok()?;
    serde_json::from_slice(line.strip_suffix(b"\n")?).ok()
}

/// Creates the directory (and its parents), readable by the user alone
/// as the XDG rule asks.
fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(url: &str, body: &str, fetched: i64) -> Entry {
        Entry {
            url: url.to_string(),
            etag: Some("\"v1\"".into()),
            last_modified: Some("Tue, 13 Apr 2021 14:00:00 GMT".into()),
            fetched: DateTime::from_timestamp(fetched, 0).unwrap(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_copy_comes_back_as_it_was_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("agenda"));
        let url = "https://example.org/democon/schedule/export/schedule.json";
        assert_eq!(cache.get(url), None);
        let kept = entry(url, "{\"schedule\": {}}\n", 1_618_322_400);
        cache.put(&kept).unwrap();
        assert_eq!(cache.get(url), Some(kept.clone()));
        assert_eq!(cache.get("https://example.org/other"), None);
        let listed = cache.list().unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!((listed[0].url.as_str(), listed[0].size), (url, 17));
        // Replaced whole; nothing else is left in the directory.
        cache.put(&entry(url, "new", 1_618_322_500)).unwrap();
        assert_eq!(cache.get(url).unwrap().body, b"new");
        assert_eq!(fs::read_dir(cache.dir()).unwrap().count(), 1);
        assert_eq!(cache.clear().unwrap(), 1);
        assert_eq!(cache.get(url), None);
    }

    #[test]
    fn a_reader_never_sees_half_a_copy_while_others_write() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().to_path_buf());
        let url = "https://example.org/s.json";
        // Versions of different lengths, each of one byte repeated.
        let versions: Vec<Vec<u8>> = (0..4u8)
            .map(|i| vec![b'a' + i; (256 << 10) + 1000 * usize::from(i)])
            .collect();
        let version = |body: &[u8]| Entry {
            body: body.to_vec(),
            ..entry(url, "", 0)
        };
        cache.put(&version(&versions[0])).unwrap();
        std::thread::scope(|threads| {
            for body in &versions {
                let (cache, version) = (&cache, &version);
                threads.spawn(move || {
                    for _ in 0..5 {
                        cache.put(&version(body)).unwrap();
                    }
                });
            }
            for _ in 0..2 {
                threads.spawn(|| {
                    for _ in 0..200 {
                        let copy = cache.get(url).expect("always a whole copy");
                        assert!(versions.contains(&copy.body));
                    }
                });
            }
        });
        assert_eq!(fs::read_dir(cache.dir()).unwrap().count(), 1);
    }

    #[test]
    fn a_copy_cut_short_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().to_path_buf());
        let url = "https://example.org/s.xml";
        cache.put(&entry(url, "<schedule/>", 0)).unwrap();
        let file = cache.file(url);
        let whole = fs::read(&file).unwrap();
        fs::write(&file, &whole[..whole.len() - 1]).unwrap();
        assert_eq!(cache.get(url), None);
        // Nor one whose header is not ours.
        fs::write(&file, b"<schedule/>").unwrap();
        assert_eq!(cache.get(url), None);
    }

    #[test]
    fn only_the_most_recent_copies_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().to_path_buf());
        let url = |i| format!("https://example.org/{i}.json");
        for i in 0..KEEP + 3 {
            cache.put(&entry(&url(i), "{}", i as i64)).unwrap();
            // Modification times a file system can tell apart.
            let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000 + i as u64);
            fs::File::options()
                .write(true)
                .open(cache.file(&url(i)))
                .and_then(|f| f.set_modified(at))
                .unwrap();
        }
        cache.evict(KEEP);
        let listed = cache.list().unwrap();
        assert_eq!(listed.len(), KEEP);
        // The three oldest went.
        for i in 0..3 {
            assert_eq!(cache.get(&url(i)), None, "{i}");
        }
        assert!(cache.get(&url(3)).is_some());
        // A user's own file there is neither listed nor removed.
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        cache.clear().unwrap();
        assert!(dir.path().join("notes.txt").exists());
    }
}
