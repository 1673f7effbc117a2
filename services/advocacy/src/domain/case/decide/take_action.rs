//! Recording an advocacy action (a hearing, a public dialogue, a campaign, a formal
//! complaint, a referral, ...): when, who took part (affected households, registered
//! partners, other institutions) and what came of it. Action follows a plan.

use berdaya_domain::DomainError;

use super::{distinct, not_before, open, required, since_opened};
use crate::domain::ActionKind;
use crate::domain::case::{AdvocacyCase, CaseEvent, CaseStatus, TakeAction};

/// Decides `TakeAction`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &TakeAction,
) -> Result<Vec<CaseEvent>, DomainError> {
    open(state)?;
    match state.status {
        CaseStatus::Reported => {
            return Err(DomainError::rule(
                "case_id",
                "the case is not assessed yet: assess it and adopt an action plan before acting",
            ));
        }
        CaseStatus::Assessed => {
            return Err(DomainError::rule(
                "case_id",
                "the case has no action plan: adopt one before acting",
            ));
        }
        _ => {}
    }
    if state
        .actions
        .iter()
        .any(|a| a.action_id == command.action_id)
    {
        return Err(DomainError::already_exists(
            "action_id",
            "this action is already recorded",
        ));
    }
    required("description", &command.description)?;
    required("outcome", &command.outcome)?;
    check_participants(state, command)?;
    since_opened(state, "taken_on", command.taken_on)?;
    let first_plan = state.plans.first().map(|p| p.adopted_on);
    not_before(
        "taken_on",
        command.taken_on,
        first_plan,
        "the action plan was adopted",
    )?;
    Ok(vec![CaseEvent::ActionTaken {
        action_id: command.action_id,
        kind: command.kind,
        taken_on: command.taken_on,
        description: command.description.clone(),
        households: command.households.clone(),
        partners: command.partners.iter().map(|p| p.partner_id).collect(),
        institutions: command.institutions.clone(),
        outcome: command.outcome.clone(),
    }])
}

