//! A contact person stops representing the partner.

use berdaya_domain::DomainError;

use crate::domain::dates::not_before;
use crate::domain::partner::{Partner, PartnerEvent, RemoveContact};

/// Records that the contact no longer represents the partner; their data stays (sealed)
/// until erased.
pub(super) fn decide(
    state: &Partner,
    command: &RemoveContact,
) -> Result<Vec<PartnerEvent>, DomainError> {
    let id = command.contact_id;
    let contact = state
        .contact(id)
        .ok_or_else(|| DomainError::not_found(format!("contact {id}")))?;
    if contact.removed_on.is_some() {
        return Err(DomainError::rule(
            "contact_id",
            "the contact was already removed",
        ));
    }
    not_before(
        "removed_on",
        command.removed_on,
        Some(contact.added_on),
        "the contact was added",
    )?;
    Ok(vec![PartnerEvent::ContactRemoved {
        contact_id: id,
        removed_on: command.removed_on,
        reason: command.reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::partner::fixtures::*;
    use crate::domain::partner::*;

    fn remove(n: u128, on: &str) -> PartnerCommand {
        PartnerCommand::RemoveContact(RemoveContact {
            contact_id: id(n),
            removed_on: date(on),
            reason: "pindah tugas".into(),
        })
    }

    #[test]
    fn a_removed_contact_is_kept_as_former() {
        let partner = Given::<Partner>::new(vec![registered()])
            .when(&remove(1, "2026-02-01"))
            .then(vec![PartnerEvent::ContactRemoved {
                contact_id: id(1),
                removed_on: date("2026-02-01"),
                reason: "pindah tugas".into(),
            }]);
        assert_eq!(partner.current_contacts().count(), 0);
        assert_eq!(partner.contacts.len(), 1);
    }

    #[test]
    fn unknown_twice_or_early_removals_are_refused() {
        let error = Given::<Partner>::new(vec![registered()])
            .when(&remove(5, "2026-02-01"))
            .then_error();
        assert!(not_found(&error, "contact"));

        let mut history = vec![registered()];
        history.extend(
            Given::<Partner>::new(vec![registered()])
                .when(&remove(1, "2026-02-01"))
                .events(),
        );
        let error = Given::<Partner>::new(history)
            .when(&remove(1, "2026-02-02"))
            .then_error();
        assert_eq!(rule(&error).0, "contact_id");

        let error = Given::<Partner>::new(vec![registered()])
            .when(&remove(1, "2026-01-01"))
            .then_error();
        assert_eq!(rule(&error).0, "removed_on");
    }
}
