//! Erasing a person's personal data (UU PDP 27/2022 right to deletion) by destroying the
//! data subject's key. Admin only, at the edge.

use berdaya_domain::DomainError;

use super::super::{DeactivationReason, ErasePersonalData, Person, PersonEvent, PersonStatus};
use crate::domain::check::invalid;

/// Records the erasure of the person's data subject; an active person is deactivated
/// first (Berdaya no longer serves someone it cannot name). Refused when already erased.
pub(super) fn erase_personal_data(
    state: &Person,
    command: &ErasePersonalData,
) -> Result<Vec<PersonEvent>, DomainError> {
    if command.reason.trim().is_empty() {
        return invalid("reason", "is required");
    }
    if state.data_erased() {
        return Err(DomainError::rule(
            "person_id",
            "the person's personal data is already erased",
        ));
    }
    let subject_id = state
        .subject_id
        .ok_or_else(|| DomainError::not_found("person"))?;
    let mut events = Vec::with_capacity(2);
    if state.status == PersonStatus::Active {
        events.push(PersonEvent::Deactivated {
            subject_id,
            reason: DeactivationReason::PersonalDataErased,
            // Never before the last change, even when the edge's clock lags behind it.
            deactivated_on: state
                .last_changed_on
                .map_or(command.erased_on, |last| last.max(command.erased_on)),
            note: Some(String::new()),
        });
    }
    events.push(PersonEvent::PersonalDataErased {
        subject_ids: vec![subject_id],
        reason: command.reason.clone(),
    });
    Ok(events)
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::facts::PersonStanding;
    use crate::domain::fixtures::*;
    use crate::domain::person::fixtures::*;
    use crate::domain::person::*;

    fn erase(reason: &str) -> PersonCommand {
        PersonCommand::ErasePersonalData(ErasePersonalData {
            reason: reason.to_owned(),
            erased_on: date("2026-09-01"),
        })
    }

    #[test]
    fn erasing_an_active_person_deactivates_them_first() {
        let state = Given::<Person>::new(registered())
            .when(&erase("permintaan subjek data"))
            .then(erased()[1..].to_vec());
        assert!(state.data_erased());
        assert!(state.data.is_none());
        assert_eq!(state.placement, Some(placement()));
        assert_eq!(state.facts(person_id()).standing, PersonStanding::Inactive);
    }

    #[test]
    fn a_deactivated_persons_data_is_erased_without_a_second_deactivation() {
        let events = Given::<Person>::new(deactivated())
            .when(&erase("permintaan subjek data"))
            .events();
        assert_eq!(
            events,
            [PersonEvent::PersonalDataErased {
                subject_ids: vec![subject_id()],
                reason: "permintaan subjek data".to_owned(),
            }]
        );
    }

    #[test]
    fn erasing_twice_is_refused() {
        let error = Given::<Person>::new(erased())
            .when(&erase("lagi"))
            .then_error();
        assert_eq!(rule_field(error), "person_id");
    }

    #[test]
    fn a_reason_is_required() {
        let error = Given::<Person>::new(registered())
            .when(&erase(""))
            .then_error();
        assert_eq!(invalid_field(error), "reason");
    }
}
