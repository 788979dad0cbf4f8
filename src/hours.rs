//! `agenda hours`: the organizer's fairness view. For each zone, day by day
//! and in total, how much of the programme falls inside waking hours and
//! in the night on that zone's clock; and, with `--shift`, which
//! whole-programme move would be fairest to the worst-off zone.
//!
//! The programme's time is the union of its blocks (breaks included):
//! parallel rooms count once. Everything is measured piece by piece along
//! each zone's clock ([`crate::time::walk::local_pieces`]), so the cost grows
//! with the number of stretches of programme, not with their minutes.

use std::fmt::Write as _;

use crate::time::Zone;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::{json, Value};

use crate::model::Agenda;
use crate::time::local_range;
use crate::visible::{visible_cell, visible_line};
use crate::waking::{Tally, WakingHours, NIGHT};

/// The moves `--shift` tries: −12 h to +12 h in 30-minute steps.
pub(crate) const SHIFT_STEP_MINUTES: i64 = 30;
/// The largest move `--shift` tries, in minutes.
pub(crate) const SHIFT_MAX_MINUTES: i64 = 12 * 60;

/// One day of the programme: its stretches of running time, merged.
#[derive(Debug, Clone)]
pub(crate) struct ProgrammeDay {
    /// The day's date in the event zone.
    pub date: NaiveDate,
    /// Its name, if it has one.
    pub name: Option<String>,
    /// The disjoint stretches during which some block runs, in order.
    pub stretches: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

/// The programme as stretches of time, day by day; days without blocks
/// are left out.
pub(crate) fn programme(agenda: &Agenda) -> Vec<ProgrammeDay> {
    agenda
        .days
        .iter()
        .filter(|d| !d.blocks.is_empty())
        .map(|day| {
            let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)> =
                day.blocks.iter().map(|b| (b.start, b.end)).collect();
            spans.sort_unstable();
            let mut stretches: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
            for (start, end) in spans {
                match stretches.last_mut() {
                    Some(last) if start <= last.1 => last.1 = last.1.max(end),
                    _ => stretches.push((start, end)),
                }
            }
            ProgrammeDay {
                date: day.date,
                name: day.name.clone(),
                stretches,
            }
        })
        .collect()
}

/// One zone's figures.
#[derive(Debug, Clone)]
pub(crate) struct ZoneHours {
    /// The zone.
    pub zone: Zone,
    /// Per programme day: the tally and the day's first and last instant.
    pub days: Vec<(Tally, DateTime<Utc>, DateTime<Utc>)>,
    /// The whole programme.
    pub total: Tally,
}

/// `--shift`: the worst zone's waking time for each move.
#[derive(Debug, Clone)]
pub(crate) struct Shift {
    /// Each move tried, in minutes, with every zone's waking seconds in
    /// the order of the report's zones.
    pub steps: Vec<(i64, Vec<i64>)>,
    /// The index in `steps` of the move that maximises the worst zone's
    /// waking time; ties go to the smallest move, then the earlier one.
    pub best: usize,
}

/// The whole report.
#[derive(Debug, Clone)]
pub(crate) struct Hours {
    /// The waking hours used.
    pub waking: WakingHours,
    /// The programme days.
    pub days: Vec<ProgrammeDay>,
    /// The figures, one zone at a time.
    pub zones: Vec<ZoneHours>,
    /// `--shift`, when asked.
    pub shift: Option<Shift>,
}

/// The zones `hours` reports on without `--tz`: the event zone, then every
/// home zone of `[people]`, each once, in file order.
pub(crate) fn default_zones(agenda: &Agenda) -> Vec<Zone> {
    let mut zones = vec![agenda.event.zone];
    for person in &agenda.people {
        if !zones.contains(&person.zone) {
            zones.push(person.zone);
        }
    }
    zones
}

/// Works out the report for `zones`.
pub(crate) fn hours(agenda: &Agenda, zones: &[Zone], shift: bool) -> Hours {
    let waking = agenda.rules.waking_hours;
    let days = programme(agenda);
    let zones_hours = zones
        .iter()
        .map(|&zone| {
            let mut total = Tally::default();
            let per_day = days
                .iter()
                .filter_map(|day| {
                    let (first, last) = (day.stretches.first()?.0, day.stretches.last()?.1);
                    let mut tally = Tally::default();
                    for &(start, end) in &day.stretches {
                        tally.add(zone, waking, start, end);
                    }
                    total.merge(&tally);
                    Some((tally, first, last))
                })
                .collect();
            ZoneHours {
                zone,
                days: per_day,
                total,
            }
        })
        .collect();
    let shift = shift.then(|| shifts(&days, zones, waking));
    Hours {
        waking,
        days,
        zones: zones_hours,
        shift,
    }
}

