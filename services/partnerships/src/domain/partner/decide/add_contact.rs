//! Adding a contact person.

use berdaya_domain::DomainError;

use super::check_contact;
use crate::domain::dates::not_before;
use crate::domain::partner::{AddContact, Partner, PartnerEvent};

/// Adds a contact person with a new id and data subject.
pub(super) fn decide(
    state: &Partner,
    command: &AddContact,
) -> Result<Vec<PartnerEvent>, DomainError> {
    let contact = &command.contact;
    if state.contact(contact.contact_id).is_some() {
        return Err(DomainError::already_exists(
            "contact",
            "the partner already has a contact with this id",
        ));
    }
    if state
        .contacts
        .iter()
        .any(|c| c.person.subject_id == contact.subject_id)
    {
        return Err(DomainError::already_exists(
            "contact",
            "another contact already has this data subject",
        ));
    }
    check_contact(contact, "contact")?;
    not_before(
        "added_on",
        command.added_on,
        state.registered_on,
        "the partner was registered",
    )?;
    Ok(vec![PartnerEvent::ContactAdded {
        contact: contact.clone(),
        added_on: command.added_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::partner::fixtures::*;
    use crate::domain::partner::*;

    fn add(contact: ContactPerson, on: &str) -> PartnerCommand {
        PartnerCommand::AddContact(AddContact {
            contact,
            added_on: date(on),
        })
    }

    #[test]
    fn a_contact_is_added() {
        let partner = Given::<Partner>::new(vec![registered()])
            .when(&add(contact(2), "2026-02-01"))
            .then(vec![PartnerEvent::ContactAdded {
                contact: contact(2),
                added_on: date("2026-02-01"),
            }]);
        assert_eq!(partner.current_contacts().count(), 2);
    }

    #[test]
    fn ids_and_subjects_are_not_reused() {
        let error = Given::<Partner>::new(vec![registered()])
            .when(&add(contact(1), "2026-02-01"))
            .then_error();
        assert!(matches!(error, DomainError::AlreadyExists { field, .. } if field == "contact"));

        let mut same_subject = contact(2);
        same_subject.subject_id = contact(1).subject_id;
        let error = Given::<Partner>::new(vec![registered()])
            .when(&add(same_subject, "2026-02-01"))
            .then_error();
        assert!(matches!(error, DomainError::AlreadyExists { field, .. } if field == "contact"));
    }

    #[test]
    fn a_contact_needs_a_name_and_a_way_to_reach_them() {
        let mut nameless = contact(2);
        nameless.data = None;
        let error = Given::<Partner>::new(vec![registered()])
            .when(&add(nameless, "2026-02-01"))
            .then_error();
        assert_eq!(invalid_fields(&error), ["contact.personal.full_name"]);
    }

    #[test]
    fn a_contact_is_not_added_before_registration() {
        let error = Given::<Partner>::new(vec![registered()])
            .when(&add(contact(2), "2025-12-31"))
            .then_error();
        assert_eq!(rule(&error).0, "added_on");
    }
}
