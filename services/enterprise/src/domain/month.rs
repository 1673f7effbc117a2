//! A calendar month (`YYYY-MM`), the period of a KUBE progress report.

use berdaya_domain::FieldViolation;
use berdaya_domain::error::echo;
use chrono::{Datelike, NaiveDate};

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// Parses `YYYY-MM`.
    ///
    /// # Errors
    /// A violation (empty field name) when the text is not a month from 1900-01 to 2100-12.
    pub fn parse(text: &str) -> Result<Self, FieldViolation> {
        let bad = || FieldViolation::new("", format!("{} is not a month (YYYY-MM)", echo(text)));
        let (year, month) = text.split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let month: u32 = month.parse().map_err(|_| bad())?;
        if !(1900..=2100).contains(&year) || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Self { year, month })
    }

    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
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
    fn months_parse_print_and_order() {
        let march = Month::parse("2026-03").unwrap();
        assert_eq!(march.to_string(), "2026-03");
        assert!(Month::parse("2025-12").unwrap() < march);
        assert_eq!(
            Month::of(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()),
            march
        );
        for bad in ["2026-13", "2026-3", "26-03", "", "2026/03", "2026-00"] {
            assert!(Month::parse(bad).is_err(), "{bad}");
        }
    }
}
