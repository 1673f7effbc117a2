//! What projecting one event yields: additive deltas to indicator cells, and "reach"
//! marks that count an entity once per cell (households reached in a month).

use chrono::{DateTime, Utc};

/// A delta to one cell: (region, month, indicator, dimension) += delta.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// Village (or other) region code the figure belongs to.
    pub region: String,
    /// `YYYY-MM`.
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
    /// `YYYY-MM`.
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
}
