//! The household's rules: one file per command, each with its given/when/then tests.
//! This file routes a command to its rule and holds the status gate every command but
//! Register passes, and the checks several commands share.

mod add_member;
mod change_kk_number;
mod close;
mod enrol;
mod erase;
mod exit;
mod move_household;
mod register;
mod remove_member;
mod update_decile;
mod update_pkh_components;

use berdaya_domain::DomainError;

use super::PkhComponent;
use super::commands::{HouseholdCommand, NewMember};
use super::events::{HouseholdEvent, MemberFacts};
use super::policy::{ProgrammePolicy, age_on};
use super::state::{Household, HouseholdStatus};

/// Decides a command against a household's state.
pub(super) fn decide(
    state: &Household,
    command: &HouseholdCommand,
    policy: &ProgrammePolicy,
) -> Result<Vec<HouseholdEvent>, DomainError> {
    use HouseholdCommand as C;
    if let C::Register { .. } = command {
        return register::decide(state, command);
    }
    status_gate(state, command)?;
    match command {
        C::Register { .. } => register::decide(state, command),
        C::AddMember { member, joined_on } => add_member::decide(state, member, *joined_on),
        C::RemoveMember {
            member_id,
            reason,
            effective_date,
            note,
            new_head,
        } => remove_member::decide(state, *member_id, *reason, *effective_date, note, *new_head),
        C::ChangeKkNumber {
            kk_number,
            valid_from,
            reason,
        } => change_kk_number::decide(state, kk_number, *valid_from, reason),
        C::Move {
            to,
            address,
            moved_on,
        } => move_household::decide(state, to, address, *moved_on),
        C::UpdateDecile {
            decile,
            ranking_round,
        } => update_decile::decide(state, *decile, *ranking_round),
        C::Enrol {
            programme,
            enrolled_on,
            components,
        } => enrol::decide(state, *programme, *enrolled_on, components, policy),
        C::UpdatePkhComponents {
            components,
            effective_date,
        } => update_pkh_components::decide(state, components, *effective_date, policy),
        C::Exit {
            programme,
            reason,
            exited_on,
            note,
        } => exit::decide(state, *programme, *reason, *exited_on, note),
        C::Close { reason, closed_on } => Ok(close::decide(state, reason, *closed_on)),
        C::ErasePersonalData {
            member_id,
            reason,
            on,
        } => erase::decide(state, *member_id, reason, *on),
    }
}

/// Refuses every command but Register on a household that is not registered, and every
/// command but erasure on a closed one.
fn status_gate(state: &Household, command: &HouseholdCommand) -> Result<(), DomainError> {
    match state.status {
        HouseholdStatus::Unregistered => Err(DomainError::not_found("household")),
        // A closed household's people keep their right to erasure (UU PDP 27/2022).
        HouseholdStatus::Closed
            if !matches!(command, HouseholdCommand::ErasePersonalData { .. }) =>
        {
            Err(DomainError::rule("household_id", "household is closed"))
        }
        HouseholdStatus::Closed | HouseholdStatus::Active => Ok(()),
    }
}

/// Each claimed component must appear once (else the request is malformed), belong to
/// an active member, and fit the member where the facts allow a check: age for the child
/// and elderly components, sex for pregnancy (else a rule refuses it).
fn check_components(
    state: &Household,
    components: &[(uuid::Uuid, PkhComponent)],
    on: chrono::NaiveDate,
) -> Result<(), DomainError> {
    for (index, (member_id, component)) in components.iter().enumerate() {
        let field = format!("components[{index}]");
        if components[..index].contains(&(*member_id, *component)) {
            return Err(DomainError::invalid(
                field,
                "the same component is claimed twice for this member",
            ));
        }
        let Some(member) = state.member(*member_id).filter(|m| m.active) else {
            return Err(DomainError::rule(
                format!("{field}.member_id"),
                "is not an active member of this household",
            ));
        };
        let age = member
            .facts
            .person
            .as_ref()
            .map(|p| age_on(p.birth_date, on));
        let problem = match (component, age) {
            (PkhComponent::Child0To6, Some(age)) if !(0..=6).contains(&age) => Some(format!(
                "the member is {age}; the child component needs age 0 to 6"
            )),
            (PkhComponent::Elderly, Some(age)) if age < 70 => Some(format!(
                "the member is {age}; the elderly component needs age 70 or over"
            )),
            (PkhComponent::Pregnant, _) if member.facts.sex != berdaya_domain::id::Sex::Female => {
                Some("only a woman can hold the pregnancy component".to_owned())
            }
            _ => None,
        };
        if let Some(problem) = problem {
            return Err(DomainError::rule(format!("{field}.component"), problem));
        }
    }
    Ok(())
}