/// Tries every move; each stretch is moved in UTC and measured again on
/// every zone's clock, with the offsets in force at its new instants.
fn shifts(days: &[ProgrammeDay], zones: &[Zone], waking: WakingHours) -> Shift {
    let stretches: Vec<(DateTime<Utc>, DateTime<Utc>)> = days
        .iter()
        .flat_map(|d| d.stretches.iter().copied())
        .collect();
    let steps: Vec<(i64, Vec<i64>)> = (-SHIFT_MAX_MINUTES / SHIFT_STEP_MINUTES
        ..=SHIFT_MAX_MINUTES / SHIFT_STEP_MINUTES)
        .map(|k| {
            let by = Duration::minutes(k * SHIFT_STEP_MINUTES);
            let per_zone = zones
                .iter()
                .map(|&zone| {
                    let mut tally = Tally::default();
                    for &(start, end) in &stretches {
                        tally.add(zone, waking, start + by, end + by);
                    }
                    tally.waking
                })
                .collect();
            (k * SHIFT_STEP_MINUTES, per_zone)
        })
        .collect();
    let worst = |waking: &[i64]| waking.iter().copied().min().unwrap_or(0);
    let best = steps
        .iter()
        .enumerate()
        .max_by(|(_, a), (_, b)| {
            worst(&a.1)
                .cmp(&worst(&b.1))
                .then(b.0.abs().cmp(&a.0.abs()))
                .then(b.0.cmp(&a.0))
        })
        .map_or(0, |(i, _)| i);
    Shift { steps, best }
}

/// `-7:30`, `+0:00`, `+12:00`.
pub(crate) fn shift_text(minutes: i64) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.abs();
    format!("{sign}{}:{:02}", m / 60, m % 60)
}

/// `56%`: a share as a whole percentage, rounded down so that 100% means
/// every minute.
fn percent(part: i64, whole: i64) -> String {
    if whole == 0 {
        return "-".to_string();
    }
    format!("{}%", part * 100 / whole)
}

fn share(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        // Three decimals are plenty for scripts and keep the output stable.
        (part as f64 / whole as f64 * 1000.0).round() / 1000.0
    }
}

impl Hours {
    /// The day's label: its date and name.
    fn day_label(&self, i: usize) -> String {
        let day = &self.days[i];
        match &day.name {
            Some(name) => format!("{} {}", day.date, visible_cell(name)),
            None => day.date.to_string(),
        }
    }

