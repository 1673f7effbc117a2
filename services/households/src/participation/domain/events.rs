//! What happened to an activity: the facts its history is made of.

use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use super::{ActivityKind, AttendanceStatus, FdsModule};
use crate::domain::Programme;

/// What an activity is, as planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityDetails {
    /// Its kind.
    pub kind: ActivityKind,
    /// The P2K2 module (family development sessions only).
    pub module: Option<FdsModule>,
    /// What it is about.
    pub topic: String,
    /// The programme it concerns (required for programme information sessions).
    pub programme: Option<Programme>,
    /// Who leads it (a pendamping's staff id or name).
    pub facilitator: String,
    /// The date it is planned for.
    pub scheduled_on: NaiveDate,
    /// Where, if given.
    pub location: Option<String>,
}

/// A household's attendance as recorded when the activity was held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendance {
    /// The household.
    pub household_id: Uuid,
    /// Present or excused.
    pub status: AttendanceStatus,
    /// The members who came.
    pub members: Vec<Uuid>,
}

/// An action agreed at an activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreedAction {
    /// Stable id.
    pub action_id: Uuid,
    /// What is to be done.
    pub description: String,
    /// Who is responsible.
    pub owner: String,
    /// When it is due.
    pub due_on: NaiveDate,
}

/// The events of an activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActivityEvent {
    /// Planned.
    Planned {
        /// Stable id.
        activity_id: Uuid,
        /// The village or district it serves.
        region: RegionCode,
        /// What it is.
        details: ActivityDetails,
        /// The households invited.
        invited: Vec<Uuid>,
    },
    /// Moved to another date.
    Rescheduled {
        /// The new date.
        scheduled_on: NaiveDate,
        /// The date it replaces.
        previous: NaiveDate,
        /// Why.
        reason: String,
    },
    /// Took place.
    Held {
        /// When.
        held_on: NaiveDate,
        /// Households present or excused.
        attendance: Vec<Attendance>,
        /// Invited households absent without leave.
        absent: Vec<Uuid>,
        /// What came out of it.
        outcomes: Vec<String>,
        /// Actions agreed.
        actions: Vec<AgreedAction>,
    },
    /// Evaluated.
    Evaluated {
        /// When.
        evaluated_on: NaiveDate,
        /// What was achieved.
        achievements: String,
        /// Follow-ups.
        follow_ups: Vec<String>,
    },
    /// Cancelled before it was held.
    Cancelled {
        /// Why.
        reason: String,
        /// When.
        cancelled_on: NaiveDate,
    },
    /// An agreed action was done.
    ActionCompleted {
        /// Which.
        action_id: Uuid,
        /// When.
        done_on: NaiveDate,
        /// Note.
        note: String,
    },
}
