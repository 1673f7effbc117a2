//! Resolving a case: the remedy obtained and, per household, the date it regained
//! access. Only a case in action resolves: assessed, planned, and at least one action
//! taken since it was (re)opened, for the remedy to be the advocacy's work.

use berdaya_domain::DomainError;

use super::{distinct, not_before, open, required, since_opened};
use crate::domain::case::{AdvocacyCase, CaseEvent, CaseStatus, Resolve};

/// Decides `Resolve`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &Resolve,
) -> Result<Vec<CaseEvent>, DomainError> {
    open(state)?;
    match state.status {
        CaseStatus::Reported => {
            return Err(DomainError::rule(
                "case_id",
                "the case is not assessed yet: assess it, plan and act before resolving it",
            ));
        }
        CaseStatus::Assessed | CaseStatus::Planned => {
            return Err(DomainError::rule(
                "case_id",
                "no action was taken since the case was opened: record the action that obtained the remedy first",
            ));
        }
        _ => {}
    }
    required("remedy", &command.remedy)?;
    if command.restored.is_empty() {
        return Err(DomainError::invalid(
            "restored",
            "name at least one household whose access was regained",
        ));
    }
    distinct("restored", command.restored.iter().map(|r| r.household_id))?;
    since_opened(state, "resolved_on", command.resolved_on)?;
    let last_action = state.actions.iter().map(|a| a.taken_on).max();
    not_before(
        "resolved_on",
        command.resolved_on,
        last_action,
        "the last action",
    )?;
    for (index, access) in command.restored.iter().enumerate() {
        let field = format!("restored[{index}]");
        let Some(household) = state.household(access.household_id) else {
            return Err(DomainError::rule(
                format!("{field}.household_id"),
                format!(
                    "household {} is not affected by this case",
                    access.household_id
                ),
            ));
        };
        not_before(
            &format!("{field}.regained_on"),
            access.regained_on,
            Some(household.added_on),
            "the household was added to the case",
        )?;
        if access.regained_on > command.resolved_on {
            return Err(DomainError::rule(
                format!("{field}.regained_on"),
                format!(
                    "{} is after the resolution ({})",
                    access.regained_on, command.resolved_on
                ),
            ));
        }
    }
    Ok(vec![CaseEvent::Resolved {
        resolved_on: command.resolved_on,
        remedy: command.remedy.clone(),
        restored: command.restored.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    fn resolution(change: impl FnOnce(&mut Resolve)) -> CaseCommand {
        let CaseCommand::Resolve(mut command) = resolve("2026-03-20") else {
            unreachable!()
        };
        change(&mut command);
        CaseCommand::Resolve(command)
    }

    #[test]
    fn a_resolution_records_the_remedy_and_when_each_household_regained_access() {
        let case = Given::<AdvocacyCase>::new(in_action())
            .when(&resolution(|r| {
                r.restored[0].regained_on = date("2026-03-18")
            }))
            .then(vec![CaseEvent::Resolved {
                resolved_on: date("2026-03-20"),
                remedy: "KIS diaktifkan kembali".to_owned(),
                restored: vec![
                    RestoredAccess {
                        household_id: id(1),
                        regained_on: date("2026-03-18"),
                    },
                    RestoredAccess {
                        household_id: id(2),
                        regained_on: date("2026-03-20"),
                    },
                ],
            }]);
        assert_eq!(case.status, CaseStatus::Resolved);
        assert_eq!(
            case.household(id(1)).unwrap().access_regained_on,
            Some(date("2026-03-18"))
        );
        assert_eq!(case.periods[0].closed_on, Some(date("2026-03-20")));
    }

    #[test]
    fn resolving_before_assessment_is_refused() {
        let error = Given::<AdvocacyCase>::new(reported())
            .when(&resolve("2026-03-05"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, reason }
            if field == "case_id" && reason.contains("not assessed yet")));
    }

    #[test]
    fn resolving_without_an_action_is_refused() {
        for history in [assessed(), planned()] {
            let error = Given::<AdvocacyCase>::new(history)
                .when(&resolve("2026-03-05"))
                .then_error();
            assert!(
                matches!(&error, DomainError::Rule { reason, .. } if reason.contains("no action was taken"))
            );
        }
    }

    #[test]
    fn a_resolution_names_affected_households_regaining_access_by_its_date() {
        let error = Given::<AdvocacyCase>::new(in_action())
            .when(&resolution(|r| r.restored[1].household_id = id(9)))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { field, .. } if field == "restored[1].household_id")
        );
        let error = Given::<AdvocacyCase>::new(in_action())
            .when(&resolution(|r| {
                r.restored[0].regained_on = date("2026-03-21")
            }))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { field, .. } if field == "restored[0].regained_on")
        );
        let error = Given::<AdvocacyCase>::new(in_action())
            .when(&resolution(|r| r.restored.clear()))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "restored"));
    }

    #[test]
    fn a_remedy_is_required_and_the_case_resolves_once() {
        let error = Given::<AdvocacyCase>::new(in_action())
            .when(&resolution(|r| r.remedy = String::new()))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "remedy"));
        let error = Given::<AdvocacyCase>::new(resolved())
            .when(&resolve("2026-03-21"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { reason, .. } if reason.contains("resolved")));
    }

    #[test]
    fn resolving_ends_a_wait_on_the_reporter() {
        let mut history = run(in_action(), vec![await_reporter("2026-03-10")]);
        let events = Given::<AdvocacyCase>::new(history.clone())
            .when(&resolve("2026-03-20"))
            .events();
        history.extend(events);
        let case = state(&history);
        assert_eq!(case.waits[0].until, Some(date("2026-03-20")));
        assert!(case.current_wait().is_none());
    }
}
