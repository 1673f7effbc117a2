//! Calendar months (`YYYY-MM`): the period of KUBE progress reports, of savings incentive
//! caps and statements, of the savings streak, and of every reported figure.

use crate::FieldViolation;
use crate::error::echo;
use chrono::{Datelike, NaiveDate};

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// The month of a date.
    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Parses `YYYY-MM`.
    ///
    /// # Errors
    /// A violation when the text is not a month from 1900-01 to 9999-12.
    pub fn parse(text: &str) -> Result<Self, FieldViolation> {
        let bad = || FieldViolation::new("", format!("{} is not a month (YYYY-MM)", echo(text)));
        let (year, month) = text.split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let month: u32 = month.parse().map_err(|_| bad())?;
        if year < 1900 || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Self { year, month })
    }

    /// The month before.
    #[must_use]
    pub fn prev(self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The month after.
    #[must_use]
    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_print_and_step_across_years() {
        let december = Month::parse("2025-12").unwrap();
        assert_eq!(december.next().to_string(), "2026-01");
        assert_eq!(december.next().prev(), december);
        assert_eq!(
            Month::of(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()).to_string(),
            "2026-03"
        );
        for bad in ["2026-13", "2026-3", "26-03", "", "2026/03", "1899-12"] {
            assert!(Month::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn months_step_inside_a_year_and_1900_is_the_first_year() {
        let march = Month::parse("2026-03").unwrap();
        assert_eq!(march.prev().to_string(), "2026-02");
        assert_eq!(march.next().to_string(), "2026-04");
        assert_eq!(
            Month::parse("2026-01").unwrap().prev().to_string(),
            "2025-12"
        );
        assert_eq!(Month::parse("1900-01").unwrap().to_string(), "1900-01");
    }
}
