//! Erasing contact people's personal data (UU PDP 27/2022 right to deletion).

use berdaya_domain::DomainError;

use crate::domain::partner::{ErasePartnerPersonalData, Partner, PartnerEvent};

/// Records the erasure of one contact's data, or of every contact's; the edge destroys
/// the subjects' keys with it. Allowed in any status, retirement included.
pub(super) fn decide(
    state: &Partner,
    command: &ErasePartnerPersonalData,
) -> Result<Vec<PartnerEvent>, DomainError> {
    let subject_ids = match command.contact_id {
        Some(id) => {
            let contact = state
                .contact(id)
                .ok_or_else(|| DomainError::not_found(format!("contact {id}")))?;
            if contact.person.data.is_none() {
                return Err(DomainError::rule(
                    "contact_id",
                    "the contact's personal data is already erased",
                ));
            }
            vec![contact.person.subject_id]
        }
        None => {
            let ids: Vec<_> = state
                .contacts
                .iter()
                .filter(|c| c.person.data.is_some())
                .map(|c| c.person.subject_id)
                .collect();
            if ids.is_empty() {
                return Err(DomainError::rule(
                    "partner_id",
                    "the partner holds no personal data to erase",
                ));
            }
            ids
        }
    };
    Ok(vec![PartnerEvent::PersonalDataErased {
        subject_ids,
        reason: command.reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::partner::fixtures::*;
    use crate::domain::partner::*;

    fn erase(contact_id: Option<u128>) -> PartnerCommand {
        PartnerCommand::ErasePersonalData(ErasePartnerPersonalData {
            contact_id: contact_id.map(id),
            reason: "permintaan subjek data".into(),
        })
    }

    fn two_contacts() -> Vec<PartnerEvent> {
        vec![
            registered(),
            PartnerEvent::ContactAdded {
                contact: contact(2),
                added_on: date("2026-02-01"),
            },
        ]
    }

    #[test]
    fn erasing_one_contact_blanks_only_their_data() {
        let partner = Given::<Partner>::new(two_contacts())
            .when(&erase(Some(2)))
            .then(vec![PartnerEvent::PersonalDataErased {
                subject_ids: vec![id(1002)],
                reason: "permintaan subjek data".into(),
            }]);
        assert!(partner.contact(id(2)).unwrap().person.data.is_none());
        assert_eq!(
            partner.contact(id(2)).unwrap().person.position,
            "Kepala Unit Mikro"
        );
        assert!(partner.contact(id(1)).unwrap().person.data.is_some());
    }

    #[test]
    fn erasing_the_partner_blanks_every_contact_even_when_retired() {
        let mut history = two_contacts();
        history.push(retired());
        let partner = Given::<Partner>::new(history).when(&erase(None)).then(vec![
            PartnerEvent::PersonalDataErased {
                subject_ids: vec![id(1001), id(1002)],
                reason: "permintaan subjek data".into(),
            },
        ]);
        assert!(partner.contacts.iter().all(|c| c.person.data.is_none()));
    }

    #[test]
    fn nothing_left_to_erase_is_refused() {
        let mut history = vec![registered()];
        history.push(PartnerEvent::PersonalDataErased {
            subject_ids: vec![id(1001)],
            reason: "permintaan subjek data".into(),
        });
        let error = Given::<Partner>::new(history.clone())
            .when(&erase(Some(1)))
            .then_error();
        assert_eq!(rule(&error).0, "contact_id");
        let error = Given::<Partner>::new(history)
            .when(&erase(None))
            .then_error();
        assert_eq!(rule(&error).0, "partner_id");
        let error = Given::<Partner>::new(vec![registered()])
            .when(&erase(Some(9)))
            .then_error();
        assert!(not_found(&error, "contact"));
    }
}
