//! Completing a cohort: every participant still enrolled is settled. A participant
//! completes when they attended at least the programme's required share of the sessions
//! held and, when the programme has an assessment, scored at least its pass mark.

use berdaya_domain::DomainError;

use super::super::{
    Cohort, CohortEvent, CohortStatus, CompleteCohort, NotCompletedReason, Participant,
    SessionStatus,
};
use crate::domain::programme::ProgrammeTerms;

/// Completes a running cohort whose sessions are all held or cancelled.
pub(super) fn complete(
    state: &Cohort,
    command: &CompleteCohort,
) -> Result<Vec<CohortEvent>, DomainError> {
    ready_to_complete(state, command)?;
    let terms = state
        .terms
        .as_ref()
        .ok_or_else(|| DomainError::not_found("cohort"))?;
    let mut events: Vec<CohortEvent> = state
        .enrolled()
        .map(|participant| settle(state, participant, terms, command))
        .collect();
    let completed = events
        .iter()
        .filter(|e| matches!(e, CohortEvent::ParticipantCompleted { .. }))
        .count();
    let not_completed = events.len() - completed;
    events.push(CohortEvent::Completed {
        completed_on: command.completed_on,
        completed_count: u32::try_from(completed).unwrap_or(u32::MAX),
        not_completed_count: u32::try_from(not_completed).unwrap_or(u32::MAX),
    });
    Ok(events)
}

/// Refuses completion while no session was held, a session is still planned, the date
/// precedes the last session, or nobody is left to settle.
fn ready_to_complete(state: &Cohort, command: &CompleteCohort) -> Result<(), DomainError> {
    if state.status != CohortStatus::Running {
        return Err(DomainError::rule(
            "cohort_id",
            "no session has been held; hold one or cancel the cohort",
        ));
    }
    if let Some(pending) = state
        .sessions
        .iter()
        .find(|s| s.status == SessionStatus::Planned)
    {
        return Err(DomainError::rule(
            "cohort_id",
            format!(
                "session {} on {} has no attendance; record it or cancel the session",
                pending.session_id, pending.held_on
            ),
        ));
    }
    if let Some(last) = state
        .sessions
        .iter()
        .filter(|s| s.held())
        .map(|s| s.held_on)
        .max()
        && command.completed_on < last
    {
        return Err(DomainError::rule(
            "completed_on",
            format!("is before the last session ({last})"),
        ));
    }
    if state.enrolled().next().is_none() {
        return Err(DomainError::rule(
            "cohort_id",
            "the cohort has no participant left; cancel it instead",
        ));
    }
    Ok(())
}

