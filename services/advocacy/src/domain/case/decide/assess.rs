//! Assessing a reported case: the facts established, the evidence (each document tied
//! to its SHA-256 hash) and the risk to the households. A case is assessed once; later
//! evidence is added with `AddEvidence`.

use berdaya_domain::DomainError;

use super::add_evidence::check_new_evidence;
use super::{open, required, since_opened};
use crate::domain::case::{AdvocacyCase, AssessCase, CaseEvent};

/// Decides `AssessCase`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &AssessCase,
) -> Result<Vec<CaseEvent>, DomainError> {
    open(state)?;
    if let Some(assessment) = &state.assessment {
        return Err(DomainError::rule(
            "case_id",
            format!(
                "the case was already assessed on {}: add evidence or notes instead",
                assessment.assessed_on
            ),
        ));
    }
    if state.personal_data_erased {
        return Err(DomainError::rule(
            "case_id",
            "the case's personal data was erased: facts about it can no longer be recorded",
        ));
    }
    required("facts", &command.facts)?;
    since_opened(state, "assessed_on", command.assessed_on)?;
    for (index, evidence) in command.evidence.iter().enumerate() {
        let field = format!("evidence[{index}]");
        check_new_evidence(state, &field, evidence, &command.evidence[..index])?;
    }
    Ok(vec![CaseEvent::Assessed {
        assessed_on: command.assessed_on,
        assessed_by: command.assessed_by.clone(),
        risk: command.risk,
        evidence: command.evidence.clone(),
        subject_id: state.subject_id.unwrap_or_default(),
        facts: Some(command.facts.clone()),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    fn assessment(change: impl FnOnce(&mut AssessCase)) -> CaseCommand {
        let CaseCommand::Assess(mut command) = assess() else {
            unreachable!()
        };
        change(&mut command);
        CaseCommand::Assess(command)
    }

    #[test]
    fn an_assessment_records_facts_evidence_hashes_and_risk() {
        let case = Given::<AdvocacyCase>::new(reported())
            .when(&assess())
            .then(vec![CaseEvent::Assessed {
                assessed_on: date("2026-03-03"),
                assessed_by: "pendamping-ani".to_owned(),
                risk: RiskLevel::High,
                evidence: vec![evidence(1)],
                subject_id: subject_id(),
                facts: Some(
                    "Kedua keluarga masih desil 1; penonaktifan tanpa verifikasi".to_owned(),
                ),
            }]);
        assert_eq!(case.status, CaseStatus::Assessed);
        assert_eq!(case.evidence[0].sha256.as_str(), "01".repeat(32));
    }

    #[test]
    fn a_case_is_assessed_once() {
        let error = Given::<AdvocacyCase>::new(assessed())
            .when(&assess())
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, reason }
            if field == "case_id" && reason.contains("already assessed on 2026-03-03")));
    }

    #[test]
    fn facts_are_required_and_the_date_not_before_the_report() {
        let error = Given::<AdvocacyCase>::new(reported())
            .when(&assessment(|c| c.facts = String::new()))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "facts"));
        let error = Given::<AdvocacyCase>::new(reported())
            .when(&assessment(|c| c.assessed_on = date("2026-03-01")))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, reason }
            if field == "assessed_on" && reason.contains("before the case was reported")));
    }

    #[test]
    fn one_document_given_twice_in_the_assessment_is_refused() {
        let error = Given::<AdvocacyCase>::new(reported())
            .when(&assessment(|c| {
                let mut copy = evidence(1);
                copy.evidence_id = id(799);
                c.evidence.push(copy);
            }))
            .then_error();
        assert!(
            matches!(&error, DomainError::AlreadyExists { field, .. } if field == "evidence[1].sha256")
        );
    }

    #[test]
    fn an_erased_case_can_no_longer_be_assessed() {
        let history = run(
            reported(),
            vec![CaseCommand::ErasePersonalData(ErasePersonalData {
                reason: "permintaan subjek data".to_owned(),
            })],
        );
        let error = Given::<AdvocacyCase>::new(history)
            .when(&assess())
            .then_error();
        assert!(matches!(&error, DomainError::Rule { reason, .. } if reason.contains("erased")));
    }
}
