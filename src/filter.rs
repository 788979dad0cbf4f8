//! Filters that keep only some blocks of an agenda (`--day` and friends).

use chrono::NaiveDate;
use clap::Args;
use thiserror::Error;

use crate::model::Agenda;

/// The filters shared by `show`, `now` and `export`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub struct FilterArgs {
    /// Only this day: its date (2021-04-13) or its number (1 for the first).
    #[arg(long, value_name = "DATE|N")]
    pub day: Option<String>,
}

/// A filter that matches nothing it could be meant for.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum FilterError {
    /// `--day` names no day of the agenda.
    #[error("--day {0}: the agenda has no such day (it has {1})")]
    NoSuchDay(String, String),
}

impl FilterArgs {
    /// The agenda with only the blocks the filters keep; days left empty
    /// are dropped.
    pub fn apply(&self, agenda: &Agenda) -> Result<Agenda, FilterError> {
        let mut kept = agenda.clone();
        if let Some(day) = &self.day {
            let index = match day.parse::<usize>() {
                Ok(n) => n.checked_sub(1).filter(|&i| i < agenda.days.len()),
                Err(_) => NaiveDate::parse_from_str(day, "%Y-%m-%d")
                    .ok()
                    .and_then(|date| agenda.days.iter().position(|d| d.date == date)),
            };
            let Some(index) = index else {
                let dates: Vec<String> = agenda
                    .days
                    .iter()
                    .enumerate()
                    .map(|(i, d)| format!("{} = {}", i + 1, d.date))
                    .collect();
                return Err(FilterError::NoSuchDay(day.clone(), dates.join(", ")));
            };
            kept.days = vec![agenda.days[index].clone()];
        }
        Ok(kept)
    }
}
