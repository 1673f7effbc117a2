//! Givens shared by every aggregate's tests: dates, ids, regions, and facts about people
//! and households as the edge would pass them in.

use berdaya_domain::DomainError;
use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use super::facts::{HouseholdFacts, HouseholdStanding, PersonFacts, PersonStanding};
use super::roles::PersonRole;

pub(crate) fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

pub(crate) fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

pub(crate) fn region(code: &str) -> RegionCode {
    RegionCode::parse(code).unwrap()
}

/// A kelurahan of Surabaya.
pub(crate) fn village() -> RegionCode {
    region("35.78.01.1001")
}

/// Household `n`, active in [`village`].
pub(crate) fn household(n: u128) -> HouseholdFacts {
    HouseholdFacts {
        household_id: id(n),
        standing: HouseholdStanding::Active { village: village() },
    }
}

/// Household `n` with another standing.
pub(crate) fn household_with(n: u128, standing: HouseholdStanding) -> HouseholdFacts {
    HouseholdFacts {
        household_id: id(n),
        standing,
    }
}

/// Person `n`, active in `role` in district 35.78.01.
pub(crate) fn active_person(n: u128, role: PersonRole) -> PersonFacts {
    PersonFacts {
        person_id: id(n),
        standing: PersonStanding::Active {
            role,
            region: Some(region("35.78.01")),
        },
    }
}

/// Person `n` with another standing.
pub(crate) fn person_with(n: u128, standing: PersonStanding) -> PersonFacts {
    PersonFacts {
        person_id: id(n),
        standing,
    }
}

/// The field an `Invalid` error names first, or panics.
#[track_caller]
pub(crate) fn invalid_field(error: DomainError) -> String {
    match error {
        DomainError::Invalid(list) => list[0].field.clone(),
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

/// Every field an `Invalid` error names, or panics.
#[track_caller]
pub(crate) fn invalid_fields(error: DomainError) -> Vec<String> {
    match error {
        DomainError::Invalid(list) => list.into_iter().map(|f| f.field).collect(),
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

/// The field a `Rule` error names, or panics.
#[track_caller]
pub(crate) fn rule_field(error: DomainError) -> String {
    match error {
        DomainError::Rule { field, .. } => field,
        other => panic!("expected a rule refusal, got {other:?}"),
    }
}

/// The field and reason a `Rule` error gives, or panics.
#[track_caller]
pub(crate) fn rule(error: DomainError) -> (String, String) {
    match error {
        DomainError::Rule { field, reason } => (field, reason),
        other => panic!("expected a rule refusal, got {other:?}"),
    }
}

/// The field an `AlreadyExists` error names, or panics.
#[track_caller]
pub(crate) fn duplicate_field(error: DomainError) -> String {
    match error {
        DomainError::AlreadyExists { field, .. } => field,
        other => panic!("expected already-exists, got {other:?}"),
    }
}

/// What a `NotFound` error names, or panics.
#[track_caller]
pub(crate) fn not_found(error: DomainError) -> String {
    match error {
        DomainError::NotFound { what } => what,
        other => panic!("expected not-found, got {other:?}"),
    }
}
