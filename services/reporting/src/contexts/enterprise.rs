//! Strategy 2, entrepreneurship: KUBE groups by stage, their members, grants awarded and
//! disbursed, revenue and profit reported, IKS collected and shared, groups reporting,
//! and individual support (sessions, apprenticeships, mentoring visits).

use std::collections::BTreeMap;

use berdaya_messaging::EventEnvelope;
use berdaya_proto::berdaya::enterprise::v1 as pb;
use serde::{Deserialize, Serialize};

use super::common::{decode, enum_name, load, money, save, short_name};
use super::{ContextProjection, ProjectionError};
use crate::catalog::{Indicator, Kind};
use crate::facts::{Output, month_of};

/// Active groups by stage (stock).
pub const GROUPS: &str = "enterprise.groups";
/// Members of active groups (stock).
pub const MEMBERS: &str = "enterprise.members";
/// Grants awarded, by scheme (flow, rupiah).
pub const AWARDED: &str = "enterprise.grants_awarded";
/// Grant tranches disbursed, by scheme (flow, rupiah).
pub const DISBURSED: &str = "enterprise.grants_disbursed";
/// Revenue reported (flow, rupiah).
pub const REVENUE: &str = "enterprise.revenue";
/// Profit reported (flow, rupiah).
pub const PROFIT: &str = "enterprise.profit";
/// Groups that reported progress in the month.
pub const REPORTING: &str = "enterprise.groups_reporting";
/// IKS collected and shared (flow, rupiah).
pub const IKS: &str = "enterprise.iks";
/// Support for households outside groups, by kind (flow).
pub const SUPPORT: &str = "enterprise.support";

static INDICATORS: [Indicator; 9] = [
    Indicator {
        id: GROUPS,
        strategy: 2,
        title: "KUBE groups by stage",
        unit: "groups",
        kind: Kind::Stock,
        dimension: "stage",
    },
    Indicator {
        id: MEMBERS,
        strategy: 2,
        title: "KUBE member households",
        unit: "households",
        kind: Kind::Stock,
        dimension: "",
    },
    Indicator {
        id: AWARDED,
        strategy: 2,
        title: "Grants awarded",
        unit: "rupiah",
        kind: Kind::Flow,
        dimension: "scheme",
    },
    Indicator {
        id: DISBURSED,
        strategy: 2,
        title: "Grants disbursed",
        unit: "rupiah",
        kind: Kind::Flow,
        dimension: "scheme",
    },
    Indicator {
        id: REVENUE,
        strategy: 2,
        title: "Revenue reported",
        unit: "rupiah",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: PROFIT,
        strategy: 2,
        title: "Profit reported",
        unit: "rupiah",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: REPORTING,
        strategy: 2,
        title: "Groups reporting",
        unit: "groups",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: IKS,
        strategy: 2,
        title: "IKS (social-solidarity contribution)",
        unit: "rupiah",
        kind: Kind::Flow,
        dimension: "flow",
    },
    Indicator {
        id: SUPPORT,
        strategy: 2,
        title: "Individual entrepreneurship support",
        unit: "sessions",
        kind: Kind::Flow,
        dimension: "kind",
    },
];

#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    village: String,
    stage: String,
    members: i64,
    active: bool,
    /// Grant id → scheme.
    grants: BTreeMap<String, String>,
}

/// The enterprise module.
#[derive(Debug)]
pub struct Enterprise;

impl ContextProjection for Enterprise {
    fn handles(&self, event: &EventEnvelope) -> bool {
        use berdaya_proto::category::enterprise::{KUBE, SUPPORT};
        event.is_in("berdaya.enterprise.v1", &[KUBE, SUPPORT])
    }

    fn indicators(&self) -> &'static [Indicator] {
        &INDICATORS
    }

    fn project(
        &self,
        state: Option<&str>,
        event: &EventEnvelope,
    ) -> Result<(Option<String>, Output), ProjectionError> {
        let mut s: State = load(state, event)?;
        let month = month_of(event.recorded_at);
        let mut out = Output::default();
        // Support streams belong to a household; the event's region is its village.
        let region = if s.village.is_empty() {
            event.metadata.region.clone()
        } else {
            s.village.clone()
        };
        match short_name(event) {
            "KubeGroupFormed" => {
                let e: pb::KubeGroupFormed = decode(event)?;
                s.village = e.village_code;
                s.stage = "TUMBUH".to_owned();
                s.members = i64::try_from(e.member_household_ids.len()).unwrap_or(i64::MAX);
                s.active = true;
                out.add(&s.village, &month, GROUPS, s.stage.clone(), 1);
                out.add(&s.village, &month, MEMBERS, "", s.members);
            }
            "MemberJoined" if s.active => {
                s.members += 1;
                out.add(&region, &month, MEMBERS, "", 1);
            }
            "MemberLeft" if s.active => {
                s.members -= 1;
                out.add(&region, &month, MEMBERS, "", -1);
            }
            "StageChangeApproved" if s.active => {
                let e: pb::StageChangeApproved = decode(event)?;
                out.add(&region, &month, GROUPS, s.stage.clone(), -1);
                s.stage = enum_name(e.to_stage().as_str_name(), "STAGE_");
                out.add(&region, &month, GROUPS, s.stage.clone(), 1);
            }
            "GrantAwarded" => {
                let e: pb::GrantAwarded = decode(event)?;
                let scheme = enum_name(e.scheme().as_str_name(), "GRANT_SCHEME_");
                let amount = money(event, "amount", e.amount)?;
                out.add(&region, &month, AWARDED, scheme.clone(), amount);
                s.grants.insert(e.grant_id, scheme);
            }
            "GrantTrancheDisbursed" => {
                let e: pb::GrantTrancheDisbursed = decode(event)?;
                let scheme = s.grants.get(&e.grant_id).cloned().unwrap_or_default();
                let amount = money(event, "amount", e.amount)?;
                out.add(&region, &month, DISBURSED, scheme, amount);
            }
            "ProgressReported" => {
                let e: pb::ProgressReported = decode(event)?;
                let revenue = money(event, "revenue", e.revenue)?;
                let profit = money(event, "profit", e.profit)?;
                let iks = money(event, "split.iks", e.split.map_or(0, |split| split.iks))?;
                out.add(&region, &month, REVENUE, "", revenue);
                out.add(&region, &month, PROFIT, "", profit);
                out.add(&region, &month, IKS, "COLLECTED", iks);
                out.reach(&region, &month, REPORTING, "", &event.stream_id);
            }
            "IksShared" => {
                let e: pb::IksShared = decode(event)?;
                let amount = money(event, "amount", e.amount)?;
                out.add(&region, &month, IKS, "SHARED", amount);
            }
            "KubeGroupDissolved" if s.active => {
                out.add(&region, &month, GROUPS, s.stage.clone(), -1);
                out.add(&region, &month, MEMBERS, "", -s.members);
                s.active = false;
            }
            "SupportSessionRecorded" => {
                let e: pb::SupportSessionRecorded = decode(event)?;
                out.add(
                    &region,
                    &month,
                    SUPPORT,
                    enum_name(e.kind().as_str_name(), "SUPPORT_KIND_"),
                    1,
                );
            }
            "ApprenticeshipStarted" => out.add(&region, &month, SUPPORT, "APPRENTICESHIP", 1),
            "MentoringVisitRecorded" => out.add(&region, &month, SUPPORT, "MENTORING_VISIT", 1),
            _ => {}
        }
        Ok((save(&s, event)?, out))
    }
}
