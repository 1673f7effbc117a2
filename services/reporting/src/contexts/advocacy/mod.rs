//! Strategy 5, social advocacy (Advokasi Sosial): cases opened, resolved, escalated and
//! closed unresolved by right, households whose access was restored, days to
//! resolution, open cases by urgency, and actions by kind.
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
use crate::facts::{Output, month_of};
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
        title: "Kasus dilaporkan menurut hak / Cases opened by right",
        unit: "kasus / cases",
        kind: Kind::Flow,
        dimension: "right",
    },
    Indicator {
        id: RESOLVED,
        strategy: 5,
        title: "Kasus selesai menurut hak / Cases resolved by right",
        unit: "kasus / cases",
        kind: Kind::Flow,
        dimension: "right",
    },
    Indicator {
        id: ESCALATED,
        strategy: 5,
        title: "Kasus dieskalasi menurut hak / Cases escalated by right",
        unit: "kasus / cases",
        kind: Kind::Flow,
        dimension: "right",
    },
    Indicator {
        id: CLOSED_UNRESOLVED,
        strategy: 5,
        title: "Kasus ditutup tanpa penyelesaian menurut hak / Cases closed unresolved by right",
        unit: "kasus / cases",
        kind: Kind::Flow,
        dimension: "right",
    },
    Indicator {
        id: RESTORED,
        strategy: 5,
        title: "Rumah tangga yang aksesnya dipulihkan / Households whose access was restored",
        unit: "rumah tangga / households",
        kind: Kind::Flow,
        dimension: "right",
    },
    Indicator {
        id: DAYS_TO_RESOLUTION,
        strategy: 5,
        title: "Lama penyelesaian kasus (hari; median dari sebaran) / Days to resolution (median from the distribution)",
        unit: "kasus / cases",
        kind: Kind::Flow,
        dimension: "days",
    },
    Indicator {
        id: OPEN,
        strategy: 5,
        title: "Kasus terbuka menurut urgensi / Open cases by urgency",
        unit: "kasus / cases",
        kind: Kind::Stock,
        dimension: "urgency",
    },
    Indicator {
        id: ACTIONS,
        strategy: 5,
        title: "Aksi advokasi menurut jenis / Advocacy actions by kind",
        unit: "aksi / actions",
        kind: Kind::Flow,
        dimension: "kind",
    },
    Indicator {
        id: OVERDUE,
        strategy: 5,
        title: "Kasus melewati target layanan menurut hak / Overdue cases by right",
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
        let month = month_of(event.recorded_at);
        let mut out = Output::default();
        // The business day of an event that may move the case's overdue day.
        let mut on = None;
        match short_name(event) {
            "AdvocacyCaseReported" => {
                let e: pb::AdvocacyCaseReported = decode(event)?;
                s.urgency = enum_name(e.urgency().as_str_name(), "URGENCY_");
                s.region = e.region_code;
                s.right = e.right_code;
                let (first_action, resolution) = days(event, e.service_level)?;
                on = Some(date(event, &e.reported_on)?);
                s.clock = Clock {
                    reported_on: on,
                    first_action_days: first_action,
                    resolution_days: resolution,
                    open: true,
                    ..Clock::default()
                };
                s.reported_on = e.reported_on;
                s.open = true;
                out.add(&s.region, &month, OPENED, s.right.clone(), 1);
                out.add(&s.region, &month, OPEN, s.urgency.clone(), 1);
            }
            "UrgencyChanged" if s.open => {
                let e: pb::UrgencyChanged = decode(event)?;
                out.add(&s.region, &month, OPEN, s.urgency.clone(), -1);
                s.urgency = enum_name(e.to().as_str_name(), "URGENCY_");
                out.add(&s.region, &month, OPEN, s.urgency.clone(), 1);
                (s.clock.first_action_days, s.clock.resolution_days) =
                    days(event, e.service_level)?;
                on = Some(date(event, &e.changed_on)?);
            }
            "AdvocacyActionTaken" => {
                let e: pb::AdvocacyActionTaken = decode(event)?;
                let kind = enum_name(e.kind().as_str_name(), "ACTION_KIND_");
                out.add(&s.region, &month, ACTIONS, kind, 1);
                s.clock.acted = true;
                on = Some(date(event, &e.taken_on)?);
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
                out.reach(
                    &s.region,
                    &month,
                    ESCALATED,
                    s.right.clone(),
                    &event.stream_id,
                );
            }
            "CaseResolved" if s.open => {
                let e: pb::CaseResolved = decode(event)?;
                s.open = false;
                let resolved = date(event, &e.resolved_on)?;
                s.clock.close(resolved);
                on = Some(resolved);
                out.add(&s.region, &month, RESOLVED, s.right.clone(), 1);
                out.add(&s.region, &month, OPEN, s.urgency.clone(), -1);
                let days = (date(event, &e.resolved_on)? - date(event, &s.reported_on)?)
                    .num_days()
                    .max(0);
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
            }
            "CaseClosedUnresolved" if s.open => {
                let e: pb::CaseClosedUnresolved = decode(event)?;
                let closed = date(event, &e.closed_on)?;
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
                s.clock.reopen(reopened);
                on = Some(reopened);
                out.add(&s.region, &month, OPEN, s.urgency.clone(), 1);
            }
            _ => {}
        }
        if let Some(on) = on {
            for change in s.clock.refile(on) {
                let month = change.on.format("%Y-%m").to_string();
                out.add(&s.region, &month, OVERDUE, s.right.clone(), change.delta);
            }
        }
        Ok((save(&s, event)?, out))
    }
}

