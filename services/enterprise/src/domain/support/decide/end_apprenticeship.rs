//! Ending an apprenticeship, with its outcome.

use berdaya_domain::DomainError;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::{ApprenticeshipOutcome, Support, SupportEvent};

/// Decides `EndApprenticeship`: a known apprenticeship that has not ended, ended no
/// earlier than it started.
pub(super) fn decide(
    state: &Support,
    apprenticeship_id: Uuid,
    ended_on: NaiveDate,
    outcome: ApprenticeshipOutcome,
    notes: &str,
) -> Result<Vec<SupportEvent>, DomainError> {
    let apprenticeship = state
        .apprenticeships
        .iter()
        .find(|a| a.apprenticeship_id == apprenticeship_id)
        .ok_or_else(|| DomainError::not_found(format!("apprenticeship {apprenticeship_id}")))?;
    if apprenticeship.ended.is_some() {
        return Err(DomainError::rule(
            "apprenticeship_id",
            "the apprenticeship has already ended",
        ));
    }
    berdaya_domain::not_before(
        "ended_on",
        ended_on,
        apprenticeship.starts_on,
        "the apprenticeship started",
    )?;
    Ok(vec![SupportEvent::ApprenticeshipEnded {
        apprenticeship_id,
        ended_on,
        outcome,
        notes: notes.to_owned(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn an_apprenticeship_ends_once_with_its_outcome_not_before_it_started() {
        let started = Given::<Support>::nothing()
            .when(&apprenticeship("2026-02-01", "2026-05-01"))
            .events();
        let end = |on: &str| SupportCommand::EndApprenticeship {
            apprenticeship_id: id(810),
            ended_on: date(on),
            outcome: ApprenticeshipOutcome::StartedBusiness,
            notes: "opened a welding stall".into(),
        };
        let error = Given::<Support>::new(started.clone())
            .when(&end("2026-01-31"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "ended_on"));
        let support = Given::<Support>::new(started.clone())
            .when(&end("2026-04-30"))
            .then(vec![SupportEvent::ApprenticeshipEnded {
                apprenticeship_id: id(810),
                ended_on: date("2026-04-30"),
                outcome: ApprenticeshipOutcome::StartedBusiness,
                notes: "opened a welding stall".into(),
            }]);
        assert!(support.apprenticeships[0].ended.is_some());
        let mut history = started;
        history.extend(
            Given::<Support>::new(history.clone())
                .when(&end("2026-04-30"))
                .events(),
        );
        let error = Given::<Support>::new(history)
            .when(&end("2026-05-01"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("already ended"))
        );
        let error = Given::<Support>::nothing()
            .when(&end("2026-04-30"))
            .then_error();
        assert!(matches!(error, DomainError::NotFound { .. }));
    }
}
