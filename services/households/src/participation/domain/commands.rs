//! What users ask of an activity. Ids, dates and the standing of every household named
//! are settled at the edge and passed in, so that deciding stays pure and repeatable.

use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use super::AttendanceStatus;
use super::events::{ActivityDetails, AgreedAction};
use crate::domain::HouseholdRef;

/// A household's attendance as claimed in a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceClaim {
    /// The household, with its standing.
    pub household: HouseholdRef,
    /// Present or excused (absent is derived, never claimed).
    pub status: AttendanceStatus,
    /// The members who came.
    pub members: Vec<Uuid>,
}

/// The commands an activity accepts.
#[derive(Debug, Clone)]
pub enum ActivityCommand {
    /// Plan a new activity.
    Plan {
        /// Id chosen for it.
        activity_id: Uuid,
        /// The village or district it serves.
        region: RegionCode,
        /// What it is.
        details: ActivityDetails,
        /// The households invited, in request order.
        invited: Vec<HouseholdRef>,
    },
    /// Move a planned activity to another date.
    Reschedule {
        /// The new date.
        scheduled_on: NaiveDate,
        /// Why.
        reason: String,
    },
    /// Record that it took place.
    Hold {
        /// When.
        held_on: NaiveDate,
        /// Who came or sent apologies, in request order.
        attendance: Vec<AttendanceClaim>,
        /// What came out of it.
        outcomes: Vec<String>,
        /// Actions agreed (ids chosen at the edge).
        actions: Vec<AgreedAction>,
    },
    /// Record its evaluation.
    Evaluate {
        /// When.
        evaluated_on: NaiveDate,
        /// What was achieved.
        achievements: String,
        /// Follow-ups.
        follow_ups: Vec<String>,
    },
    /// Cancel it.
    Cancel {
        /// Why.
        reason: String,
        /// When.
        cancelled_on: NaiveDate,
    },
    /// Mark an agreed action done.
    CompleteAction {
        /// Which.
        action_id: Uuid,
        /// When.
        done_on: NaiveDate,
        /// Note.
        note: String,
    },
}

impl ActivityCommand {
    /// The command for the activity `id` (sets the id of a plan).
    #[must_use]
    pub fn for_activity(self, id: Uuid) -> Self {
        match self {
            ActivityCommand::Plan {
                region,
                details,
                invited,
                ..
            } => ActivityCommand::Plan {
                activity_id: id,
                region,
                details,
                invited,
            },
            other => other,
        }
    }

    /// The households the command names, for the service to look up.
    pub fn households_mut(&mut self) -> Vec<&mut HouseholdRef> {
        match self {
            ActivityCommand::Plan { invited, .. } => invited.iter_mut().collect(),
            ActivityCommand::Hold { attendance, .. } => {
                attendance.iter_mut().map(|a| &mut a.household).collect()
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::{HouseholdRef, Standing};
    use crate::participation::domain::fixtures::*;
    use crate::participation::domain::*;

    fn looked_up(mut command: ActivityCommand) -> Vec<uuid::Uuid> {
        command
            .households_mut()
            .into_iter()
            .map(|household| household.household_id)
            .collect()
    }

    #[test]
    fn the_households_to_look_up_are_the_invited_and_those_attending() {
        let invited = vec![household(1, VILLAGE), household(2, VILLAGE)];
        assert_eq!(looked_up(plan_with(fds(), invited)), [id(1), id(2)]);
        assert_eq!(
            looked_up(hold(vec![present(3, vec![]), present(4, vec![])])),
            [id(3), id(4)]
        );
        // The service fills in what it looked up through these references.
        let mut command = hold(vec![present(3, vec![])]);
        for household in command.households_mut() {
            *household = HouseholdRef::unresolved(household.household_id);
        }
        let ActivityCommand::Hold { attendance, .. } = &command else {
            unreachable!()
        };
        assert_eq!(attendance[0].household.standing, Standing::Unknown);
        assert!(
            looked_up(ActivityCommand::Cancel {
                reason: "banjir".into(),
                cancelled_on: date("2026-03-04"),
            })
            .is_empty()
        );
    }
}
