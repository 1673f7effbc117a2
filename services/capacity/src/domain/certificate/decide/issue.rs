//! Issuing a certificate: only to a participant who completed the cohort.

use berdaya_domain::DomainError;

use super::super::validity::validity_end;
use super::super::{Certificate, CertificateEvent, IssueCertificate};
use super::unissued;
use crate::domain::check::{invalid, not_before};
use crate::domain::facts::CompletionOutcome;

/// Issues a certificate on completion, valid from its issue day for the programme's
/// validity period. No completion, no certificate.
pub(super) fn issue(
    state: &Certificate,
    command: &IssueCertificate,
) -> Result<Vec<CertificateEvent>, DomainError> {
    unissued(state)?;
    if command.certificate_number.trim().is_empty() {
        return invalid("certificate_number", "is required");
    }
    let completion = &command.completion;
    let refuse = |why: &str| {
        Err(DomainError::rule(
            "person_id",
            format!("no certificate without completion: the person {why}"),
        ))
    };
    let (completed_on, spec) = match &completion.outcome {
        CompletionOutcome::Completed {
            completed_on,
            certificate,
        } => (*completed_on, certificate),
        CompletionOutcome::UnknownCohort => {
            return Err(DomainError::not_found(format!(
                "cohort {}",
                completion.cohort_id
            )));
        }
        CompletionOutcome::NotParticipant => return refuse("is not a participant of the cohort"),
        CompletionOutcome::InProgress => return refuse("has not completed the cohort yet"),
        CompletionOutcome::Withdrew => return refuse("withdrew from the cohort"),
        CompletionOutcome::NotCompleted => return refuse("did not complete the cohort"),
    };
    not_before(
        "issued_on",
        command.issued_on,
        completed_on,
        "the cohort was completed",
    )?;
    let valid_until = validity_end("issued_on", command.issued_on, spec.validity_months)?;
    Ok(vec![CertificateEvent::Issued {
        certificate_id: command.certificate_id,
        subject_id: command.holder_subject_id,
        certificate_number: Some(command.certificate_number.clone()),
        holder_id: completion.person_id,
        programme_id: completion.programme_id,
        cohort_id: completion.cohort_id,
        name: spec.name.clone(),
        validity_months: spec.validity_months,
        issued_on: command.issued_on,
        valid_from: command.issued_on,
        valid_until,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::certificate::fixtures::*;
    use crate::domain::certificate::*;
    use crate::domain::facts::{CertificateStanding, CompletionOutcome};
    use crate::domain::fixtures::*;

    fn issue_for(outcome: CompletionOutcome) -> CertificateCommand {
        let CertificateCommand::Issue(mut command) = issue() else {
            unreachable!()
        };
        command.completion = completion(outcome);
        CertificateCommand::Issue(command)
    }

    #[test]
    fn a_participant_who_completed_is_certified_for_the_programmes_period() {
        let state = Given::<Certificate>::nothing()
            .when(&issue())
            .then(issued());
        assert_eq!(
            state.standing_on(date("2029-03-09")),
            Some(CertificateStanding::Valid)
        );
        assert_eq!(
            state.standing_on(date("2029-03-10")),
            Some(CertificateStanding::Expired)
        );
    }

    #[test]
    fn no_certificate_without_completion() {
        for outcome in [
            CompletionOutcome::InProgress,
            CompletionOutcome::NotCompleted,
            CompletionOutcome::Withdrew,
            CompletionOutcome::NotParticipant,
        ] {
            let (field, reason) = rule(
                Given::<Certificate>::nothing()
                    .when(&issue_for(outcome.clone()))
                    .then_error(),
            );
            assert_eq!(field, "person_id", "{outcome:?}");
            assert!(
                reason.starts_with("no certificate without completion"),
                "{reason}"
            );
        }
    }

    #[test]
    fn an_unknown_cohort_is_not_found() {
        let error = Given::<Certificate>::nothing()
            .when(&issue_for(CompletionOutcome::UnknownCohort))
            .then_error();
        assert!(not_found(error).contains("cohort"));
    }

    #[test]
    fn a_certificate_dated_before_completion_is_refused() {
        let CertificateCommand::Issue(mut command) = issue() else {
            unreachable!()
        };
        command.issued_on = date("2026-03-05");
        let error = Given::<Certificate>::nothing()
            .when(&CertificateCommand::Issue(command))
            .then_error();
        assert_eq!(rule_field(error), "issued_on");
    }

    #[test]
    fn a_number_is_required() {
        let CertificateCommand::Issue(mut command) = issue() else {
            unreachable!()
        };
        command.certificate_number = " ".to_owned();
        let error = Given::<Certificate>::nothing()
            .when(&CertificateCommand::Issue(command))
            .then_error();
        assert_eq!(invalid_field(error), "certificate_number");
    }

    #[test]
    fn issuing_twice_is_refused() {
        let error = Given::<Certificate>::new(issued())
            .when(&issue())
            .then_error();
        assert_eq!(duplicate_field(error), "certificate_id");
    }
}
