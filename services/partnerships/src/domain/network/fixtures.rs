//! Givens of the network tests: a CSR forum of partners 100 and 101 formed on 2026-02-01,
//! with a bazaar planned.

use uuid::Uuid;

use crate::domain::NetworkKind;
use crate::domain::fixtures::*;
use crate::domain::network::*;

pub(crate) fn network_id() -> Uuid {
    id(400)
}

pub(crate) fn action_id() -> Uuid {
    id(401)
}

pub(crate) fn form_with(founding_members: Vec<crate::domain::PartnerFacts>) -> NetworkCommand {
    NetworkCommand::Form(FormNetwork {
        network_id: network_id(),
        kind: NetworkKind::Forum,
        name: "Forum CSR Kota Surabaya".into(),
        region: region("35.78"),
        purpose: "menyatukan program TJSL untuk keluarga miskin".into(),
        formed_on: date("2026-02-01"),
        founding_members,
    })
}

pub(crate) fn formed() -> NetworkEvent {
    NetworkEvent::Formed {
        network_id: network_id(),
        kind: NetworkKind::Forum,
        name: "Forum CSR Kota Surabaya".into(),
        region: region("35.78"),
        purpose: "menyatukan program TJSL untuk keluarga miskin".into(),
        formed_on: date("2026-02-01"),
        founding_partner_ids: vec![id(100), id(101)],
    }
}

pub(crate) fn planned() -> NetworkEvent {
    NetworkEvent::ActionPlanned {
        action_id: action_id(),
        title: "Bazar produk KUBE".into(),
        description: "pameran dan penjualan produk KUBE binaan".into(),
        planned_on: date("2026-04-10"),
        location: "Balai Kota Surabaya".into(),
    }
}

pub(crate) fn held() -> NetworkEvent {
    NetworkEvent::ActionHeld {
        action_id: action_id(),
        held_on: date("2026-04-10"),
        participant_partner_ids: vec![id(100), id(101)],
        attendance: 120,
        outcome: "Rp 15.000.000 terjual, 4 pembeli tetap".into(),
    }
}

pub(crate) fn left(n: u128, on: &str) -> NetworkEvent {
    NetworkEvent::MemberLeft {
        partner_id: id(n),
        left_on: date(on),
        reason: "fokus program lain".into(),
    }
}
