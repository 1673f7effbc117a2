//! The cohort's rules: one decision per command, each in its own file with its tests.

mod assign_trainer;
mod cancel;
mod cancel_session;
mod complete;
mod enrol;
mod record_assessment;
mod record_attendance;
mod schedule;
mod schedule_session;
mod withdraw;

use berdaya_domain::DomainError;
use chrono::NaiveDate;
use uuid::Uuid;

use super::{Cohort, CohortCommand, CohortEvent, CohortStatus, Participant};

/// Decides a command against a cohort's state.
pub(super) fn decide(
    state: &Cohort,
    command: &CohortCommand,
) -> Result<Vec<CohortEvent>, DomainError> {
    use CohortCommand as C;
    if let C::Schedule(schedule) = command {
        return schedule::schedule(state, schedule);
    }
    match state.status {
        CohortStatus::Unscheduled => return Err(DomainError::not_found("cohort")),
        CohortStatus::Completed => {
            return Err(DomainError::rule("cohort_id", "the cohort is completed"));
        }
        CohortStatus::Cancelled => {
            return Err(DomainError::rule("cohort_id", "the cohort is cancelled"));
        }
        CohortStatus::Scheduled | CohortStatus::Running => {}
    }
    match command {
        C::Schedule(_) => Err(DomainError::already_exists(
            "cohort_id",
            "the cohort is already scheduled",
        )),
        C::AssignTrainer(assign) => assign_trainer::assign_trainer(state, assign),
        C::ScheduleSession(session) => schedule_session::schedule_session(state, session),
        C::CancelSession(cancel) => cancel_session::cancel_session(state, cancel),
        C::Enrol(enrol) => enrol::enrol(state, enrol),
        C::Withdraw(withdraw) => withdraw::withdraw(state, withdraw),
        C::RecordAttendance(record) => record_attendance::record_attendance(state, record),
        C::RecordAssessment(record) => record_assessment::record_assessment(state, record),
        C::Complete(complete) => complete::complete(state, complete),
        C::Cancel(cancel) => cancel::cancel(state, cancel),
    }
}

/// The cohort's first and last day (set by `Scheduled`).
fn period(state: &Cohort) -> Result<(NaiveDate, NaiveDate), DomainError> {
    state.period.ok_or_else(|| DomainError::not_found("cohort"))
}

/// The participant `person_id`, still enrolled, or the refusal naming `field`.
fn enrolled_participant<'a>(
    state: &'a Cohort,
    field: &str,
    person_id: Uuid,
) -> Result<&'a Participant, DomainError> {
    let participant = state.participant(person_id).ok_or_else(|| {
        DomainError::not_found(format!("participant {person_id} of the cohort ({field})"))
    })?;
    if !participant.enrolled() {
        return Err(DomainError::rule(
            field,
            format!("participant {person_id} withdrew from the cohort"),
        ));
    }
    Ok(participant)
}
