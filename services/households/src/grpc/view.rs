//! The household as the API shows it.

use berdaya_platform::RegionDirectory;
use berdaya_proto::berdaya::households::v1 as pb;

use crate::convert;
use crate::domain::{Household, HouseholdStatus};

fn date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The API view of a household at `version`.
pub(super) fn household(
    state: &Household,
    version: i64,
    regions: &RegionDirectory,
) -> pb::Household {
    let village = state
        .village
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let (kk_number, kk_valid_from) = state
        .kk_number()
        .map(|(kk, from)| (kk_text(kk.as_ref()), date(*from)))
        .unwrap_or_default();
    pb::Household {
        household_id: state.id.map(|id| id.to_string()).unwrap_or_default(),
        version,
        status: match state.status {
            HouseholdStatus::Closed => pb::HouseholdStatus::Closed,
            _ => pb::HouseholdStatus::Active,
        } as i32,
        village_name: regions.name(&village).unwrap_or_default().to_owned(),
        village_code: village,
        address: state
            .data
            .as_ref()
            .map(|d| d.address.clone())
            .unwrap_or_default(),
        phone: state
            .data
            .as_ref()
            .and_then(|d| d.phone.clone())
            .unwrap_or_default(),
        kk_number,
        kk_valid_from,
        kk_history: state
            .kk_history
            .iter()
            .map(|(kk, from)| pb::KkNumberPeriod {
                kk_number: kk_text(kk.as_ref()),
                valid_from: date(*from),
            })
            .collect(),
        decile: i32::from(state.decile),
        ranking_round: state
            .ranking_round
            .map(|r| r.to_string())
            .unwrap_or_default(),
        members: state
            .members
            .iter()
            .map(|m| {
                let person = m.facts.person.as_ref();
                pb::Member {
                    member_id: m.facts.member_id.to_string(),
                    nik: person.map(|p| p.nik.clone()).unwrap_or_default(),
                    full_name: person.map(|p| p.full_name.clone()).unwrap_or_default(),
                    sex: convert::sex_pb(m.facts.sex) as i32,
                    birth_date: person.map(|p| date(p.birth_date)).unwrap_or_default(),
                    relationship: convert::relationship_pb(m.facts.relationship) as i32,
                    phone: person.and_then(|p| p.phone.clone()).unwrap_or_default(),
                    active: m.active,
                    removal_reason: m
                        .removal_reason
                        .map(convert::removal_reason_pb)
                        .unwrap_or_default() as i32,
                    personal_data_erased: person.is_none(),
                }
            })
            .collect(),
        enrolments: state
            .enrolments
            .iter()
            .map(|e| pb::Enrolment {
                programme: convert::programme_pb(e.programme) as i32,
                active: e.active,
                enrolled_on: date(e.enrolled_on),
                decile: i32::from(e.decile),
                ranking_round: e.ranking_round.to_string(),
                components: e
                    .components
                    .iter()
                    .map(|c| pb::PkhComponentAssignment {
                        member_id: c.member_id.to_string(),
                        component: convert::component_pb(c.component) as i32,
                        counted: c.counted,
                        annual_amount: c.annual_amount.amount(),
                    })
                    .collect(),
                annual_entitlement: e.annual_entitlement.amount(),
                exited_on: e.exited_on.map(date).unwrap_or_default(),
                exit_reason: e
                    .exit_reason
                    .map(convert::exit_reason_pb)
                    .unwrap_or_default() as i32,
            })
            .collect(),
        personal_data_erased: state.data_erased(),
    }
}

/// A KK number as shown: empty once the household's personal data is erased.
fn kk_text(kk: Option<&berdaya_domain::id::KkNumber>) -> String {
    kk.map(|k| k.as_str().to_owned()).unwrap_or_default()
}
