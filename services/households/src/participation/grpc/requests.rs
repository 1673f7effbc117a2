//! Each mutating participation request: its RPC name, where its context and activity id
//! are, and how it becomes a domain command once every field is valid.

use berdaya_platform::command::{CommandMessage, Input};
use berdaya_platform::command_accessors;
use berdaya_proto::berdaya::households::v1 as pb;
use uuid::Uuid;

use super::ActivityEdge;
use crate::domain::HouseholdRef;
use crate::grpc::validate::{MAX_NAME, MAX_NOTE, MAX_REASON, Validator};
use crate::participation::convert;
use crate::participation::domain::{
    ActivityCommand, ActivityDetails, AgreedAction, AttendanceClaim,
};

/// Most households one activity invites, or one attendance list names.
pub(super) const MAX_HOUSEHOLDS: usize = 500;
/// Most members one household brings.
pub(super) const MAX_MEMBERS_PRESENT: usize = 30;
/// Most outcomes, agreed actions or follow-ups of one activity.
pub(super) const MAX_ITEMS: usize = 50;
/// Longest location.
pub(super) const MAX_LOCATION: usize = 500;

/// At most `max` entries in a repeated field; participation names no count in its
/// message (the shared [`Validator::ids`] and [`Validator::texts`] do).
fn at_most(v: &mut Validator<'static>, field: &str, len: usize, max: usize) -> bool {
    if len > max {
        v.violations.add(field, format!("at most {max} entries"));
        return false;
    }
    true
}

/// Ids of a repeated field, each named `field[i]`, at most `max`.
fn ids(v: &mut Validator<'static>, field: &str, texts: &[String], max: usize) -> Option<Vec<Uuid>> {
    if !at_most(v, field, texts.len(), max) {
        return None;
    }
    v.each(field, texts, |v, field, text| v.id(field, text))
}

/// Texts of a repeated field, each 1 to [`MAX_NOTE`] characters, at most [`MAX_ITEMS`].
fn texts(v: &mut Validator<'static>, field: &str, texts: &[String]) -> Option<Vec<String>> {
    if !at_most(v, field, texts.len(), MAX_ITEMS) {
        return None;
    }
    v.each(field, texts, |v, field, text| v.text(field, text, MAX_NOTE))
}

impl CommandMessage<ActivityEdge> for pb::PlanActivityRequest {
    const METHOD: &'static str = "PlanActivity";
    const CREATES: bool = true;
    command_accessors!(activity_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, ActivityEdge>,
    ) -> Option<ActivityCommand> {
        let region = v.district_or_village("region_code", &self.region_code);
        let kind = v.required("kind", convert::kind(self.kind), "ActivityKind");
        let module = v.optional_enum(
            "fds_module",
            self.fds_module,
            convert::module(self.fds_module),
            "FdsModule",
        );
        let programme = v.optional_enum(
            "programme",
            self.programme,
            crate::convert::programme(self.programme),
            "Programme",
        );
        let topic = v.text("topic", &self.topic, MAX_NAME);
        let facilitator = v.text("facilitator", &self.facilitator, MAX_NAME);
        let scheduled_on = v.date("scheduled_on", &self.scheduled_on);
        let location = v.optional_text("location", &self.location, MAX_LOCATION);
        let invited = ids(
            v,
            "invited_household_ids",
            &self.invited_household_ids,
            MAX_HOUSEHOLDS,
        );
        Some(ActivityCommand::Plan {
            // The service sets the id (given or generated) before deciding.
            activity_id: input.id,
            region: region?,
            details: ActivityDetails {
                kind: kind?,
                module: module?,
                topic: topic?,
                programme: programme?,
                facilitator: facilitator?,
                scheduled_on: scheduled_on?,
                location: Some(location?).filter(|l| !l.is_empty()),
            },
            invited: invited?.into_iter().map(HouseholdRef::unresolved).collect(),
        })
    }

    fn regions(&self) -> Vec<(String, &'static str)> {
        vec![(self.region_code.clone(), "region_code")]
    }
}

