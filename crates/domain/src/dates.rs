//! Date order, the rule most date refusals share: something cannot be dated before
//! something else happened (a deposit before its account was opened, an evaluation
//! before its activity was held, an action before its case was reported).

use chrono::NaiveDate;

use crate::DomainError;

/// Refuses `date` (the request's `field`) before `earliest`, when that is known, saying
/// what `earliest` was: `2026-03-01 is before the account was opened (2026-03-05)`. The
/// same day is allowed. `earliest` may be a date or an `Option` of one (`None`: nothing
/// to be after yet).
///
/// # Errors
/// [`DomainError::Rule`] on `field` when `date` is before `earliest`.
pub fn not_before(
    field: &str,
    date: NaiveDate,
    earliest: impl Into<Option<NaiveDate>>,
    what: &str,
) -> Result<(), DomainError> {
    match earliest.into() {
        Some(earliest) if date < earliest => Err(DomainError::rule(
            field,
            format!("{date} is before {what} ({earliest})"),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_date_before_the_earliest_is_refused_on_its_field_saying_why() {
        let refused = not_before(
            "deposited_on",
            day("2026-03-01"),
            day("2026-03-05"),
            "the account was opened",
        );
        assert_eq!(
            refused,
            Err(DomainError::rule(
                "deposited_on",
                "2026-03-01 is before the account was opened (2026-03-05)"
            ))
        );
    }

    #[test]
    fn the_same_day_or_later_is_allowed() {
        let opened = day("2026-03-05");
        assert_eq!(not_before("on", opened, opened, "x"), Ok(()));
        assert_eq!(not_before("on", day("2026-04-01"), opened, "x"), Ok(()));
    }

    #[test]
    fn nothing_to_be_after_allows_any_date() {
        assert_eq!(not_before("on", day("1990-01-01"), None, "x"), Ok(()));
    }
}
