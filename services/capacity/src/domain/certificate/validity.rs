//! How long a certificate is valid: whole calendar months from its first day.

use berdaya_domain::DomainError;
use chrono::{Days, Months, NaiveDate};

/// The last valid day of a period of `months` starting on `first_day`: the day before
/// the same date `months` later (36 months from 2026-03-15 end on 2029-03-14; from
/// 2026-01-31, one month ends on 2026-02-27, the day before 2026-02-28).
///
/// # Errors
/// [`DomainError::Invalid`] on `field` when the end falls outside the calendar.
pub fn validity_end(
    field: &str,
    first_day: NaiveDate,
    months: u16,
) -> Result<NaiveDate, DomainError> {
    first_day
        .checked_add_months(Months::new(u32::from(months)))
        .and_then(|day| day.checked_sub_days(Days::new(1)))
        .ok_or_else(|| DomainError::invalid(field, "the validity would end past the calendar"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::date;

    #[test]
    fn validity_runs_whole_months_to_the_day_before() {
        assert_eq!(
            validity_end("x", date("2026-03-15"), 36).unwrap(),
            date("2029-03-14")
        );
        assert_eq!(
            validity_end("x", date("2026-01-01"), 12).unwrap(),
            date("2026-12-31")
        );
        assert_eq!(
            validity_end("x", date("2026-01-31"), 1).unwrap(),
            date("2026-02-27")
        );
        assert_eq!(
            validity_end("x", date("2028-02-29"), 12).unwrap(),
            date("2029-02-27")
        );
    }
}
