//! frab/c3voc schedule XML, read with quick-xml into a small tree of
//! elements that keeps the byte span of every start tag and text, then
//! walked into a [`Schedule`]. Every dialect in use is read: events with
//! or without `guid` (pentabarf's have an `id` and a `slug`), in `<room>`
//! wrappers or straight under their `<day>`, with a full `<date>` or only
//! a `<start>` (then the conference's `<day_change>` and `<city>`
//! matter). Nothing is interpreted here: dates, durations and types are
//! checked by [`super::schedule::convert`].

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event as XmlEvent};
use quick_xml::Reader;

use super::schedule::{shown, Conference, Day, Event, Generator, Link, Schedule};
use crate::decl::Located;
use crate::diagnostic::{Code, Finding, Span};

/// How deep elements may nest. A frab schedule needs six levels; the
/// limit keeps a hostile file from exhausting the stack when the tree is
/// dropped.
const MAX_DEPTH: usize = 64;

/// One element: its name, attributes, text and children, with spans.
#[derive(Debug, Default)]
struct Node {
    name: String,
    /// The start tag.
    span: Span,
    attributes: Vec<(String, String)>,
    /// Its own text (CDATA and references resolved), children's excluded.
    text: String,
    /// From its first text to its last, or the start tag when it has none.
    text_span: Option<Span>,
    children: Vec<Node>,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The text as written, references resolved, spanned.
    fn raw(&self) -> Located<String> {
        Located {
            value: self.text.clone(),
            span: self.text_span.clone().unwrap_or_else(|| self.span.clone()),
        }
    }

    /// The trimmed text, spanned.
    fn located(&self) -> Located<String> {
        Located {
            value: self.text.trim().to_string(),
            span: self.text_span.clone().unwrap_or_else(|| self.span.clone()),
        }
    }

    /// The trimmed text of a child, spanned.
    fn located_child(&self, name: &str) -> Option<Located<String>> {
        self.child(name).map(Node::located)
    }

    /// The text of a child, `None` when absent or blank.
    fn text_of(&self, name: &str) -> Option<String> {
        self.child(name)
            .map(|c| c.text.trim().to_string())
            .filter(|t| !t.is_empty())
    }

    /// An attribute, spanned by the start tag.
    fn located_attribute(&self, name: &str) -> Option<Located<String>> {
        self.attribute(name).map(|v| Located {
            value: v.trim().to_string(),
            span: self.span.clone(),
        })
    }
}

/// Reads schedule XML. `None`, with a finding, when it is not well-formed
/// or not a frab schedule.
pub(crate) fn parse(text: &str, findings: &mut Vec<Finding>) -> Option<Schedule> {
    let root = match tree(text) {
        Ok(root) => root,
        Err(finding) => {
            findings.push(*finding);
            return None;
        }
    };
    let not_a_schedule = |what: String| {
        Finding::new(Code::NotASchedule, root.span.clone(), what)
            .label("root element")
            .help("give a frab/c3voc schedule.xml, or use --from to name the format")
    };
    if root.name != "schedule" {
        findings.push(not_a_schedule(format!(
            "the XML document is a <{}>, not a frab <schedule>",
            shown(&root.name)
        )));
        return None;
    }
    let schedule = schedule(&root, findings);
    if schedule.events.is_empty() && root.child("conference").is_none() {
        findings.push(not_a_schedule(
            "the XML document is a <schedule> with neither <conference> nor <event>: it is no frab schedule"
                .to_string(),
        ));
        return None;
    }
    Some(schedule)
}

fn schedule(root: &Node, findings: &mut Vec<Finding>) -> Schedule {
    let conference = match root.child("conference") {
        Some(c) => Conference {
            span: c.span.clone(),
            title: c.located_child("title"),
            acronym: c.located_child("acronym").filter(|a| !a.value.is_empty()),
            url: c
                .located_child("url")
                .or_else(|| c.located_child("base_url"))
                .filter(|u| !u.value.is_empty()),
            time_zone_name: c
                .located_child("time_zone_name")
                .filter(|t| !t.value.is_empty()),
            city: c.text_of("city"),
            day_change: c
                .located_child("day_change")
                .filter(|d| !d.value.is_empty()),
        },
        None => {
            findings.push(
                Finding::new(
                    Code::MissingElement,
                    root.span.clone(),
                    "the schedule has no <conference>",
                )
                .label("schedule without <conference>")
                .help("frab's schema requires <conference> with <title>"),
            );
            Conference {
                span: root.span.clone(),
                ..Conference::default()
            }
        }
    };
    let generator = root.child("generator").and_then(|g| {
        g.attribute("name")
            .filter(|n| !n.trim().is_empty())
            .map(|name| Generator {
                name: name.trim().to_string(),
                version: g.attribute("version").map(|v| v.trim().to_string()),
            })
    });
    let mut days = Vec::new();
    let mut events = Vec::new();
    for (d, node) in root.children("day").enumerate() {
        days.push(Day {
            span: node.span.clone(),
            index: node.attribute("index").map(str::to_string),
            date: node.located_attribute("date"),
            start: node.attribute("start").map(str::to_string),
            end: node.attribute("end").map(str::to_string),
        });
        // Events in `<room>` wrappers, or (older FOSDEM) straight under
        // the day, naming their room in a `<room>` element of their own.
        for child in &node.children {
            match child.name.as_str() {
                "room" => {
                    let name = child.attribute("name").unwrap_or_default().trim();
                    for e in child.children("event") {
                        events.push(event(e, d, Some(name)));
                    }
                }
                "event" => events.push(event(child, d, None)),
                _ => {}
            }
        }
    }
    Schedule {
        version: root.text_of("version"),
        generator,
        url: root.text_of("url"),
        conference,
        days,
        events,
    }
}

