//! Erasing signatories' personal data (UU PDP 27/2022 right to deletion).

use berdaya_domain::DomainError;

use crate::domain::agreement::{Agreement, AgreementEvent, EraseAgreementPersonalData};

/// Records the erasure of one signatory's name, or of every signatory's; the edge
/// destroys the subjects' keys with it. Allowed in any lifecycle.
pub(super) fn decide(
    state: &Agreement,
    command: &EraseAgreementPersonalData,
) -> Result<Vec<AgreementEvent>, DomainError> {
    let signatories = state
        .signing
        .as_ref()
        .map(|s| s.signatories.as_slice())
        .unwrap_or_default();
    let subject_ids = match command.subject_id {
        Some(id) => {
            let signatory = signatories
                .iter()
                .find(|s| s.subject_id == id)
                .ok_or_else(|| DomainError::not_found(format!("signatory {id}")))?;
            if signatory.person.is_none() {
                return Err(DomainError::rule(
                    "signatory_id",
                    "the signatory's personal data is already erased",
                ));
            }
            vec![id]
        }
        None => {
            let ids: Vec<_> = signatories
                .iter()
                .filter(|s| s.person.is_some())
                .map(|s| s.subject_id)
                .collect();
            if ids.is_empty() {
                return Err(DomainError::rule(
                    "agreement_id",
                    "the agreement holds no personal data to erase",
                ));
            }
            ids
        }
    };
    Ok(vec![AgreementEvent::PersonalDataErased {
        subject_ids,
        reason: command.reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::agreement::fixtures::*;
    use crate::domain::agreement::*;
    use crate::domain::fixtures::*;

    fn erase(subject: Option<u128>) -> AgreementCommand {
        AgreementCommand::ErasePersonalData(EraseAgreementPersonalData {
            subject_id: subject.map(id),
            reason: "permintaan subjek data".into(),
        })
    }

    #[test]
    fn erasing_a_signatory_keeps_their_position_and_the_signature() {
        let agreement = Given::<Agreement>::new(signed_history())
            .when(&erase(Some(2002)))
            .then(vec![AgreementEvent::PersonalDataErased {
                subject_ids: vec![id(2002)],
                reason: "permintaan subjek data".into(),
            }]);
        let signing = agreement.signing.unwrap();
        assert!(signing.signatories[1].person.is_none());
        assert_eq!(signing.signatories[1].position, "Kepala");
        assert!(signing.signatories[0].person.is_some());
        assert_eq!(agreement.versions.len(), 1);
    }

    #[test]
    fn erasing_everything_then_again_is_refused() {
        let mut history = signed_history();
        history.extend(
            Given::<Agreement>::new(history.clone())
                .when(&erase(None))
                .events(),
        );
        let error = Given::<Agreement>::new(history.clone())
            .when(&erase(None))
            .then_error();
        assert_eq!(rule(&error).0, "agreement_id");
        let error = Given::<Agreement>::new(history)
            .when(&erase(Some(2001)))
            .then_error();
        assert_eq!(rule(&error).0, "signatory_id");
        let error = Given::<Agreement>::new(signed_history())
            .when(&erase(Some(77)))
            .then_error();
        assert!(not_found(&error, "signatory"));
        let error = Given::<Agreement>::new(vec![drafted()])
            .when(&erase(None))
            .then_error();
        assert_eq!(rule(&error).0, "agreement_id");
    }
}
