//! Requests about partners.

use berdaya_platform::Role;
use berdaya_platform::command::{CommandMessage, Input};
use berdaya_platform::command_accessors;
use berdaya_platform::validate::Validator;
use berdaya_proto::berdaya::partnerships::v1 as pb;
use uuid::Uuid;

use super::{
    ADMINS, MAX_LISTED, MAX_NAME, MAX_POSITION, MAX_REASON, MAX_REGISTRATION, OFFICERS,
    SUPERVISORS, email, regions,
};
use crate::convert;
use crate::domain::PartnerCommand;
use crate::domain::partner::{
    AddContact, ContactData, ContactPerson, ErasePartnerPersonalData, RegisterPartner,
    ReinstatePartner, RemoveContact, RetirePartner, SuspendPartner, UpdateContact,
    UpdatePartnerProfile,
};
use crate::grpc::edges::PartnerEdge;

/// A contact person as sent: new contact and subject ids (the edge keeps the subject of
/// an existing contact).
fn contact(
    v: &mut Validator<'static>,
    field: &str,
    input: Option<&pb::ContactInput>,
    contact_id: Uuid,
) -> Option<ContactPerson> {
    let Some(input) = input else {
        v.violations
            .add(field, "is required: a position and personal data");
        return None;
    };
    let position = v.text(&format!("{field}.position"), &input.position, MAX_POSITION);
    let data = match &input.personal {
        None => {
            v.violations.add(
                format!("{field}.personal"),
                "is required: a name, and a phone or e-mail",
            );
            None
        }
        Some(p) => {
            let full_name = v.text(
                &format!("{field}.personal.full_name"),
                &p.full_name,
                MAX_NAME,
            );
            let phone = v.phone(&format!("{field}.personal.phone"), &p.phone);
            let email = email(v, &format!("{field}.personal.email"), &p.email);
            match (full_name, phone, email) {
                (Some(full_name), Some(phone), Some(email)) => Some(ContactData {
                    full_name,
                    phone,
                    email,
                }),
                _ => None,
            }
        }
    };
    Some(ContactPerson {
        contact_id,
        subject_id: Uuid::now_v7(),
        position: position?,
        data: Some(data?),
    })
}

fn registration(v: &mut Validator<'static>, text: &str) -> Option<Option<String>> {
    v.optional_text("registration_number", text, MAX_REGISTRATION)
        .map(|t| (!t.is_empty()).then_some(t))
}

impl CommandMessage<PartnerEdge> for pb::RegisterPartnerRequest {
    const METHOD: &'static str = "RegisterPartner";
    const CREATES: bool = true;
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(partner_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, PartnerEdge>,
    ) -> Option<PartnerCommand> {
        let kind = v.required("kind", convert::partner_kind(self.kind), "PartnerKind");
        let legal_name = v.text("legal_name", &self.legal_name, MAX_NAME);
        let registration_number = registration(v, &self.registration_number);
        let regions_served = regions(v, "regions_served", &self.regions_served);
        let contacts = if self.contacts.len() > MAX_LISTED {
            v.violations.add(
                "contacts",
                format!("at most {MAX_LISTED} entries, got {}", self.contacts.len()),
            );
            None
        } else {
            v.each("contacts", &self.contacts, |v, field, c| {
                contact(v, field, Some(c), Uuid::now_v7())
            })
        };
        let registered_on = v.past_date_or_today("registered_on", &self.registered_on);
        Some(PartnerCommand::Register(RegisterPartner {
            partner_id: input.id,
            kind: kind?,
            legal_name: legal_name?,
            registration_number: registration_number?,
            regions_served: regions_served?,
            contacts: contacts?,
            registered_on: registered_on?,
        }))
    }

    fn regions(&self) -> Vec<(String, &'static str)> {
        self.regions_served
            .iter()
            .map(|r| (r.trim().to_owned(), "regions_served"))
            .collect()
    }
}

impl CommandMessage<PartnerEdge> for pb::UpdatePartnerProfileRequest {
    const METHOD: &'static str = "UpdatePartnerProfile";
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(partner_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, PartnerEdge>,
    ) -> Option<PartnerCommand> {
        let legal_name = v.text("legal_name", &self.legal_name, MAX_NAME);
        let registration_number = registration(v, &self.registration_number);
        let regions_served = regions(v, "regions_served", &self.regions_served);
        let updated_on = v.past_date_or_today("updated_on", &self.updated_on);
        Some(PartnerCommand::UpdateProfile(UpdatePartnerProfile {
            legal_name: legal_name?,
            registration_number: registration_number?,
            regions_served: regions_served?,
            updated_on: updated_on?,
        }))
    }

