//! Amending a signed agreement (adendum): the next numbered version, with exactly what
//! changed.

use std::collections::HashSet;

use berdaya_domain::DomainError;
use berdaya_domain::error::Violations;

use super::{check_commitment, open_for_change};
use crate::domain::agreement::{Agreement, AgreementEvent, AmendAgreement, Terms};
use crate::domain::dates::period;

/// Records an amendment as the next version.
pub(super) fn decide(
    state: &Agreement,
    command: &AmendAgreement,
) -> Result<Vec<AgreementEvent>, DomainError> {
    open_for_change(state, "amended_on", command.amended_on)?;
    let changes = &command.changes;
    if changes.is_empty() {
        return Err(DomainError::invalid(
            "changes",
            "an amendment must change something",
        ));
    }
    let amended = state.terms.amended(changes);
    check_changes(state, command, &amended)?;
    if let Some(end_date) = changes.end_date {
        check_new_end_date(command, &amended, end_date)?;
    }
    if amended == state.terms {
        return Err(DomainError::rule(
            "changes",
            "nothing to change: the terms already read so",
        ));
    }
    Ok(vec![AgreementEvent::Amended {
        version: state.next_version(),
        amended_on: command.amended_on,
        summary: command.summary.clone(),
        changes: changes.clone(),
        document: command.document.clone(),
        amended_by: command.amended_by.clone(),
    }])
}

/// Every change names what exists (or, for an added commitment, what does not yet) and
/// keeps targets above zero in their unit.
fn check_changes(
    state: &Agreement,
    command: &AmendAgreement,
    amended: &Terms,
) -> Result<(), DomainError> {
    let changes = &command.changes;
    let mut violations = Violations::new();
    if let Some(end_date) = changes.end_date
        && let Err(violation) = period(
            "start_date",
            amended.start_date,
            "changes.end_date",
            end_date,
        )
    {
        violations.push(violation);
    }
    let mut added = HashSet::new();
    for (index, commitment) in changes.added_commitments.iter().enumerate() {
        let field = format!("changes.added_commitments[{index}]");
        if state.commitment_id_used(commitment.commitment_id)
            || !added.insert(commitment.commitment_id)
        {
            violations.add(
                format!("{field}.commitment_id"),
                "the agreement already has a commitment with this id",
            );
        }
        check_commitment(commitment, &field, amended, &mut violations);
    }
    let mut touched = HashSet::new();
    for (index, revision) in changes.revised_targets.iter().enumerate() {
        let field = format!("changes.revised_targets[{index}]");
        let Some(current) = state.terms.commitment(revision.commitment_id) else {
            violations.add(
                format!("{field}.commitment_id"),
                "no such commitment in the current terms",
            );
            continue;
        };
        if !touched.insert(revision.commitment_id) {
            violations.add(
                format!("{field}.commitment_id"),
                "the commitment is revised twice",
            );
        }
        if !revision.target.is_positive() {
            violations.add(
                format!("{field}.target"),
                "the target must be more than zero",
            );
        } else if !revision.target.same_unit(current.target) {
            violations.add(
                format!("{field}.target"),
                format!("the commitment's target is a {}", current.target.unit()),
            );
        }
    }
    for (index, id) in changes.withdrawn_commitment_ids.iter().enumerate() {
        let field = format!("changes.withdrawn_commitment_ids[{index}]");
        if state.terms.commitment(*id).is_none() {
            violations.add(field, "no such commitment in the current terms");
        } else if !touched.insert(*id) {
            violations.add(
                field,
                "the commitment is already revised or withdrawn in this amendment",
            );
        }
    }
    violations.finish()
}

