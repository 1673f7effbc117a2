//! Rewriting a draft before it is signed.

use berdaya_domain::DomainError;

use super::{check_terms, require_draft};
use crate::domain::agreement::{Agreement, AgreementEvent, ReviseDraft};
use crate::domain::dates::not_before;

/// Replaces the draft's terms; the reviser becomes one of its makers, who may not sign
/// it off.
pub(super) fn decide(
    state: &Agreement,
    command: &ReviseDraft,
) -> Result<Vec<AgreementEvent>, DomainError> {
    require_draft(state)?;
    check_terms(&command.terms, &command.partners)?;
    not_before(
        "revised_on",
        command.revised_on,
        state.draft_changed_on,
        "the draft's last change",
    )?;
    if command.terms == state.terms {
        return Err(DomainError::rule(
            "",
            "nothing to change: the draft already reads so",
        ));
    }
    Ok(vec![AgreementEvent::DraftRevised {
        terms: command.terms.clone(),
        revised_by: command.revised_by.clone(),
        revised_on: command.revised_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::agreement::fixtures::*;
    use crate::domain::agreement::*;
    use crate::domain::fixtures::*;

    fn revise(terms: Terms, by: &str, on: &str) -> AgreementCommand {
        AgreementCommand::ReviseDraft(ReviseDraft {
            partners: vec![active_partner(100)],
            terms,
            revised_by: by.into(),
            revised_on: date(on),
        })
    }

    fn longer() -> Terms {
        Terms {
            end_date: date("2027-06-30"),
            ..terms()
        }
    }

    #[test]
    fn a_revision_replaces_the_terms_and_adds_a_maker() {
        let agreement = Given::<Agreement>::new(vec![drafted()])
            .when(&revise(longer(), "caseworker-citra", "2026-01-12"))
            .then(vec![AgreementEvent::DraftRevised {
                terms: longer(),
                revised_by: "caseworker-citra".into(),
                revised_on: date("2026-01-12"),
            }]);
        assert_eq!(agreement.terms.end_date, date("2027-06-30"));
        assert_eq!(agreement.makers, [DRAFTER, "caseworker-citra"]);
    }

    #[test]
    fn a_signed_or_withdrawn_draft_is_not_revised() {
        let error = Given::<Agreement>::new(signed_history())
            .when(&revise(longer(), DRAFTER, "2026-01-25"))
            .then_error();
        assert!(rule(&error).1.contains("amend it instead"));

        let withdrawn = AgreementEvent::DraftWithdrawn {
            reason: "batal".into(),
            withdrawn_by: DRAFTER.into(),
            withdrawn_on: date("2026-01-11"),
        };
        let error = Given::<Agreement>::new(vec![drafted(), withdrawn])
            .when(&revise(longer(), DRAFTER, "2026-01-25"))
            .then_error();
        assert!(rule(&error).1.contains("withdrawn"));
    }

    #[test]
    fn a_revision_is_checked_like_a_draft_and_must_change_something() {
        let mut bad = terms();
        bad.end_date = date("2025-12-31");
        let error = Given::<Agreement>::new(vec![drafted()])
            .when(&revise(bad, DRAFTER, "2026-01-12"))
            .then_error();
        assert_eq!(invalid_fields(&error)[0], "end_date");

        let error = Given::<Agreement>::new(vec![drafted()])
            .when(&revise(terms(), DRAFTER, "2026-01-12"))
            .then_error();
        assert!(rule(&error).1.contains("nothing to change"));

        let error = Given::<Agreement>::new(vec![drafted()])
            .when(&revise(longer(), DRAFTER, "2026-01-09"))
            .then_error();
        assert_eq!(rule(&error).0, "revised_on");
    }

    #[test]
    fn an_unknown_agreement_is_not_found() {
        let error = Given::<Agreement>::nothing()
            .when(&revise(longer(), DRAFTER, "2026-01-12"))
            .then_error();
        assert!(not_found(&error, "agreement"));
    }
}
