//! Strategy 2, entrepreneurship: KUBE groups by stage, their members, grants awarded and
//! disbursed, revenue and profit reported, IKS collected and shared, groups reporting,
//! and individual support (sessions, apprenticeships, mentoring visits).
//!
//! Each fact counts in the month of its own date: a progress report (its revenue,
//! profit, IKS collected and the group reporting) in the business month it reports, a
//! grant in the month awarded or disbursed, support in the month it was given. A group's
//! levels (groups by stage, members) never change before the month it was formed
//! ([`not_before`]).

use std::collections::BTreeMap;

use berdaya_messaging::EventEnvelope;
use berdaya_proto::berdaya::enterprise::v1 as pb;
use serde::{Deserialize, Serialize};

use super::common::{decode, enum_name, load, money, save, short_name};
use super::{ContextProjection, ProjectionError};
use crate::catalog::{Indicator, Kind};
use crate::facts::{Output, business_month, not_before};

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
        unit: "groups",
        kind: Kind::Stock,
        dimension: "stage",
    },
    Indicator {
        id: MEMBERS,
        strategy: 2,
        unit: "households",
        kind: Kind::Stock,
        dimension: "",
    },
    Indicator {
        id: AWARDED,
        strategy: 2,
        unit: "rupiah",
        kind: Kind::Flow,
        dimension: "scheme",
    },
    Indicator {
        id: DISBURSED,
        strategy: 2,
        unit: "rupiah",
        kind: Kind::Flow,
        dimension: "scheme",
    },
    Indicator {
        id: REVENUE,
        strategy: 2,
        unit: "rupiah",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: PROFIT,
        strategy: 2,
        unit: "rupiah",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: REPORTING,
        strategy: 2,
        unit: "groups",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: IKS,
        strategy: 2,
        unit: "rupiah",
        kind: Kind::Flow,
        dimension: "flow",
    },
    Indicator {
        id: SUPPORT,
        strategy: 2,
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
    /// The month the group was formed (empty in states written before business dates).
    #[serde(default)]
    since: String,
}

/// The enterprise module.
#[derive(Debug)]
pub struct Enterprise;

