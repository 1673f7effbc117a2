//! Strategy 1, social participation: activities planned, held and cancelled by kind,
//! households reached, attendance and absences (compliance = present / (present +
//! absent); excused absences do not count), and agreed actions completed.

use berdaya_messaging::EventEnvelope;
use berdaya_proto::berdaya::households::v1 as pb;
use serde::{Deserialize, Serialize};

use super::common::{decode, enum_name, load, save, short_name};
use super::{ContextProjection, ProjectionError};
use crate::catalog::{Indicator, Kind};
use crate::facts::{Output, month_of};

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
        title: "Activities planned",
        unit: "activities",
        kind: Kind::Flow,
        dimension: "kind",
    },
    Indicator {
        id: HELD,
        strategy: 1,
        title: "Activities held",
        unit: "activities",
        kind: Kind::Flow,
        dimension: "kind",
    },
    Indicator {
        id: CANCELLED,
        strategy: 1,
        title: "Activities cancelled",
        unit: "activities",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: REACHED,
        strategy: 1,
        title: "Households reached",
        unit: "households",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: ATTENDANCE,
        strategy: 1,
        title: "Attendance (present vs absent)",
        unit: "household attendances",
        kind: Kind::Flow,
        dimension: "status",
    },
    Indicator {
        id: ACTIONS_DONE,
        strategy: 1,
        title: "Agreed actions completed",
        unit: "actions",
        kind: Kind::Flow,
        dimension: "",
    },
];

#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    region: String,
    kind: String,
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
        let month = month_of(event.recorded_at);
        let mut out = Output::default();
        match short_name(event) {
            "ActivityPlanned" => {
                let e: pb::ActivityPlanned = decode(event)?;
                s.kind = enum_name(e.kind().as_str_name(), "ACTIVITY_KIND_");
                s.region = e.region_code;
                out.add(&s.region, &month, PLANNED, s.kind.clone(), 1);
            }
            "ActivityHeld" => {
                let e: pb::ActivityHeld = decode(event)?;
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
            "ActivityCancelled" => out.add(&s.region, &month, CANCELLED, "", 1),
            "AgreedActionCompleted" => out.add(&s.region, &month, ACTIONS_DONE, "", 1),
            _ => {}
        }
        Ok((save(&s, event)?, out))
    }
}
