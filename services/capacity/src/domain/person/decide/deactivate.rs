//! A person leaving the programme.

use berdaya_domain::DomainError;

use super::super::{DeactivatePerson, DeactivationReason, Person, PersonEvent, PersonStatus};
use crate::domain::check::{invalid, not_before};

/// Deactivates an active person; `Other` needs a note saying why.
pub(super) fn deactivate(
    state: &Person,
    command: &DeactivatePerson,
) -> Result<Vec<PersonEvent>, DomainError> {
    if command.reason == DeactivationReason::Other && command.note.trim().is_empty() {
        return invalid("note", "is required when the reason is OTHER");
    }
    if state.status == PersonStatus::Inactive {
        return Err(DomainError::rule(
            "person_id",
            "the person is already deactivated",
        ));
    }
    if command.reason == DeactivationReason::PersonalDataErased {
        return invalid(
            "reason",
            "is recorded by erasing the personal data, not given",
        );
    }
    if let Some(last) = state.last_changed_on {
        not_before(
            "deactivated_on",
            command.deactivated_on,
            last,
            "the person's last change",
        )?;
    }
    let subject_id = state
        .subject_id
        .ok_or_else(|| DomainError::not_found("person"))?;
    Ok(vec![PersonEvent::Deactivated {
        subject_id,
        reason: command.reason,
        deactivated_on: command.deactivated_on,
        note: Some(command.note.clone()),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::facts::PersonStanding;
    use crate::domain::fixtures::*;
    use crate::domain::person::fixtures::*;
    use crate::domain::person::*;

    fn deactivate(reason: DeactivationReason, on: &str, note: &str) -> PersonCommand {
        PersonCommand::Deactivate(DeactivatePerson {
            reason,
            deactivated_on: date(on),
            note: note.to_owned(),
        })
    }

    #[test]
    fn a_deactivated_person_stands_inactive_for_other_aggregates() {
        let state = Given::<Person>::new(registered())
            .when(&deactivate(
                DeactivationReason::ContractEnded,
                "2026-06-30",
                "",
            ))
            .then(deactivated()[1..].to_vec());
        assert_eq!(state.facts(person_id()).standing, PersonStanding::Inactive);
    }

    #[test]
    fn other_reasons_need_a_note() {
        let error = Given::<Person>::new(registered())
            .when(&deactivate(DeactivationReason::Other, "2026-06-30", " "))
            .then_error();
        assert_eq!(invalid_field(error), "note");
    }

    #[test]
    fn erasure_is_not_a_reason_to_give() {
        let error = Given::<Person>::new(registered())
            .when(&deactivate(
                DeactivationReason::PersonalDataErased,
                "2026-06-30",
                "",
            ))
            .then_error();
        assert_eq!(invalid_field(error), "reason");
    }

    #[test]
    fn deactivating_twice_is_refused() {
        let error = Given::<Person>::new(deactivated())
            .when(&deactivate(DeactivationReason::Resigned, "2026-07-30", ""))
            .then_error();
        assert_eq!(rule_field(error), "person_id");
    }

    #[test]
    fn a_date_before_registration_is_refused() {
        let error = Given::<Person>::new(registered())
            .when(&deactivate(DeactivationReason::Resigned, "2025-12-31", ""))
            .then_error();
        assert_eq!(rule_field(error), "deactivated_on");
    }
}
