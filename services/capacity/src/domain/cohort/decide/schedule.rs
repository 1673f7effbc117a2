//! Scheduling a cohort of an open programme, under the programme's current terms.

use berdaya_domain::DomainError;
use berdaya_domain::error::Violations;

use super::super::{Cohort, CohortEvent, CohortStatus, ScheduleCohort};
use crate::domain::check::require_text;

/// Most participants one cohort may take.
pub(super) const MAX_CAPACITY: u16 = 500;

/// Schedules a cohort; the programme must be open, and the period and capacity sound.
pub(super) fn schedule(
    state: &Cohort,
    command: &ScheduleCohort,
) -> Result<Vec<CohortEvent>, DomainError> {
    if state.status != CohortStatus::Unscheduled {
        return Err(DomainError::already_exists(
            "cohort_id",
            "a cohort with this id is already scheduled",
        ));
    }
    let mut violations = Violations::new();
    require_text(&mut violations, "name", &command.name);
    if command.ends_on < command.starts_on {
        violations.add("ends_on", "must not be before starts_on");
    }
    if !(1..=MAX_CAPACITY).contains(&command.capacity) {
        violations.add("capacity", format!("must be 1 to {MAX_CAPACITY}"));
    }
    violations.finish()?;
    let offer = command.programme.open_offer("programme_id")?;
    Ok(vec![CohortEvent::Scheduled {
        cohort_id: command.cohort_id,
        programme_id: command.programme.programme_id,
        terms_version: offer.terms_version,
        method: offer.method,
        target_roles: offer.target_roles.clone(),
        terms: offer.terms.clone(),
        name: command.name.clone(),
        region: command.region.clone(),
        venue: command.venue.clone(),
        starts_on: command.starts_on,
        ends_on: command.ends_on,
        capacity: command.capacity,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::cohort::fixtures::*;
    use crate::domain::cohort::*;
    use crate::domain::facts::ProgrammeStanding;
    use crate::domain::fixtures::*;

    fn schedule_with(change: impl FnOnce(&mut ScheduleCohort)) -> CohortCommand {
        let mut command = schedule();
        change(&mut command);
        CohortCommand::Schedule(command)
    }

    #[test]
    fn a_cohort_keeps_the_programme_terms_it_was_scheduled_under() {
        let state = Given::<Cohort>::nothing()
            .when(&CohortCommand::Schedule(schedule()))
            .then(scheduled());
        assert_eq!(state.status, CohortStatus::Scheduled);
        assert_eq!(state.terms_version, 1);
        assert_eq!(state.terms.unwrap().required_attendance_percent, 80);
    }

    #[test]
    fn scheduling_twice_is_refused() {
        let error = Given::<Cohort>::new(scheduled())
            .when(&CohortCommand::Schedule(schedule()))
            .then_error();
        assert_eq!(duplicate_field(error), "cohort_id");
    }

    #[test]
    fn a_retired_or_unknown_programme_takes_no_cohort() {
        let error = Given::<Cohort>::nothing()
            .when(&schedule_with(|c| {
                c.programme.standing = ProgrammeStanding::Retired
            }))
            .then_error();
        assert_eq!(rule_field(error), "programme_id");
        let error = Given::<Cohort>::nothing()
            .when(&schedule_with(|c| {
                c.programme.standing = ProgrammeStanding::Unknown
            }))
            .then_error();
        assert!(not_found(error).contains("programme"));
    }

    #[test]
    fn an_end_before_the_start_a_zero_capacity_and_no_name_are_each_named() {
        let error = Given::<Cohort>::nothing()
            .when(&schedule_with(|c| {
                c.name = String::new();
                c.ends_on = date("2026-03-01");
                c.capacity = 0;
            }))
            .then_error();
        assert_eq!(invalid_fields(error), ["name", "ends_on", "capacity"]);
    }

    #[test]
    fn a_one_day_cohort_is_fine() {
        Given::<Cohort>::nothing()
            .when(&schedule_with(|c| c.ends_on = c.starts_on))
            .events();
    }
}
