//! An activity as its events make it: `apply` folds one event in.

use berdaya_domain::id::RegionCode;
use berdaya_domain::{Aggregate, DomainError};
use chrono::NaiveDate;
use uuid::Uuid;

use super::AttendanceStatus;
use super::commands::ActivityCommand;
use super::events::{ActivityDetails, ActivityEvent, AgreedAction, Attendance};

/// Lifecycle of an activity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ActivityStatus {
    /// No `Planned` event yet.
    #[default]
    Unplanned,
    /// Planned, not yet held.
    Planned,
    /// Held.
    Held,
    /// Held and evaluated.
    Evaluated,
    /// Cancelled before it was held.
    Cancelled,
}

/// An agreed action and whether it was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionState {
    /// The action as agreed.
    pub action: AgreedAction,
    /// When it was done, and the note.
    pub done: Option<(NaiveDate, String)>,
}

/// The evaluation of a held activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// When.
    pub evaluated_on: NaiveDate,
    /// What was achieved.
    pub achievements: String,
    /// Follow-ups.
    pub follow_ups: Vec<String>,
}

/// The activity aggregate's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Activity {
    /// Stable id (set by `Planned`).
    pub id: Option<Uuid>,
    /// Lifecycle.
    pub status: ActivityStatus,
    /// The village or district it serves.
    pub region: Option<RegionCode>,
    /// What it is (the scheduled date follows reschedules).
    pub details: Option<ActivityDetails>,
    /// The households invited.
    pub invited: Vec<Uuid>,
    /// When it was held.
    pub held_on: Option<NaiveDate>,
    /// Households present or excused.
    pub attendance: Vec<Attendance>,
    /// Invited households absent without leave.
    pub absent: Vec<Uuid>,
    /// What came out of it.
    pub outcomes: Vec<String>,
    /// Actions agreed.
    pub actions: Vec<ActionState>,
    /// Its evaluation.
    pub evaluation: Option<Evaluation>,
    /// Why and when it was cancelled.
    pub cancellation: Option<(String, NaiveDate)>,
}

impl Activity {
    /// The date it is listed under: the held date once held, else the scheduled date.
    pub fn date(&self) -> Option<NaiveDate> {
        self.held_on
            .or_else(|| self.details.as_ref().map(|d| d.scheduled_on))
    }

    /// True once held (whether evaluated or not).
    pub fn was_held(&self) -> bool {
        matches!(
            self.status,
            ActivityStatus::Held | ActivityStatus::Evaluated
        )
    }

    /// How `household` took part, once held: present, excused, absent, or `None` when it
    /// was neither invited nor came.
    pub fn attendance_of(&self, household: Uuid) -> Option<(AttendanceStatus, &[Uuid])> {
        if let Some(a) = self.attendance.iter().find(|a| a.household_id == household) {
            return Some((a.status, &a.members));
        }
        self.absent
            .contains(&household)
            .then_some((AttendanceStatus::Absent, &[][..]))
    }

    /// Every household the activity involves: invited, then walk-ins, each once.
    pub fn households(&self) -> Vec<Uuid> {
        let mut all = self.invited.clone();
        for a in &self.attendance {
            if !all.contains(&a.household_id) {
                all.push(a.household_id);
            }
        }
        all
    }
}

impl Aggregate for Activity {
    const CATEGORY: &'static str = berdaya_proto::category::households::ACTIVITY;
    type Command = ActivityCommand;
    type Event = ActivityEvent;
    type Rules = ();

    fn decide(
        &self,
        command: &ActivityCommand,
        _rules: &(),
    ) -> Result<Vec<ActivityEvent>, DomainError> {
        super::decide::decide(self, command)
    }

    fn apply(&mut self, event: &ActivityEvent) {
        match event {
            ActivityEvent::Planned {
                activity_id,
                region,
                details,
                invited,
            } => {
                self.id = Some(*activity_id);
                self.status = ActivityStatus::Planned;
                self.region = Some(region.clone());
                self.details = Some(details.clone());
                self.invited = invited.clone();
            }
            ActivityEvent::Rescheduled { scheduled_on, .. } => {
                if let Some(details) = &mut self.details {
                    details.scheduled_on = *scheduled_on;
                }
            }
            ActivityEvent::Held {
                held_on,
                attendance,
                absent,
                outcomes,
                actions,
            } => {
                self.status = ActivityStatus::Held;
                self.held_on = Some(*held_on);
                self.attendance = attendance.clone();
                self.absent = absent.clone();
                self.outcomes = outcomes.clone();
                self.actions = actions
                    .iter()
                    .map(|action| ActionState {
                        action: action.clone(),
                        done: None,
                    })
                    .collect();
            }
            ActivityEvent::Evaluated {
                evaluated_on,
                achievements,
                follow_ups,
            } => {
                self.status = ActivityStatus::Evaluated;
                self.evaluation = Some(Evaluation {
                    evaluated_on: *evaluated_on,
                    achievements: achievements.clone(),
                    follow_ups: follow_ups.clone(),
                });
            }
            ActivityEvent::Cancelled {
                reason,
                cancelled_on,
            } => {
                self.status = ActivityStatus::Cancelled;
                self.cancellation = Some((reason.clone(), *cancelled_on));
            }
            ActivityEvent::ActionCompleted {
                action_id,
                done_on,
                note,
            } => {
                if let Some(state) = self
                    .actions
                    .iter_mut()
                    .find(|a| a.action.action_id == *action_id)
                {
                    state.done = Some((*done_on, note.clone()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use berdaya_domain::Aggregate;
    use berdaya_domain::aggregate::Given;

    use crate::participation::domain::fixtures::*;
    use crate::participation::domain::*;

    #[test]
    fn an_activity_involves_the_invited_then_walk_ins_each_once() {
        // Households 1-3 invited; 1 and 4 (a walk-in) came.
        let mut history = planned();
        history.extend(
            Given::<Activity>::new(planned())
                .when(&hold(vec![present(1, vec![]), present(4, vec![])]))
                .events(),
        );
        let activity = Activity::from_events(history.iter());
        assert_eq!(activity.households(), [id(1), id(2), id(3), id(4)]);
        assert!(activity.was_held());
        assert!(!Activity::from_events(planned().iter()).was_held());
    }
}
