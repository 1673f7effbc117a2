//! What projecting one event yields: additive deltas to indicator cells, and "reach"
//! marks that count an entity once per cell (households reached in a month), each in
//! the month the fact happened ([`business_month`]).

use chrono::{DateTime, NaiveDate, Utc};

/// A delta to one cell: (region, month, indicator, dimension) += delta.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// Village (or other) region code the figure belongs to.
    pub region: String,
    /// `YYYY-MM`: the month the fact happened ([`business_month`]).
    pub month: String,
    /// Indicator id.
    pub indicator: &'static str,
    /// Dimension value, empty when unsplit.
    pub dimension: String,
    /// The change.
    pub delta: i64,
}

/// Counts `entity` once in the cell (region, month, indicator, dimension): the first
/// mark adds 1, later marks of the same entity add nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// Region code.
    pub region: String,
    /// `YYYY-MM`: the month of the activity that reached the entity.
    pub month: String,
    /// Indicator id.
    pub indicator: &'static str,
    /// Dimension value.
    pub dimension: String,
    /// The entity counted (e.g. a household id).
    pub entity: String,
}

/// The reporting month of an instant: the calendar month in WIB (UTC+7), the time zone
/// of most Indonesian offices, so that a deposit at 23:30 on the 31st counts in the month
/// the office saw it.
pub fn month_of(at: DateTime<Utc>) -> String {
    (at + chrono::Duration::hours(7))
        .format("%Y-%m")
        .to_string()
}

/// The reporting month of a fact: the month of the day it happened, as the event states
/// it (`YYYY-MM-DD`, a calendar day as the office wrote it, which is already local
/// time; or `YYYY-MM` for a month reported as a whole, such as a KUBE group's business
/// month). A back-dated entry thus counts in the month it belongs to, not in the month
/// it was typed in; the event keeps its recording time for audit, and the as-of replay
/// still goes by that time.
///
/// An event that carries no such date falls back to the WIB month of `recorded_at`
/// ([`month_of`]). Only two projected events do: `HouseholdRegistered`, because entering
/// a household in the registry is itself the fact (the registry has no other date for
/// it), and `DecileUpdated`, which carries a DTSEN ranking round (`YYYY-Qn`), not a day.
/// (`ParticipantNotCompleted` has no date either, but the `CohortCompleted` recorded
/// with it in the same command counts it, on the cohort's completion date.)
/// A date that is not a calendar day, which no command accepts, is treated the same way,
/// so the fact still counts. Both inputs come from the event, so the month is a pure
/// function of it and a rebuild files every fact where the live projection did.
pub fn business_month(date: &str, recorded_at: DateTime<Utc>) -> String {
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d");
    let month = NaiveDate::parse_from_str(&format!("{date}-01"), "%Y-%m-%d");
    match day.or(month) {
        Ok(day) => month_of_day(day),
        Err(_) => month_of(recorded_at),
    }
}

/// The `YYYY-MM` month of a calendar day.
pub fn month_of_day(day: NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

/// The later of two `YYYY-MM` months (they sort as text). A level of a stream never
/// changes before the month it began: a move or a closing dated before the month a
/// household entered the registry lands in that month, so no level goes below zero.
pub fn not_before(month: String, since: &str) -> String {
    if month.as_str() < since {
        since.to_owned()
    } else {
        month
    }
}

/// Collects the output of one event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    /// Deltas.
    pub facts: Vec<Fact>,
    /// Reach marks.
    pub reach: Vec<Reach>,
}

impl Output {
    /// Adds `delta` to a cell.
    pub fn add(
        &mut self,
        region: &str,
        month: &str,
        indicator: &'static str,
        dimension: impl Into<String>,
        delta: i64,
    ) {
        if delta != 0 && !region.is_empty() {
            self.facts.push(Fact {
                region: region.to_owned(),
                month: month.to_owned(),
                indicator,
                dimension: dimension.into(),
                delta,
            });
        }
    }

    /// Counts `entity` once in a cell.
    pub fn reach(
        &mut self,
        region: &str,
        month: &str,
        indicator: &'static str,
        dimension: impl Into<String>,
        entity: &str,
    ) {
        if !region.is_empty() {
            self.reach.push(Reach {
                region: region.to_owned(),
                month: month.to_owned(),
                indicator,
                dimension: dimension.into(),
                entity: entity.to_owned(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_counted_in_western_indonesian_time() {
        let late = DateTime::parse_from_rfc3339("2026-01-31T18:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(month_of(late), "2026-02");
        let early = DateTime::parse_from_rfc3339("2026-01-31T16:59:59Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(month_of(early), "2026-01");
    }

    fn november() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-20T03:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_fact_counts_in_the_month_of_its_business_date_not_of_its_recording() {
        assert_eq!(business_month("2026-03-05", november()), "2026-03");
        assert_eq!(business_month("2026-02", november()), "2026-02");
        // The last day of a month stays in it: a date has no time of day to shift.
        assert_eq!(business_month("2026-01-31", november()), "2026-01");
    }

    #[test]
    fn an_event_without_a_date_counts_in_the_wib_month_it_was_recorded() {
        assert_eq!(business_month("", november()), "2026-11");
        assert_eq!(business_month("2026-02-30", november()), "2026-11");
        assert_eq!(business_month("2026-13", november()), "2026-11");
        let late = DateTime::parse_from_rfc3339("2026-11-30T18:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(business_month("", late), "2026-12");
    }

    #[test]
    fn a_level_never_changes_before_the_month_it_began() {
        assert_eq!(not_before("2026-03".into(), "2026-11"), "2026-11");
        assert_eq!(not_before("2026-12".into(), "2026-11"), "2026-12");
        assert_eq!(not_before("2026-03".into(), ""), "2026-03");
    }
}
