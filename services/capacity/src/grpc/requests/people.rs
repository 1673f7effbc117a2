//! Requests about the people who run the programme.

use berdaya_domain::id::Nik;
use berdaya_platform::auth::Role;
use berdaya_platform::command::{CommandMessage, Input};
use berdaya_platform::command_accessors;
use berdaya_platform::validate::Validator;
use berdaya_proto::berdaya::capacity::v1 as pb;
use uuid::Uuid;

use super::{MAX_EMAIL, MAX_NAME, MAX_NOTE, MAX_REASON, optional_region, unknown_household};
use crate::convert;
use crate::domain::person::{
    DeactivatePerson, DeactivationReason, ErasePersonalData, PersonCommand, PersonData,
    PlacementRequest, ReactivatePerson, ReassignPerson, RegisterPerson, UpdatePersonalData,
};
use crate::domain::roles::Organisation;
use crate::grpc::edge::PersonEdge;

/// Role, organisation, region and a cadre's household, as requested.
fn placement(
    v: &mut Validator<'static>,
    role: i32,
    organisation: Option<&pb::Organisation>,
    region_code: &str,
    household_id: &str,
) -> Option<PlacementRequest> {
    let role = v.required("role", convert::role(role), "PersonRole");
    let organisation = match organisation {
        None => Some(None),
        Some(o) => {
            let kind = v.required(
                "organisation.kind",
                convert::organisation_kind(o.kind),
                "OrganisationKind",
            );
            let name = v.text("organisation.name", &o.name, MAX_NAME);
            Some(Some(Organisation {
                kind: kind?,
                name: name?,
            }))
        }
    };
    let region = optional_region(v, "region_code", region_code.trim());
    let household = v.optional_id("household_id", household_id);
    Some(PlacementRequest {
        role: role?,
        organisation: organisation?,
        region: region?,
        household: household?.map(unknown_household),
    })
}

/// Name, NIK, phone and email, as requested.
fn personal_data(
    v: &mut Validator<'static>,
    full_name: &str,
    nik: &str,
    phone: &str,
    email: &str,
) -> Option<PersonData> {
    let full_name = v.text("full_name", full_name, MAX_NAME);
    let nik = match nik.trim() {
        "" => Some(None),
        text => match Nik::parse(text, None, None) {
            Ok(nik) => Some(Some(nik.as_str().to_owned())),
            Err(violation) => {
                v.fail("nik", violation);
                None
            }
        },
    };
    let phone = v.phone("phone", phone);
    let email = match email.trim() {
        "" => Some(None),
        text if text.len() > MAX_EMAIL => {
            v.violations
                .add("email", format!("must be at most {MAX_EMAIL} characters"));
            None
        }
        text if !is_email(text) => {
            v.violations
                .add("email", "must be an address like name@example.org");
            None
        }
        text => Some(Some(text.to_owned())),
    };
    Some(PersonData {
        full_name: full_name?,
        nik: nik?,
        phone: phone?,
        email: email?,
    })
}

/// One `@` with text on both sides, a dot in the domain, no spaces or controls.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && text.chars().all(|c| c.is_ascii_graphic())
}

impl CommandMessage<PersonEdge> for pb::RegisterPersonRequest {
    const METHOD: &'static str = "RegisterPerson";
    const CREATES: bool = true;
    command_accessors!(person_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, PersonEdge>,
    ) -> Option<PersonCommand> {
        let placement = placement(
            v,
            self.role,
            self.organisation.as_ref(),
            &self.region_code,
            &self.household_id,
        );
        let registered_on = v.past_date("registered_on", &self.registered_on);
        let data = personal_data(v, &self.full_name, &self.nik, &self.phone, &self.email);
        Some(PersonCommand::Register(RegisterPerson {
            person_id: input.id,
            placement: placement?,
            registered_on: registered_on?,
            subject_id: Uuid::now_v7(),
            data: data?,
        }))
    }

    fn regions(&self) -> Vec<(String, &'static str)> {
        vec![(self.region_code.trim().to_owned(), "region_code")]
    }
}

impl CommandMessage<PersonEdge> for pb::ReassignPersonRequest {
    const METHOD: &'static str = "ReassignPerson";
    command_accessors!(person_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, PersonEdge>,
    ) -> Option<PersonCommand> {
        let placement = placement(
            v,
            self.role,
            self.organisation.as_ref(),
            &self.region_code,
            &self.household_id,
        );
        let effective_on = v.past_date("effective_on", &self.effective_on);
        let note = v.optional_text("note", &self.note, MAX_NOTE);
        Some(PersonCommand::Reassign(ReassignPerson {
            placement: placement?,
            effective_on: effective_on?,
            note: note?,
        }))
    }

    fn regions(&self) -> Vec<(String, &'static str)> {
        vec![(self.region_code.trim().to_owned(), "region_code")]
    }
}

impl CommandMessage<PersonEdge> for pb::UpdatePersonalDataRequest {
    const METHOD: &'static str = "UpdatePersonalData";
    command_accessors!(person_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, PersonEdge>,
    ) -> Option<PersonCommand> {
        let data = personal_data(v, &self.full_name, &self.nik, &self.phone, &self.email)?;
        Some(PersonCommand::UpdatePersonalData(UpdatePersonalData {
            data,
        }))
    }
}

impl CommandMessage<PersonEdge> for pb::DeactivatePersonRequest {
    const METHOD: &'static str = "DeactivatePerson";
    command_accessors!(person_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, PersonEdge>,
    ) -> Option<PersonCommand> {
        let reason = match convert::deactivation_reason(self.reason) {
            Some(DeactivationReason::PersonalDataErased) => {
                v.violations.add(
                    "reason",
                    "PERSONAL_DATA_ERASED is recorded by ErasePersonalData only",
                );
                None
            }
            other => v.required("reason", other, "DeactivationReason"),
        };
        let deactivated_on = v.past_date("deactivated_on", &self.deactivated_on);
        let note = v.optional_text("note", &self.note, MAX_NOTE);
        Some(PersonCommand::Deactivate(DeactivatePerson {
            reason: reason?,
            deactivated_on: deactivated_on?,
            note: note?,
        }))
    }
}

impl CommandMessage<PersonEdge> for pb::ReactivatePersonRequest {
    const METHOD: &'static str = "ReactivatePerson";
    command_accessors!(person_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, PersonEdge>,
    ) -> Option<PersonCommand> {
        let reactivated_on = v.past_date("reactivated_on", &self.reactivated_on);
        let note = v.optional_text("note", &self.note, MAX_NOTE);
        Some(PersonCommand::Reactivate(ReactivatePerson {
            reactivated_on: reactivated_on?,
            note: note?,
        }))
    }
}

impl CommandMessage<PersonEdge> for pb::ErasePersonalDataRequest {
    const METHOD: &'static str = "ErasePersonalData";
    const ROLES: &'static [Role] = &[Role::Admin];
    command_accessors!(person_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, PersonEdge>,
    ) -> Option<PersonCommand> {
        let reason = v.text("reason", &self.reason, MAX_REASON)?;
        Some(PersonCommand::ErasePersonalData(ErasePersonalData {
            reason,
            erased_on: v.today(),
        }))
    }
}