impl Enterprise {
    /// A group's levels: groups by stage and their members.
    fn group(
        s: &mut State,
        event: &EventEnvelope,
        region: &str,
        out: &mut Output,
    ) -> Result<(), ProjectionError> {
        let on = |date: &str| business_month(date, event.recorded_at);
        let level = |date: &str, s: &State| not_before(on(date), &s.since);
        match short_name(event) {
            "KubeGroupFormed" => {
                let e: pb::KubeGroupFormed = decode(event)?;
                s.village = e.village_code;
                s.stage = "TUMBUH".to_owned();
                s.members = i64::try_from(e.member_household_ids.len()).unwrap_or(i64::MAX);
                s.active = true;
                s.since = on(&e.formed_on);
                out.add(&s.village, &s.since, GROUPS, s.stage.clone(), 1);
                out.add(&s.village, &s.since, MEMBERS, "", s.members);
            }
            "MemberJoined" if s.active => {
                let e: pb::MemberJoined = decode(event)?;
                s.members += 1;
                out.add(region, &level(&e.joined_on, s), MEMBERS, "", 1);
            }
            "MemberLeft" if s.active => {
                let e: pb::MemberLeft = decode(event)?;
                s.members -= 1;
                out.add(region, &level(&e.left_on, s), MEMBERS, "", -1);
            }
            "StageChangeApproved" if s.active => {
                let e: pb::StageChangeApproved = decode(event)?;
                let month = level(&e.approved_on, s);
                out.add(region, &month, GROUPS, s.stage.clone(), -1);
                s.stage = enum_name(e.to_stage().as_str_name(), "STAGE_");
                out.add(region, &month, GROUPS, s.stage.clone(), 1);
            }
            "KubeGroupDissolved" if s.active => {
                let e: pb::KubeGroupDissolved = decode(event)?;
                let month = level(&e.dissolved_on, s);
                out.add(region, &month, GROUPS, s.stage.clone(), -1);
                out.add(region, &month, MEMBERS, "", -s.members);
                s.active = false;
            }
            _ => {}
        }
        Ok(())
    }
}

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
        let on = |date: &str| business_month(date, event.recorded_at);
        let mut out = Output::default();
        // Support streams belong to a household; the event's region is its village.
        let region = if s.village.is_empty() {
            event.metadata.region.clone()
        } else {
            s.village.clone()
        };
        match short_name(event) {
            "KubeGroupFormed"
            | "MemberJoined"
            | "MemberLeft"
            | "StageChangeApproved"
            | "KubeGroupDissolved" => Self::group(&mut s, event, &region, &mut out)?,
            "GrantAwarded" => {
                let e: pb::GrantAwarded = decode(event)?;
                let scheme = enum_name(e.scheme().as_str_name(), "GRANT_SCHEME_");
                let amount = money(event, "amount", e.amount)?;
                out.add(&region, &on(&e.awarded_on), AWARDED, scheme.clone(), amount);
                s.grants.insert(e.grant_id, scheme);
            }
            "GrantTrancheDisbursed" => {
                let e: pb::GrantTrancheDisbursed = decode(event)?;
                let scheme = s.grants.get(&e.grant_id).cloned().unwrap_or_default();
                let amount = money(event, "amount", e.amount)?;
                out.add(&region, &on(&e.disbursed_on), DISBURSED, scheme, amount);
            }
            "ProgressReported" => {
                let e: pb::ProgressReported = decode(event)?;
                // The business month reported, not the day the report was made.
                let month = on(&e.month);
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
                out.add(&region, &on(&e.shared_on), IKS, "SHARED", amount);
            }
            "SupportSessionRecorded" => {
                let e: pb::SupportSessionRecorded = decode(event)?;
                out.add(
                    &region,
                    &on(&e.held_on),
                    SUPPORT,
                    enum_name(e.kind().as_str_name(), "SUPPORT_KIND_"),
                    1,
                );
            }
            "ApprenticeshipStarted" => {
                let e: pb::ApprenticeshipStarted = decode(event)?;
                out.add(&region, &on(&e.starts_on), SUPPORT, "APPRENTICESHIP", 1);
            }
            "MentoringVisitRecorded" => {
                let e: pb::MentoringVisitRecorded = decode(event)?;
                out.add(&region, &on(&e.visited_on), SUPPORT, "MENTORING_VISIT", 1);
            }
            _ => {}
        }
        Ok((save(&s, event)?, out))
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::{recorded, run, sum};
    use super::*;

    const VILLAGE: &str = "35.78.01.1001";
    const STREAM: &str = "kube-1";

    #[test]
    fn a_late_business_report_counts_in_the_month_it_reports() {
        let formed = pb::KubeGroupFormed {
            village_code: VILLAGE.into(),
            formed_on: "2026-01-10".into(),
            member_household_ids: vec!["h1".into(), "h2".into()],
            ..Default::default()
        };
        let report = pb::ProgressReported {
            month: "2026-02".into(),
            revenue: 3_000_000,
            profit: 1_000_000,
            reported_on: "2026-11-19".into(),
            ..Default::default()
        };
        let disbursed = pb::GrantTrancheDisbursed {
            grant_id: "g".into(),
            amount: 5_000_000,
            disbursed_on: "2026-03-02".into(),
            ..Default::default()
        };
        let left = pb::MemberLeft {
            household_id: "h2".into(),
            left_on: "2025-12-01".into(),
            ..Default::default()
        };
        let (facts, reach) = run(
            &Enterprise,
            &[
                recorded(STREAM, 1, VILLAGE, &formed),
                recorded(STREAM, 2, VILLAGE, &report),
                recorded(STREAM, 3, VILLAGE, &disbursed),
                recorded(STREAM, 4, VILLAGE, &left),
            ],
        );
        assert_eq!(sum(&facts, GROUPS, "2026-01"), 1);
        assert_eq!(
            sum(&facts, MEMBERS, "2026-01"),
            2 - 1,
            "never before it was formed"
        );
        assert_eq!(sum(&facts, REVENUE, "2026-02"), 3_000_000);
        assert_eq!(sum(&facts, PROFIT, "2026-02"), 1_000_000);
        assert_eq!(sum(&facts, DISBURSED, "2026-03"), 5_000_000);
        assert_eq!(sum(&facts, REVENUE, "2026-11"), 0);
        assert_eq!(
            reach,
            [(REPORTING, "2026-02".to_owned(), STREAM.to_owned())]
        );
    }
}
