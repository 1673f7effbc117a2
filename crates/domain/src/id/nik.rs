//! NIK (Nomor Induk Kependudukan): the 16-digit national identity number.
//!
//! Layout `PP RR DD ddmmyy NNNN`: the province, regency and district where the NIK was
//! first issued (not where the person lives now: advisory only), the birth date with 40
//! added to the day for women, and a serial from 0001.

use chrono::{Datelike, NaiveDate};

use crate::FieldViolation;

/// Sex as recorded on the family card; it decides how the NIK encodes the birth day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Laki-laki.
    Male,
    /// Perempuan: the NIK's day is the birth day plus 40.
    Female,
}

/// A NIK whose shape, date and serial are valid.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Nik(String);

impl std::fmt::Debug for Nik {
    // A NIK is personal data: keep it out of logs and panic messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Nik({}******)", &self.0[..6])
    }
}

impl Nik {
    /// Parses a NIK and checks it against the holder's birth date and sex.
    ///
    /// # Errors
    /// A violation when the NIK is not 16 digits, its region part is zero, its date part
    /// is not a date, its serial is 0000, or its date disagrees with `birth_date`/`sex`.
    pub fn parse(
        text: &str,
        birth_date: Option<NaiveDate>,
        sex: Option<Sex>,
    ) -> Result<Self, FieldViolation> {
        let fail = |reason: String| Err(FieldViolation::new("", reason));
        if text.len() != 16 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return fail("must be exactly 16 digits".to_owned());
        }
        let num = |range: std::ops::Range<usize>| -> u32 { text[range].parse().unwrap_or(0) };
        if num(0..2) < 11 || num(2..4) == 0 || num(4..6) == 0 {
            return fail("digits 1-6 must be a province, regency and district code".to_owned());
        }
        let raw_day = num(6..8);
        let month = num(8..10);
        let year2 = num(10..12);
        if num(12..16) == 0 {
            return fail("serial (digits 13-16) must start at 0001".to_owned());
        }
        let (day, encoded_sex) = match raw_day {
            1..=31 => (raw_day, Sex::Male),
            41..=71 => (raw_day - 40, Sex::Female),
            _ => {
                return fail(
                    "digits 7-8 must be a birth day (01-31, or 41-71 for women)".to_owned(),
                );
            }
        };
        // The NIK stores a two-digit year; any century that gives a real date will do for
        // the shape check, the birth date settles it.
        let valid_date = [1900, 2000]
            .iter()
            .any(|century| NaiveDate::from_ymd_opt((century + year2) as i32, month, day).is_some());
        if !valid_date {
            return fail("digits 7-12 must be a birth date (ddmmyy)".to_owned());
        }
        if let Some(sex) = sex
            && sex != encoded_sex
        {
            return fail(match sex {
                Sex::Female => "a woman's NIK has 40 added to the birth day (41-71)".to_owned(),
                Sex::Male => "a man's NIK has the plain birth day (01-31)".to_owned(),
            });
        }
        if let Some(birth) = birth_date
            && (birth.day() != day
                || birth.month() != month
                || birth.year().rem_euclid(100) as u32 != year2)
        {
            return fail(format!("digits 7-12 do not match the birth date {birth}"));
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

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn a_mans_nik_carries_the_plain_birth_day() {
        assert!(Nik::parse("3578011203850001", date(1985, 3, 12), Some(Sex::Male)).is_ok());
    }

    #[test]
    fn a_womans_nik_carries_the_birth_day_plus_40() {
        assert!(Nik::parse("3578015203850002", date(1985, 3, 12), Some(Sex::Female)).is_ok());
        let err = Nik::parse("3578011203850002", date(1985, 3, 12), Some(Sex::Female)).unwrap_err();
        assert!(err.description.contains("40"), "{err}");
    }

    #[test]
    fn the_date_part_must_match_the_birth_date() {
        let err = Nik::parse("3578011203850001", date(1986, 3, 12), Some(Sex::Male)).unwrap_err();
        assert!(err.description.contains("birth date"), "{err}");
    }

    #[test]
    fn malformed_niks_are_refused() {
        for bad in [
            "",
            "123",
            "35780112038500011",
            "3578011203850a01",
            "3578013203850001",
            "3578011213850001",
            "3578011203850000",
            "0078011203850001",
        ] {
            assert!(Nik::parse(bad, None, None).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn debug_output_hides_the_personal_part() {
        let nik = Nik::parse("3578011203850001", None, None).unwrap();
        assert!(!format!("{nik:?}").contains("1203850001"));
    }

    #[test]
    fn aceh_is_the_first_province_and_zero_regency_or_district_codes_are_refused() {
        // 11 is Aceh, the lowest province code; 10 is none.
        assert!(Nik::parse("1101011203850001", date(1985, 3, 12), Some(Sex::Male)).is_ok());
        for bad in ["1001011203850001", "1100011203850001", "1101001203850001"] {
            let err = Nik::parse(bad, None, None).unwrap_err();
            assert!(err.description.contains("district code"), "{bad}: {err}");
        }
    }

    #[test]
    fn a_day_or_month_that_disagrees_with_the_birth_date_is_refused_though_the_year_matches() {
        for birth in [date(1985, 3, 13), date(1985, 4, 12)] {
            let err = Nik::parse("3578011203850001", birth, Some(Sex::Male)).unwrap_err();
            assert!(err.description.contains("birth date"), "{birth:?}: {err}");
        }
        // A woman's day is compared after taking the 40 off.
        let err = Nik::parse("3578015203850002", date(1985, 3, 13), Some(Sex::Female)).unwrap_err();
        assert!(err.description.contains("birth date"), "{err}");
        // The two-digit year matches in either century.
        assert!(Nik::parse("3578011203050001", date(2005, 3, 12), Some(Sex::Male)).is_ok());
    }

    #[test]
    fn the_birth_day_runs_1_to_31_for_men_and_41_to_71_for_women() {
        for (nik, sex) in [
            ("3578010101850001", Sex::Male),
            ("3578013101850001", Sex::Male),
            ("3578014101850002", Sex::Female),
            ("3578017101850002", Sex::Female),
        ] {
            assert!(Nik::parse(nik, None, Some(sex)).is_ok(), "{nik}");
        }
        for bad in [
            "3578010001850001",
            "3578013201850001",
            "3578014001850001",
            "3578017201850001",
        ] {
            assert!(Nik::parse(bad, None, None).is_err(), "{bad} accepted");
        }
        let err = Nik::parse("3578014101850002", None, Some(Sex::Male)).unwrap_err();
        assert!(err.description.contains("plain birth day"), "{err}");
    }

    #[test]
    fn a_29_february_needs_a_leap_year_in_some_century() {
        // 00 is 2000, a leap year (1900 is not); 01 is leap in neither.
        assert!(Nik::parse("3578012902000001", None, None).is_ok());
        assert!(Nik::parse("3578012902010001", None, None).is_err());
        assert!(Nik::parse("3578012902000001", date(2000, 2, 29), Some(Sex::Male)).is_ok());
    }

    #[test]
    fn the_digits_are_kept_as_given() {
        let nik = Nik::parse("3578011203850001", None, None).unwrap();
        assert_eq!(nik.as_str(), "3578011203850001");
        assert_eq!(format!("{nik:?}"), "Nik(357801******)");
    }
}
