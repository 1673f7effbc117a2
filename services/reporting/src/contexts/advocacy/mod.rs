//! Strategy 5, social advocacy (Advokasi Sosial): cases opened, resolved, escalated and
//! closed unresolved by right, households whose access was restored, days to
//! resolution, open cases by urgency, and actions by kind.
//!
//! Every fact counts in the month of its own date (reported, action taken, escalated,
//! resolved, closed, reopened), as the overdue clock always did.
//!
//! Overdue cases are a stock too, placed by the case's clock ([`clock`]): counted from
//! the month the case falls overdue until the month that ends it. Like every stock it
//! is the level at month end, so the current month already counts a case that falls
//! overdue later in the month if nothing is done about it (the advocacy service's
//! `ListCases` with `overdue_only` answers for today).
//!
//! Days to resolution is kept as a distribution (dimension: calendar days from report
//! to resolution, zero-padded so they sort), from which the median of any region and
//! period is read: a median does not add up across regions, a distribution does.

use berdaya_messaging::EventEnvelope;
use berdaya_proto::berdaya::advocacy::v1 as pb;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod clock;

use super::common::{decode, enum_name, load, save, short_name};
use super::{ContextProjection, ProjectionError};
use crate::catalog::{Indicator, Kind};
use crate::facts::{Output, business_month, month_of_day};
use clock::Clock;

/// Cases reported, by right (flow).
pub const OPENED: &str = "advocacy.cases_opened";
/// Cases resolved, by right (flow).
pub const RESOLVED: &str = "advocacy.cases_resolved";
/// Cases escalated in the month, by right (flow; a case once per month).
pub const ESCALATED: &str = "advocacy.cases_escalated";
/// Cases closed without a remedy, by right (flow).
pub const CLOSED_UNRESOLVED: &str = "advocacy.cases_closed_unresolved";
/// Households whose access was restored, by right (flow; a household once per month).
pub const RESTORED: &str = "advocacy.households_restored";
/// Resolutions by calendar days from report to resolution (flow).
pub const DAYS_TO_RESOLUTION: &str = "advocacy.days_to_resolution";
/// Open cases by urgency (stock).
pub const OPEN: &str = "advocacy.open_cases";
/// Advocacy actions taken, by kind (flow).
pub const ACTIONS: &str = "advocacy.actions";
/// Open cases past a service-level target, by right (stock).
pub const OVERDUE: &str = "advocacy.overdue_cases";

static INDICATORS: [Indicator; 9] = [
    Indicator {
        id: OPENED,
        strategy: 5,
        unit: "kasus / cases",
        kind: Kind::Flow,
        dimension: "right",
    },
    Indicator {
        id: RESOLVED,
        strategy: 5,
        unit: "kasus / cases",
        kind: Kind::Flow,
        dimension: "right",
    },
    Indicator {
        id: ESCALATED,
        strategy: 5,
        unit: "kasus / cases",
        kind: Kind::Flow,
        dimension: "right",
    },
    Indicator {
        id: CLOSED_UNRESOLVED,
        strategy: 5,
        unit: "kasus / cases",
        kind: Kind::Flow,
        dimension: "right",
    },
    Indicator {
        id: RESTORED,
        strategy: 5,
        unit: "rumah tangga / households",
        kind: Kind::Flow,
        dimension: "right",
    },
    Indicator {
        id: DAYS_TO_RESOLUTION,
        strategy: 5,
        unit: "kasus / cases",
        kind: Kind::Flow,
        dimension: "days",
    },
    Indicator {
        id: OPEN,
        strategy: 5,
        unit: "kasus / cases",
        kind: Kind::Stock,
        dimension: "urgency",
    },
    Indicator {
        id: ACTIONS,
        strategy: 5,
        unit: "aksi / actions",
        kind: Kind::Flow,
        dimension: "kind",
    },
    Indicator {
        id: OVERDUE,
        strategy: 5,
        unit: "kasus / cases",
        kind: Kind::Stock,
        dimension: "right",
    },
];

#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    region: String,
    right: String,
    urgency: String,
    /// The day it was first reported.
    reported_on: String,
    open: bool,
    /// When it falls overdue.
    clock: Clock,
}

fn days(
    event: &EventEnvelope,
    level: Option<pb::ServiceLevel>,
) -> Result<(u32, u32), ProjectionError> {
    let level = level.ok_or_else(|| ProjectionError::new(event, "service_level is missing"))?;
    let days =
        |d: i32| u32::try_from(d).map_err(|_| ProjectionError::new(event, format!("{d} days")));
    Ok((days(level.first_action_days)?, days(level.resolution_days)?))
}

/// The advocacy module.
#[derive(Debug)]
pub struct Advocacy;

fn date(event: &EventEnvelope, text: &str) -> Result<NaiveDate, ProjectionError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| ProjectionError::new(event, format!("date {text:?}: {e}")))
}