/// One `<event>` of day `day`, in the room `room` wraps it in.
fn event(node: &Node, day: usize, room: Option<&str>) -> Event {
    let own_room = node.text_of("room");
    let room = match room.filter(|r| !r.is_empty()) {
        Some(room) => room.to_string(),
        None => own_room.unwrap_or_default(),
    };
    let persons = node.child("persons");
    Event {
        span: node.span.clone(),
        path: None,
        day: Some(day),
        room,
        guid: node
            .located_attribute("guid")
            .filter(|g| !g.value.is_empty()),
        id: node.located_attribute("id").filter(|i| !i.value.is_empty()),
        slug: node.located_child("slug").filter(|s| !s.value.is_empty()),
        date: node.located_child("date").filter(|d| !d.value.is_empty()),
        start: node.located_child("start").filter(|s| !s.value.is_empty()),
        duration: node.located_child("duration"),
        end: None,
        title: node.located_child("title"),
        subtitle: node.located_child("subtitle"),
        kind: node.text_of("type"),
        track: node.text_of("track"),
        abstract_text: node.child("abstract").map(Node::raw),
        description: node.child("description").map(Node::raw),
        persons: persons
            .map(|p| p.children("person").map(Node::located).collect())
            .unwrap_or_default(),
        moderators: Vec::new(),
        persons_span: persons.map_or_else(|| node.span.clone(), |p| p.span.clone()),
        links: node
            .child("links")
            .map(|l| {
                l.children("link")
                    .filter_map(|link| {
                        link.attribute("href").map(|href| Link {
                            href: href.to_string(),
                            title: link.text.trim().to_string(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default(),
        url: node.located_child("url").filter(|u| !u.value.is_empty()),
    }
}

/// The document's root element, or the finding that says why there is
/// none, at the place quick-xml stopped.
fn tree(text: &str) -> Result<Node, Box<Finding>> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    loop {
        let before = position(reader.buffer_position());
        let event = reader.read_event().map_err(|err| {
            let at = position(reader.error_position()).min(text.len());
            Box::new(
                Finding::new(
                    Code::MalformedXml,
                    at..at,
                    format!("malformed XML: {}", shown(&err.to_string())),
                )
                .label("here")
                .help("the file must be well-formed XML"),
            )
        })?;
        let after = position(reader.buffer_position());
        let span = before..after;
        match event {
            XmlEvent::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Box::new(Finding::new(
                        Code::MalformedXml,
                        span,
                        format!(
                            "elements nested deeper than {MAX_DEPTH}: this is no frab schedule"
                        ),
                    )
                    .label("too deep")
                    .help(
                        "a schedule nests a handful of levels: schedule, day, room, event, persons",
                    )));
                }
                stack.push(node(&start, span)?)
            }
            XmlEvent::Empty(start) => {
                let node = node(&start, span)?;
                close(&mut stack, &mut root, node, text)?;
            }
            XmlEvent::End(_) => {
                let node = stack.pop().ok_or_else(|| {
                    Box::new(
                        Finding::new(
                            Code::MalformedXml,
                            span.clone(),
                            "malformed XML: a closing tag opens nothing",
                        )
                        .label("here"),
                    )
                })?;
                close(&mut stack, &mut root, node, text)?;
            }
            XmlEvent::Text(t) => {
                let content = t.xml10_content().map_err(|e| bad(&span, e))?;
                add_text(&mut stack, &content, &span);
            }
            XmlEvent::CData(t) => {
                let content = t.xml10_content().map_err(|e| bad(&span, e))?;
                add_text(&mut stack, &content, &span);
            }
            XmlEvent::GeneralRef(r) => {
                let name = r.decode().map_err(|e| bad(&span, e))?;
                let resolved =
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => resolve_predefined_entity(&name)
                            .map(str::to_string)
                            .ok_or_else(|| {
                                Box::new(Finding::new(
                                Code::MalformedXml,
                                span.clone(),
                                format!("unknown XML entity `&{};`", shown(&name)),
                            )
                            .label("not a predefined entity")
                            .help("use &amp; &lt; &gt; &quot; &apos; or a character reference"))
                            })?,
                    };
                add_text(&mut stack, &resolved, &span);
            }
            XmlEvent::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(Box::new(
            Finding::new(
                Code::MalformedXml,
                open.span.clone(),
                format!("malformed XML: <{}> is never closed", open.name),
            )
            .label("opened here"),
        ));
    }
    root.ok_or_else(|| {
        Box::new(
            Finding::new(
                Code::MalformedXml,
                0..0,
                "malformed XML: the document has no element",
            )
            .label("empty document"),
        )
    })
}

fn position(at: u64) -> usize {
    usize::try_from(at).unwrap_or(usize::MAX)
}

fn bad(span: &Span, err: impl std::fmt::Display) -> Box<Finding> {
    Box::new(
        Finding::new(
            Code::MalformedXml,
            span.clone(),
            format!("malformed XML: {}", shown(&err.to_string())),
        )
        .label("here"),
    )
}

fn node(start: &BytesStart<'_>, span: Span) -> Result<Node, Box<Finding>> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| bad(&span, e))?;
        let key = String::from_utf8_lossy(attribute.key.local_name().as_ref()).into_owned();
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| bad(&span, e))?
            .into_owned();
        attributes.push((key, value));
    }
    Ok(Node {
        name,
        span,
        attributes,
        ..Node::default()
    })
}

/// Hangs a finished element under its parent, or makes it the root.
fn close(
    stack: &mut [Node],
    root: &mut Option<Node>,
    node: Node,
    text: &str,
) -> Result<(), Box<Finding>> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(node),
        None if root.is_none() => *root = Some(node),
        None => {
            let _ = text;
            return Err(Box::new(
                Finding::new(
                    Code::MalformedXml,
                    node.span.clone(),
                    "malformed XML: a second root element",
                )
                .label("after the document's end"),
            ));
        }
    }
    Ok(())
}

