//! Enrolling in a programme: once at a time, within the programme's configured decile
//! band, and for PKH with components that fit the members claimed for.

use berdaya_domain::DomainError;

use super::check_components;
use crate::domain::{Household, HouseholdEvent, PkhComponent, Programme, ProgrammePolicy};

/// Decides `Enrol`.
pub(super) fn decide(
    state: &Household,
    programme: Programme,
    enrolled_on: chrono::NaiveDate,
    components: &[(uuid::Uuid, PkhComponent)],
    policy: &ProgrammePolicy,
) -> Result<Vec<HouseholdEvent>, DomainError> {
    if state.active_enrolment(programme).is_some() {
        return Err(DomainError::already_exists(
            "programme",
            format!("household is already enrolled in {}", programme.name()),
        ));
    }
    let band = policy.band(programme);
    if !band.contains(state.decile) {
        return Err(DomainError::rule(
            "programme",
            format!(
                "{} serves deciles {} to {}; the household is in decile {} (round {})",
                programme.name(),
                band.min,
                band.max,
                state.decile,
                state
                    .ranking_round
                    .map(|r| r.to_string())
                    .unwrap_or_default()
            ),
        ));
    }
    let (components, annual_entitlement) = if programme == Programme::Pkh {
        if components.is_empty() {
            return Err(DomainError::invalid(
                "components",
                "PKH enrolment needs at least one component",
            ));
        }
        check_components(state, components, enrolled_on)?;
        policy.pkh_entitlement(components)
    } else {
        if !components.is_empty() {
            return Err(DomainError::invalid(
                "components",
                "only PKH has components",
            ));
        }
        (Vec::new(), berdaya_domain::Rupiah::ZERO)
    };
    Ok(vec![HouseholdEvent::ProgrammeEnrolled {
        programme,
        decile: state.decile,
        ranking_round: state
            .ranking_round
            .ok_or_else(|| DomainError::not_found("household"))?,
        enrolled_on,
        components,
        annual_entitlement,
        eligible_decile_max: band.max,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::id::Sex;
    use berdaya_domain::{DomainError, Rupiah};

    use crate::domain::fixtures::*;
    use crate::domain::*;

    #[test]
    fn enrolment_checks_the_decile_band_from_configuration() {
        let enrol = |programme| HouseholdCommand::Enrol {
            programme,
            enrolled_on: date("2026-04-01"),
            components: vec![],
        };
        // Decile 5: Sembako (1-5) yes, PIP (1-4) no.
        Given::<Household>::new(registered(5))
            .when(&enrol(Programme::Sembako))
            .events();
        let error = Given::<Household>::new(registered(5))
            .when(&enrol(Programme::Pip))
            .then_error();
        assert!(
            error.to_string().contains("PIP serves deciles 1 to 4"),
            "{error}"
        );
        // A stricter configured band applies.
        let mut strict = ProgrammePolicy::default();
        strict
            .bands
            .insert(Programme::Sembako, DecileBand { min: 1, max: 3 });
        let error = Given::<Household>::new(registered(5))
            .with_rules(strict)
            .when(&HouseholdCommand::Enrol {
                programme: Programme::Sembako,
                enrolled_on: date("2026-04-01"),
                components: vec![],
            })
            .then_error();
        assert!(matches!(error, DomainError::Rule { .. }));
    }

    #[test]
    fn enrolling_twice_in_the_same_programme_is_refused() {
        let mut history = registered(2);
        history.extend(
            Given::<Household>::new(registered(2))
                .when(&HouseholdCommand::Enrol {
                    programme: Programme::Sembako,
                    enrolled_on: date("2026-04-01"),
                    components: vec![],
                })
                .events(),
        );
        let error = Given::<Household>::new(history)
            .when(&HouseholdCommand::Enrol {
                programme: Programme::Sembako,
                enrolled_on: date("2026-05-01"),
                components: vec![],
            })
            .then_error();
        assert!(
            matches!(&error, DomainError::AlreadyExists { reason, .. }
                if reason == "household is already enrolled in Sembako"),
            "{error:?}"
        );
    }

    #[test]
    fn pkh_counts_at_most_four_members_with_the_highest_amounts() {
        // Five members with components: 3,000,000 + 3,000,000 + 2,400,000 + 2,000,000 count;
        // the SD pupil (900,000) is the fifth and does not.
        let mut history = registered(1);
        let pupil = new_member(
            7,
            Sex::Male,
            Relationship::Child,
            person("3578010101150007", "Dodi", "2015-01-01"),
        );
        let teen = new_member(
            8,
            Sex::Female,
            Relationship::Child,
            person("3578014101090008", "Tini", "2009-01-01"),
        );
        for member in [pupil, teen] {
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
        let claims = vec![
            (id(7), PkhComponent::Sd),
            (id(2), PkhComponent::Pregnant),
            (id(3), PkhComponent::Child0To6),
            (id(4), PkhComponent::Elderly),
            (id(8), PkhComponent::Sma),
        ];
        let events = Given::<Household>::new(history)
            .when(&HouseholdCommand::Enrol {
                programme: Programme::Pkh,
                enrolled_on: date("2026-04-01"),
                components: claims,
            })
            .events();
        let HouseholdEvent::ProgrammeEnrolled {
            components,
            annual_entitlement,
            ..
        } = &events[0]
        else {
            panic!()
        };
        assert_eq!(
            *annual_entitlement,
            Rupiah(3_000_000 + 3_000_000 + 2_400_000 + 2_000_000)
        );
        assert!(
            !components[0].counted,
            "the SD pupil is the fifth and must not count"
        );
        assert_eq!(components.iter().filter(|c| c.counted).count(), 4);
    }

    #[test]
    fn pkh_components_must_fit_the_member() {
        let enrol = |claims| HouseholdCommand::Enrol {
            programme: Programme::Pkh,
            enrolled_on: date("2026-04-01"),
            components: claims,
        };
        // The head (41) is no child, the toddler is no elder, a man is not pregnant.
        for (claim, field) in [
            ((id(1), PkhComponent::Child0To6), "components[0].component"),
            ((id(3), PkhComponent::Elderly), "components[0].component"),
            ((id(1), PkhComponent::Pregnant), "components[0].component"),
            ((id(42), PkhComponent::Sd), "components[0].member_id"),
        ] {
            let error = Given::<Household>::new(registered(1))
                .when(&enrol(vec![claim]))
                .then_error();
            assert!(
                matches!(&error, DomainError::Rule { field: f, .. } if f == field),
                "{error:?}"
            );
        }
        let error = Given::<Household>::new(registered(1))
            .when(&enrol(vec![]))
            .then_error();
        assert!(matches!(error, DomainError::Invalid(_)));
        let error = Given::<Household>::new(registered(1))
            .when(&enrol(vec![
                (id(3), PkhComponent::Child0To6),
                (id(3), PkhComponent::Child0To6),
            ]))
            .then_error();
        assert!(matches!(error, DomainError::Invalid(_)));
    }
}