    /// The report as aligned text.
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Waking hours {}, night {}, on each zone's own clock.",
            self.waking, NIGHT
        );
        let total_minutes = self.zones.first().map_or(0, |z| z.total.seconds / 60);
        let _ = writeln!(
            out,
            "The programme runs {total_minutes} minutes (parallel rooms counted once)."
        );
        // Every row first, so that columns can be as wide as their widest cell.
        let mut rows: Vec<(Option<String>, [String; 5])> = Vec::new();
        for zone in &self.zones {
            rows.push((
                Some(visible_line(zone.zone.name()).into_owned()),
                Default::default(),
            ));
            let mut cells = |label: String, t: &Tally, from, to| {
                let (m, w, n) = (t.seconds / 60, t.waking / 60, t.night / 60);
                rows.push((
                    None,
                    [
                        label,
                        local_range(zone.zone, from, to),
                        format!("{w}/{m} min {}", percent(w, m)),
                        format!("{n} min"),
                        t.strip(),
                    ],
                ));
            };
            for (i, (tally, from, to)) in zone.days.iter().enumerate() {
                cells(self.day_label(i), tally, *from, *to);
            }
            if let (Some(first), Some(last)) = (zone.days.first(), zone.days.last()) {
                if zone.days.len() > 1 {
                    cells("total".to_string(), &zone.total, first.1, last.2);
                }
            }
        }
        let header = [
            "day".to_string(),
            "local span".to_string(),
            "waking".to_string(),
            "night".to_string(),
            "0     6     12    18".to_string(),
        ];
        let mut widths = [0; 5];
        for cells in rows.iter().map(|r| &r.1).chain(std::iter::once(&header)) {
            for (w, c) in widths.iter_mut().zip(cells) {
                *w = (*w).max(c.chars().count());
            }
        }
        let line = |cells: &[String; 5]| {
            let mut text = String::from("  ");
            for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
                if i + 1 == cells.len() {
                    text.push_str(c);
                } else {
                    let _ = write!(text, "{c:<w$}  ");
                }
            }
            text.trim_end().to_string()
        };
        for (zone, cells) in &rows {
            match zone {
                Some(name) => {
                    let _ = writeln!(out, "\n{name}");
                    let _ = writeln!(out, "{}", line(&header));
                }
                None => {
                    let _ = writeln!(out, "{}", line(cells));
                }
            }
        }
        if let Some(shift) = &self.shift {
            out.push_str(&self.shift_text(shift));
        }
        out
    }

    fn shift_text(&self, shift: &Shift) -> String {
        let total = self.zones.first().map_or(0, |z| z.total.seconds);
        let mut out =
            String::from("\nMoving the whole programme (share of its time inside waking hours):\n");
        let names: Vec<String> = self
            .zones
            .iter()
            .map(|z| visible_cell(z.zone.name()).into_owned())
            .collect();
        // Columns as wide as the names shown (padding counts characters).
        let widths: Vec<usize> = names.iter().map(|n| n.chars().count().max(4)).collect();
        let mut header = format!("  {:>6}", "move");
        for (name, width) in names.iter().zip(&widths) {
            let _ = write!(header, "  {name:>width$}");
        }
        header.push_str("  worst");
        out.push_str(&header);
        out.push('\n');
        for (i, (minutes, waking)) in shift.steps.iter().enumerate() {
            let mut row = format!("  {:>6}", shift_text(*minutes));
            for (width, w) in widths.iter().zip(waking) {
                let _ = write!(row, "  {:>width$}", percent(*w, total));
            }
            let worst = waking.iter().copied().min().unwrap_or(0);
            let _ = write!(row, "  {:>5}", percent(worst, total));
            if i == shift.best {
                row.push_str("  ◀ best");
            } else if *minutes == 0 {
                row.push_str("  ◀ as planned");
            }
            out.push_str(&row);
            out.push('\n');
        }
        if let Some((minutes, waking)) = shift.steps.get(shift.best) {
            let worst = waking.iter().copied().min().unwrap_or(0);
            let now = shift
                .steps
                .iter()
                .find(|(m, _)| *m == 0)
                .map_or(0, |(_, w)| w.iter().copied().min().unwrap_or(0));
            let how = match minutes.signum() {
                0 => "keep the programme where it is".to_string(),
                -1 => format!(
                    "start {} h earlier",
                    shift_text(-minutes).trim_start_matches('+')
                ),
                _ => format!(
                    "start {} h later",
                    shift_text(*minutes).trim_start_matches('+')
                ),
            };
            let _ = writeln!(
                out,
                "Best: {how} ({}): the worst-off zone gets {} of the programme in waking hours, against {} as planned.",
                shift_text(*minutes),
                percent(worst, total),
                percent(now, total)
            );
        }
        out
    }

    /// The report as JSON.
    pub(crate) fn json(&self) -> Value {
        let hm = |zone: Zone, t: DateTime<Utc>| t.with_timezone(&zone).to_rfc3339();
        let figures = |zone: Zone, t: &Tally, from: DateTime<Utc>, to: DateTime<Utc>| {
            json!({
                "start": hm(zone, from),
                "end": hm(zone, to),
                "minutes": t.seconds / 60,
                "waking_minutes": t.waking / 60,
                "waking_share": share(t.waking, t.seconds),
                "night_minutes": t.night / 60,
                "strip": t.strip(),
            })
        };
        let zones: Vec<Value> = self
            .zones
            .iter()
            .map(|z| {
                let days: Vec<Value> = z
                    .days
                    .iter()
                    .enumerate()
                    .map(|(i, (t, from, to))| {
                        let mut v = figures(z.zone, t, *from, *to);
                        v["date"] = json!(self.days[i].date.to_string());
                        v["name"] = json!(self.days[i].name);
                        v
                    })
                    .collect();
                let total = match (z.days.first(), z.days.last()) {
                    (Some(first), Some(last)) => figures(z.zone, &z.total, first.1, last.2),
                    _ => Value::Null,
                };
                json!({ "zone": z.zone.name(), "days": days, "total": total })
            })
            .collect();
        let mut out = json!({
            "waking_hours": [hhmm(self.waking.start), hhmm(self.waking.end)],
            "night": [hhmm(NIGHT.start), hhmm(NIGHT.end)],
            "zones": zones,
        });
        if let Some(shift) = &self.shift {
            let total = self.zones.first().map_or(0, |z| z.total.seconds);
            let steps: Vec<Value> = shift
                .steps
                .iter()
                .map(|(minutes, waking)| {
                    let shares: serde_json::Map<String, Value> = self
                        .zones
                        .iter()
                        .zip(waking)
                        .map(|(z, w)| (z.zone.name().to_string(), json!(share(*w, total))))
                        .collect();
                    let minutes_in: serde_json::Map<String, Value> = self
                        .zones
                        .iter()
                        .zip(waking)
                        .map(|(z, w)| (z.zone.name().to_string(), json!(w / 60)))
                        .collect();
                    let worst = waking.iter().copied().min().unwrap_or(0);
                    json!({
                        "minutes": minutes,
                        "shares": shares,
                        "waking_minutes": minutes_in,
                        "worst": share(worst, total),
                    })
                })
                .collect();
            let best = shift.steps.get(shift.best).map(|(m, _)| *m);
            out["shift"] = json!({ "steps": steps, "best_minutes": best });
        }
        out
    }
}

fn hhmm(m: u32) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}
