//! Givens for the person aggregate: a pendamping KUBE of district 35.78.01.

use crate::domain::fixtures::{date, id, region};
use crate::domain::person::*;
use crate::domain::roles::{Organisation, OrganisationKind, PersonRole, Placement};

pub(crate) fn person_id() -> uuid::Uuid {
    id(100)
}

pub(crate) fn subject_id() -> uuid::Uuid {
    id(101)
}

pub(crate) fn data() -> PersonData {
    PersonData {
        full_name: "Siti Rahmawati".to_owned(),
        nik: Some("3578014506900001".to_owned()),
        phone: Some("081234567890".to_owned()),
        email: None,
    }
}

/// A pendamping KUBE of district 35.78.01, working for Dinas Sosial Kota Surabaya.
pub(crate) fn request(role: PersonRole, region_code: Option<&str>) -> PlacementRequest {
    PlacementRequest {
        role,
        organisation: Some(Organisation {
            kind: OrganisationKind::GovernmentAgency,
            name: "Dinas Sosial Kota Surabaya".to_owned(),
        }),
        region: region_code.map(region),
        household: None,
    }
}

pub(crate) fn placement() -> Placement {
    Placement {
        role: PersonRole::PendampingKube,
        organisation: request(PersonRole::PendampingKube, None).organisation,
        region: Some(region("35.78.01")),
        household_id: None,
    }
}

pub(crate) fn register() -> PersonCommand {
    PersonCommand::Register(RegisterPerson {
        person_id: person_id(),
        placement: request(PersonRole::PendampingKube, Some("35.78.01")),
        registered_on: date("2026-01-05"),
        subject_id: subject_id(),
        data: data(),
    })
}

/// Registered on 2026-01-05 as a pendamping KUBE of 35.78.01.
pub(crate) fn registered() -> Vec<PersonEvent> {
    vec![PersonEvent::Registered {
        person_id: person_id(),
        placement: placement(),
        registered_on: date("2026-01-05"),
        subject_id: subject_id(),
        data: Some(data()),
    }]
}

/// Registered, then deactivated on 2026-06-30 when the contract ended.
pub(crate) fn deactivated() -> Vec<PersonEvent> {
    let mut events = registered();
    events.push(PersonEvent::Deactivated {
        subject_id: subject_id(),
        reason: DeactivationReason::ContractEnded,
        deactivated_on: date("2026-06-30"),
        note: Some(String::new()),
    });
    events
}

/// Registered, then erased on 2026-09-01 (which deactivated them first).
pub(crate) fn erased() -> Vec<PersonEvent> {
    let mut events = registered();
    events.push(PersonEvent::Deactivated {
        subject_id: subject_id(),
        reason: DeactivationReason::PersonalDataErased,
        deactivated_on: date("2026-09-01"),
        note: Some(String::new()),
    });
    events.push(PersonEvent::PersonalDataErased {
        subject_ids: vec![subject_id()],
        reason: "permintaan subjek data".to_owned(),
    });
    events
}
