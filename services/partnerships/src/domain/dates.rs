//! Date order: most refusals about dates say that something cannot happen before
//! something else did.

use berdaya_domain::{DomainError, FieldViolation};
use chrono::NaiveDate;

/// Refuses `date` (the request's `field`) before `earliest`, explaining what `earliest`
/// was.
///
/// # Errors
/// [`DomainError::Rule`] on `field` when `date` is before `earliest`.
pub(crate) fn not_before(
    field: &str,
    date: NaiveDate,
    earliest: Option<NaiveDate>,
    what: &str,
) -> Result<(), DomainError> {
    match earliest {
        Some(earliest) if date < earliest => Err(DomainError::rule(
            field,
            format!("{date} is before {what} ({earliest})"),
        )),
        _ => Ok(()),
    }
}

/// Refuses a period whose end (`end_field`) comes before its start (`start_field`).
///
/// # Errors
/// The violation of `end_field`, for the caller to collect with the request's others.
pub(crate) fn period(
    start_field: &str,
    start: NaiveDate,
    end_field: &str,
    end: NaiveDate,
) -> Result<(), FieldViolation> {
    if end < start {
        return Err(FieldViolation::new(
            end_field,
            format!("{end} is before {start_field} {start}"),
        ));
    }
    Ok(())
}
