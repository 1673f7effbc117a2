//! Givens every aggregate's tests share: dates, ids, regions, and readers of refusals.

use berdaya_domain::DomainError;
use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use super::{PartnerFacts, PartnerKind, PartnerStanding};

pub(crate) fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

pub(crate) fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

pub(crate) fn region(code: &str) -> RegionCode {
    RegionCode::parse(code).unwrap()
}

/// A village in Surabaya (35.78), where the fixtures' partners serve.
pub(crate) fn village() -> RegionCode {
    RegionCode::parse_village("35.78.01.1001").unwrap()
}

/// The partner with id `n`, active and serving Surabaya.
pub(crate) fn active_partner(n: u128) -> PartnerFacts {
    PartnerFacts {
        partner_id: id(n),
        standing: PartnerStanding::Active {
            kind: PartnerKind::Bank,
            regions_served: vec![region("35.78")],
        },
    }
}

/// The partner with id `n` in another standing.
pub(crate) fn partner_in(n: u128, standing: PartnerStanding) -> PartnerFacts {
    PartnerFacts {
        partner_id: id(n),
        standing,
    }
}

/// The fields of an `Invalid` refusal, in order.
#[track_caller]
pub(crate) fn invalid_fields(error: &DomainError) -> Vec<String> {
    match error {
        DomainError::Invalid(violations) => violations.iter().map(|v| v.field.clone()).collect(),
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

/// The field of a `Rule` refusal, and its reason.
#[track_caller]
pub(crate) fn rule(error: &DomainError) -> (&str, &str) {
    match error {
        DomainError::Rule { field, reason } => (field, reason),
        other => panic!("expected a rule refusal, got {other:?}"),
    }
}

/// True when the refusal is `NotFound` mentioning `what`.
pub(crate) fn not_found(error: &DomainError, what: &str) -> bool {
    matches!(error, DomainError::NotFound { what: w } if w.contains(what))
}
