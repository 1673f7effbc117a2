//! Givens of the partner tests: a bank serving Surabaya with one contact.

use crate::domain::Email;
use crate::domain::PartnerKind;
use crate::domain::fixtures::*;
use crate::domain::partner::*;
use uuid::Uuid;

pub(crate) fn partner_id() -> Uuid {
    id(100)
}

/// Contact `n`: contact id `n`, subject `1000 + n`.
pub(crate) fn contact(n: u128) -> ContactPerson {
    ContactPerson {
        contact_id: id(n),
        subject_id: id(1000 + n),
        position: "Kepala Unit Mikro".into(),
        data: Some(ContactData {
            full_name: format!("Siti Rahmawati {n}"),
            phone: Some("+6281234567890".into()),
            email: Some(Email::parse("siti@bri.co.id").unwrap()),
        }),
    }
}

pub(crate) fn register_command() -> RegisterPartner {
    RegisterPartner {
        partner_id: partner_id(),
        kind: PartnerKind::Bank,
        legal_name: "PT Bank Rakyat Indonesia (Persero) Tbk".into(),
        registration_number: Some("AHU-0001.AH.01.01".into()),
        regions_served: vec![region("35.78")],
        contacts: vec![contact(1)],
        registered_on: date("2026-01-05"),
    }
}

pub(crate) fn register() -> PartnerCommand {
    PartnerCommand::Register(register_command())
}

pub(crate) fn registered() -> PartnerEvent {
    PartnerEvent::Registered {
        partner_id: partner_id(),
        kind: PartnerKind::Bank,
        legal_name: "PT Bank Rakyat Indonesia (Persero) Tbk".into(),
        registration_number: Some("AHU-0001.AH.01.01".into()),
        regions_served: vec![region("35.78")],
        contacts: vec![contact(1)],
        registered_on: date("2026-01-05"),
    }
}

pub(crate) fn suspended() -> PartnerEvent {
    PartnerEvent::Suspended {
        reason: "audit berjalan".into(),
        suspended_on: date("2026-03-01"),
    }
}

pub(crate) fn retired() -> PartnerEvent {
    PartnerEvent::Retired {
        reason: "kerja sama berakhir".into(),
        retired_on: date("2026-04-01"),
    }
}
