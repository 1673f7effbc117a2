//! Kemendagri region codes in their dotted form.
//!
//! Province `PP`, regency or city `PP.RR` (`RR` 01-69 regency, 71-99 city), district
//! `PP.RR.DD`, village `PP.RR.DD.VVVV` (first digit 1 kelurahan, 2 desa, 3 desa adat).
//! This type checks the shape only; whether a code exists is a question for the
//! versioned reference data (the platform crate's region directory).

use crate::FieldViolation;
use crate::error::echo;

/// A well-formed region code at any level.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RegionCode(String);

impl RegionCode {
    /// Parses a dotted code at any level.
    ///
    /// # Errors
    /// A violation when the shape is not `PP`, `PP.RR`, `PP.RR.DD` or `PP.RR.DD.VVVV`.
    pub fn parse(text: &str) -> Result<Self, FieldViolation> {
        let parts: Vec<&str> = text.split('.').collect();
        let widths = [2, 2, 2, 4];
        let well_formed = !text.is_empty()
            && parts.len() <= 4
            && parts.iter().zip(widths).all(|(part, width)| {
                part.len() == width && part.bytes().all(|b| b.is_ascii_digit())
            });
        if !well_formed {
            return Err(FieldViolation::new(
                "",
                format!(
                    "{} is not a region code (33, 33.73, 33.73.04 or 33.73.04.1001)",
                    echo(text)
                ),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    /// Parses a village code (`PP.RR.DD.VVVV`, village part starting with 1, 2 or 3).
    ///
    /// # Errors
    /// A violation when the code is not a well-formed village code.
    pub fn parse_village(text: &str) -> Result<Self, FieldViolation> {
        let code = Self::parse(text)?;
        if code.depth() != 4 || !matches!(text.as_bytes()[9], b'1' | b'2' | b'3') {
            return Err(FieldViolation::new(
                "",
                format!("{} is not a village code like 33.73.04.1001", echo(text)),
            ));
        }
        Ok(code)
    }

    /// 1 province, 2 regency, 3 district, 4 village.
    pub fn depth(&self) -> usize {
        self.0.split('.').count()
    }

    /// True when `self` is `prefix` or lies inside it (`35.78.01.1001` is inside `35.78`).
    pub fn is_within(&self, prefix: &str) -> bool {
        prefix.is_empty()
            || self.0 == prefix
            || (self.0.starts_with(prefix) && self.0.as_bytes().get(prefix.len()) == Some(&b'.'))
    }

    /// The dotted code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for RegionCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_at_every_level_parse() {
        for code in ["35", "35.78", "35.78.01", "35.78.01.1001"] {
            assert_eq!(RegionCode::parse(code).unwrap().as_str(), code);
        }
        for bad in [
            "",
            "3",
            "35.7",
            "35.78.01.101",
            "35.78.01.1001.1",
            "3578011001",
            "35.78.0a",
        ] {
            assert!(RegionCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn villages_start_with_1_2_or_3() {
        assert!(RegionCode::parse_village("35.78.01.1001").is_ok());
        assert!(RegionCode::parse_village("35.78.01.2001").is_ok());
        assert!(RegionCode::parse_village("35.78.01.4001").is_err());
        assert!(RegionCode::parse_village("35.78.01").is_err());
    }

    #[test]
    fn prefixes_match_whole_segments() {
        let code = RegionCode::parse("35.78.01.1001").unwrap();
        assert!(code.is_within("35.78"));
        assert!(code.is_within(""));
        assert!(!code.is_within("35.7"));
        assert!(!code.is_within("33"));
    }

    #[test]
    fn a_code_prints_as_given() {
        let code = RegionCode::parse("35.78.01").unwrap();
        assert_eq!(code.to_string(), "35.78.01");
    }
}