#[cfg(test)]
mod tests {
    use berdaya_messaging::EventEnvelope;
    use prost::{Message, Name};

    use super::*;

    fn envelope<M: Message + Name>(version: i64, message: &M) -> EventEnvelope {
        EventEnvelope {
            context: "advocacy".into(),
            event_id: uuid::Uuid::now_v7(),
            event_type: M::full_name(),
            schema_version: 1,
            stream_id: "case-0190d0a0-0000-7000-a000-000000000001".into(),
            category: "case".into(),
            version,
            recorded_at: chrono::DateTime::parse_from_rfc3339("2026-03-20T03:00:00Z")
                .unwrap()
                .to_utc(),
            position: version,
            metadata: berdaya_eventstore::EventMetadata::default(),
            payload: message.encode_to_vec(),
        }
    }

    fn facts(out: &Output) -> Vec<(&str, String, i64)> {
        out.facts
            .iter()
            .map(|f| (f.indicator, f.dimension.clone(), f.delta))
            .collect()
    }

    #[test]
    fn a_case_counts_when_opened_and_resolved_with_its_days_and_households() {
        let reported = envelope(
            1,
            &pb::AdvocacyCaseReported {
                region_code: "35.78".into(),
                right_code: "health_insurance".into(),
                urgency: pb::Urgency::Urgent as i32,
                reported_on: "2026-03-02".into(),
                service_level: Some(pb::ServiceLevel {
                    first_action_days: 3,
                    resolution_days: 30,
                }),
                ..Default::default()
            },
        );
        let (state, out) = Advocacy.project(None, &reported).unwrap();
        assert_eq!(
            facts(&out),
            vec![
                (OPENED, "health_insurance".to_owned(), 1),
                (OPEN, "URGENT".to_owned(), 1),
                (OVERDUE, "health_insurance".to_owned(), 1),
            ]
        );
        let resolved = envelope(
            2,
            &pb::CaseResolved {
                resolved_on: "2026-03-14".into(),
                remedy: "aktif kembali".into(),
                restored: vec![pb::RestoredAccess {
                    household_id: "h1".into(),
                    regained_on: "2026-03-14".into(),
                }],
            },
        );
        let (_, out) = Advocacy.project(state.as_deref(), &resolved).unwrap();
        assert_eq!(
            facts(&out),
            vec![
                (RESOLVED, "health_insurance".to_owned(), 1),
                (OPEN, "URGENT".to_owned(), -1),
                (DAYS_TO_RESOLUTION, "0012".to_owned(), 1),
                (OVERDUE, "health_insurance".to_owned(), -1),
            ]
        );
        assert_eq!(out.reach.len(), 1);
        assert_eq!(out.reach[0].indicator, RESTORED);
    }
}
