//! What people paste instead of a schedule's export: the conference's web
//! page. It is told apart from a schedule by its first bytes, and for the
//! systems most conferences use, the export's URL is worked out from the
//! page's: pretalx (`/event/` → `/event/schedule/export/schedule.json`),
//! frab (`…/public/…` → `…/public/schedule.xml`), its static exports of
//! the CCC congresses (`…/Fahrplan/` → `…/Fahrplan/schedule.xml`) and
//! FOSDEM (`/2026/…` → `/2026/schedule/xml`).

/// Whether a response is a web page rather than a schedule: an HTML
/// document by its first bytes (`<!DOCTYPE html>`, `<html>`, after an XML
/// declaration too), or served as `text/html` without looking like XML or
/// JSON (some servers send every file as `text/html`).
pub(super) fn is_web_page(content_type: Option<&str>, body: &[u8]) -> bool {
    let start = lowercase_start(body);
    let after_declaration = match start.strip_prefix("<?xml") {
        Some(rest) => rest
            .split_once("?>")
            .map_or("", |(_, rest)| rest.trim_start()),
        None => start.as_str(),
    };
    if after_declaration.starts_with("<!doctype html") || after_declaration.starts_with("<html") {
        return true;
    }
    let served_as_html = content_type.is_some_and(|kind| {
        kind.split(';')
            .next()
            .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("text/html"))
    });
    served_as_html
        && !start.starts_with("<?xml")
        && !start.starts_with("<schedule")
        && !start.starts_with('{')
}

/// The first kilobyte of `body`, from its first character that is not
/// white space or a byte order mark, in lower case.
fn lowercase_start(body: &[u8]) -> String {
    let head = &body[..body.len().min(1024)];
    String::from_utf8_lossy(head)
        .trim_start_matches(|c: char| c == '\u{feff}' || c.is_whitespace())
        .to_ascii_lowercase()
}

/// The URL of the schedule's export, worked out from the URL of a
/// conference's page (and the page, which may say it is pretalx's), when
/// the page's system is one `agenda` knows.
pub(super) fn export_url(url: &str, page: &[u8]) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let origin = format!("{}://{host}", scheme.to_ascii_lowercase());
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let through =
        |i: usize, export: &str| format!("{origin}/{}/{export}", segments[..=i].join("/"));
    let hostname = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let hostname = hostname
        .split(':')
        .next()
        .unwrap_or(hostname)
        .to_ascii_lowercase();
    if hostname == "fosdem.org" || hostname.ends_with(".fosdem.org") {
        let year = segments.first()?;
        return (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
            .then(|| format!("{origin}/{year}/schedule/xml"));
    }
    let named = |name: &str| segments.iter().position(|s| s.eq_ignore_ascii_case(name));
    if let Some(i) = named("public")
        .filter(|&i| i > 0)
        .or_else(|| named("fahrplan"))
    {
        return Some(through(i, "schedule.xml"));
    }
    // pretalx serves every event under its slug, with these pages.
    let pretalx_page = matches!(
        segments.get(1).map(|s| s.to_ascii_lowercase()).as_deref(),
        Some("schedule" | "talk" | "speaker" | "featured" | "cfp" | "sessions" | "speakers")
    );
    let says_pretalx = String::from_utf8_lossy(&page[..page.len().min(1 << 20)])
        .to_ascii_lowercase()
        .contains("pretalx");
    match segments.first() {
        Some(_) if pretalx_page || says_pretalx => {
            Some(through(0, "schedule/export/schedule.json"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_pages_are_told_from_schedules() {
        let html = Some("text/html; charset=utf-8");
        assert!(is_web_page(
            None,
            b"\xef\xbb\xbf\n  <!DOCTYPE html>\n<html lang=en>"
        ));
        assert!(is_web_page(None, b"<HTML><head>"));
        assert!(is_web_page(
            Some("application/xhtml+xml"),
            b"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">"
        ));
        assert!(is_web_page(html, b"<head><title>Login</title></head>"));
        // A schedule is a schedule whatever the server calls it.
        assert!(!is_web_page(html, b"<?xml version=\"1.0\"?><schedule>"));
        assert!(!is_web_page(html, b"<schedule><version>1</version>"));
        assert!(!is_web_page(html, b"{\"schedule\": {}}"));
        assert!(!is_web_page(Some("application/json"), b"{\"$schema\": 1}"));
        assert!(!is_web_page(Some("text/xml"), b"<schedule/>"));
        assert!(!is_web_page(None, b"[event]\nname = \"x\""));
    }

    #[test]
    fn export_urls_of_the_systems_conferences_use() {
        let none: &[u8] = b"<html></html>";
        let pretalx: &[u8] =
            b"<html><footer>powered by <a href=\"https://pretalx.com\">pretalx</a></footer>";
        let cases: &[(&str, &[u8], Option<&str>)] = &[
            // pretalx: the event's slug, whatever page of it was pasted.
            (
                "https://pretalx.com/democon/",
                pretalx,
                Some("https://pretalx.com/democon/schedule/export/schedule.json"),
            ),
            (
                "https://cfp.example.org/pycon-2026/schedule/?lang=en#day-2",
                none,
                Some("https://cfp.example.org/pycon-2026/schedule/export/schedule.json"),
            ),
            (
                "https://pretalx.example.org/democon/talk/ABC123/",
                none,
                Some("https://pretalx.example.org/democon/schedule/export/schedule.json"),
            ),
            // frab itself, and its static export of the congresses.
            (
                "https://frab.cccv.de/en/37C3/public/schedule",
                none,
                Some("https://frab.cccv.de/en/37C3/public/schedule.xml"),
            ),
            (
                "https://fahrplan.events.ccc.de/congress/2019/Fahrplan/",
                none,
                Some("https://fahrplan.events.ccc.de/congress/2019/Fahrplan/schedule.xml"),
            ),
            (
                "https://fahrplan.events.ccc.de/congress/2019/Fahrplan/events/10496.html",
                none,
                Some("https://fahrplan.events.ccc.de/congress/2019/Fahrplan/schedule.xml"),
            ),
            // FOSDEM.
            (
                "https://fosdem.org/2026/schedule/day/saturday/",
                none,
                Some("https://fosdem.org/2026/schedule/xml"),
            ),
            ("https://fosdem.org/about/", none, None),
            // A page of no system known: no guess.
            ("https://example.org/conference/", none, None),
            ("https://example.org/", pretalx, None),
        ];
        for (url, page, want) in cases {
            assert_eq!(export_url(url, page).as_deref(), *want, "{url}");
        }
    }
}
