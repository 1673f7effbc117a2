//! Moving a person to another role, organisation or region (a transfer, a promotion from
//! PSM to TKSK, a new posting).

use berdaya_domain::DomainError;

use super::super::placement::place;
use super::super::{Person, PersonEvent, PersonStatus, ReassignPerson};
use crate::domain::check::not_before;

/// Reassigns an active person; the new placement follows the registration rules.
pub(super) fn reassign(
    state: &Person,
    command: &ReassignPerson,
) -> Result<Vec<PersonEvent>, DomainError> {
    if state.status == PersonStatus::Inactive {
        return Err(DomainError::rule(
            "person_id",
            "the person is deactivated; reactivate them first",
        ));
    }
    let previous = state
        .placement
        .clone()
        .ok_or_else(|| DomainError::not_found("person"))?;
    if let Some(last) = state.last_changed_on {
        not_before(
            "effective_on",
            command.effective_on,
            last,
            "the person's last change",
        )?;
    }
    let placement = place(&command.placement)?;
    if placement == previous {
        return Err(DomainError::rule(
            "",
            "the person already holds this role, organisation and region",
        ));
    }
    let subject_id = state
        .subject_id
        .ok_or_else(|| DomainError::not_found("person"))?;
    Ok(vec![PersonEvent::Reassigned {
        subject_id,
        placement,
        previous,
        effective_on: command.effective_on,
        note: Some(command.note.clone()),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::person::fixtures::*;
    use crate::domain::person::*;
    use crate::domain::roles::{PersonRole, Placement};

    fn reassign_to(role: PersonRole, region_code: &str, on: &str) -> PersonCommand {
        PersonCommand::Reassign(ReassignPerson {
            placement: request(role, Some(region_code)),
            effective_on: date(on),
            note: "SK Kepala Dinas 12/2026".to_owned(),
        })
    }

    #[test]
    fn a_pendamping_kube_becomes_the_districts_tksk() {
        let state = Given::<Person>::new(registered())
            .when(&reassign_to(PersonRole::Tksk, "35.78.01", "2026-03-01"))
            .then(vec![PersonEvent::Reassigned {
                subject_id: subject_id(),
                placement: Placement {
                    role: PersonRole::Tksk,
                    ..placement()
                },
                previous: placement(),
                effective_on: date("2026-03-01"),
                note: Some("SK Kepala Dinas 12/2026".to_owned()),
            }]);
        assert_eq!(state.placement.unwrap().role, PersonRole::Tksk);
    }

    #[test]
    fn the_new_placement_follows_the_registration_rules() {
        let error = Given::<Person>::new(registered())
            .when(&reassign_to(PersonRole::Tksk, "35.78", "2026-03-01"))
            .then_error();
        assert_eq!(invalid_field(error), "region_code");
    }

    #[test]
    fn nothing_changing_is_refused() {
        let error = Given::<Person>::new(registered())
            .when(&reassign_to(
                PersonRole::PendampingKube,
                "35.78.01",
                "2026-03-01",
            ))
            .then_error();
        assert_eq!(rule_field(error), "");
    }

    #[test]
    fn a_reassignment_before_the_last_change_is_refused() {
        let error = Given::<Person>::new(registered())
            .when(&reassign_to(PersonRole::Tksk, "35.78.01", "2026-01-04"))
            .then_error();
        assert_eq!(rule_field(error), "effective_on");
    }

    #[test]
    fn a_deactivated_person_is_not_reassigned() {
        let error = Given::<Person>::new(deactivated())
            .when(&reassign_to(PersonRole::Tksk, "35.78.01", "2026-08-01"))
            .then_error();
        assert_eq!(rule_field(error), "person_id");
    }

    #[test]
    fn an_unknown_person_is_not_found() {
        let error = Given::<Person>::nothing()
            .when(&reassign_to(PersonRole::Tksk, "35.78.01", "2026-08-01"))
            .then_error();
        assert_eq!(not_found(error), "person");
    }
}
