//! Households for the participation and savings tests, registered through the real API,
//! and helpers to read error details.

use berdaya_proto::berdaya::common::v1::CommandContext;
use berdaya_proto::berdaya::households::v1 as pb;
use tonic_types::StatusExt;

use super::Berdaya;

/// A command context with `key`.
pub(crate) fn context(key: &str) -> Option<CommandContext> {
    Some(CommandContext {
        idempotency_key: key.to_owned(),
        ..CommandContext::default()
    })
}

/// The field names in a status's `BadRequest` details.
pub(crate) fn bad_fields(status: &tonic::Status) -> Vec<String> {
    status
        .get_error_details()
        .bad_request()
        .map(|b| b.field_violations.iter().map(|v| v.field.clone()).collect())
        .unwrap_or_default()
}

/// The subjects (request fields) of a status's `PreconditionFailure` details.
pub(crate) fn rule_fields(status: &tonic::Status) -> Vec<String> {
    status
        .get_error_details()
        .precondition_failure()
        .map(|p| p.violations.iter().map(|v| v.subject.clone()).collect())
        .unwrap_or_default()
}

/// A registered household: its id and its members' ids (head, then spouse).
#[derive(Debug, Clone)]
pub(crate) struct Registered {
    /// The household id.
    pub household_id: String,
    /// Member ids.
    pub members: Vec<String>,
}

/// Registers household number `n` (1 to 9999, unique within a test) in `village`, with a
/// head and a spouse whose NIKs carry `n` as their serial.
pub(crate) async fn register(berdaya: &Berdaya, village: &str, n: u32) -> Registered {
    let member =
        |nik: String, name: &str, sex: pb::Sex, birth: &str, rel: pb::Relationship| pb::NewMember {
            nik,
            full_name: name.to_owned(),
            sex: sex as i32,
            birth_date: birth.to_owned(),
            relationship: rel as i32,
            phone: String::new(),
        };
    let request = pb::RegisterHouseholdRequest {
        context: context(&format!("register-{n}")),
        village_code: village.to_owned(),
        kk_number: format!("357801010123{n:04}"),
        kk_valid_from: "2023-01-01".to_owned(),
        address: format!("Jl. Kenanga {n}"),
        phone: String::new(),
        decile: 2,
        ranking_round: "2026-Q1".to_owned(),
        members: vec![
            member(
                format!("357801120385{n:04}"),
                "Budi",
                pb::Sex::Male,
                "1985-03-12",
                pb::Relationship::Head,
            ),
            member(
                format!("357801550688{n:04}"),
                "Siti",
                pb::Sex::Female,
                "1988-06-15",
                pb::Relationship::Spouse,
            ),
        ],
        household_id: String::new(),
    };
    let household = berdaya
        .households(&berdaya.admin_token)
        .await
        .register_household(request)
        .await
        .expect("register household")
        .into_inner()
        .household
        .expect("household");
    Registered {
        household_id: household.household_id,
        members: household.members.into_iter().map(|m| m.member_id).collect(),
    }
}

/// Closes a registered household.
pub(crate) async fn close(berdaya: &Berdaya, household_id: &str) {
    berdaya
        .households(&berdaya.admin_token)
        .await
        .close_household(pb::CloseHouseholdRequest {
            context: context(&format!("close-{household_id}")),
            household_id: household_id.to_owned(),
            reason: "pindah ke luar kota".to_owned(),
            closed_on: "2025-01-02".to_owned(),
        })
        .await
        .expect("close household");
}