    fn regions(&self) -> Vec<(String, &'static str)> {
        self.regions_served
            .iter()
            .map(|r| (r.trim().to_owned(), "regions_served"))
            .collect()
    }
}

impl CommandMessage<PartnerEdge> for pb::AddPartnerContactRequest {
    const METHOD: &'static str = "AddPartnerContact";
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(partner_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, PartnerEdge>,
    ) -> Option<PartnerCommand> {
        let contact = contact(v, "contact", self.contact.as_ref(), Uuid::now_v7());
        let added_on = v.past_date_or_today("added_on", &self.added_on);
        Some(PartnerCommand::AddContact(AddContact {
            contact: contact?,
            added_on: added_on?,
        }))
    }
}

impl CommandMessage<PartnerEdge> for pb::UpdatePartnerContactRequest {
    const METHOD: &'static str = "UpdatePartnerContact";
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(partner_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, PartnerEdge>,
    ) -> Option<PartnerCommand> {
        let contact_id = v.id("contact_id", &self.contact_id);
        let contact = contact(
            v,
            "contact",
            self.contact.as_ref(),
            contact_id.unwrap_or_default(),
        );
        let updated_on = v.past_date_or_today("updated_on", &self.updated_on);
        contact_id?;
        Some(PartnerCommand::UpdateContact(UpdateContact {
            contact: contact?,
            updated_on: updated_on?,
        }))
    }
}

impl CommandMessage<PartnerEdge> for pb::RemovePartnerContactRequest {
    const METHOD: &'static str = "RemovePartnerContact";
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(partner_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, PartnerEdge>,
    ) -> Option<PartnerCommand> {
        let contact_id = v.id("contact_id", &self.contact_id);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        let removed_on = v.past_date_or_today("removed_on", &self.removed_on);
        Some(PartnerCommand::RemoveContact(RemoveContact {
            contact_id: contact_id?,
            removed_on: removed_on?,
            reason: reason?,
        }))
    }
}

impl CommandMessage<PartnerEdge> for pb::SuspendPartnerRequest {
    const METHOD: &'static str = "SuspendPartner";
    const ROLES: &'static [Role] = SUPERVISORS;
    command_accessors!(partner_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, PartnerEdge>,
    ) -> Option<PartnerCommand> {
        let reason = v.text("reason", &self.reason, MAX_REASON);
        let suspended_on = v.past_date_or_today("suspended_on", &self.suspended_on);
        Some(PartnerCommand::Suspend(SuspendPartner {
            reason: reason?,
            suspended_on: suspended_on?,
        }))
    }
}

impl CommandMessage<PartnerEdge> for pb::ReinstatePartnerRequest {
    const METHOD: &'static str = "ReinstatePartner";
    const ROLES: &'static [Role] = SUPERVISORS;
    command_accessors!(partner_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, PartnerEdge>,
    ) -> Option<PartnerCommand> {
        let note = v.optional_text("note", &self.note, MAX_REASON);
        let reinstated_on = v.past_date_or_today("reinstated_on", &self.reinstated_on);
        Some(PartnerCommand::Reinstate(ReinstatePartner {
            reinstated_on: reinstated_on?,
            note: note?,
        }))
    }
}

impl CommandMessage<PartnerEdge> for pb::RetirePartnerRequest {
    const METHOD: &'static str = "RetirePartner";
    const ROLES: &'static [Role] = SUPERVISORS;
    command_accessors!(partner_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, PartnerEdge>,
    ) -> Option<PartnerCommand> {
        let reason = v.text("reason", &self.reason, MAX_REASON);
        let retired_on = v.past_date_or_today("retired_on", &self.retired_on);
        Some(PartnerCommand::Retire(RetirePartner {
            reason: reason?,
            retired_on: retired_on?,
        }))
    }
}

impl CommandMessage<PartnerEdge> for pb::ErasePartnerPersonalDataRequest {
    const METHOD: &'static str = "ErasePartnerPersonalData";
    const ROLES: &'static [Role] = ADMINS;
    command_accessors!(partner_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, PartnerEdge>,
    ) -> Option<PartnerCommand> {
        let contact_id = v.optional_id("contact_id", &self.contact_id);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(PartnerCommand::ErasePersonalData(
            ErasePartnerPersonalData {
                contact_id: contact_id?,
                reason: reason?,
            },
        ))
    }
}
