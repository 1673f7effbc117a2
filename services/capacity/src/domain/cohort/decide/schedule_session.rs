//! Scheduling a session of one curriculum module, taught by one of the cohort's trainers.

use berdaya_domain::DomainError;

use super::super::{Cohort, CohortEvent, ScheduleSession};
use super::period;
use crate::domain::check::invalid;

/// Schedules a session within the cohort's period, of a module of its programme.
pub(super) fn schedule_session(
    state: &Cohort,
    command: &ScheduleSession,
) -> Result<Vec<CohortEvent>, DomainError> {
    let terms = state
        .terms
        .as_ref()
        .ok_or_else(|| DomainError::not_found("cohort"))?;
    if terms.module(&command.module_code).is_none() {
        let codes: Vec<&str> = terms.modules.iter().map(|m| m.code.as_str()).collect();
        return invalid(
            "module_code",
            format!("is not a module of the programme ({})", codes.join(", ")),
        );
    }
    if state.session(command.session_id).is_some() {
        return Err(DomainError::already_exists(
            "session_id",
            "the cohort already has a session with this id",
        ));
    }
    let (starts_on, ends_on) = period(state)?;
    if command.held_on < starts_on || command.held_on > ends_on {
        return Err(DomainError::rule(
            "held_on",
            format!("must fall within the cohort, {starts_on} to {ends_on}"),
        ));
    }
    if !state.is_trainer(command.trainer_id) {
        return Err(DomainError::rule(
            "trainer_id",
            "is not a trainer of this cohort; assign them first",
        ));
    }
    Ok(vec![CohortEvent::SessionScheduled {
        session_id: command.session_id,
        module_code: command.module_code.clone(),
        held_on: command.held_on,
        trainer_id: command.trainer_id,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::cohort::fixtures::*;
    use crate::domain::cohort::*;
    use crate::domain::fixtures::*;

    fn session_on(module: &str, on: &str, trainer: uuid::Uuid) -> CohortCommand {
        CohortCommand::ScheduleSession(ScheduleSession {
            session_id: session(9),
            module_code: module.to_owned(),
            held_on: date(on),
            trainer_id: trainer,
        })
    }

    #[test]
    fn a_session_of_a_module_is_scheduled_for_its_trainer() {
        Given::<Cohort>::new(with_trainer())
            .when(&session_on("KUBE-03", "2026-03-06", trainer_id()))
            .then(vec![CohortEvent::SessionScheduled {
                session_id: session(9),
                module_code: "KUBE-03".to_owned(),
                held_on: date("2026-03-06"),
                trainer_id: trainer_id(),
            }]);
    }

    #[test]
    fn a_module_outside_the_curriculum_is_refused() {
        let error = Given::<Cohort>::new(with_trainer())
            .when(&session_on("PKH-01", "2026-03-03", trainer_id()))
            .then_error();
        assert_eq!(invalid_field(error), "module_code");
    }

    #[test]
    fn a_day_outside_the_cohort_is_refused() {
        for day in ["2026-03-01", "2026-03-07"] {
            let error = Given::<Cohort>::new(with_trainer())
                .when(&session_on("KUBE-01", day, trainer_id()))
                .then_error();
            assert_eq!(rule_field(error), "held_on");
        }
    }

    #[test]
    fn only_an_assigned_trainer_teaches_a_session() {
        let error = Given::<Cohort>::new(scheduled())
            .when(&session_on("KUBE-01", "2026-03-02", trainer_id()))
            .then_error();
        assert_eq!(rule_field(error), "trainer_id");
    }

    #[test]
    fn a_session_id_used_twice_is_refused() {
        let command = CohortCommand::ScheduleSession(ScheduleSession {
            session_id: session(1),
            module_code: "KUBE-01".to_owned(),
            held_on: date("2026-03-02"),
            trainer_id: trainer_id(),
        });
        let error = Given::<Cohort>::new(with_sessions())
            .when(&command)
            .then_error();
        assert_eq!(duplicate_field(error), "session_id");
    }
}
