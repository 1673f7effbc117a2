//! Domain state to API messages. Personal data that was erased shows as empty with
//! `personal_data_erased` set; every status of an agreement is the one on a given day.

use berdaya_platform::codec::fields::{optional_text_date, text_date};
use berdaya_proto::berdaya::partnerships::v1 as pb;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::codec::{changes_pb, commitment_pb, document_pb, party_pb, terms_pb};
use crate::convert;
use crate::domain::agreement::{Fulfilment, FulfilmentBand, Version, VersionChange};
use crate::domain::network::{JointAction, JointActionStatus, NetworkStatus};
use crate::domain::{Agreement, Network, Partner, PartnerStatus, Referee, Referral};

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn regions(partner: &Partner) -> Vec<String> {
    partner
        .regions_served
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn partner_status(status: &PartnerStatus) -> (pb::PartnerStatus, String) {
    match status {
        PartnerStatus::Unregistered => (pb::PartnerStatus::Unspecified, String::new()),
        PartnerStatus::Active => (pb::PartnerStatus::Active, String::new()),
        PartnerStatus::Suspended { reason } => (pb::PartnerStatus::Suspended, reason.clone()),
        PartnerStatus::Retired { reason } => (pb::PartnerStatus::Retired, reason.clone()),
    }
}

/// A partner with its contact people.
pub(super) fn partner(id: Uuid, partner: &Partner, version: i64) -> pb::Partner {
    let (status, status_reason) = partner_status(&partner.status);
    pb::Partner {
        partner_id: id.to_string(),
        version,
        kind: partner
            .kind
            .map_or(0, |k| convert::partner_kind_pb(k) as i32),
        legal_name: partner.legal_name.clone(),
        registration_number: partner.registration_number.clone().unwrap_or_default(),
        regions_served: regions(partner),
        status: status as i32,
        status_reason,
        status_since: optional_text_date(partner.status_since),
        registered_on: optional_text_date(partner.registered_on),
        contacts: partner
            .contacts
            .iter()
            .map(|c| {
                let data = c.person.data.as_ref();
                pb::ContactPerson {
                    contact_id: c.person.contact_id.to_string(),
                    position: c.person.position.clone(),
                    full_name: data.map(|d| d.full_name.clone()).unwrap_or_default(),
                    phone: data.and_then(|d| d.phone.clone()).unwrap_or_default(),
                    email: data
                        .and_then(|d| d.email.as_ref().map(|e| e.as_str().to_owned()))
                        .unwrap_or_default(),
                    personal_data_erased: data.is_none(),
                    added_on: text_date(c.added_on),
                    removed_on: optional_text_date(c.removed_on),
                }
            })
            .collect(),
    }
}

/// A partner in a list.
pub(super) fn partner_summary(id: Uuid, partner: &Partner) -> pb::PartnerSummary {
    pb::PartnerSummary {
        partner_id: id.to_string(),
        kind: partner
            .kind
            .map_or(0, |k| convert::partner_kind_pb(k) as i32),
        legal_name: partner.legal_name.clone(),
        regions_served: regions(partner),
        status: partner_status(&partner.status).0 as i32,
        current_contacts: count(partner.current_contacts().count()),
    }
}

/// One numbered version of an agreement.
pub(super) fn version(id: Uuid, version: &Version) -> pb::AgreementVersion {
    let mut answer = pb::AgreementVersion {
        agreement_id: id.to_string(),
        number: i32::try_from(version.number).unwrap_or(i32::MAX),
        effective_on: text_date(version.effective_on),
        document: Some(document_pb(&version.document)),
        terms: Some(terms_pb(&version.terms)),
        ..pb::AgreementVersion::default()
    };
    match &version.change {
        VersionChange::Signed => answer.change = pb::VersionChange::Signed as i32,
        VersionChange::Amended { summary, changes } => {
            answer.change = pb::VersionChange::Amended as i32;
            answer.summary.clone_from(summary);
            answer.changes = Some(changes_pb(changes));
        }
        VersionChange::Renewed {
            previous_end_date,
            note,
        } => {
            answer.change = pb::VersionChange::Renewed as i32;
            answer.previous_end_date = text_date(*previous_end_date);
            answer.note.clone_from(note);
        }
    }
    answer
}

fn status_pb(agreement: &Agreement, as_of: NaiveDate) -> i32 {
    agreement
        .status_on(as_of)
        .map_or(0, |s| convert::agreement_status_pb(s) as i32)
}

/// An agreement as it stands, its status on `as_of`.
pub(super) fn agreement(
    id: Uuid,
    agreement: &Agreement,
    version: i64,
    as_of: NaiveDate,
) -> pb::Agreement {
    let signing = agreement.signing.as_ref();
    pb::Agreement {
        agreement_id: id.to_string(),
        version,
        kind: agreement
            .kind
            .map_or(0, |k| convert::agreement_kind_pb(k) as i32),
        region_code: agreement
            .region
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        status: status_pb(agreement, as_of),
        as_of: text_date(as_of),
        terms: Some(terms_pb(&agreement.terms)),
        current_version: agreement
            .current_version()
            .map_or(0, |v| i32::try_from(v.number).unwrap_or(i32::MAX)),
        drafted_by: agreement.makers.first().cloned().unwrap_or_default(),
        drafted_on: optional_text_date(agreement.drafted_on),
        makers: agreement.makers.clone(),
        signed_on: optional_text_date(signing.map(|s| s.signed_on)),
        signed_by: signing.map(|s| s.signed_by.clone()).unwrap_or_default(),
        signatories: signing
            .map(|s| {
                s.signatories
                    .iter()
                    .map(|s| pb::Signatory {
                        signatory_id: s.subject_id.to_string(),
                        partner_id: party_pb(s.party),
                        position: s.position.clone(),
                        full_name: s
                            .person
                            .as_ref()
                            .map(|p| p.full_name.clone())
                            .unwrap_or_default(),
                        personal_data_erased: s.person.is_none(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        expires_on: optional_text_date(agreement.expires_on()),
        terminated_on: optional_text_date(agreement.termination.as_ref().map(|t| t.terminated_on)),
        end_reason: agreement
            .termination
            .as_ref()
            .map(|t| t.reason.clone())
            .or_else(|| agreement.withdrawal_reason.clone())
            .unwrap_or_default(),
        versions: agreement
            .versions
            .iter()
            .map(|v| self::version(id, v))
            .collect(),
        contributions: agreement
            .contributions
            .iter()
            .map(|c| pb::Contribution {
                contribution_id: c.contribution_id.to_string(),
                commitment_id: c.commitment_id.to_string(),
                contributed_on: text_date(c.contributed_on),
                quantity: Some(convert::quantity_pb(c.quantity)),
                description: c.description.clone(),
            })
            .collect(),
    }
}

/// An agreement in a list, its status on `as_of`.
pub(super) fn agreement_summary(
    id: Uuid,
    agreement: &Agreement,
    as_of: NaiveDate,
) -> pb::AgreementSummary {
    let in_force = agreement.status_on(as_of) == Some(crate::domain::AgreementStatus::InForce);
    pb::AgreementSummary {
        agreement_id: id.to_string(),
        kind: agreement
            .kind
            .map_or(0, |k| convert::agreement_kind_pb(k) as i32),
        region_code: agreement
            .region
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        title: agreement.terms.title.clone(),
        partner_ids: agreement
            .terms
            .partner_ids
            .iter()
            .map(ToString::to_string)
            .collect(),
        start_date: text_date(agreement.terms.start_date),
        end_date: text_date(agreement.terms.end_date),
        status: status_pb(agreement, as_of),
        current_version: agreement
            .current_version()
            .map_or(0, |v| i32::try_from(v.number).unwrap_or(i32::MAX)),
        days_remaining: if in_force {
            i32::try_from((agreement.terms.end_date - as_of).num_days()).unwrap_or(i32::MAX)
        } else {
            0
        },
    }
}

/// One commitment's fulfilment.
pub(super) fn fulfilment(agreement: &Agreement, f: &Fulfilment) -> pb::CommitmentFulfilment {
    pb::CommitmentFulfilment {
        commitment: agreement
            .terms
            .commitment(f.commitment_id)
            .map(commitment_pb),
        from_contributions: Some(convert::quantity_pb(f.from_contributions)),
        from_referrals: Some(convert::quantity_pb(f.from_referrals)),
        referrals_completed: i64::try_from(f.referrals_completed).unwrap_or(i64::MAX),
        achieved: Some(convert::quantity_pb(f.achieved)),
        percent_basis_points: i64::try_from(f.percent_basis_points).unwrap_or(i64::MAX),
        band: match f.band {
            FulfilmentBand::NotStarted => pb::FulfilmentBand::NotStarted,
            FulfilmentBand::Partial => pb::FulfilmentBand::Partial,
            FulfilmentBand::Met => pb::FulfilmentBand::Met,
            FulfilmentBand::Exceeded => pb::FulfilmentBand::Exceeded,
        } as i32,
    }
}

fn action(a: &JointAction) -> pb::JointAction {
    let held = a.held.as_ref();
    let evaluation = a.evaluation.as_ref();
    pb::JointAction {
        action_id: a.action_id.to_string(),
        title: a.title.clone(),
        description: a.description.clone(),
        planned_on: text_date(a.planned_on),
        location: a.location.clone(),
        status: match a.status {
            JointActionStatus::Planned => pb::JointActionStatus::Planned,
            JointActionStatus::Held => pb::JointActionStatus::Held,
            JointActionStatus::Evaluated => pb::JointActionStatus::Evaluated,
            JointActionStatus::Cancelled => pb::JointActionStatus::Cancelled,
        } as i32,
        held_on: optional_text_date(held.map(|h| h.held_on)),
        participant_partner_ids: held
            .map(|h| {
                h.participant_partner_ids
                    .iter()
                    .map(ToString::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        attendance: held.map_or(0, |h| i32::try_from(h.attendance).unwrap_or(i32::MAX)),
        outcome: held.map(|h| h.outcome.clone()).unwrap_or_default(),
        evaluated_on: optional_text_date(evaluation.map(|e| e.evaluated_on)),
        result: evaluation.map_or(0, |e| convert::evaluation_result_pb(e.result) as i32),
        findings: evaluation.map(|e| e.findings.clone()).unwrap_or_default(),
        follow_up: evaluation.map(|e| e.follow_up.clone()).unwrap_or_default(),
        cancelled_on: optional_text_date(a.cancellation.as_ref().map(|c| c.0)),
        cancellation_reason: a
            .cancellation
            .as_ref()
            .map(|c| c.1.clone())
            .unwrap_or_default(),
    }
}

fn network_status(status: NetworkStatus) -> i32 {
    let status = match status {
        NetworkStatus::NotFormed => pb::NetworkStatus::Unspecified,
        NetworkStatus::Active => pb::NetworkStatus::Active,
        NetworkStatus::Dissolved => pb::NetworkStatus::Dissolved,
    };
    status as i32
}

/// A network with its members and joint actions.
pub(super) fn network(id: Uuid, network: &Network, version: i64) -> pb::Network {
    pb::Network {
        network_id: id.to_string(),
        version,
        kind: network
            .kind
            .map_or(0, |k| convert::network_kind_pb(k) as i32),
        name: network.name.clone(),
        region_code: network
            .region
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        purpose: network.purpose.clone(),
        status: network_status(network.status),
        formed_on: optional_text_date(network.formed_on),
        dissolved_on: optional_text_date(network.dissolution.as_ref().map(|d| d.0)),
        dissolution_reason: network
            .dissolution
            .as_ref()
            .map(|d| d.1.clone())
            .unwrap_or_default(),
        memberships: network
            .memberships
            .iter()
            .map(|m| pb::NetworkMembership {
                partner_id: m.partner_id.to_string(),
                joined_on: text_date(m.joined_on),
                left_on: optional_text_date(m.left_on),
                leave_reason: m.leave_reason.clone().unwrap_or_default(),
            })
            .collect(),
        actions: network.actions.iter().map(action).collect(),
    }
}

/// A network in a list.
pub(super) fn network_summary(id: Uuid, network: &Network) -> pb::NetworkSummary {
    let with = |status: JointActionStatus| {
        count(
            network
                .actions
                .iter()
                .filter(|a| a.status == status)
                .count(),
        )
    };
    pb::NetworkSummary {
        network_id: id.to_string(),
        kind: network
            .kind
            .map_or(0, |k| convert::network_kind_pb(k) as i32),
        name: network.name.clone(),
        region_code: network
            .region
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        status: network_status(network.status),
        current_members: count(network.current_members().count()),
        actions_held: with(JointActionStatus::Held) + with(JointActionStatus::Evaluated),
        actions_planned: with(JointActionStatus::Planned),
    }
}

/// A referral as it stands.
pub(super) fn referral(id: Uuid, referral: &Referral, version: i64) -> pb::Referral {
    use pb::referral::Referee as R;
    pb::Referral {
        referral_id: id.to_string(),
        version,
        referee: referral.referee.map(|r| match r {
            Referee::Household(id) => R::HouseholdId(id.to_string()),
            Referee::Group(id) => R::GroupId(id.to_string()),
        }),
        village_code: referral
            .village
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        partner_id: referral
            .partner_id
            .map(|p| p.to_string())
            .unwrap_or_default(),
        purpose: referral
            .purpose
            .map_or(0, |p| convert::referral_purpose_pb(p) as i32),
        agreement_id: referral
            .agreement_id
            .map(|a| a.to_string())
            .unwrap_or_default(),
        commitment_id: referral
            .commitment_id
            .map(|c| c.to_string())
            .unwrap_or_default(),
        need: referral.need.clone(),
        status: convert::referral_status_pb(referral.status) as i32,
        status_since: optional_text_date(referral.status_since),
        referred_on: optional_text_date(referral.referred_on),
        referred_by: referral.referred_by.clone(),
        accepted_on: optional_text_date(referral.accepted_on),
        reason: referral.reason.clone().unwrap_or_default(),
        outcome: referral.outcome.as_ref().map(convert::outcome_pb),
        notes: referral
            .notes
            .iter()
            .filter(|n| !n.is_empty())
            .cloned()
            .collect(),
    }
}
