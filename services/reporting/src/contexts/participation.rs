//! Strategy 1, social participation: activities planned, held and cancelled by kind,
//! households reached, attendance and absences (compliance = present / (present +
//! absent); excused absences do not count), and agreed actions completed.
//!
//! Each fact counts in the month of its own date: planning in the month the activity is
//! scheduled for (a rescheduling moves it), a session (and the households it reached) in the month it was held,
//! a cancellation or a completed action in the month it happened.

use berdaya_messaging::EventEnvelope;
use berdaya_proto::berdaya::households::v1 as pb;
use serde::{Deserialize, Serialize};

use super::common::{decode, enum_name, load, save, short_name};
use super::{ContextProjection, ProjectionError};
use crate::catalog::{Indicator, Kind};
use crate::facts::{Output, business_month};

/// Activities planned, by kind.
pub const PLANNED: &str = "participation.activities_planned";
/// Activities held, by kind.
pub const HELD: &str = "participation.activities_held";
/// Activities cancelled.
pub const CANCELLED: &str = "participation.activities_cancelled";
/// Households present at least once in the month.
pub const REACHED: &str = "participation.households_reached";
/// Household attendances, by status (present, absent).
pub const ATTENDANCE: &str = "participation.attendance";
/// Agreed actions completed.
pub const ACTIONS_DONE: &str = "participation.actions_completed";

static INDICATORS: [Indicator; 6] = [
    Indicator {
        id: PLANNED,
        strategy: 1,
        unit: "activities",
        kind: Kind::Flow,
        dimension: "kind",
    },
    Indicator {
        id: HELD,
        strategy: 1,
        unit: "activities",
        kind: Kind::Flow,
        dimension: "kind",
    },
    Indicator {
        id: CANCELLED,
        strategy: 1,
        unit: "activities",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: REACHED,
        strategy: 1,
        unit: "households",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: ATTENDANCE,
        strategy: 1,
        unit: "household attendances",
        kind: Kind::Flow,
        dimension: "status",
    },
    Indicator {
        id: ACTIONS_DONE,
        strategy: 1,
        unit: "actions",
        kind: Kind::Flow,
        dimension: "",
    },
];

#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    region: String,
    kind: String,
    /// The month the activity is planned in, as last scheduled (empty in states written
    /// before business dates).
    #[serde(default)]
    planned: String,
}

/// The participation module.
#[derive(Debug)]
pub struct Participation;

impl ContextProjection for Participation {
    fn handles(&self, event: &EventEnvelope) -> bool {
        event.is_in(
            "berdaya.households.v1",
            &[berdaya_proto::category::households::ACTIVITY],
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
        let on = |date: &str| business_month(date, event.recorded_at);
        let mut out = Output::default();
        match short_name(event) {
            "ActivityPlanned" => {
                let e: pb::ActivityPlanned = decode(event)?;
                s.planned = on(&e.scheduled_on);
                s.kind = enum_name(e.kind().as_str_name(), "ACTIVITY_KIND_");
                s.region = e.region_code;
                out.add(&s.region, &s.planned, PLANNED, s.kind.clone(), 1);
            }
            "ActivityRescheduled" if !s.planned.is_empty() => {
                let e: pb::ActivityRescheduled = decode(event)?;
                out.add(&s.region, &s.planned, PLANNED, s.kind.clone(), -1);
                s.planned = on(&e.scheduled_on);
                out.add(&s.region, &s.planned, PLANNED, s.kind.clone(), 1);
            }
            "ActivityHeld" => {
                let e: pb::ActivityHeld = decode(event)?;
                let month = on(&e.held_on);
                out.add(&s.region, &month, HELD, s.kind.clone(), 1);
                let mut present = 0;
                for record in &e.attendance {
                    if record.status() == pb::AttendanceStatus::Present {
                        present += 1;
                        out.reach(&s.region, &month, REACHED, "", &record.household_id);
                    }
                }
                out.add(&s.region, &month, ATTENDANCE, "PRESENT", present);
                out.add(
                    &s.region,
                    &month,
                    ATTENDANCE,
                    "ABSENT",
                    e.absent_household_ids.len() as i64,
                );
            }
            "ActivityCancelled" => {
                let e: pb::ActivityCancelled = decode(event)?;
                out.add(&s.region, &on(&e.cancelled_on), CANCELLED, "", 1);
            }
            "AgreedActionCompleted" => {
                let e: pb::AgreedActionCompleted = decode(event)?;
                out.add(&s.region, &on(&e.done_on), ACTIONS_DONE, "", 1);
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

    fn planned(on: &str) -> pb::ActivityPlanned {
        pb::ActivityPlanned {
            activity_id: "a".into(),
            region_code: VILLAGE.into(),
            kind: pb::ActivityKind::FamilyDevelopmentSession as i32,
            scheduled_on: on.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_p2k2_session_held_in_march_and_typed_in_in_november_counts_in_march() {
        let held = pb::ActivityHeld {
            held_on: "2026-03-05".into(),
            attendance: vec![pb::AttendanceRecord {
                household_id: "h1".into(),
                status: pb::AttendanceStatus::Present as i32,
                member_ids: vec!["m1".into()],
            }],
            absent_household_ids: vec!["h2".into()],
            ..Default::default()
        };
        let done = pb::AgreedActionCompleted {
            action_id: "x".into(),
            done_on: "2026-04-02".into(),
            ..Default::default()
        };
        let (facts, reach) = run(
            &Participation,
            &[
                recorded("activity-a", 1, VILLAGE, &planned("2026-03-05")),
                recorded("activity-a", 2, VILLAGE, &held),
                recorded("activity-a", 3, VILLAGE, &done),
            ],
        );
        assert_eq!(sum(&facts, PLANNED, "2026-03"), 1);
        assert_eq!(sum(&facts, HELD, "2026-03"), 1);
        assert_eq!(
            sum(&facts, ATTENDANCE, "2026-03"),
            2,
            "one present, one absent"
        );
        assert_eq!(sum(&facts, ACTIONS_DONE, "2026-04"), 1);
        assert!(facts.iter().all(|f| f.1 != "2026-11"), "{facts:?}");
        assert_eq!(reach, [(REACHED, "2026-03".to_owned(), "h1".to_owned())]);
    }

    #[test]
    fn a_rescheduled_activity_is_planned_in_its_new_month() {
        let moved = pb::ActivityRescheduled {
            scheduled_on: "2026-05-04".into(),
            previous_scheduled_on: "2026-04-27".into(),
            reason: "banjir".into(),
        };
        let (facts, _) = run(
            &Participation,
            &[
                recorded("activity-a", 1, VILLAGE, &planned("2026-04-27")),
                recorded("activity-a", 2, VILLAGE, &moved),
            ],
        );
        assert_eq!(sum(&facts, PLANNED, "2026-04"), 0);
        assert_eq!(sum(&facts, PLANNED, "2026-05"), 1);
    }
}
