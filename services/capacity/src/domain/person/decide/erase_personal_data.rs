//! Erasing a person's personal data (UU PDP 27/2022 right to deletion) by destroying the
//! data subject's key. Admin only, at the edge.

use berdaya_domain::DomainError;

use super::super::{ErasePersonalData, Person, PersonEvent};
use crate::domain::check::invalid;

/// Records the erasure of the person's data subject; refused when already erased.
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
    Ok(vec![PersonEvent::PersonalDataErased {
        subject_ids: vec![subject_id],
        reason: command.reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::person::fixtures::*;
    use crate::domain::person::*;

    fn erase(reason: &str) -> PersonCommand {
        PersonCommand::ErasePersonalData(ErasePersonalData {
            reason: reason.to_owned(),
        })
    }

    #[test]
    fn erasure_leaves_the_placement_and_reads_as_erased() {
        let state = Given::<Person>::new(registered())
            .when(&erase("permintaan subjek data"))
            .then(erased()[1..].to_vec());
        assert!(state.data_erased());
        assert!(state.data.is_none());
        assert_eq!(state.placement, Some(placement()));
    }

    #[test]
    fn a_deactivated_persons_data_can_be_erased() {
        Given::<Person>::new(deactivated())
            .when(&erase("permintaan subjek data"))
            .events();
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
