//! Calendar dates and DTSEN ranking rounds as they appear in requests.

use chrono::NaiveDate;

use crate::FieldViolation;
use crate::error::echo;

/// Parses a `YYYY-MM-DD` date.
///
/// # Errors
/// A violation when the text is empty or not a real calendar date.
pub fn parse_date(text: &str) -> Result<NaiveDate, FieldViolation> {
    if text.is_empty() {
        return Err(FieldViolation::new("", "is required (YYYY-MM-DD)"));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| FieldViolation::new("", format!("{} is not a date (YYYY-MM-DD)", echo(text))))
}

/// A DTSEN ranking round: the national registry re-ranks families every quarter, and
/// every decile is recorded with the round it came from (`2026-Q1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RankingRound {
    year: u16,
    quarter: u8,
}

impl RankingRound {
    /// Parses `YYYY-Qn`.
    ///
    /// # Errors
    /// A violation when the text is not a year from 2000 to 2100 and a quarter 1 to 4.
    pub fn parse(text: &str) -> Result<Self, FieldViolation> {
        let bad = || {
            FieldViolation::new(
                "",
                format!(
                    "{} is not a ranking round (YYYY-Qn, e.g. 2026-Q1)",
                    echo(text)
                ),
            )
        };
        let (year, quarter) = text.split_once("-Q").ok_or_else(bad)?;
        if year.len() != 4 || quarter.len() != 1 {
            return Err(bad());
        }
        let year: u16 = year.parse().map_err(|_| bad())?;
        let quarter: u8 = quarter.parse().map_err(|_| bad())?;
        if !(2000..=2100).contains(&year) || !(1..=4).contains(&quarter) {
            return Err(bad());
        }
        Ok(Self { year, quarter })
    }
}

impl std::fmt::Display for RankingRound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-Q{}", self.year, self.quarter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real() {
        assert!(parse_date("2024-02-29").is_ok());
        assert!(parse_date("2023-02-29").is_err());
        assert!(parse_date("").unwrap_err().description.contains("required"));
        assert!(parse_date("12/03/1990").is_err());
    }

    #[test]
    fn ranking_rounds_order_by_year_then_quarter() {
        let a = RankingRound::parse("2025-Q4").unwrap();
        let b = RankingRound::parse("2026-Q1").unwrap();
        assert!(a < b);
        assert_eq!(b.to_string(), "2026-Q1");
        for bad in ["2026-Q5", "2026Q1", "26-Q1", "", "2026-Q0", "abcd-Q1"] {
            assert!(RankingRound::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_round_is_four_year_digits_and_one_quarter_digit() {
        for bad in ["02026-Q1", "2026-Q01"] {
            assert!(RankingRound::parse(bad).is_err(), "{bad}");
        }
        assert!(RankingRound::parse("2000-Q1").is_ok());
        assert!(RankingRound::parse("2100-Q4").is_ok());
        assert!(RankingRound::parse("2101-Q1").is_err());
    }
}
