//! Re-assessing a PKH household's components: from its enrolment on, with the same
//! checks as at enrolment, and the entitlement worked out again by the policy.

use berdaya_domain::DomainError;

use super::check_components;
use crate::domain::{Household, HouseholdEvent, PkhComponent, Programme, ProgrammePolicy};

/// Decides `UpdatePkhComponents`.
pub(super) fn decide(
    state: &Household,
    components: &[(uuid::Uuid, PkhComponent)],
    effective_date: chrono::NaiveDate,
    policy: &ProgrammePolicy,
) -> Result<Vec<HouseholdEvent>, DomainError> {
    let enrolment = state
        .active_enrolment(Programme::Pkh)
        .ok_or_else(|| DomainError::rule("household_id", "household is not enrolled in PKH"))?;
    berdaya_domain::not_before(
        "effective_date",
        effective_date,
        enrolment.enrolled_on,
        "the PKH enrolment",
    )?;
    check_components(state, components, effective_date)?;
    let (components, annual_entitlement) = policy.pkh_entitlement(components);
    Ok(vec![HouseholdEvent::PkhComponentsUpdated {
        components,
        annual_entitlement,
        effective_date,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::{Aggregate, DomainError, Rupiah};

    use crate::domain::fixtures::*;
    use crate::domain::*;

    fn update(claims: Vec<(uuid::Uuid, PkhComponent)>, on: &str) -> HouseholdCommand {
        HouseholdCommand::UpdatePkhComponents {
            components: claims,
            effective_date: date(on),
        }
    }

    /// Registered in decile 1 and enrolled in PKH on 2026-04-01 for the toddler.
    fn enrolled_in_pkh() -> Vec<HouseholdEvent> {
        let mut history = registered(1);
        history.extend(
            Given::<Household>::new(history.clone())
                .when(&HouseholdCommand::Enrol {
                    programme: Programme::Pkh,
                    enrolled_on: date("2026-04-01"),
                    components: vec![(id(3), PkhComponent::Child0To6)],
                })
                .events(),
        );
        history
    }

    #[test]
    fn a_reassessment_replaces_the_components_and_the_entitlement() {
        let state = Given::<Household>::new(enrolled_in_pkh())
            .when(&update(
                vec![
                    (id(3), PkhComponent::Child0To6),
                    (id(4), PkhComponent::Elderly),
                ],
                "2026-06-01",
            ))
            .events();
        let HouseholdEvent::PkhComponentsUpdated {
            components,
            annual_entitlement,
            effective_date,
        } = &state[0]
        else {
            panic!("{state:?}")
        };
        assert_eq!(components.len(), 2);
        assert_eq!(*annual_entitlement, Rupiah(3_000_000 + 2_400_000));
        assert_eq!(*effective_date, date("2026-06-01"));
    }

    #[test]
    fn only_a_pkh_household_is_reassessed_and_not_before_its_enrolment() {
        let error = Given::<Household>::new(registered(1))
            .when(&update(
                vec![(id(3), PkhComponent::Child0To6)],
                "2026-06-01",
            ))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "household_id"));
        let error = Given::<Household>::new(enrolled_in_pkh())
            .when(&update(
                vec![(id(3), PkhComponent::Child0To6)],
                "2026-03-01",
            ))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "effective_date"));
        let error = Given::<Household>::new(enrolled_in_pkh())
            .when(&update(vec![(id(1), PkhComponent::Pregnant)], "2026-06-01"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { field, .. } if field == "components[0].component"),
            "the components are checked as at enrolment: {error:?}"
        );
    }

    #[test]
    fn a_reassessment_on_the_enrolment_day_is_accepted() {
        Given::<Household>::new(enrolled_in_pkh())
            .when(&update(vec![(id(4), PkhComponent::Elderly)], "2026-04-01"))
            .events();
    }

    #[test]
    fn a_reassessment_changes_the_current_pkh_enrolment_only() {
        // Enrolled in Sembako first, then in PKH; an earlier PKH enrolment has ended.
        let mut history = registered(1);
        for command in [
            HouseholdCommand::Enrol {
                programme: Programme::Sembako,
                enrolled_on: date("2026-01-10"),
                components: vec![],
            },
            HouseholdCommand::Enrol {
                programme: Programme::Pkh,
                enrolled_on: date("2026-01-15"),
                components: vec![(id(4), PkhComponent::Elderly)],
            },
            HouseholdCommand::Exit {
                programme: Programme::Pkh,
                reason: ExitReason::Graduated,
                exited_on: date("2026-02-01"),
                note: String::new(),
            },
            HouseholdCommand::Enrol {
                programme: Programme::Pkh,
                enrolled_on: date("2026-04-01"),
                components: vec![(id(3), PkhComponent::Child0To6)],
            },
        ] {
            history.extend(
                Given::<Household>::new(history.clone())
                    .when(&command)
                    .events(),
            );
        }
        let error = Given::<Household>::new(history.clone())
            .when(&update(vec![(id(4), PkhComponent::Elderly)], "2026-03-31"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { field, .. } if field == "effective_date"),
            "the current enrolment's date counts, not the first one's: {error:?}"
        );
        history.extend(
            Given::<Household>::new(history.clone())
                .when(&update(vec![(id(4), PkhComponent::Elderly)], "2026-06-01"))
                .events(),
        );
        let state = Household::from_events(&history);
        let [sembako, old_pkh, pkh] = &state.enrolments[..] else {
            panic!("{:?}", state.enrolments)
        };
        assert!(sembako.components.is_empty());
        assert_eq!(sembako.annual_entitlement, Rupiah::ZERO);
        assert_eq!(old_pkh.components[0].component, PkhComponent::Elderly);
        assert_eq!(old_pkh.exited_on, Some(date("2026-02-01")));
        assert_eq!(pkh.components.len(), 1);
        assert_eq!(pkh.components[0].member_id, id(4));
        assert_eq!(pkh.annual_entitlement, Rupiah(2_400_000));
    }
}