/// A case reported: it opens, its clock starts. Returns the day reported.
fn report(
    s: &mut State,
    event: &EventEnvelope,
    out: &mut Output,
) -> Result<NaiveDate, ProjectionError> {
    let e: pb::AdvocacyCaseReported = decode(event)?;
    s.urgency = enum_name(e.urgency().as_str_name(), "URGENCY_");
    s.region = e.region_code;
    s.right = e.right_code;
    let (first_action, resolution) = days(event, e.service_level)?;
    let reported = date(event, &e.reported_on)?;
    let month = month_of_day(reported);
    s.clock = Clock {
        reported_on: Some(reported),
        first_action_days: first_action,
        resolution_days: resolution,
        open: true,
        ..Clock::default()
    };
    s.reported_on = e.reported_on;
    s.open = true;
    out.add(&s.region, &month, OPENED, s.right.clone(), 1);
    out.add(&s.region, &month, OPEN, s.urgency.clone(), 1);
    Ok(reported)
}

/// A case resolved, with its days to resolution and the households whose access was
/// restored. Returns the day resolved.
fn resolve(
    s: &mut State,
    event: &EventEnvelope,
    out: &mut Output,
) -> Result<NaiveDate, ProjectionError> {
    let e: pb::CaseResolved = decode(event)?;
    s.open = false;
    let resolved = date(event, &e.resolved_on)?;
    let month = month_of_day(resolved);
    s.clock.close(resolved);
    out.add(&s.region, &month, RESOLVED, s.right.clone(), 1);
    out.add(&s.region, &month, OPEN, s.urgency.clone(), -1);
    let days = (resolved - date(event, &s.reported_on)?).num_days().max(0);
    out.add(
        &s.region,
        &month,
        DAYS_TO_RESOLUTION,
        format!("{days:04}"),
        1,
    );
    for restored in &e.restored {
        out.reach(
            &s.region,
            &month,
            RESTORED,
            s.right.clone(),
            &restored.household_id,
        );
    }
    Ok(resolved)
}

impl ContextProjection for Advocacy {
    fn handles(&self, event: &EventEnvelope) -> bool {
        event.is_in(
            "berdaya.advocacy.v1",
            &[berdaya_proto::category::advocacy::CASE],
        )
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
        let mut out = Output::default();
        // The business day of an event that may move the case's overdue day.
        let mut on = None;
        match short_name(event) {
            "AdvocacyCaseReported" => on = Some(report(&mut s, event, &mut out)?),
            "UrgencyChanged" if s.open => {
                let e: pb::UrgencyChanged = decode(event)?;
                let changed = date(event, &e.changed_on)?;
                let month = month_of_day(changed);
                out.add(&s.region, &month, OPEN, s.urgency.clone(), -1);
                s.urgency = enum_name(e.to().as_str_name(), "URGENCY_");
                out.add(&s.region, &month, OPEN, s.urgency.clone(), 1);
                (s.clock.first_action_days, s.clock.resolution_days) =
                    days(event, e.service_level)?;
                on = Some(changed);
            }
            "AdvocacyActionTaken" => {
                let e: pb::AdvocacyActionTaken = decode(event)?;
                let kind = enum_name(e.kind().as_str_name(), "ACTION_KIND_");
                let taken = date(event, &e.taken_on)?;
                out.add(&s.region, &month_of_day(taken), ACTIONS, kind, 1);
                s.clock.acted = true;
                on = Some(taken);
            }
            "ReporterAwaited" if s.open => {
                let e: pb::ReporterAwaited = decode(event)?;
                let since = date(event, &e.since)?;
                if e.clock_paused {
                    s.clock.paused_since = Some(since);
                }
                on = Some(since);
            }
            "ReporterResponded" => {
                let e: pb::ReporterResponded = decode(event)?;
                let responded = date(event, &e.responded_on)?;
                s.clock.end_wait(responded);
                on = Some(responded);
            }
            "CaseEscalated" => {
                let e: pb::CaseEscalated = decode(event)?;
                let month = business_month(&e.escalated_on, event.recorded_at);
                out.reach(
                    &s.region,
                    &month,
                    ESCALATED,
                    s.right.clone(),
                    &event.stream_id,
                );
            }
            "CaseResolved" if s.open => on = Some(resolve(&mut s, event, &mut out)?),
            "CaseClosedUnresolved" if s.open => {
                let e: pb::CaseClosedUnresolved = decode(event)?;
                let closed = date(event, &e.closed_on)?;
                let month = month_of_day(closed);
                s.clock.close(closed);
                on = Some(closed);
                s.open = false;
                out.add(&s.region, &month, CLOSED_UNRESOLVED, s.right.clone(), 1);
                out.add(&s.region, &month, OPEN, s.urgency.clone(), -1);
            }
            "CaseReopened" if !s.open => {
                let e: pb::CaseReopened = decode(event)?;
                s.open = true;
                let reopened = date(event, &e.reopened_on)?;
                let month = month_of_day(reopened);
                s.clock.reopen(reopened);
                on = Some(reopened);
                out.add(&s.region, &month, OPEN, s.urgency.clone(), 1);
            }
            _ => {}
        }
        if let Some(on) = on {
            for change in s.clock.refile(on) {
                let month = month_of_day(change.on);
                out.add(&s.region, &month, OVERDUE, s.right.clone(), change.delta);
            }
        }
        Ok((save(&s, event)?, out))
    }
}

#[cfg(test)]
mod tests;
