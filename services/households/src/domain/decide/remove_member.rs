//! Removing a member: the head leaves only with another active member named to lead.

use berdaya_domain::DomainError;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::{Household, HouseholdEvent, Relationship, RemovalReason};

/// Decides `RemoveMember`.
pub(super) fn decide(
    state: &Household,
    member_id: Uuid,
    reason: RemovalReason,
    effective_date: NaiveDate,
    note: &str,
    new_head: Option<Uuid>,
) -> Result<Vec<HouseholdEvent>, DomainError> {
    let member = state
        .member(member_id)
        .filter(|m| m.active)
        .ok_or_else(|| DomainError::not_found(format!("active member {member_id}")))?;
    let is_head = member.facts.relationship == Relationship::Head;
    let new_head = match (is_head, new_head) {
        (true, None) => {
            return Err(DomainError::rule(
                "new_head_member_id",
                "removing the head needs the member who becomes head",
            ));
        }
        (true, Some(id)) => {
            if id == member_id || !state.member(id).is_some_and(|m| m.active) {
                return Err(DomainError::rule(
                    "new_head_member_id",
                    "the new head must be another active member of the household",
                ));
            }
            Some(id)
        }
        (false, Some(_)) => {
            return Err(DomainError::rule(
                "new_head_member_id",
                "only given when the head is removed",
            ));
        }
        (false, None) => None,
    };
    Ok(vec![HouseholdEvent::MemberRemoved {
        member_id,
        subject_id: member.facts.subject_id,
        reason,
        effective_date,
        note: Some(note.to_owned()),
        new_head,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::*;

    #[test]
    fn removing_the_head_needs_a_new_head_who_then_leads() {
        let remove = |new_head| HouseholdCommand::RemoveMember {
            member_id: id(1),
            reason: RemovalReason::Died,
            effective_date: date("2026-02-01"),
            note: String::new(),
            new_head,
        };
        let error = Given::<Household>::new(registered(2))
            .when(&remove(None))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "new_head_member_id"));
        let error = Given::<Household>::new(registered(2))
            .when(&remove(Some(id(99))))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "new_head_member_id"));
        let state = Given::<Household>::new(registered(2))
            .when(&remove(Some(id(2))))
            .then(vec![HouseholdEvent::MemberRemoved {
                member_id: id(1),
                subject_id: id(1001),
                reason: RemovalReason::Died,
                effective_date: date("2026-02-01"),
                note: Some(String::new()),
                new_head: Some(id(2)),
            }]);
        assert_eq!(state.head().unwrap().facts.member_id, id(2));
        assert!(!state.member(id(1)).unwrap().active);
    }

    #[test]
    fn a_removed_member_cannot_be_removed_again() {
        let mut history = registered(2);
        history.push(HouseholdEvent::MemberRemoved {
            member_id: id(3),
            subject_id: id(1003),
            reason: RemovalReason::Moved,
            effective_date: date("2026-02-01"),
            note: Some(String::new()),
            new_head: None,
        });
        let error = Given::<Household>::new(history)
            .when(&HouseholdCommand::RemoveMember {
                member_id: id(3),
                reason: RemovalReason::Moved,
                effective_date: date("2026-02-02"),
                note: String::new(),
                new_head: None,
            })
            .then_error();
        assert!(matches!(error, DomainError::NotFound { .. }));
    }
}
