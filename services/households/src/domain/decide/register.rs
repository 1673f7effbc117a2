//! Registering a household: exactly one head, and no NIK twice among its members.

use berdaya_domain::{DomainError, FieldViolation};

use super::facts;
use crate::domain::{Household, HouseholdCommand, HouseholdEvent, HouseholdStatus, Relationship};

/// Decides `Register`.
pub(super) fn decide(
    state: &Household,
    command: &HouseholdCommand,
) -> Result<Vec<HouseholdEvent>, DomainError> {
    let HouseholdCommand::Register {
        household_id,
        village,
        kk_number,
        kk_valid_from,
        decile,
        ranking_round,
        subject_id,
        data,
        members,
    } = command
    else {
        return unreachable_register();
    };
    if state.status != HouseholdStatus::Unregistered {
        return Err(DomainError::already_exists(
            "household_id",
            "a household with this id is already registered",
        ));
    }
    let heads = members
        .iter()
        .filter(|m| m.relationship == Relationship::Head)
        .count();
    if heads != 1 {
        return Err(DomainError::Invalid(vec![FieldViolation::new(
            "members",
            format!("exactly one member must be the head (relationship HEAD), found {heads}"),
        )]));
    }
    for (index, member) in members.iter().enumerate() {
        if members[..index]
            .iter()
            .any(|m| m.person.nik == member.person.nik)
        {
            return Err(DomainError::Invalid(vec![FieldViolation::new(
                format!("members[{index}].nik"),
                "the same NIK appears twice in this household",
            )]));
        }
    }
    Ok(vec![HouseholdEvent::Registered {
        household_id: *household_id,
        village: village.clone(),
        kk_number: Some(kk_number.clone()),
        kk_valid_from: *kk_valid_from,
        decile: *decile,
        ranking_round: *ranking_round,
        subject_id: *subject_id,
        data: Some(data.clone()),
        members: members.iter().map(facts).collect(),
    }])
}

fn unreachable_register() -> Result<Vec<HouseholdEvent>, DomainError> {
    Err(DomainError::rule("", "register is decided separately"))
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::*;

    #[test]
    fn registering_records_the_household_with_its_members() {
        let state = Given::<Household>::nothing()
            .when(&register_command(vec![head(), wife()], 2))
            .events();
        assert_eq!(state.len(), 1);
        let HouseholdEvent::Registered {
            members, decile, ..
        } = &state[0]
        else {
            panic!("not registered")
        };
        assert_eq!(members.len(), 2);
        assert_eq!(*decile, 2);
    }

    #[test]
    fn a_household_needs_exactly_one_head() {
        let error = Given::<Household>::nothing()
            .when(&register_command(vec![wife()], 2))
            .then_error();
        assert!(
            matches!(&error, DomainError::Invalid(v) if v[0].field == "members"),
            "{error:?}"
        );
        let mut second_head = wife();
        second_head.relationship = Relationship::Head;
        let error = Given::<Household>::nothing()
            .when(&register_command(vec![head(), second_head], 2))
            .then_error();
        assert!(error.to_string().contains("found 2"), "{error}");
    }

    #[test]
    fn the_same_nik_twice_in_one_household_is_refused() {
        let mut twin = wife();
        twin.person.nik = head().person.nik;
        let error = Given::<Household>::nothing()
            .when(&register_command(vec![head(), twin], 2))
            .then_error();
        assert!(
            matches!(&error, DomainError::Invalid(v) if v[0].field == "members[1].nik"),
            "{error:?}"
        );
    }

    #[test]
    fn registering_twice_is_refused() {
        let error = Given::<Household>::new(registered(2))
            .when(&register_command(vec![head()], 2))
            .then_error();
        assert!(matches!(error, DomainError::AlreadyExists { .. }));
    }
}
