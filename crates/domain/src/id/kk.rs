//! KK number (Nomor Kartu Keluarga): the family card's 16-digit number.
//!
//! It starts with the 6-digit district code where the card was issued and changes when
//! the family moves, the head dies, after divorce, or when a new household splits off, so
//! it is a dated attribute of a household, never its identity.

use crate::FieldViolation;

/// A well-formed KK number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KkNumber(String);

impl KkNumber {
    /// Parses a KK number.
    ///
    /// # Errors
    /// A violation when it is not 16 digits, its region part is not a district code, or
    /// its serial part is all zeros.
    pub fn parse(text: &str) -> Result<Self, FieldViolation> {
        if text.len() != 16 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldViolation::new("", "must be exactly 16 digits"));
        }
        let num = |range: std::ops::Range<usize>| -> u32 { text[range].parse().unwrap_or(0) };
        if num(0..2) < 11 || num(2..4) == 0 || num(4..6) == 0 {
            return Err(FieldViolation::new(
                "",
                "digits 1-6 must be a province, regency and district code",
            ));
        }
        if num(6..16) == 0 {
            return Err(FieldViolation::new("", "digits 7-16 must not be all zeros"));
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
}