/// A new end date is not before the amendment (that would be a termination) and leaves
/// room for every remaining commitment's period.
fn check_new_end_date(
    command: &AmendAgreement,
    amended: &Terms,
    end_date: chrono::NaiveDate,
) -> Result<(), DomainError> {
    if end_date < command.amended_on {
        return Err(DomainError::rule(
            "changes.end_date",
            format!(
                "{end_date} is before the amendment ({}): terminate the agreement instead",
                command.amended_on
            ),
        ));
    }
    if let Some(late) = amended.commitments.iter().find(|c| c.period_end > end_date) {
        return Err(DomainError::rule(
            "changes.end_date",
            format!(
                "commitment {} runs until {}: withdraw it in the same amendment or keep a later end date",
                late.commitment_id, late.period_end
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use berdaya_domain::Rupiah;
    use berdaya_domain::aggregate::Given;

    use crate::domain::agreement::fixtures::*;
    use crate::domain::agreement::*;
    use crate::domain::fixtures::*;
    use crate::domain::{CommitmentKind, Quantity};

    fn amend(changes: AmendmentChanges, on: &str) -> AgreementCommand {
        AgreementCommand::Amend(AmendAgreement {
            amended_on: date(on),
            summary: "plafon KUR dinaikkan".into(),
            changes,
            document: document(2),
            amended_by: SUPERVISOR.into(),
        })
    }

    fn raise_credit(amount: i64) -> AmendmentChanges {
        AmendmentChanges {
            revised_targets: vec![TargetRevision {
                commitment_id: credit_id(),
                target: Quantity::Amount(Rupiah(amount)),
            }],
            ..AmendmentChanges::default()
        }
    }

    #[test]
    fn amendment_versions_are_kept_each_with_what_changed() {
        let transport = commitment(id(303), CommitmentKind::Transport, Quantity::Count(12));
        let second = AmendmentChanges {
            added_commitments: vec![transport.clone()],
            withdrawn_commitment_ids: vec![training_id()],
            ..AmendmentChanges::default()
        };
        let mut history = signed_history();
        history.extend(
            Given::<Agreement>::new(history.clone())
                .when(&amend(raise_credit(150_000_000), "2026-04-01"))
                .events(),
        );
        let agreement = Given::<Agreement>::new(history)
            .when(&amend(second.clone(), "2026-06-01"))
            .then(vec![AgreementEvent::Amended {
                version: 3,
                amended_on: date("2026-06-01"),
                summary: "plafon KUR dinaikkan".into(),
                changes: second.clone(),
                document: document(2),
                amended_by: SUPERVISOR.into(),
            }]);
        assert_eq!(agreement.versions.len(), 3);
        let v1 = agreement.version(1).unwrap();
        assert_eq!(v1.terms, terms(), "version 1 still reads as signed");
        let v2 = agreement.version(2).unwrap();
        assert_eq!(
            v2.change,
            VersionChange::Amended {
                summary: "plafon KUR dinaikkan".into(),
                changes: raise_credit(150_000_000)
            }
        );
        assert_eq!(
            v2.terms.commitment(credit_id()).unwrap().target,
            Quantity::Amount(Rupiah(150_000_000))
        );
        assert!(v2.terms.commitment(training_id()).is_some());
        let v3 = agreement.version(3).unwrap();
        assert!(v3.terms.commitment(training_id()).is_none());
        assert_eq!(v3.terms.commitment(id(303)), Some(&transport));
        assert!(agreement.commitment_withdrawn(training_id()));
    }

    #[test]
    fn an_expired_or_terminated_agreement_is_not_amended() {
        let error = Given::<Agreement>::new(signed_history())
            .when(&amend(raise_credit(150_000_000), "2027-01-01"))
            .then_error();
        assert!(rule(&error).1.contains("expired on 2027-01-01"));

        let mut history = signed_history();
        history.push(terminated("2026-09-01"));
        let error = Given::<Agreement>::new(history)
            .when(&amend(raise_credit(150_000_000), "2026-08-01"))
            .then_error();
        assert!(rule(&error).1.contains("terminated"));

        let error = Given::<Agreement>::new(vec![drafted()])
            .when(&amend(raise_credit(150_000_000), "2026-03-01"))
            .then_error();
        assert!(rule(&error).1.contains("not signed"));
    }

    #[test]
    fn an_amendment_must_change_something_that_exists() {
        let error = Given::<Agreement>::new(signed_history())
            .when(&amend(AmendmentChanges::default(), "2026-04-01"))
            .then_error();
        assert_eq!(invalid_fields(&error), ["changes"]);

        let error = Given::<Agreement>::new(signed_history())
            .when(&amend(raise_credit(100_000_000), "2026-04-01"))
            .then_error();
        assert!(rule(&error).1.contains("nothing to change"));

        let changes = AmendmentChanges {
            revised_targets: vec![
                TargetRevision {
                    commitment_id: id(999),
                    target: Quantity::Count(1),
                },
                TargetRevision {
                    commitment_id: credit_id(),
                    target: Quantity::Count(5),
                },
                TargetRevision {
                    commitment_id: training_id(),
                    target: Quantity::Count(0),
                },
            ],
            withdrawn_commitment_ids: vec![credit_id()],
            added_commitments: vec![commitment(
                training_id(),
                CommitmentKind::Transport,
                Quantity::Count(1),
            )],
            ..AmendmentChanges::default()
        };
        let error = Given::<Agreement>::new(signed_history())
            .when(&amend(changes, "2026-04-01"))
            .then_error();
        assert_eq!(
            invalid_fields(&error),
            [
                "changes.added_commitments[0].commitment_id",
                "changes.revised_targets[0].commitment_id",
                "changes.revised_targets[1].target",
                "changes.revised_targets[2].target",
                "changes.withdrawn_commitment_ids[0]",
            ]
        );
    }

    #[test]
    fn a_new_end_date_keeps_order_and_room_for_commitments() {
        let shorten = |end: &str| AmendmentChanges {
            end_date: Some(date(end)),
            ..AmendmentChanges::default()
        };
        let error = Given::<Agreement>::new(signed_history())
            .when(&amend(shorten("2026-01-15"), "2026-01-25"))
            .then_error();
        assert_eq!(invalid_fields(&error), ["changes.end_date"]);

        let error = Given::<Agreement>::new(signed_history())
            .when(&amend(shorten("2026-03-31"), "2026-04-01"))
            .then_error();
        assert!(rule(&error).1.contains("terminate the agreement instead"));

        let error = Given::<Agreement>::new(signed_history())
            .when(&amend(shorten("2026-09-30"), "2026-04-01"))
            .then_error();
        assert!(rule(&error).1.contains("runs until 2026-12-31"));
    }

    #[test]
    fn amendments_follow_one_another_in_date_order() {
        let error = Given::<Agreement>::new(signed_history())
            .when(&amend(raise_credit(150_000_000), "2026-01-19"))
            .then_error();
        assert_eq!(rule(&error).0, "amended_on");
    }
}