/// One participant's outcome: completed, or not with every reason that applies.
fn settle(
    state: &Cohort,
    participant: &Participant,
    terms: &ProgrammeTerms,
    command: &CompleteCohort,
) -> CohortEvent {
    let attendance = state.attendance(participant.person_id);
    let score = participant.score.map(|(score, _)| score);
    let mut reasons = Vec::new();
    if !attendance.meets(terms.required_attendance_percent) {
        reasons.push(NotCompletedReason::AttendanceBelowRequired);
    }
    if let Some(pass_mark) = terms.pass_mark {
        match score {
            None => reasons.push(NotCompletedReason::NotAssessed),
            Some(score) if score < pass_mark => reasons.push(NotCompletedReason::BelowPassMark),
            Some(_) => {}
        }
    }
    if reasons.is_empty() {
        CohortEvent::ParticipantCompleted {
            person_id: participant.person_id,
            sessions_attended: attendance.attended,
            sessions_held: attendance.held,
            score,
            completed_on: command.completed_on,
        }
    } else {
        CohortEvent::ParticipantNotCompleted {
            person_id: participant.person_id,
            sessions_attended: attendance.attended,
            sessions_held: attendance.held,
            score,
            reasons,
        }
    }
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::cohort::fixtures::*;
    use crate::domain::cohort::*;
    use crate::domain::facts::CompletionOutcome;
    use crate::domain::fixtures::*;

    fn complete_on(day: &str) -> CohortCommand {
        CohortCommand::Complete(CompleteCohort {
            completed_on: date(day),
        })
    }

    #[test]
    fn participants_at_the_required_share_and_pass_mark_complete() {
        let mut history = all_held();
        history.push(assessed(1, 85));
        history.push(assessed(2, 85));
        let state = Given::<Cohort>::new(history)
            .when(&complete_on("2026-03-06"))
            .then(completed()[all_held().len() + 2..].to_vec());
        assert_eq!(state.status, CohortStatus::Completed);
        let facts = state.completion_of(cohort_id(), participant(2));
        assert!(matches!(facts.outcome, CompletionOutcome::Completed { .. }));
    }

    #[test]
    fn attendance_below_the_required_share_fails_completion() {
        // Participant 2 misses two of five sessions: 60 % against the required 80 %.
        let mut history = enrolled(2);
        history.push(attendance(1, &[1, 2]));
        history.push(attendance(2, &[1]));
        history.push(attendance(3, &[1]));
        history.push(attendance(4, &[1, 2]));
        history.push(attendance(5, &[1, 2]));
        history.push(assessed(1, 90));
        history.push(assessed(2, 95));
        let events = Given::<Cohort>::new(history)
            .when(&complete_on("2026-03-06"))
            .events();
        assert_eq!(
            events[1],
            CohortEvent::ParticipantNotCompleted {
                person_id: participant(2),
                sessions_attended: 3,
                sessions_held: 5,
                score: Some(95),
                reasons: vec![NotCompletedReason::AttendanceBelowRequired],
            }
        );
        assert_eq!(
            events[2],
            CohortEvent::Completed {
                completed_on: date("2026-03-06"),
                completed_count: 1,
                not_completed_count: 1,
            }
        );
    }

    #[test]
    fn a_missing_or_low_score_fails_completion() {
        let mut history = all_held();
        history.push(assessed(1, 69));
        let events = Given::<Cohort>::new(history)
            .when(&complete_on("2026-03-07"))
            .events();
        let reasons: Vec<_> = events[..2]
            .iter()
            .map(|e| match e {
                CohortEvent::ParticipantNotCompleted { reasons, .. } => reasons.clone(),
                other => panic!("expected not completed, got {other:?}"),
            })
            .collect();
        assert_eq!(
            reasons,
            [
                vec![NotCompletedReason::BelowPassMark],
                vec![NotCompletedReason::NotAssessed]
            ]
        );
    }

    #[test]
    fn cancelled_sessions_do_not_count() {
        // Session 5 is cancelled: participant 2 attended 3 of the 4 held (75 %).
        let mut history = enrolled(2);
        for n in 1..=3 {
            history.push(attendance(n, &[1, 2]));
        }
        history.push(attendance(4, &[1]));
        history.push(CohortEvent::SessionCancelled {
            session_id: session(5),
            reason: "libur".to_owned(),
        });
        history.push(assessed(1, 90));
        history.push(assessed(2, 90));
        let events = Given::<Cohort>::new(history)
            .when(&complete_on("2026-03-06"))
            .events();
        assert!(matches!(
            events[0],
            CohortEvent::ParticipantCompleted {
                sessions_attended: 4,
                sessions_held: 4,
                ..
            }
        ));
        assert!(matches!(
            events[1],
            CohortEvent::ParticipantNotCompleted {
                sessions_attended: 3,
                sessions_held: 4,
                ..
            }
        ));
    }

    #[test]
    fn withdrawn_participants_are_not_settled_again() {
        let mut history = all_held();
        history.push(assessed(1, 85));
        history.push(CohortEvent::ParticipantWithdrew {
            person_id: participant(2),
            withdrawn_on: date("2026-03-05"),
            reason: WithdrawalReason::Personal,
        });
        let events = Given::<Cohort>::new(history)
            .when(&complete_on("2026-03-06"))
            .events();
        assert_eq!(events.len(), 2);
    }

    #[test]
    fn a_session_still_planned_blocks_completion() {
        let mut history = enrolled(2);
        history.push(attendance(1, &[1, 2]));
        let (field, reason) = rule(
            Given::<Cohort>::new(history)
                .when(&complete_on("2026-03-06"))
                .then_error(),
        );
        assert_eq!(field, "cohort_id");
        assert!(reason.contains("2026-03-03"), "{reason}");
    }

    #[test]
    fn a_cohort_with_no_session_held_is_not_completed() {
        let error = Given::<Cohort>::new(enrolled(2))
            .when(&complete_on("2026-03-06"))
            .then_error();
        assert_eq!(rule_field(error), "cohort_id");
    }

    #[test]
    fn completion_before_the_last_session_is_refused() {
        let error = Given::<Cohort>::new(all_held())
            .when(&complete_on("2026-03-05"))
            .then_error();
        assert_eq!(rule_field(error), "completed_on");
    }

    #[test]
    fn completing_twice_is_refused() {
        let error = Given::<Cohort>::new(completed())
            .when(&complete_on("2026-03-07"))
            .then_error();
        assert_eq!(rule_field(error), "cohort_id");
    }

    #[test]
    fn a_cohort_everyone_left_is_cancelled_not_completed() {
        let mut history = enrolled(1);
        for n in 1..=5 {
            history.push(attendance(n, &[1]));
        }
        history.push(CohortEvent::ParticipantWithdrew {
            person_id: participant(1),
            withdrawn_on: date("2026-03-06"),
            reason: WithdrawalReason::Personal,
        });
        let error = Given::<Cohort>::new(history)
            .when(&complete_on("2026-03-06"))
            .then_error();
        assert_eq!(rule_field(error), "cohort_id");
    }
}
