//! Adding an evidence document to an open case, and the checks every piece of evidence
//! passes (at assessment too): a description and a reference, and neither its id nor its
//! document already in the case.

use berdaya_domain::DomainError;

use super::{open, required};
use crate::domain::case::{AddEvidence, AdvocacyCase, CaseEvent, Evidence};

/// Decides `AddEvidence`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &AddEvidence,
) -> Result<Vec<CaseEvent>, DomainError> {
    open(state)?;
    check_new_evidence(state, "evidence", &command.evidence, &[])?;
    Ok(vec![CaseEvent::EvidenceAdded {
        evidence: command.evidence.clone(),
    }])
}

/// Checks one new piece of evidence against the case's and `alongside` (the others in
/// the same request); `field` is its request field (`evidence[2]`).
pub(super) fn check_new_evidence(
    state: &AdvocacyCase,
    field: &str,
    evidence: &Evidence,
    alongside: &[Evidence],
) -> Result<(), DomainError> {
    required(&format!("{field}.description"), &evidence.description)?;
    required(&format!("{field}.reference"), &evidence.reference)?;
    let known = state.evidence.iter().chain(alongside);
    for other in known {
        if other.sha256 == evidence.sha256 {
            return Err(DomainError::already_exists(
                format!("{field}.sha256"),
                format!(
                    "the same document is already evidence {}",
                    other.evidence_id
                ),
            ));
        }
        if other.evidence_id == evidence.evidence_id {
            return Err(DomainError::already_exists(
                format!("{field}.evidence_id"),
                "this evidence id is already used in the case",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    fn add(evidence: Evidence) -> CaseCommand {
        CaseCommand::AddEvidence(AddEvidence { evidence })
    }

    #[test]
    fn evidence_is_added_to_an_open_case() {
        let case = Given::<AdvocacyCase>::new(assessed())
            .when(&add(evidence(2)))
            .then(vec![CaseEvent::EvidenceAdded {
                evidence: evidence(2),
            }]);
        assert_eq!(case.evidence, [evidence(1), evidence(2)]);
    }

    #[test]
    fn the_same_document_cannot_be_evidence_twice() {
        let mut copy = evidence(1);
        copy.evidence_id = id(799);
        let error = Given::<AdvocacyCase>::new(assessed())
            .when(&add(copy))
            .then_error();
        assert!(
            matches!(&error, DomainError::AlreadyExists { field, reason }
            if field == "evidence.sha256" && reason.contains(&id(701).to_string()))
        );
    }

    #[test]
    fn evidence_needs_a_description_and_a_reference() {
        let mut bare = evidence(2);
        bare.reference = String::new();
        let error = Given::<AdvocacyCase>::new(assessed())
            .when(&add(bare))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "evidence.reference"));
    }

    #[test]
    fn no_evidence_is_added_to_a_closed_case() {
        let error = Given::<AdvocacyCase>::new(closed_unresolved())
            .when(&add(evidence(2)))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, reason }
            if field == "case_id" && reason.contains("reopen it first")));
    }
}
