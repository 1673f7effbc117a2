//! Each mutating request: its RPC name, roles, where its context and aggregate id are,
//! and how it becomes a domain command once every field is valid. Facts about partners,
//! households, groups and agreements are left unknown here and filled in by the edges
//! after validation (see `edges.rs`), so that no look-up runs for a malformed request.

mod agreement;
mod network;
mod partner;
mod referral;

use berdaya_domain::Rupiah;
use berdaya_domain::id::RegionCode;
use berdaya_platform::Role;
use berdaya_platform::validate::Validator;
use berdaya_proto::berdaya::partnerships::v1 as pb;
use uuid::Uuid;

use crate::convert;
use crate::domain::{
    Document, DocumentHash, Email, PartnerFacts, PartnerStanding, Quantity, ReferralOutcome,
};

/// Longest name, title, scheme, buyer, place or document reference.
pub(super) const MAX_NAME: usize = 200;
/// Longest position (jabatan).
pub(super) const MAX_POSITION: usize = 100;
/// Longest registration number.
pub(super) const MAX_REGISTRATION: usize = 64;
/// Longest reason or description.
pub(super) const MAX_REASON: usize = 500;
/// Longest note, need or amendment summary.
pub(super) const MAX_NOTE: usize = 1000;
/// Longest purpose, description, outcome or findings.
pub(super) const MAX_TEXT: usize = 2000;
/// Most contacts, signatories, partners of an agreement or regions served.
pub(super) const MAX_LISTED: usize = 20;
/// Most commitments of an agreement.
pub(super) const MAX_COMMITMENTS: usize = 50;
/// Most partners founding a network or taking part in an action.
pub(super) const MAX_MEMBERS: usize = 100;

/// Roles that do the office's work: everything but auditors and integration clients.
pub(super) const OFFICERS: &[Role] = &[Role::Caseworker, Role::Supervisor, Role::Admin];
/// Roles that approve: signing, amending, renewing, terminating, suspending.
pub(super) const SUPERVISORS: &[Role] = &[Role::Supervisor, Role::Admin];
/// Erasing personal data.
pub(super) const ADMINS: &[Role] = &[Role::Admin];

/// A partner whose standing is still to be looked up.
fn unknown_partner(partner_id: Uuid) -> PartnerFacts {
    PartnerFacts {
        partner_id,
        standing: PartnerStanding::Unknown,
    }
}

/// A required region code (a province, regency, district or village) that exists.
fn region(v: &mut Validator<'static>, field: &str, code: &str) -> Option<RegionCode> {
    let code = code.trim();
    if code.is_empty() {
        v.violations
            .add(field, "is required (a Kemendagri code like 35 or 35.78)");
        return None;
    }
    v.region_prefix(field, code)?;
    RegionCode::parse(code).map_err(|e| v.fail(field, e)).ok()
}

/// Regions served: 1 to [`MAX_LISTED`] codes, each checked.
fn regions(v: &mut Validator<'static>, field: &str, codes: &[String]) -> Option<Vec<RegionCode>> {
    if codes.len() > MAX_LISTED {
        v.violations.add(
            field,
            format!("at most {MAX_LISTED} entries, got {}", codes.len()),
        );
        return None;
    }
    v.each(field, codes, |v, field, code| region(v, field, code))
}

/// An optional e-mail address.
fn email(v: &mut Validator<'static>, field: &str, text: &str) -> Option<Option<Email>> {
    if text.trim().is_empty() {
        return Some(None);
    }
    Email::parse(text)
        .map(Some)
        .map_err(|e| v.fail(field, e))
        .ok()
}

/// A signed document's reference and SHA-256.
fn document(
    v: &mut Validator<'static>,
    field: &str,
    document: Option<&pb::Document>,
) -> Option<Document> {
    let Some(d) = document else {
        v.violations
            .add(field, "is required: its reference and SHA-256");
        return None;
    };
    let reference = v.text(&format!("{field}.reference"), &d.reference, MAX_NAME);
    let sha256 = DocumentHash::parse(d.sha256.trim())
        .map_err(|e| v.fail(&format!("{field}.sha256"), e))
        .ok();
    Some(Document {
        reference: reference?,
        sha256: sha256?,
    })
}

/// A quantity that must be set (its sign is the domain's to check, naming the field).
fn quantity(
    v: &mut Validator<'static>,
    field: &str,
    quantity: Option<&pb::Quantity>,
) -> Option<Quantity> {
    let parsed = convert::quantity(quantity);
    if parsed.is_none() {
        v.violations
            .add(field, "is required: an amount (rupiah) or a count");
    }
    if let Some(Quantity::Amount(amount)) = parsed
        && amount.amount() > Rupiah::MAX.amount()
    {
        v.violations.add(
            field,
            format!("must be at most {} rupiah", Rupiah::MAX.amount()),
        );
        return None;
    }
    parsed
}

/// A referral outcome: the one the request sets, each field checked.
fn outcome(
    v: &mut Validator<'static>,
    field: &str,
    outcome: Option<&pb::ReferralOutcome>,
) -> Option<ReferralOutcome> {
    use pb::referral_outcome::Outcome;
    let Some(outcome) = outcome.and_then(|o| o.outcome.as_ref()) else {
        v.violations.add(
            field,
            "is required: loan_granted, contract_signed, place_taken or service_provided",
        );
        return None;
    };
    Some(match outcome {
        Outcome::LoanGranted(o) => {
            let amount = v.positive_money(&format!("{field}.loan_granted.amount"), o.amount);
            let scheme = v.text(&format!("{field}.loan_granted.scheme"), &o.scheme, MAX_NAME);
            ReferralOutcome::LoanGranted {
                amount: amount?,
                scheme: scheme?,
            }
        }
        Outcome::ContractSigned(o) => {
            let value = v.positive_money(&format!("{field}.contract_signed.value"), o.value);
            let buyer = v.text(
                &format!("{field}.contract_signed.buyer"),
                &o.buyer,
                MAX_NAME,
            );
            ReferralOutcome::ContractSigned {
                value: value?,
                buyer: buyer?,
            }
        }
        Outcome::PlaceTaken(o) => ReferralOutcome::PlaceTaken {
            place: v.text(&format!("{field}.place_taken.place"), &o.place, MAX_NAME)?,
        },
        Outcome::ServiceProvided(o) => ReferralOutcome::ServiceProvided {
            description: v.text(
                &format!("{field}.service_provided.description"),
                &o.description,
                MAX_REASON,
            )?,
        },
    })
}

/// An id the caller may leave empty to get a new one.
fn chosen_id(v: &mut Validator<'static>, field: &str, text: &str) -> Option<Uuid> {
    v.optional_id(field, text)
        .map(|id| id.unwrap_or_else(Uuid::now_v7))
}
