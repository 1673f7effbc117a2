//! Group health: field evaluations found half of KUBE groups inactive and mentoring too
//! thin, so every group carries flags a supervisor can act on. Health depends on today,
//! so it is computed when asked, never recorded.

use chrono::NaiveDate;

use super::policy::GroupPolicy;
use super::state::KubeGroup;

/// A group's health as of one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupHealth {
    /// No report or meeting within the configured period.
    pub inactive: bool,
    /// The last meeting, report or the formation, whichever is latest.
    pub last_activity: Option<NaiveDate>,
    /// Days from then to today (0 when unknown or in the future).
    pub days_since_activity: i64,
    /// Active members.
    pub member_count: usize,
    /// Fewer active members than the configured minimum.
    pub below_minimum_members: bool,
    /// A facilitator is assigned.
    pub has_facilitator: bool,
    /// Every board seat is taken.
    pub board_complete: bool,
}

/// The date of a group's latest sign of life: formation, a meeting or a progress report.
pub(super) fn last_activity(group: &KubeGroup) -> Option<NaiveDate> {
    let meetings = group.meetings.iter().map(|m| m.held_on);
    let reports = group.reports.iter().map(|r| r.reported_on);
    group
        .formed_on
        .into_iter()
        .chain(meetings)
        .chain(reports)
        .max()
}

/// True when `last` lies more than the configured period before `today`.
pub(super) fn inactive_since(
    last: Option<NaiveDate>,
    today: NaiveDate,
    policy: &GroupPolicy,
) -> bool {
    last.is_some_and(|last| (today - last).num_days() > i64::from(policy.inactive_after_days))
}

/// The group's health on `today`.
pub fn health(group: &KubeGroup, today: NaiveDate, policy: &GroupPolicy) -> GroupHealth {
    let last = last_activity(group);
    let member_count = group.member_count();
    GroupHealth {
        inactive: inactive_since(last, today, policy),
        last_activity: last,
        days_since_activity: last.map_or(0, |l| (today - l).num_days().max(0)),
        member_count,
        below_minimum_members: member_count < policy.min_members,
        has_facilitator: group.facilitator.is_some(),
        board_complete: group.board.complete(),
    }
}
