//! Recording who attended a session. A later record of the same session replaces the
//! earlier one (a corrected attendance list) until the cohort completes.

use berdaya_domain::DomainError;
use berdaya_domain::error::Violations;

use super::super::{Cohort, CohortEvent, RecordAttendance, SessionStatus};
use crate::domain::check::no_duplicates;

/// Records a session's attendance: only enrolled participants can be present, and only
/// on or after the session's day.
pub(super) fn record_attendance(
    state: &Cohort,
    command: &RecordAttendance,
) -> Result<Vec<CohortEvent>, DomainError> {
    let mut violations = Violations::new();
    no_duplicates(&mut violations, "present_person_ids", &command.present);
    violations.finish()?;
    let session = state.session(command.session_id).ok_or_else(|| {
        DomainError::not_found(format!("session {} of the cohort", command.session_id))
    })?;
    match &session.status {
        SessionStatus::Cancelled { .. } => {
            return Err(DomainError::rule("session_id", "the session was cancelled"));
        }
        SessionStatus::Held { present }
            if present.len() == command.present.len()
                && command.present.iter().all(|p| present.contains(p)) =>
        {
            return Err(DomainError::rule(
                "present_person_ids",
                "is the attendance already recorded",
            ));
        }
        _ => {}
    }
    if command.recorded_on < session.held_on {
        return Err(DomainError::rule(
            "session_id",
            format!(
                "the session is on {}; attendance is recorded from that day",
                session.held_on
            ),
        ));
    }
    for (i, person_id) in command.present.iter().enumerate() {
        if !state.enrolled().any(|p| p.person_id == *person_id) {
            return Err(DomainError::rule(
                format!("present_person_ids[{i}]"),
                "is not enrolled in this cohort",
            ));
        }
    }
    let absent = state
        .enrolled()
        .map(|p| p.person_id)
        .filter(|id| !command.present.contains(id))
        .collect();
    Ok(vec![CohortEvent::AttendanceRecorded {
        session_id: command.session_id,
        present: command.present.clone(),
        absent,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;
    use uuid::Uuid;

    use crate::domain::cohort::fixtures::*;
    use crate::domain::cohort::*;
    use crate::domain::fixtures::*;

    fn record(n: u128, present: Vec<Uuid>, today: &str) -> CohortCommand {
        CohortCommand::RecordAttendance(RecordAttendance {
            session_id: session(n),
            present,
            recorded_on: date(today),
        })
    }

    #[test]
    fn the_first_attendance_starts_the_cohort() {
        let state = Given::<Cohort>::new(enrolled(2))
            .when(&record(1, vec![participant(1)], "2026-03-02"))
            .then(vec![attendance(1, &[1])]);
        assert_eq!(state.status, CohortStatus::Running);
        assert_eq!(
            state.attendance(participant(2)),
            Attendance {
                attended: 0,
                held: 1
            }
        );
    }

    #[test]
    fn a_corrected_list_replaces_the_earlier_one() {
        let mut history = enrolled(2);
        history.push(attendance(1, &[1]));
        let state = Given::<Cohort>::new(history.clone())
            .when(&record(
                1,
                vec![participant(1), participant(2)],
                "2026-03-03",
            ))
            .then(vec![attendance(1, &[1, 2])]);
        assert_eq!(state.attendance(participant(2)).attended, 1);

        let error = Given::<Cohort>::new(history)
            .when(&record(1, vec![participant(1)], "2026-03-03"))
            .then_error();
        assert_eq!(rule_field(error), "present_person_ids");

        let mut both = enrolled(2);
        both.push(attendance(1, &[1, 2]));
        let error = Given::<Cohort>::new(both)
            .when(&record(
                1,
                vec![participant(2), participant(1)],
                "2026-03-03",
            ))
            .then_error();
        assert_eq!(rule_field(error), "present_person_ids");
    }

    #[test]
    fn someone_not_enrolled_cannot_be_present() {
        let error = Given::<Cohort>::new(enrolled(2))
            .when(&record(
                1,
                vec![participant(1), participant(7)],
                "2026-03-02",
            ))
            .then_error();
        assert_eq!(rule_field(error), "present_person_ids[1]");
    }

    #[test]
    fn a_participant_listed_twice_is_refused() {
        let error = Given::<Cohort>::new(enrolled(2))
            .when(&record(
                1,
                vec![participant(1), participant(1)],
                "2026-03-02",
            ))
            .then_error();
        assert_eq!(invalid_field(error), "present_person_ids[1]");
    }

    #[test]
    fn attendance_before_the_sessions_day_is_refused() {
        let error = Given::<Cohort>::new(enrolled(2))
            .when(&record(3, vec![participant(1)], "2026-03-03"))
            .then_error();
        assert_eq!(rule_field(error), "session_id");
    }

    #[test]
    fn a_cancelled_or_unknown_session_takes_no_attendance() {
        let mut history = enrolled(2);
        history.push(CohortEvent::SessionCancelled {
            session_id: session(2),
            reason: "x".to_owned(),
        });
        let error = Given::<Cohort>::new(history)
            .when(&record(2, vec![], "2026-03-04"))
            .then_error();
        assert_eq!(rule_field(error), "session_id");
        let error = Given::<Cohort>::new(enrolled(2))
            .when(&record(9, vec![], "2026-03-04"))
            .then_error();
        assert!(not_found(error).contains("session"));
    }
}
