//! Recording a participant's assessment score; a later score replaces the earlier one (a
//! re-sit) until the cohort completes.

use berdaya_domain::DomainError;

use super::super::{Cohort, CohortEvent, RecordAssessment};
use super::{enrolled_participant, period};
use crate::domain::check::{invalid, not_before};

/// Records a score of an enrolled participant, for a programme with an assessment.
pub(super) fn record_assessment(
    state: &Cohort,
    command: &RecordAssessment,
) -> Result<Vec<CohortEvent>, DomainError> {
    if command.score > 100 {
        return invalid("score", "must be 0 to 100");
    }
    let terms = state
        .terms
        .as_ref()
        .ok_or_else(|| DomainError::not_found("cohort"))?;
    let pass_mark = terms.pass_mark.ok_or_else(|| {
        DomainError::rule(
            "score",
            "the programme has no assessment; completion rests on attendance",
        )
    })?;
    enrolled_participant(state, "person_id", command.person_id)?;
    let (starts_on, _) = period(state)?;
    not_before(
        "assessed_on",
        command.assessed_on,
        starts_on,
        "the cohort starts",
    )?;
    Ok(vec![CohortEvent::AssessmentRecorded {
        person_id: command.person_id,
        score: command.score,
        passed: command.score >= pass_mark,
        assessed_on: command.assessed_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::cohort::fixtures::*;
    use crate::domain::cohort::*;
    use crate::domain::fixtures::*;

    fn assess(n: u128, score: u8) -> CohortCommand {
        CohortCommand::RecordAssessment(RecordAssessment {
            person_id: participant(n),
            score,
            assessed_on: date("2026-03-06"),
        })
    }

    #[test]
    fn a_score_records_whether_it_passes() {
        Given::<Cohort>::new(all_held())
            .when(&assess(1, 70))
            .then(vec![assessed(1, 70)]);
        let events = Given::<Cohort>::new(all_held())
            .when(&assess(2, 69))
            .events();
        assert!(matches!(
            events[0],
            CohortEvent::AssessmentRecorded { passed: false, .. }
        ));
    }

    #[test]
    fn a_re_sit_replaces_the_score() {
        let mut history = all_held();
        history.push(assessed(2, 60));
        let state = Given::<Cohort>::new(history)
            .when(&assess(2, 75))
            .then(vec![assessed(2, 75)]);
        assert_eq!(
            state.participant(participant(2)).unwrap().score.unwrap().0,
            75
        );
    }

    #[test]
    fn a_score_above_one_hundred_is_refused() {
        let error = Given::<Cohort>::new(all_held())
            .when(&assess(1, 101))
            .then_error();
        assert_eq!(invalid_field(error), "score");
    }

    #[test]
    fn a_programme_without_assessment_takes_no_score() {
        let mut history = all_held();
        if let CohortEvent::Scheduled { terms, .. } = &mut history[0] {
            terms.pass_mark = None;
        }
        let error = Given::<Cohort>::new(history)
            .when(&assess(1, 80))
            .then_error();
        assert_eq!(rule_field(error), "score");
    }

    #[test]
    fn only_enrolled_participants_are_assessed() {
        let error = Given::<Cohort>::new(all_held())
            .when(&assess(3, 80))
            .then_error();
        assert!(not_found(error).contains("participant"));
    }

    #[test]
    fn an_assessment_before_the_cohort_is_refused() {
        let command = CohortCommand::RecordAssessment(RecordAssessment {
            person_id: participant(1),
            score: 80,
            assessed_on: date("2026-03-01"),
        });
        let error = Given::<Cohort>::new(all_held()).when(&command).then_error();
        assert_eq!(rule_field(error), "assessed_on");
    }
}
