//! Changing a contact person's position, name, phone or e-mail.

use berdaya_domain::DomainError;

use super::check_contact;
use crate::domain::dates::not_before;
use crate::domain::partner::{ContactPerson, Partner, PartnerEvent, UpdateContact};

/// Records the contact as it stands after the change, under its own data subject.
pub(super) fn decide(
    state: &Partner,
    command: &UpdateContact,
) -> Result<Vec<PartnerEvent>, DomainError> {
    let id = command.contact.contact_id;
    let current = state
        .contact(id)
        .ok_or_else(|| DomainError::not_found(format!("contact {id}")))?;
    if current.removed_on.is_some() {
        return Err(DomainError::rule(
            "contact_id",
            "the contact no longer represents the partner",
        ));
    }
    if current.person.data.is_none() {
        // The subject's key is destroyed: new data sealed under it could never be read.
        return Err(DomainError::rule(
            "contact_id",
            "the contact's personal data was erased: add them again as a new contact",
        ));
    }
    check_contact(&command.contact, "contact")?;
    not_before(
        "updated_on",
        command.updated_on,
        Some(current.added_on),
        "the contact was added",
    )?;
    let updated = ContactPerson {
        subject_id: current.person.subject_id,
        ..command.contact.clone()
    };
    if updated == current.person {
        return Err(DomainError::rule(
            "contact",
            "nothing to change: the contact already reads so",
        ));
    }
    Ok(vec![PartnerEvent::ContactUpdated {
        contact: updated,
        updated_on: command.updated_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::partner::fixtures::*;
    use crate::domain::partner::*;

    fn update(contact: ContactPerson) -> PartnerCommand {
        PartnerCommand::UpdateContact(UpdateContact {
            contact,
            updated_on: date("2026-02-01"),
        })
    }

    #[test]
    fn a_new_phone_is_recorded_under_the_same_subject() {
        let mut changed = contact(1);
        changed.subject_id = id(9999);
        if let Some(data) = changed.data.as_mut() {
            data.phone = Some("+6281111111111".into());
        }
        let partner = Given::<Partner>::new(vec![registered()])
            .when(&update(changed.clone()))
            .then(vec![PartnerEvent::ContactUpdated {
                contact: ContactPerson {
                    subject_id: contact(1).subject_id,
                    ..changed
                },
                updated_on: date("2026-02-01"),
            }]);
        let data = partner.contact(id(1)).unwrap().person.data.clone().unwrap();
        assert_eq!(data.phone.as_deref(), Some("+6281111111111"));
    }

    #[test]
    fn an_unknown_removed_or_erased_contact_is_not_updated() {
        let error = Given::<Partner>::new(vec![registered()])
            .when(&update(contact(7)))
            .then_error();
        assert!(not_found(&error, "contact"));

        let removed = PartnerEvent::ContactRemoved {
            contact_id: id(1),
            removed_on: date("2026-01-20"),
            reason: "pindah tugas".into(),
        };
        let error = Given::<Partner>::new(vec![registered(), removed])
            .when(&update(contact(1)))
            .then_error();
        assert!(rule(&error).1.contains("no longer represents"));

        let erased = PartnerEvent::PersonalDataErased {
            subject_ids: vec![contact(1).subject_id],
            reason: "permintaan subjek data".into(),
        };
        let error = Given::<Partner>::new(vec![registered(), erased])
            .when(&update(contact(1)))
            .then_error();
        assert!(rule(&error).1.contains("erased"));
    }

    #[test]
    fn an_update_that_changes_nothing_is_refused() {
        let error = Given::<Partner>::new(vec![registered()])
            .when(&update(contact(1)))
            .then_error();
        assert!(rule(&error).1.contains("nothing to change"));
    }
}
