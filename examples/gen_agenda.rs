//! Writes a synthetic conference agenda in the SPEC format, for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_agenda -- 100000 > big.toml
//! cargo run --release --example gen_agenda -- 10000 --rooms 8 --zone UTC > mid.toml
//! ```
//!
//! The output has exactly N blocks and is the same for the same arguments.
//! Each day opens and closes with a plenary session; in between, nine
//! one-hour slots run in every room in parallel, separated by plenary
//! breaks during which nothing else runs. A slot holds 10- and 20-minute
//! talks, a tutorial made of items, a moderated discussion or a panel.
//! Speakers belong to one room, so nobody is ever due in two places at
//! once, and `agenda check` finds nothing: no error and no warning. The
//! event zone (Europe/Berlin by default) has daylight-saving changes, and
//! a long programme runs across them, so times are really resolved.

use std::fmt::Write as _;
use std::io::Write as _;

use chrono::{Days, NaiveDate};

/// Rooms that run in parallel unless `--rooms` says otherwise.
pub const DEFAULT_ROOMS: usize = 16;
/// The event zone unless `--zone` says otherwise.
pub const DEFAULT_ZONE: &str = "Europe/Berlin";

const DAY_START: u32 = 8 * 60;
const OPENING: u32 = 20;
const SLOTS: u32 = 9;
const SLOT: u32 = 60;
const BREAK: u32 = 15;
const CLOSING: u32 = 20;
const DAY_END: u32 = 20 * 60;

const TOPICS: &[&str] = &[
    "Alert brokers at scale",
    "Photometric classification",
    "Transient follow-up",
    "Solar System objects",
    "Light-curve features",
    "Cross-matching catalogues",
    "Streaming with Kafka",
    "Anomaly detection",
    "Data rights & access",
    "Spectroscopic triage",
];

/// A block to write, with its start in minutes after midnight.
struct Block {
    start: u32,
    text: String,
}

/// The fixed sequence of pseudo-random numbers behind the programme's
/// variety (xorshift64*), so that the same N always gives the same file.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The text of an agenda with exactly `blocks` blocks over `rooms` rooms.
pub fn generate(blocks: usize, rooms: usize, zone: &str) -> String {
    let mut out = String::with_capacity(blocks * 200);
    let _ = write!(
        out,
        "# Synthetic agenda: {blocks} blocks, {rooms} rooms (examples/gen_agenda.rs).\n\n\
         [event]\n\
         name = \"Synthetic Conference\"\n\
         timezone = \"{zone}\"\n\
         url = \"https://example.org/conference\"\n\
         location = \"Online\"\n\
         id = \"synthetic-conference\"\n\n\
         [rules]\n\
         talk_minutes = [10, 20]\n\
         item_minutes = 10\n"
    );
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut serial = 0usize;
    let mut left = blocks;
    let first = NaiveDate::from_ymd_opt(2021, 1, 4).unwrap_or_default();
    let mut day = 0u64;
    while left > 0 {
        let date = first.checked_add_days(Days::new(day)).unwrap_or(first);
        let mut plan = day_plan(rooms, &mut rng, &mut serial);
        plan.sort_by_key(|b| b.start);
        let _ = write!(
            out,
            "\n[[day]]\ndate = {date}\nname = \"Day {}\"\nend = \"{}\"\n",
            day + 1,
            hhmm(DAY_END)
        );
        for block in plan.iter().take(left) {
            out.push_str(&block.text);
        }
        left = left.saturating_sub(plan.len());
        day += 1;
    }
    out
}

fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Every block of one day, in no particular order.
fn day_plan(rooms: usize, rng: &mut Rng, serial: &mut usize) -> Vec<Block> {
    let mut plan = Vec::new();
    let mut at = DAY_START;
    plan.push(plenary(
        at,
        OPENING,
        "session",
        "Opening & logistics",
        Some("Programme Chair"),
    ));
    at += OPENING;
    for slot in 0..SLOTS {
        for room in 1..=rooms {
            fill_slot(&mut plan, at, room, rng, serial);
        }
        at += SLOT;
        if slot + 1 < SLOTS {
            plan.push(plenary(at, BREAK, "break", "", None));
            at += BREAK;
        }
    }
    plan.push(plenary(
        at,
        CLOSING,
        "session",
        "Closing remarks",
        Some("Programme Chair"),
    ));
    plan
}