/// Households must be affected by the case, partners known to the registry and not
/// retired (a suspended one may take part: see [`crate::domain::PartnerStanding`]),
/// institutions named;
/// policy formulation involves at least one affected household.
fn check_participants(state: &AdvocacyCase, command: &TakeAction) -> Result<(), DomainError> {
    distinct("household_ids", command.households.iter())?;
    distinct("partner_ids", command.partners.iter().map(|p| p.partner_id))?;
    for (index, household) in command.households.iter().enumerate() {
        if state.household(*household).is_none() {
            return Err(DomainError::rule(
                format!("household_ids[{index}]"),
                format!("household {household} is not affected by this case: add it first"),
            ));
        }
    }
    for (index, partner) in command.partners.iter().enumerate() {
        partner.may_take_part(&format!("partner_ids[{index}]"))?;
    }
    for (index, institution) in command.institutions.iter().enumerate() {
        required(&format!("institutions[{index}]"), institution)?;
    }
    if command.kind == ActionKind::PolicyFormulation && command.households.is_empty() {
        return Err(DomainError::rule(
            "household_ids",
            "policy formulation involves the affected households: name at least one that took part",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    fn action(change: impl FnOnce(&mut TakeAction)) -> CaseCommand {
        let CaseCommand::TakeAction(mut command) = act(1, "2026-03-05") else {
            unreachable!()
        };
        change(&mut command);
        CaseCommand::TakeAction(command)
    }

    #[test]
    fn a_hearing_with_households_and_a_partner_is_recorded() {
        let lbh = PartnerFacts {
            partner_id: id(50),
            standing: PartnerStanding::Active,
        };
        let case = Given::<AdvocacyCase>::new(planned())
            .when(&action(|a| {
                a.households = vec![id(1), id(2)];
                a.partners = vec![lbh];
            }))
            .then(vec![CaseEvent::ActionTaken {
                action_id: id(801),
                kind: ActionKind::Hearing,
                taken_on: date("2026-03-05"),
                description: "audiensi di kantor Dinas Sosial".to_owned(),
                households: vec![id(1), id(2)],
                partners: vec![id(50)],
                institutions: vec!["Dinas Sosial Kota Surabaya".to_owned()],
                outcome: "Dinas Sosial mengusulkan reaktivasi".to_owned(),
            }]);
        assert_eq!(case.status, CaseStatus::InAction);
        assert_eq!(case.actions.len(), 1);
    }

    #[test]
    fn acting_before_assessment_or_without_a_plan_is_refused() {
        let error = Given::<AdvocacyCase>::new(reported())
            .when(&act(1, "2026-03-05"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("not assessed"))
        );
        let error = Given::<AdvocacyCase>::new(assessed())
            .when(&act(1, "2026-03-05"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("no action plan"))
        );
    }

    #[test]
    fn acting_on_a_closed_case_is_refused() {
        for history in [resolved(), closed_unresolved()] {
            let error = Given::<AdvocacyCase>::new(history)
                .when(&act(1, "2026-03-25"))
                .then_error();
            assert!(matches!(&error, DomainError::Rule { field, reason }
                if field == "case_id" && reason.contains("reopen it first")));
        }
    }

    fn with_partners(standings: &[PartnerStanding]) -> CaseCommand {
        action(|a| {
            a.partners = standings
                .iter()
                .zip(50..)
                .map(|(standing, n)| PartnerFacts {
                    partner_id: id(n),
                    standing: *standing,
                })
                .collect();
        })
    }

    #[test]
    fn participants_must_be_affected_households_and_known_partners() {
        let error = Given::<AdvocacyCase>::new(planned())
            .when(&action(|a| a.households = vec![id(1), id(9)]))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "household_ids[1]"));
        let error = Given::<AdvocacyCase>::new(planned())
            .when(&with_partners(&[PartnerStanding::Unknown]))
            .then_error();
        assert!(
            matches!(&error, DomainError::NotFound { what } if what.contains("partner_ids[0]"))
        );
    }

    #[test]
    fn a_retired_partner_is_refused_naming_its_place() {
        let error = Given::<AdvocacyCase>::new(planned())
            .when(&with_partners(&[
                PartnerStanding::Active,
                PartnerStanding::Retired,
            ]))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, reason }
            if field == "partner_ids[1]" && reason.contains("retired")));
    }

    #[test]
    fn a_suspended_partner_still_takes_part() {
        let events = Given::<AdvocacyCase>::new(planned())
            .when(&with_partners(&[PartnerStanding::Suspended]))
            .events();
        assert!(
            matches!(&events[..], [CaseEvent::ActionTaken { partners, .. }]
            if partners == &[id(50)])
        );
    }

    #[test]
    fn policy_formulation_needs_the_households_taking_part() {
        let error = Given::<AdvocacyCase>::new(planned())
            .when(&action(|a| {
                a.kind = ActionKind::PolicyFormulation;
                a.households.clear();
            }))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "household_ids"));
    }

    #[test]
    fn an_outcome_is_required_and_an_action_is_recorded_once() {
        let error = Given::<AdvocacyCase>::new(planned())
            .when(&action(|a| a.outcome = String::new()))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "outcome"));
        let history = run(planned(), vec![act(1, "2026-03-05")]);
        let error = Given::<AdvocacyCase>::new(history)
            .when(&act(1, "2026-03-05"))
            .then_error();
        assert!(matches!(&error, DomainError::AlreadyExists { field, .. } if field == "action_id"));
    }

    #[test]
    fn an_action_cannot_predate_the_plan() {
        let error = Given::<AdvocacyCase>::new(planned())
            .when(&action(|a| a.taken_on = date("2026-03-02")))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, reason }
            if field == "taken_on" && reason.contains("action plan")));
    }
}
