//! Each mutating request of the advocacy service: its RPC name, where its context and
//! case id are, and how it becomes a domain command once every field is valid. Facts
//! about the households it names are left `Unknown` here and filled in by the edge after
//! validation, so that no lookup runs for a malformed request.

mod intake;
mod work;

use berdaya_platform::Principal;
use berdaya_platform::validate::Validator;
use berdaya_proto::berdaya::advocacy::v1 as pb;
use uuid::Uuid;

use crate::convert;
use crate::domain::{Caller, DocumentHash, Evidence, HouseholdFacts, HouseholdStanding};

/// Longest summary, name or institution.
pub(super) const MAX_NAME: usize = 200;
/// Longest reason or evidence description.
pub(super) const MAX_REASON: usize = 500;
/// Longest objective, step or escalation reason.
pub(super) const MAX_MEDIUM: usize = 1000;
/// Longest description, outcome or remedy.
pub(super) const MAX_LONG: usize = 2000;
/// Longest reporter's account or note.
pub(super) const MAX_ACCOUNT: usize = 5000;
/// Longest assessment facts.
pub(super) const MAX_FACTS: usize = 10_000;
/// Most households named in one request.
pub(super) const MAX_HOUSEHOLDS: usize = 500;
/// Most evidence documents at assessment, steps in a plan, partners in an action.
pub(super) const MAX_ITEMS: usize = 50;
/// Most caseworkers at intake or institutions in an action.
pub(super) const MAX_PEOPLE: usize = 20;

/// Households whose standing is still to be looked up.
fn unknown(ids: Vec<Uuid>) -> Vec<HouseholdFacts> {
    ids.into_iter()
        .map(|household_id| HouseholdFacts {
            household_id,
            standing: HouseholdStanding::Unknown,
        })
        .collect()
}

/// The caller as the confidentiality rules know it. The command path has already
/// checked that the caller's regions cover the case before any rule reads this.
fn caller(principal: &Principal) -> Caller {
    Caller {
        subject: principal.subject.clone(),
        roles: principal.roles.iter().map(|r| convert::role(*r)).collect(),
        covers_case_region: true,
    }
}

/// One evidence document of a request, under `field`.
fn evidence(v: &mut Validator<'static>, field: &str, e: &pb::Evidence) -> Option<Evidence> {
    let id = v.optional_id(&format!("{field}.evidence_id"), &e.evidence_id);
    let description = v.text(&format!("{field}.description"), &e.description, MAX_REASON);
    let reference = v.text(&format!("{field}.reference"), &e.reference, MAX_REASON);
    let sha256 = DocumentHash::parse(e.sha256.trim())
        .map_err(|violation| v.fail(&format!("{field}.sha256"), violation))
        .ok();
    let collected_on = v.past_date(&format!("{field}.collected_on"), &e.collected_on);
    Some(Evidence {
        evidence_id: id?.unwrap_or_else(Uuid::now_v7),
        description: description?,
        reference: reference?,
        sha256: sha256?,
        collected_on: collected_on?,
    })
}