fn plenary(start: u32, minutes: u32, kind: &str, title: &str, speaker: Option<&str>) -> Block {
    let mut text = format!(
        "\n[[day.block]]\nstart = \"{}\"\nminutes = {minutes}\nkind = \"{kind}\"\n",
        hhmm(start)
    );
    if !title.is_empty() {
        let _ = writeln!(text, "title = \"{title}\"");
    }
    if let Some(speaker) = speaker {
        let _ = writeln!(text, "speaker = \"{speaker}\"");
    }
    Block { start, text }
}

/// One hour of one room, filled back to back.
fn fill_slot(plan: &mut Vec<Block>, start: u32, room: usize, rng: &mut Rng, serial: &mut usize) {
    let lengths: &[(&str, u32)] = match rng.below(6) {
        0 => &[("talk", 20), ("talk", 20), ("talk", 20)],
        1 => &[("talk", 20), ("talk", 10), ("talk", 10), ("talk", 20)],
        2 => &[("talk", 10); 6],
        3 => &[("tutorial", 40), ("talk", 20)],
        4 => &[("discussion", 50), ("talk", 10)],
        _ => &[("session", 30), ("talk", 10), ("talk", 20)],
    };
    let mut at = start;
    for &(kind, minutes) in lengths {
        *serial += 1;
        let n = *serial;
        let topic = TOPICS[n % TOPICS.len()];
        let person = |k: usize| format!("Speaker {room}.{}", (n + k) % 40);
        let mut text = format!(
            "\n[[day.block]]\nstart = \"{}\"\nminutes = {minutes}\nkind = \"{kind}\"\n\
             title = \"{topic} #{n}\"\nroom = \"Room {room}\"\n",
            hhmm(at)
        );
        let _ = match kind {
            "talk" if n % 3 == 0 => writeln!(
                text,
                "speakers = [\"{}\", \"{}\"]\nurl = \"https://example.org/talks/{n}\"",
                person(0),
                person(1)
            ),
            "talk" => writeln!(text, "speaker = \"{}\"", person(0)),
            "tutorial" => writeln!(
                text,
                "id = \"tutorial-{n}\"\nmoderator = \"Moderator {room}\"\n\
                 description = \"Hands-on: bring a notebook.\"\nitems = [\n  \"Setup\",\n  \
                 \"{topic}: basics\",\n  {{ title = \"Worked example\", minutes = 10, speaker = \"{}\" }},\n  \
                 {{ title = \"Questions\", speakers = [\"{}\", \"{}\"] }},\n]",
                person(2),
                person(3),
                person(4)
            ),
            "discussion" => writeln!(
                text,
                "moderator = \"Moderator {room}\"\ndescription = \"Open floor; notes in the shared document.\""
            ),
            _ => writeln!(
                text,
                "speakers = [\"{}\", \"{}\", \"{}\"]",
                person(5),
                person(6),
                person(7)
            ),
        };
        plan.push(Block { start: at, text });
        at += minutes;
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut blocks = None;
    let mut rooms = DEFAULT_ROOMS;
    let mut zone = DEFAULT_ZONE.to_string();
    let usage = "usage: gen_agenda BLOCKS [--rooms R] [--zone ZONE]";
    while let Some(arg) = args.next() {
        let parsed = match arg.as_str() {
            "--rooms" => args.next().and_then(|r| r.parse().ok()).map(|r| rooms = r),
            "--zone" => args.next().map(|z| zone = z),
            n => n
                .replace(['_', ','], "")
                .parse()
                .ok()
                .map(|n| blocks = Some(n)),
        };
        if parsed.is_none() {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    }
    let (Some(blocks), true) = (blocks, rooms > 0) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let text = generate(blocks, rooms, &zone);
    let mut out = std::io::stdout().lock();
    if out
        .write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        std::process::exit(1);
    }
}