/// The facts recorded of a member joining, at registration or later.
fn facts(member: &NewMember) -> MemberFacts {
    MemberFacts {
        member_id: member.member_id,
        subject_id: member.subject_id,
        sex: member.sex,
        relationship: member.relationship,
        person: Some(member.person.clone()),
    }
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::id::{RankingRound, Sex};

    use crate::domain::fixtures::*;
    use crate::domain::*;

    #[test]
    fn commands_on_an_unregistered_household_are_not_found() {
        let error = Given::<Household>::nothing()
            .when(&HouseholdCommand::UpdateDecile {
                decile: 3,
                ranking_round: RankingRound::parse("2026-Q2").unwrap(),
            })
            .then_error();
        assert!(matches!(error, DomainError::NotFound { .. }));
    }

    #[test]
    fn a_closed_household_refuses_changes() {
        let mut history = registered(2);
        history.push(HouseholdEvent::Closed {
            reason: "merged".into(),
            closed_on: date("2026-07-01"),
        });
        let error = Given::<Household>::new(history)
            .when(&HouseholdCommand::UpdateDecile {
                decile: 3,
                ranking_round: RankingRound::parse("2026-Q3").unwrap(),
            })
            .then_error();
        assert!(matches!(error, DomainError::Rule { .. }));
    }

    /// Registered in decile 1, with a grandfather born 1956-04-01 (70 on 2026-04-01) and a
    /// child born 2019-04-01 (7 on 2026-04-01).
    fn with_birthdays_on_the_first_of_april() -> Vec<HouseholdEvent> {
        let mut history = registered(1);
        for member in [
            new_member(
                9,
                Sex::Male,
                Relationship::Parent,
                person("3578010104560009", "Mbah Karto", "1956-04-01"),
            ),
            new_member(
                10,
                Sex::Female,
                Relationship::Child,
                person("3578014104190010", "Rina", "2019-04-01"),
            ),
        ] {
            history.push(HouseholdEvent::MemberAdded {
                member: MemberFacts {
                    member_id: member.member_id,
                    subject_id: member.subject_id,
                    sex: member.sex,
                    relationship: member.relationship,
                    person: Some(member.person),
                },
                joined_on: date("2026-01-01"),
            });
        }
        history
    }

    fn enrol_pkh(claim: (uuid::Uuid, PkhComponent), on: &str) -> HouseholdCommand {
        HouseholdCommand::Enrol {
            programme: Programme::Pkh,
            enrolled_on: date(on),
            components: vec![claim],
        }
    }

    #[test]
    fn the_elderly_component_starts_on_the_seventieth_birthday() {
        let error = Given::<Household>::new(with_birthdays_on_the_first_of_april())
            .when(&enrol_pkh((id(9), PkhComponent::Elderly), "2026-03-31"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { field, reason } if field == "components[0].component" && reason.contains("69")),
            "{error:?}"
        );
        Given::<Household>::new(with_birthdays_on_the_first_of_april())
            .when(&enrol_pkh((id(9), PkhComponent::Elderly), "2026-04-01"))
            .events();
    }

    #[test]
    fn the_child_component_ends_on_the_seventh_birthday() {
        Given::<Household>::new(with_birthdays_on_the_first_of_april())
            .when(&enrol_pkh((id(10), PkhComponent::Child0To6), "2026-03-31"))
            .events();
        let error = Given::<Household>::new(with_birthdays_on_the_first_of_april())
            .when(&enrol_pkh((id(10), PkhComponent::Child0To6), "2026-04-01"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { field, reason } if field == "components[0].component" && reason.contains("is 7")),
            "{error:?}"
        );
    }

    #[test]
    fn a_newborn_holds_the_child_component_from_birth() {
        Given::<Household>::new(with_birthdays_on_the_first_of_april())
            .when(&enrol_pkh((id(10), PkhComponent::Child0To6), "2019-04-01"))
            .events();
    }

    #[test]
    fn a_woman_may_hold_the_pregnancy_component_and_a_removed_member_nothing() {
        Given::<Household>::new(registered(1))
            .when(&enrol_pkh((id(2), PkhComponent::Pregnant), "2026-04-01"))
            .events();
        let mut history = registered(1);
        history.push(HouseholdEvent::MemberRemoved {
            member_id: id(3),
            subject_id: id(1003),
            reason: RemovalReason::Moved,
            effective_date: date("2026-02-01"),
            note: None,
            new_head: None,
        });
        let error = Given::<Household>::new(history)
            .when(&enrol_pkh((id(3), PkhComponent::Child0To6), "2026-04-01"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { field, .. } if field == "components[0].member_id"),
            "{error:?}"
        );
    }
}
