//! Registering a partner.

use std::collections::HashSet;

use berdaya_domain::DomainError;

use super::{check_contact, check_regions_served};
use crate::domain::partner::{Partner, PartnerEvent, RegisterPartner};

/// Enters a new partner with its regions served and contact people.
pub(super) fn decide(
    state: &Partner,
    command: &RegisterPartner,
) -> Result<Vec<PartnerEvent>, DomainError> {
    if state.id.is_some() {
        return Err(DomainError::already_exists(
            "partner_id",
            "a partner with this id is already registered",
        ));
    }
    check_regions_served(&command.regions_served)?;
    let mut contact_ids = HashSet::new();
    let mut subject_ids = HashSet::new();
    for (index, contact) in command.contacts.iter().enumerate() {
        let field = format!("contacts[{index}]");
        if !contact_ids.insert(contact.contact_id) || !subject_ids.insert(contact.subject_id) {
            return Err(DomainError::invalid(field, "the contact is listed twice"));
        }
        check_contact(contact, &field)?;
    }
    Ok(vec![PartnerEvent::Registered {
        partner_id: command.partner_id,
        kind: command.kind,
        legal_name: command.legal_name.clone(),
        registration_number: command.registration_number.clone(),
        regions_served: command.regions_served.clone(),
        contacts: command.contacts.clone(),
        registered_on: command.registered_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::partner::fixtures::*;
    use crate::domain::partner::*;
    use crate::domain::{PartnerKind, PartnerStanding};

    #[test]
    fn registering_records_the_partner_active_with_its_contacts() {
        let partner = Given::<Partner>::nothing()
            .when(&register())
            .then(vec![registered()]);
        assert_eq!(partner.status, PartnerStatus::Active);
        assert_eq!(partner.current_contacts().count(), 1);
        assert_eq!(
            partner.facts(partner_id()).standing,
            PartnerStanding::Active {
                kind: PartnerKind::Bank,
                regions_served: vec![region("35.78")],
            }
        );
        assert!(partner.serves(&village()));
        assert!(!partner.serves(&region("35.07.01.2001")));
    }

    #[test]
    fn debug_output_hides_contacts_personal_data() {
        let text = format!("{:?}", register());
        assert!(!text.contains("Siti"), "{text}");
        assert!(!text.contains("+62"), "{text}");
        assert!(
            text.contains("Kepala Unit Mikro"),
            "positions are not personal data"
        );
    }

    #[test]
    fn an_id_is_registered_once() {
        let error = Given::<Partner>::new(vec![registered()])
            .when(&register())
            .then_error();
        assert!(matches!(error, DomainError::AlreadyExists { field, .. } if field == "partner_id"));
    }

    #[test]
    fn a_partner_serves_at_least_one_region_none_twice() {
        let mut command = register_command();
        command.regions_served.clear();
        let error = Given::<Partner>::nothing()
            .when(&PartnerCommand::Register(command))
            .then_error();
        assert_eq!(invalid_fields(&error), ["regions_served"]);

        let mut command = register_command();
        command.regions_served = vec![region("35"), region("36"), region("35.78")];
        let error = Given::<Partner>::nothing()
            .when(&PartnerCommand::Register(command))
            .then_error();
        assert_eq!(invalid_fields(&error), ["regions_served[2]"]);
    }

    #[test]
    fn contacts_are_distinct_and_reachable() {
        let mut command = register_command();
        command.contacts.push(command.contacts[0].clone());
        let error = Given::<Partner>::nothing()
            .when(&PartnerCommand::Register(command))
            .then_error();
        assert_eq!(invalid_fields(&error), ["contacts[1]"]);

        let mut command = register_command();
        let mut unreachable = contact(2);
        if let Some(data) = unreachable.data.as_mut() {
            data.phone = None;
            data.email = None;
        }
        command.contacts.push(unreachable);
        let error = Given::<Partner>::nothing()
            .when(&PartnerCommand::Register(command))
            .then_error();
        assert_eq!(invalid_fields(&error), ["contacts[1].personal"]);
    }

    #[test]
    fn a_partner_may_be_registered_without_contacts_or_registration_number() {
        let mut command = register_command();
        command.contacts.clear();
        command.registration_number = None;
        let partner = Given::<Partner>::nothing()
            .when(&PartnerCommand::Register(command))
            .then(vec![PartnerEvent::Registered {
                partner_id: partner_id(),
                kind: PartnerKind::Bank,
                legal_name: "PT Bank Rakyat Indonesia (Persero) Tbk".into(),
                registration_number: None,
                regions_served: vec![region("35.78")],
                contacts: vec![],
                registered_on: date("2026-01-05"),
            }]);
        assert!(partner.contacts.is_empty());
    }
}
