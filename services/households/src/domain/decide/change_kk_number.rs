//! Recording a new KK number: dated no earlier than the current one, and never a number
//! the household had before.

use berdaya_domain::DomainError;
use berdaya_domain::id::KkNumber;
use chrono::NaiveDate;

use crate::domain::{Household, HouseholdEvent};

/// Decides `ChangeKkNumber`.
pub(super) fn decide(
    state: &Household,
    kk_number: &KkNumber,
    valid_from: NaiveDate,
    reason: &str,
) -> Result<Vec<HouseholdEvent>, DomainError> {
    let (current, current_from) = state
        .kk_number()
        .cloned()
        .ok_or_else(|| DomainError::not_found("household"))?;
    if current.as_ref() == Some(kk_number) {
        return Err(DomainError::rule(
            "kk_number",
            "is already the household's KK number",
        ));
    }
    if state
        .kk_history
        .iter()
        .any(|(kk, _)| kk.as_ref() == Some(kk_number))
    {
        return Err(DomainError::rule(
            "kk_number",
            "the household had this KK number before; KK numbers are not reused",
        ));
    }
    berdaya_domain::not_before(
        "valid_from",
        valid_from,
        current_from,
        "the current KK number took effect",
    )?;
    Ok(vec![HouseholdEvent::KkNumberChanged {
        subject_id: state.subject_id.unwrap_or_default(),
        kk_number: Some(kk_number.clone()),
        valid_from,
        previous: current,
        reason: reason.to_owned(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::id::KkNumber;

    use crate::domain::fixtures::*;
    use crate::domain::*;

    #[test]
    fn a_new_kk_number_is_dated_and_kept_in_history() {
        let new_kk = KkNumber::parse("3578010202260009").unwrap();
        let state = Given::<Household>::new(registered(2))
            .when(&HouseholdCommand::ChangeKkNumber {
                kk_number: new_kk.clone(),
                valid_from: date("2026-02-02"),
                reason: "head died".into(),
            })
            .events();
        let HouseholdEvent::KkNumberChanged { previous, .. } = &state[0] else {
            panic!()
        };
        assert_eq!(
            previous.as_ref().map(KkNumber::as_str),
            Some("3578010101230001")
        );
        let error = Given::<Household>::new(registered(2))
            .when(&HouseholdCommand::ChangeKkNumber {
                kk_number: new_kk,
                valid_from: date("2022-01-01"),
                reason: "x".into(),
            })
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "valid_from"));
        let error = Given::<Household>::new(registered(2))
            .when(&HouseholdCommand::ChangeKkNumber {
                kk_number: KkNumber::parse("3578010101230001").unwrap(),
                valid_from: date("2026-01-01"),
                reason: "x".into(),
            })
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "kk_number"));
    }

    #[test]
    fn a_new_kk_number_may_take_effect_on_the_day_the_current_one_did() {
        Given::<Household>::new(registered(2))
            .when(&HouseholdCommand::ChangeKkNumber {
                kk_number: KkNumber::parse("3578010202260009").unwrap(),
                valid_from: date("2023-01-01"),
                reason: "corrected card".into(),
            })
            .events();
        let error = Given::<Household>::new(registered(2))
            .when(&HouseholdCommand::ChangeKkNumber {
                kk_number: KkNumber::parse("3578010202260009").unwrap(),
                valid_from: date("2022-12-31"),
                reason: "corrected card".into(),
            })
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "valid_from"));
    }
}
