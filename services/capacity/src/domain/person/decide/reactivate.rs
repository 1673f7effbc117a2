//! A person coming back to the programme (a facilitator's contract renewed).

use berdaya_domain::DomainError;

use super::super::{Person, PersonEvent, PersonStatus, ReactivatePerson};
use crate::domain::check::not_before;

/// Reactivates a deactivated person in their last placement.
pub(super) fn reactivate(
    state: &Person,
    command: &ReactivatePerson,
) -> Result<Vec<PersonEvent>, DomainError> {
    if state.status != PersonStatus::Inactive {
        return Err(DomainError::rule("person_id", "the person is active"));
    }
    if state.data_erased() {
        return Err(DomainError::rule(
            "person_id",
            "the person's personal data was erased; register them anew",
        ));
    }
    if let Some(last) = state.last_changed_on {
        not_before(
            "reactivated_on",
            command.reactivated_on,
            last,
            "the person was deactivated",
        )?;
    }
    let subject_id = state
        .subject_id
        .ok_or_else(|| DomainError::not_found("person"))?;
    Ok(vec![PersonEvent::Reactivated {
        subject_id,
        reactivated_on: command.reactivated_on,
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
    use crate::domain::roles::PersonRole;

    fn reactivate(on: &str) -> PersonCommand {
        PersonCommand::Reactivate(ReactivatePerson {
            reactivated_on: date(on),
            note: "kontrak 2027".to_owned(),
        })
    }

    #[test]
    fn a_returning_facilitator_is_active_in_their_last_placement() {
        let state = Given::<Person>::new(deactivated())
            .when(&reactivate("2027-01-02"))
            .then(vec![PersonEvent::Reactivated {
                subject_id: subject_id(),
                reactivated_on: date("2027-01-02"),
                note: Some("kontrak 2027".to_owned()),
            }]);
        assert_eq!(
            state.facts(person_id()).standing,
            PersonStanding::Active {
                role: PersonRole::PendampingKube,
                region: Some(region("35.78.01")),
            }
        );
    }

    #[test]
    fn an_active_person_is_not_reactivated() {
        let error = Given::<Person>::new(registered())
            .when(&reactivate("2026-02-01"))
            .then_error();
        assert_eq!(rule_field(error), "person_id");
    }

    #[test]
    fn a_person_whose_data_was_erased_is_not_reactivated() {
        let error = Given::<Person>::new(erased())
            .when(&reactivate("2027-01-02"))
            .then_error();
        assert_eq!(rule_field(error), "person_id");
    }

    #[test]
    fn a_date_before_the_deactivation_is_refused() {
        let error = Given::<Person>::new(deactivated())
            .when(&reactivate("2026-06-29"))
            .then_error();
        assert_eq!(rule_field(error), "reactivated_on");
    }
}
