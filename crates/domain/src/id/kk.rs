//! KK number (Nomor Kartu Keluarga): the family card's 16-digit number.
//!
//! Layout `PP RR DD ddmmyy NNNN`, as the NIK's: the district where the card was issued,
//! the date it was issued, and a serial from 0001. It changes when the family moves, the
//! head dies, after divorce, or when a new household splits off, so it is a dated
//! attribute of a household, never its identity.

use chrono::NaiveDate;

use crate::FieldViolation;

/// A well-formed KK number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KkNumber(String);

impl KkNumber {
    /// Parses a KK number.
    ///
    /// # Errors
    /// A violation when it is not 16 digits, its region part is not a district code, its
    /// date part (digits 7-12, `ddmmyy`) is not a calendar date, or its serial (digits
    /// 13-16) is 0000.
    pub fn parse(text: &str) -> Result<Self, FieldViolation> {
        if text.len() != 16 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldViolation::new("", "must be exactly 16 digits"));
        }
        // Every part is at most four ASCII digits, so it always fits a u32.
        let num = |range: std::ops::Range<usize>| -> u32 {
            text[range]
                .bytes()
                .fold(0, |n, digit| n * 10 + u32::from(digit - b'0'))
        };
        if num(0..2) < 11 || num(2..4) == 0 || num(4..6) == 0 {
            return Err(FieldViolation::new(
                "",
                "digits 1-6 must be a province, regency and district code",
            ));
        }
        let (day, month, year) = (num(6..8), num(8..10), num(10..12));
        // The two-digit year cannot tell centuries apart; any year makes a valid ddmm
        // except 29 February, which needs a leap year (2000 is one, so is every yy % 4).
        let year = 2000 + i32::try_from(year).unwrap_or(0);
        if NaiveDate::from_ymd_opt(year, month, day).is_none() {
            return Err(FieldViolation::new(
                "",
                "digits 7-12 must be the card's issue date as ddmmyy",
            ));
        }
        if num(12..16) == 0 {
            return Err(FieldViolation::new(
                "",
                "serial (digits 13-16) must start at 0001",
            ));
        }
        Ok(Self(text.to_owned()))
    }

    /// The 16 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(text: &str) -> String {
        KkNumber::parse(text).unwrap_err().description
    }

    #[test]
    fn the_middle_digits_are_the_issue_date() {
        assert!(KkNumber::parse("3578012902240001").is_ok(), "29 Feb 2024");
        assert!(KkNumber::parse("3578013112990001").is_ok(), "31 Dec (19)99");
        // Digits 7-16 above u32::MAX once read as "all zeros" (issue 9, defect 7).
        assert_eq!(
            reason("3578019911230029"),
            "digits 7-12 must be the card's issue date as ddmmyy"
        );
        for bad_date in ["3578010013230001", "3578013204230001", "3578012902230001"] {
            assert!(reason(bad_date).contains("issue date"), "{bad_date}");
        }
        assert_eq!(
            reason("3578010101230000"),
            "serial (digits 13-16) must start at 0001"
        );
    }

    #[test]
    fn kk_numbers_are_16_digits_with_a_region_prefix() {
        assert!(KkNumber::parse("3578010101230001").is_ok());
        for bad in [
            "",
            "357801010123000",
            "35780101012300011",
            "0078010101230001",
            "3578010000000000",
            "35780x0101230001",
        ] {
            assert!(KkNumber::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn aceh_is_the_first_province_and_zero_regency_or_district_codes_are_refused() {
        let card = KkNumber::parse("1171010101230001").unwrap();
        assert_eq!(card.as_str(), "1171010101230001");
        for bad in ["1071010101230001", "3500010101230001", "3578000101230001"] {
            assert!(reason(bad).contains("district code"), "{bad}");
        }
    }
}
