//! Small checks every aggregate of the context shares, so that the same refusal reads the
//! same everywhere.

use berdaya_domain::DomainError;
use berdaya_domain::error::Violations;
use chrono::NaiveDate;

/// Records `field: is required` when `text` is blank.
pub(crate) fn require_text(violations: &mut Violations, field: &str, text: &str) {
    if text.trim().is_empty() {
        violations.add(field, "is required");
    }
}

/// Records, for every item equal to an earlier one, `field[i]: duplicates field[j]`.
pub(crate) fn no_duplicates<T: PartialEq>(violations: &mut Violations, field: &str, items: &[T]) {
    for (i, item) in items.iter().enumerate() {
        if let Some(j) = items[..i].iter().position(|earlier| earlier == item) {
            violations.add(format!("{field}[{i}]"), format!("duplicates {field}[{j}]"));
        }
    }
}

/// Refuses `date` before `earliest`, explaining what `earliest` was.
///
/// # Errors
/// [`DomainError::Rule`] on `field` when `date < earliest`.
pub(crate) fn not_before(
    field: &str,
    date: NaiveDate,
    earliest: NaiveDate,
    what: &str,
) -> Result<(), DomainError> {
    if date < earliest {
        return Err(DomainError::rule(
            field,
            format!("{date} is before {what} ({earliest})"),
        ));
    }
    Ok(())
}

/// Shortcut for a single invalid field.
pub(crate) fn invalid<T>(field: &str, description: impl Into<String>) -> Result<T, DomainError> {
    Err(DomainError::invalid(field, description))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_name_the_earlier_item() {
        let mut v = Violations::new();
        no_duplicates(&mut v, "value_ids", &[1, 2, 1, 2]);
        let DomainError::Invalid(list) = v.finish().unwrap_err() else {
            panic!("expected invalid");
        };
        let fields: Vec<_> = list
            .iter()
            .map(|f| (f.field.as_str(), f.description.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("value_ids[2]", "duplicates value_ids[0]"),
                ("value_ids[3]", "duplicates value_ids[1]")
            ]
        );
    }

    #[test]
    fn blank_text_is_required() {
        let mut v = Violations::new();
        require_text(&mut v, "reason", "  ");
        require_text(&mut v, "note", "ok");
        assert!(!v.is_empty());
        let DomainError::Invalid(list) = v.finish().unwrap_err() else {
            panic!("expected invalid");
        };
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].field, "reason");
    }

    #[test]
    fn a_date_on_the_earliest_day_passes_and_the_day_before_is_refused() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        assert_eq!(not_before("ended_on", day(5), day(5), "the start"), Ok(()));
        assert_eq!(
            not_before("ended_on", day(4), day(5), "the start"),
            Err(DomainError::rule(
                "ended_on",
                "2026-03-04 is before the start (2026-03-05)"
            ))
        );
    }
}