impl CommandMessage<ActivityEdge> for pb::RescheduleActivityRequest {
    const METHOD: &'static str = "RescheduleActivity";
    command_accessors!(activity_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, ActivityEdge>,
    ) -> Option<ActivityCommand> {
        let scheduled_on = v.date("scheduled_on", &self.scheduled_on);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(ActivityCommand::Reschedule {
            scheduled_on: scheduled_on?,
            reason: reason?,
        })
    }
}

fn attendance(
    v: &mut Validator<'static>,
    list: &[pb::HouseholdAttendance],
) -> Option<Vec<AttendanceClaim>> {
    if !at_most(v, "attendance", list.len(), MAX_HOUSEHOLDS) {
        return None;
    }
    v.each("attendance", list, |v, field, a| {
        let household = v.id(&format!("{field}.household_id"), &a.household_id);
        let status = v.required(
            &format!("{field}.status"),
            convert::attendance(a.status),
            "AttendanceStatus",
        );
        let members = ids(
            v,
            &format!("{field}.member_ids"),
            &a.member_ids,
            MAX_MEMBERS_PRESENT,
        );
        Some(AttendanceClaim {
            household: HouseholdRef::unresolved(household?),
            status: status?,
            members: members?,
        })
    })
}

fn actions(v: &mut Validator<'static>, list: &[pb::NewAgreedAction]) -> Option<Vec<AgreedAction>> {
    if !at_most(v, "agreed_actions", list.len(), MAX_ITEMS) {
        return None;
    }
    v.each("agreed_actions", list, |v, field, a| {
        let description = v.text(&format!("{field}.description"), &a.description, MAX_REASON);
        let owner = v.text(&format!("{field}.owner"), &a.owner, MAX_NAME);
        let due_on = v.date(&format!("{field}.due_on"), &a.due_on);
        Some(AgreedAction {
            action_id: Uuid::now_v7(),
            description: description?,
            owner: owner?,
            due_on: due_on?,
        })
    })
}

impl CommandMessage<ActivityEdge> for pb::HoldActivityRequest {
    const METHOD: &'static str = "HoldActivity";
    command_accessors!(activity_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, ActivityEdge>,
    ) -> Option<ActivityCommand> {
        let held_on = v.past_date("held_on", &self.held_on);
        let attendance = attendance(v, &self.attendance);
        let outcomes = texts(v, "outcomes", &self.outcomes);
        let actions = actions(v, &self.agreed_actions);
        Some(ActivityCommand::Hold {
            held_on: held_on?,
            attendance: attendance?,
            outcomes: outcomes?,
            actions: actions?,
        })
    }
}

impl CommandMessage<ActivityEdge> for pb::EvaluateActivityRequest {
    const METHOD: &'static str = "EvaluateActivity";
    command_accessors!(activity_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, ActivityEdge>,
    ) -> Option<ActivityCommand> {
        let evaluated_on = v.past_date("evaluated_on", &self.evaluated_on);
        let achievements = v.text("achievements", &self.achievements, MAX_NOTE);
        let follow_ups = texts(v, "follow_ups", &self.follow_ups);
        Some(ActivityCommand::Evaluate {
            evaluated_on: evaluated_on?,
            achievements: achievements?,
            follow_ups: follow_ups?,
        })
    }
}

impl CommandMessage<ActivityEdge> for pb::CancelActivityRequest {
    const METHOD: &'static str = "CancelActivity";
    command_accessors!(activity_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, ActivityEdge>,
    ) -> Option<ActivityCommand> {
        let reason = v.text("reason", &self.reason, MAX_REASON);
        let cancelled_on = v.past_date("cancelled_on", &self.cancelled_on);
        Some(ActivityCommand::Cancel {
            reason: reason?,
            cancelled_on: cancelled_on?,
        })
    }
}

impl CommandMessage<ActivityEdge> for pb::CompleteAgreedActionRequest {
    const METHOD: &'static str = "CompleteAgreedAction";
    command_accessors!(activity_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, ActivityEdge>,
    ) -> Option<ActivityCommand> {
        let action_id = v.id("action_id", &self.action_id);
        let done_on = v.past_date("done_on", &self.done_on);
        let note = v.optional_text("note", &self.note, MAX_NOTE);
        Some(ActivityCommand::CompleteAction {
            action_id: action_id?,
            done_on: done_on?,
            note: note?,
        })
    }
}