fn add_text(stack: &mut [Node], content: &str, span: &Span) {
    if let Some(node) = stack.last_mut() {
        node.text.push_str(content);
        if !content.trim().is_empty() || node.text_span.is_some() {
            let start = node.text_span.as_ref().map_or(span.start, |s| s.start);
            let (start, end) = if node.text_span.is_none() {
                // Point at the text itself, not the whitespace before it.
                let lead = content.len() - content.trim_start().len();
                (start + lead.min(span.len()), span.end)
            } else {
                (start, span.end)
            };
            node.text_span = Some(start..end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Option<Schedule>, Vec<Finding>) {
        let mut findings = Vec::new();
        (parse(text, &mut findings), findings)
    }

    #[test]
    fn entities_cdata_and_spans() {
        let text = "<schedule><version>v1</version><conference><title>A &amp; B &#233;</title></conference>\
            <day index=\"1\" date=\"2021-04-13\"><room name=\"R &lt;1&gt;\"><event id=\"1\" guid=\"g\">\
            <title><![CDATA[x < y]]></title><date> 2021-04-13T10:00:00Z</date></event></room></day></schedule>";
        let (schedule, findings) = read(text);
        assert!(findings.is_empty(), "{findings:?}");
        let s = schedule.unwrap();
        assert_eq!(s.conference.title.as_ref().unwrap().value, "A & B é");
        let event = &s.events[0];
        assert_eq!(event.room, "R <1>");
        assert_eq!(event.title.as_ref().unwrap().value, "x < y");
        let date = event.date.as_ref().unwrap();
        assert_eq!(&text[date.span.clone()], "2021-04-13T10:00:00Z");
        assert_eq!(&text[event.span.clone()], "<event id=\"1\" guid=\"g\">");
    }

    #[test]
    fn malformed_documents_are_findings_with_places() {
        let (s, f) = read("<schedule><day></schedule>");
        assert!(s.is_none());
        assert_eq!(f.len(), 1);
        assert!(f[0].message.starts_with("malformed XML"), "{f:?}");
        assert_eq!(f[0].span.start, 15, "{f:?}");
        let (s, f) = read("<schedule><version>1</version>");
        assert!(s.is_none());
        assert_eq!(f[0].message, "malformed XML: <schedule> is never closed");
        let (s, f) = read("<html/>");
        assert!(s.is_none());
        assert!(f[0].message.contains("not a frab <schedule>"));
        let deep = format!(
            "<schedule>{}{}</schedule>",
            "<a>".repeat(100_000),
            "</a>".repeat(100_000)
        );
        let (s, f) = read(&deep);
        assert!(s.is_none());
        assert_eq!(
            f[0].message,
            "elements nested deeper than 64: this is no frab schedule"
        );
        // <schedule> and 63 <a> make 64 levels; the 64th <a> starts at
        // byte 10 + 63 * 3.
        assert_eq!(f[0].span, 199..202);
        let (_, f) = read("<schedule>&nbsp;</schedule>");
        assert_eq!(f[0].message, "unknown XML entity `&nbsp;`");
    }
}
