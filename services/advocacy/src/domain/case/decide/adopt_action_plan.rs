//! Adopting an action plan for an assessed case: what the advocacy aims to obtain and
//! the steps to get there. A new version replaces the current plan.

use berdaya_domain::DomainError;

use super::{assessed, not_before, required};
use crate::domain::case::{AdoptActionPlan, AdvocacyCase, CaseEvent};

/// Decides `AdoptActionPlan`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &AdoptActionPlan,
) -> Result<Vec<CaseEvent>, DomainError> {
    assessed(state, "planning action")?;
    required("objective", &command.objective)?;
    if command.steps.is_empty() {
        return Err(DomainError::invalid(
            "steps",
            "a plan needs at least one step",
        ));
    }
    for (index, step) in command.steps.iter().enumerate() {
        required(&format!("steps[{index}].description"), &step.description)?;
        if let Some(due_on) = step.due_on {
            not_before(
                &format!("steps[{index}].due_on"),
                due_on,
                Some(command.adopted_on),
                "the plan is adopted",
            )?;
        }
    }
    let assessed_on = state.assessment.as_ref().map(|a| a.assessed_on);
    not_before(
        "adopted_on",
        command.adopted_on,
        assessed_on,
        "the case was assessed",
    )?;
    Ok(vec![CaseEvent::ActionPlanAdopted {
        version: state.plan().map_or(1, |p| p.version.saturating_add(1)),
        adopted_on: command.adopted_on,
        objective: command.objective.clone(),
        steps: command.steps.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    fn plan_with(change: impl FnOnce(&mut AdoptActionPlan)) -> CaseCommand {
        let CaseCommand::AdoptActionPlan(mut command) = plan() else {
            unreachable!()
        };
        change(&mut command);
        CaseCommand::AdoptActionPlan(command)
    }

    #[test]
    fn an_assessed_case_gets_its_first_plan() {
        let case = Given::<AdvocacyCase>::new(assessed())
            .when(&plan())
            .then(vec![CaseEvent::ActionPlanAdopted {
                version: 1,
                adopted_on: date("2026-03-03"),
                objective: "KIS kedua keluarga diaktifkan kembali".to_owned(),
                steps: vec![PlannedStep {
                    kind: ActionKind::Hearing,
                    description: "audiensi dengan Dinas Sosial dan BPJS".to_owned(),
                    due_on: Some(date("2026-03-10")),
                }],
            }]);
        assert_eq!(case.status, CaseStatus::Planned);
    }

    #[test]
    fn a_revised_plan_is_the_next_version_and_keeps_the_case_in_action() {
        let events = Given::<AdvocacyCase>::new(in_action())
            .when(&plan_with(|p| p.adopted_on = date("2026-03-05")))
            .events();
        assert!(matches!(
            &events[0],
            CaseEvent::ActionPlanAdopted { version: 2, .. }
        ));
        let mut history = in_action();
        history.extend(events);
        assert_eq!(state(&history).status, CaseStatus::InAction);
    }

    #[test]
    fn planning_before_assessment_is_refused() {
        let error = Given::<AdvocacyCase>::new(reported())
            .when(&plan())
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, reason }
            if field == "case_id" && reason.contains("not assessed yet")));
    }

    #[test]
    fn a_plan_needs_an_objective_and_steps_due_after_it() {
        let error = Given::<AdvocacyCase>::new(assessed())
            .when(&plan_with(|p| p.steps.clear()))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "steps"));
        let error = Given::<AdvocacyCase>::new(assessed())
            .when(&plan_with(|p| p.steps[0].due_on = Some(date("2026-03-01"))))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "steps[0].due_on"));
        let error = Given::<AdvocacyCase>::new(assessed())
            .when(&plan_with(|p| p.objective = String::new()))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "objective"));
    }
}
