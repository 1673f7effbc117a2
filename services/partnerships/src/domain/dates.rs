//! Date order: most refusals about dates say that something cannot happen before
//! something else did.

use berdaya_domain::FieldViolation;
use chrono::NaiveDate;

/// The kit's one date-order rule, under the name this context's decisions import.
pub(crate) use berdaya_domain::not_before;

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
