//! Each mutating request of both services: its RPC name, where its context and aggregate
//! id are, the roles it needs, the regions it names, and how it becomes a domain command
//! once every field is valid. Facts about other records are left unknown here and filled
//! in by the edge's `look_up`, so that no lookup runs for a malformed request.

mod activities;
mod certificates;
mod cohorts;
mod people;
mod programmes;

use berdaya_domain::id::RegionCode;
use berdaya_platform::auth::Role;
use berdaya_platform::validate::Validator;
use uuid::Uuid;

use crate::domain::facts::{HouseholdFacts, HouseholdStanding, PersonFacts, PersonStanding};

/// Longest name or title.
pub(super) const MAX_NAME: usize = 200;
/// Longest vocabulary term name.
pub(super) const MAX_TERM_NAME: usize = 100;
/// Longest module code.
pub(super) const MAX_CODE: usize = 32;
/// Longest certificate number.
pub(super) const MAX_NUMBER: usize = 100;
/// Longest reason or venue.
pub(super) const MAX_REASON: usize = 500;
/// Longest note.
pub(super) const MAX_NOTE: usize = 1000;
/// Longest description or notes.
pub(super) const MAX_LONG_TEXT: usize = 2000;
/// Longest email address.
pub(super) const MAX_EMAIL: usize = 254;

/// Supervisors and admins: who changes reference data and recognises or revokes
/// certificates.
pub(super) const SUPERVISORS: &[Role] = &[Role::Supervisor, Role::Admin];

/// The accessors of a request with `context` and the aggregate id in `$field`.
/// A person still to be looked up.
fn unknown_person(person_id: Uuid) -> PersonFacts {
    PersonFacts {
        person_id,
        standing: PersonStanding::Unknown,
    }
}

/// A household still to be looked up.
fn unknown_household(household_id: Uuid) -> HouseholdFacts {
    HouseholdFacts {
        household_id,
        standing: HouseholdStanding::Unknown,
    }
}

/// A region code of any level that exists in the reference data.
fn region(v: &mut Validator<'static>, field: &str, code: &str) -> Option<RegionCode> {
    if code.trim().is_empty() {
        v.violations
            .add(field, "is required (a Kemendagri code like 35.78)");
        return None;
    }
    v.region_prefix(field, code)?;
    RegionCode::parse(code).map_err(|e| v.fail(field, e)).ok()
}

/// An optional region code: empty gives `Some(None)`.
fn optional_region(
    v: &mut Validator<'static>,
    field: &str,
    code: &str,
) -> Option<Option<RegionCode>> {
    if code.is_empty() {
        Some(None)
    } else {
        region(v, field, code).map(Some)
    }
}

/// A list of distinct ids, at most `max`.
fn distinct_ids(
    v: &mut Validator<'static>,
    field: &str,
    texts: &[String],
    max: usize,
) -> Option<Vec<Uuid>> {
    let ids = v.ids(field, texts, max)?;
    let mut ok = true;
    for (i, id) in ids.iter().enumerate() {
        if let Some(j) = ids[..i].iter().position(|e| e == id) {
            v.violations
                .add(format!("{field}[{i}]"), format!("duplicates {field}[{j}]"));
            ok = false;
        }
    }
    ok.then_some(ids)
}

/// A number from `min` to `max` that fits `T`.
fn bounded<T: TryFrom<u32>>(
    v: &mut Validator<'static>,
    field: &str,
    value: i32,
    min: i32,
    max: i32,
) -> Option<T> {
    v.within(field, value, min, max)
        .and_then(|n| T::try_from(n).ok())
}

/// A date at any distance (a certificate's last valid day may lie years ahead).
fn any_date(v: &mut Validator<'static>, field: &str, text: &str) -> Option<chrono::NaiveDate> {
    berdaya_domain::id::parse_date(text)
        .map_err(|violation| v.fail(field, violation))
        .ok()
}
