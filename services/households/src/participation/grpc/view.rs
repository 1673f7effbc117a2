//! The API view of an activity and of a participation record.

use berdaya_platform::RegionDirectory;
use berdaya_proto::berdaya::households::v1 as pb;
use chrono::NaiveDate;

use crate::codec::text_date;
use crate::participation::convert;
use crate::participation::domain::{
    Activity, ActivityKind, AttendanceStatus, ParticipationSummary,
};

fn day(date: Option<NaiveDate>) -> String {
    date.map(text_date).unwrap_or_default()
}

/// The API view of an activity at `version`.
pub(super) fn activity(state: &Activity, version: i64, regions: &RegionDirectory) -> pb::Activity {
    let region = state
        .region
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let details = state.details.as_ref();
    let mut attendance: Vec<pb::HouseholdAttendance> = state
        .attendance
        .iter()
        .map(|a| pb::HouseholdAttendance {
            household_id: a.household_id.to_string(),
            status: convert::attendance_pb(Some(a.status)) as i32,
            member_ids: a.members.iter().map(ToString::to_string).collect(),
        })
        .collect();
    attendance.extend(state.absent.iter().map(|h| pb::HouseholdAttendance {
        household_id: h.to_string(),
        status: convert::attendance_pb(Some(AttendanceStatus::Absent)) as i32,
        member_ids: Vec::new(),
    }));
    pb::Activity {
        activity_id: state.id.map(|id| id.to_string()).unwrap_or_default(),
        version,
        status: convert::status_pb(state.status) as i32,
        region_name: regions.name(&region).unwrap_or_default().to_owned(),
        region_code: region,
        kind: details.map_or(pb::ActivityKind::Unspecified, |d| convert::kind_pb(d.kind)) as i32,
        fds_module: convert::module_pb(details.and_then(|d| d.module)) as i32,
        topic: details.map(|d| d.topic.clone()).unwrap_or_default(),
        programme: details
            .and_then(|d| d.programme)
            .map_or(pb::Programme::Unspecified, crate::convert::programme_pb)
            as i32,
        facilitator: details.map(|d| d.facilitator.clone()).unwrap_or_default(),
        scheduled_on: day(details.map(|d| d.scheduled_on)),
        location: details.and_then(|d| d.location.clone()).unwrap_or_default(),
        invited_household_ids: state.invited.iter().map(ToString::to_string).collect(),
        held_on: day(state.held_on),
        attendance,
        outcomes: state.outcomes.clone(),
        agreed_actions: state
            .actions
            .iter()
            .map(|a| pb::AgreedAction {
                action_id: a.action.action_id.to_string(),
                description: a.action.description.clone(),
                owner: a.action.owner.clone(),
                due_on: text_date(a.action.due_on),
                done: a.done.is_some(),
                done_on: day(a.done.as_ref().map(|d| d.0)),
                note: a.done.as_ref().map(|d| d.1.clone()).unwrap_or_default(),
            })
            .collect(),
        evaluated_on: day(state.evaluation.as_ref().map(|e| e.evaluated_on)),
        achievements: state
            .evaluation
            .as_ref()
            .map(|e| e.achievements.clone())
            .unwrap_or_default(),
        follow_ups: state
            .evaluation
            .as_ref()
            .map(|e| e.follow_ups.clone())
            .unwrap_or_default(),
        cancel_reason: state
            .cancellation
            .as_ref()
            .map(|c| c.0.clone())
            .unwrap_or_default(),
        cancelled_on: day(state.cancellation.as_ref().map(|c| c.1)),
        date: day(state.date()),
    }
}

/// The API view of a household's record.
pub(super) fn record(
    household_id: String,
    (from, to): (NaiveDate, NaiveDate),
    kind: Option<ActivityKind>,
    summary: &ParticipationSummary,
    bands: &crate::participation::domain::ComplianceBands,
) -> pb::ParticipationRecord {
    let count = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    pb::ParticipationRecord {
        household_id,
        from: text_date(from),
        to: text_date(to),
        kind: kind.map_or(pb::ActivityKind::Unspecified, convert::kind_pb) as i32,
        entries: summary
            .entries
            .iter()
            .map(|e| pb::ParticipationEntry {
                activity_id: e.activity_id.to_string(),
                kind: convert::kind_pb(e.kind) as i32,
                fds_module: convert::module_pb(e.module) as i32,
                topic: e.topic.clone(),
                region_code: e.region.to_string(),
                date: text_date(e.date),
                activity_status: convert::status_pb(e.status) as i32,
                attendance: convert::attendance_pb(e.attendance) as i32,
                member_ids: e.members.iter().map(ToString::to_string).collect(),
            })
            .collect(),
        sessions_expected: count(summary.expected),
        sessions_attended: count(summary.attended),
        sessions_excused: count(summary.excused),
        sessions_absent: count(summary.absent),
        attendance_percent: count(summary.percent),
        band: convert::band_pb(summary.band) as i32,
        compliant_min_percent: i32::from(bands.compliant_min_percent),
        partial_min_percent: i32::from(bands.partial_min_percent),
        fds_modules: summary
            .modules
            .iter()
            .map(|(module, n)| pb::FdsModuleAttendance {
                module: convert::module_pb(Some(*module)) as i32,
                sessions_attended: count(*n),
            })
            .collect(),
    }
}
