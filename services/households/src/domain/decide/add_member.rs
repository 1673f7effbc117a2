//! Adding a member: never a second head, and never a NIK already in the household.

use berdaya_domain::DomainError;
use chrono::NaiveDate;

use super::facts;
use crate::domain::{Household, HouseholdEvent, NewMember, Relationship};

/// Decides `AddMember`.
pub(super) fn decide(
    state: &Household,
    member: &NewMember,
    joined_on: NaiveDate,
) -> Result<Vec<HouseholdEvent>, DomainError> {
    if member.relationship == Relationship::Head {
        return Err(DomainError::rule(
            "member.relationship",
            "the household already has a head; remove the head with a new head instead",
        ));
    }
    if state.active_members().any(|m| {
        m.facts
            .person
            .as_ref()
            .is_some_and(|p| p.nik == member.person.nik)
    }) {
        return Err(DomainError::already_exists(
            "member.nik",
            "a member of this household already has this NIK",
        ));
    }
    Ok(vec![HouseholdEvent::MemberAdded {
        member: facts(member),
        joined_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::id::Sex;

    use crate::domain::fixtures::*;
    use crate::domain::*;

    #[test]
    fn adding_a_member_records_them() {
        let baby = new_member(
            5,
            Sex::Female,
            Relationship::Child,
            person("3578014105260005", "Rina", "2026-05-01"),
        );
        let state = Given::<Household>::new(registered(2))
            .when(&HouseholdCommand::AddMember {
                member: baby.clone(),
                joined_on: date("2026-05-01"),
            })
            .then(vec![HouseholdEvent::MemberAdded {
                member: MemberFacts {
                    member_id: baby.member_id,
                    subject_id: baby.subject_id,
                    sex: Sex::Female,
                    relationship: Relationship::Child,
                    person: Some(baby.person.clone()),
                },
                joined_on: date("2026-05-01"),
            }]);
        assert_eq!(state.active_members().count(), 5);
    }

    #[test]
    fn a_second_head_cannot_be_added() {
        let mut other = new_member(
            6,
            Sex::Male,
            Relationship::Head,
            person("3578010101900006", "X", "1990-01-01"),
        );
        other.relationship = Relationship::Head;
        let error = Given::<Household>::new(registered(2))
            .when(&HouseholdCommand::AddMember {
                member: other,
                joined_on: date("2026-01-01"),
            })
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { field, .. } if field == "member.relationship")
        );
    }
}
