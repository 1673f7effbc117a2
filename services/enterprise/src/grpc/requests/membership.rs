//! Requests about forming a group, its members, board, facilitator, meetings and end.

use berdaya_platform::command_accessors;
use berdaya_proto::berdaya::enterprise::v1 as pb;

use super::unknown;
use crate::convert;
use crate::domain::GroupCommand;
use crate::grpc::commands::GroupEdge;
use crate::grpc::validate::{MAX_LISTED, MAX_LONG_TEXT, MAX_NAME, MAX_NOTE, MAX_REASON, Validator};
use berdaya_platform::command::{CommandMessage, Input};

impl CommandMessage<GroupEdge> for pb::FormGroupRequest {
    const METHOD: &'static str = "FormGroup";
    const CREATES: bool = true;
    command_accessors!(group_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, GroupEdge>,
    ) -> Option<GroupCommand> {
        let name = v.text("name", &self.name, MAX_NAME);
        let village = v.village("village_code", &self.village_code);
        let business_type = v.required(
            "business_type",
            convert::business_type(self.business_type),
            "BusinessType",
        );
        let sector = v.text("sector", &self.sector, MAX_NAME);
        let formed_on = v.past_date("formed_on", &self.formed_on);
        let members = v.ids(
            "member_household_ids",
            &self.member_household_ids,
            input.edge.policy().max_members.max(MAX_LISTED),
        );
        let facilitator = v.optional_actor_id("facilitator_id", &self.facilitator_id);
        Some(GroupCommand::Form {
            group_id: input.id,
            name: name?,
            village: village?,
            business_type: business_type?,
            sector: sector?,
            formed_on: formed_on?,
            members: members?.into_iter().map(unknown).collect(),
            facilitator: facilitator?,
        })
    }

    fn regions(&self) -> Vec<(String, &'static str)> {
        vec![(self.village_code.clone(), "village_code")]
    }
}

impl CommandMessage<GroupEdge> for pb::AddMemberRequest {
    const METHOD: &'static str = "AddMember";
    command_accessors!(group_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, GroupEdge>,
    ) -> Option<GroupCommand> {
        let household = v.id("household_id", &self.household_id);
        let joined_on = v.past_date("joined_on", &self.joined_on);
        Some(GroupCommand::AddMember {
            household: unknown(household?),
            joined_on: joined_on?,
        })
    }
}

impl CommandMessage<GroupEdge> for pb::RemoveMemberRequest {
    const METHOD: &'static str = "RemoveMember";
    command_accessors!(group_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, GroupEdge>,
    ) -> Option<GroupCommand> {
        let household_id = v.id("household_id", &self.household_id);
        let reason = v.required("reason", convert::leave_reason(self.reason), "LeaveReason");
        let left_on = v.past_date("left_on", &self.left_on);
        let note = v.optional_text("note", &self.note, MAX_NOTE);
        let successor = v.optional_id("successor_household_id", &self.successor_household_id);
        Some(GroupCommand::RemoveMember {
            household_id: household_id?,
            reason: reason?,
            left_on: left_on?,
            note: note?,
            successor: successor?,
        })
    }
}

impl CommandMessage<GroupEdge> for pb::ElectBoardRequest {
    const METHOD: &'static str = "ElectBoard";
    command_accessors!(group_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, GroupEdge>,
    ) -> Option<GroupCommand> {
        let chair = v.id("chair_household_id", &self.chair_household_id);
        let secretary = v.id("secretary_household_id", &self.secretary_household_id);
        let treasurer = v.id("treasurer_household_id", &self.treasurer_household_id);
        let elected_on = v.past_date("elected_on", &self.elected_on);
        let note = v.optional_text("note", &self.note, MAX_NOTE);
        Some(GroupCommand::ElectBoard {
            chair: chair?,
            secretary: secretary?,
            treasurer: treasurer?,
            elected_on: elected_on?,
            note: note?,
        })
    }
}

impl CommandMessage<GroupEdge> for pb::AssignFacilitatorRequest {
    const METHOD: &'static str = "AssignFacilitator";
    command_accessors!(group_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, GroupEdge>,
    ) -> Option<GroupCommand> {
        let facilitator_id = v.actor_id("facilitator_id", &self.facilitator_id);
        let assigned_on = v.past_date("assigned_on", &self.assigned_on);
        Some(GroupCommand::AssignFacilitator {
            facilitator_id: facilitator_id?,
            assigned_on: assigned_on?,
        })
    }
}

impl CommandMessage<GroupEdge> for pb::RecordMeetingRequest {
    const METHOD: &'static str = "RecordMeeting";
    command_accessors!(group_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, GroupEdge>,
    ) -> Option<GroupCommand> {
        let held_on = v.past_date("held_on", &self.held_on);
        if self.attendee_household_ids.is_empty() {
            v.violations
                .add("attendee_household_ids", "at least one member attends");
        }
        let attendees = v.ids(
            "attendee_household_ids",
            &self.attendee_household_ids,
            MAX_LISTED,
        );
        let notes = v.text("notes", &self.notes, MAX_LONG_TEXT);
        Some(GroupCommand::RecordMeeting {
            held_on: held_on?,
            attendees: attendees?,
            notes: notes?,
        })
    }
}

impl CommandMessage<GroupEdge> for pb::DissolveGroupRequest {
    const METHOD: &'static str = "DissolveGroup";
    command_accessors!(group_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, GroupEdge>,
    ) -> Option<GroupCommand> {
        let dissolved_on = v.past_date("dissolved_on", &self.dissolved_on);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(GroupCommand::Dissolve {
            dissolved_on: dissolved_on?,
            reason: reason?,
        })
    }
}
