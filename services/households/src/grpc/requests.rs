//! Each mutating request of `HouseholdsService`: its RPC name, where its context and
//! household id are, and how it becomes a domain command once every field is valid.

use berdaya_platform::auth::Role;
use berdaya_platform::command::{CommandMessage, Input};
use berdaya_platform::command_accessors;
use berdaya_proto::berdaya::households::v1 as pb;
use uuid::Uuid;

use super::HouseholdEdge;
use super::validate::{HouseholdChecks, MAX_ADDRESS, MAX_NOTE, MAX_REASON, Validator};
use crate::convert;
use crate::domain::HouseholdCommand;

impl CommandMessage<HouseholdEdge> for pb::RegisterHouseholdRequest {
    const METHOD: &'static str = "RegisterHousehold";
    const CREATES: bool = true;
    command_accessors!(household_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, HouseholdEdge>,
    ) -> Option<HouseholdCommand> {
        let village = v.village("village_code", &self.village_code);
        let kk_number = v.kk("kk_number", &self.kk_number);
        let kk_valid_from = v.past_date("kk_valid_from", &self.kk_valid_from);
        let data = v.household_data(&self.address, &self.phone);
        let decile = v.decile("decile", self.decile);
        let ranking_round = v.round("ranking_round", &self.ranking_round);
        let members = v.members(&self.members);
        Some(HouseholdCommand::Register {
            household_id: input.id,
            village: village?,
            kk_number: kk_number?,
            kk_valid_from: kk_valid_from?,
            decile: decile?,
            ranking_round: ranking_round?,
            subject_id: Uuid::new_v4(),
            data: data?,
            members: members?,
        })
    }

    fn regions(&self) -> Vec<(String, &'static str)> {
        vec![(self.village_code.clone(), "village_code")]
    }
}

impl CommandMessage<HouseholdEdge> for pb::AddMemberRequest {
    const METHOD: &'static str = "AddMember";
    command_accessors!(household_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, HouseholdEdge>,
    ) -> Option<HouseholdCommand> {
        let member = match &self.member {
            Some(member) => v.member("member", member),
            None => {
                v.violations.add("member", "is required");
                None
            }
        };
        let joined_on = v.past_date("joined_on", &self.joined_on);
        Some(HouseholdCommand::AddMember {
            member: member?,
            joined_on: joined_on?,
        })
    }
}

impl CommandMessage<HouseholdEdge> for pb::RemoveMemberRequest {
    const METHOD: &'static str = "RemoveMember";
    command_accessors!(household_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, HouseholdEdge>,
    ) -> Option<HouseholdCommand> {
        let member_id = v.id("member_id", &self.member_id);
        let reason = v.required(
            "reason",
            convert::removal_reason(self.reason),
            "RemovalReason",
        );
        let effective_date = v.past_date("effective_date", &self.effective_date);
        let note = v.optional_text("note", &self.note, MAX_NOTE);
        let new_head = v.optional_id("new_head_member_id", &self.new_head_member_id);
        Some(HouseholdCommand::RemoveMember {
            member_id: member_id?,
            reason: reason?,
            effective_date: effective_date?,
            note: note?,
            new_head: new_head?,
        })
    }
}

impl CommandMessage<HouseholdEdge> for pb::ChangeKkNumberRequest {
    const METHOD: &'static str = "ChangeKkNumber";
    command_accessors!(household_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, HouseholdEdge>,
    ) -> Option<HouseholdCommand> {
        let kk_number = v.kk("kk_number", &self.kk_number);
        let valid_from = v.past_date("valid_from", &self.valid_from);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(HouseholdCommand::ChangeKkNumber {
            kk_number: kk_number?,
            valid_from: valid_from?,
            reason: reason?,
        })
    }
}

impl CommandMessage<HouseholdEdge> for pb::MoveHouseholdRequest {
    const METHOD: &'static str = "MoveHousehold";
    command_accessors!(household_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, HouseholdEdge>,
    ) -> Option<HouseholdCommand> {
        let to = v.village("to_village_code", &self.to_village_code);
        let address = v.text("address", &self.address, MAX_ADDRESS);
        let moved_on = v.past_date("moved_on", &self.moved_on);
        Some(HouseholdCommand::Move {
            to: to?,
            address: address?,
            moved_on: moved_on?,
        })
    }

    fn regions(&self) -> Vec<(String, &'static str)> {
        vec![(self.to_village_code.clone(), "to_village_code")]
    }
}

impl CommandMessage<HouseholdEdge> for pb::UpdateDecileRequest {
    const METHOD: &'static str = "UpdateDecile";
    command_accessors!(household_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, HouseholdEdge>,
    ) -> Option<HouseholdCommand> {
        let decile = v.decile("decile", self.decile);
        let ranking_round = v.round("ranking_round", &self.ranking_round);
        Some(HouseholdCommand::UpdateDecile {
            decile: decile?,
            ranking_round: ranking_round?,
        })
    }
}

impl CommandMessage<HouseholdEdge> for pb::EnrolProgrammeRequest {
    const METHOD: &'static str = "EnrolProgramme";
    command_accessors!(household_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, HouseholdEdge>,
    ) -> Option<HouseholdCommand> {
        let programme = v.required("programme", convert::programme(self.programme), "Programme");
        let enrolled_on = v.date("enrolled_on", &self.enrolled_on);
        let components = v.components(&self.components);
        Some(HouseholdCommand::Enrol {
            programme: programme?,
            enrolled_on: enrolled_on?,
            components: components?,
        })
    }
}

impl CommandMessage<HouseholdEdge> for pb::UpdatePkhComponentsRequest {
    const METHOD: &'static str = "UpdatePkhComponents";
    command_accessors!(household_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, HouseholdEdge>,
    ) -> Option<HouseholdCommand> {
        if self.components.is_empty() {
            v.violations
                .add("components", "at least one component is required");
        }
        let components = v.components(&self.components);
        let effective_date = v.date("effective_date", &self.effective_date);
        Some(HouseholdCommand::UpdatePkhComponents {
            components: components?,
            effective_date: effective_date?,
        })
    }
}

impl CommandMessage<HouseholdEdge> for pb::ExitProgrammeRequest {
    const METHOD: &'static str = "ExitProgramme";
    command_accessors!(household_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, HouseholdEdge>,
    ) -> Option<HouseholdCommand> {
        let programme = v.required("programme", convert::programme(self.programme), "Programme");
        let reason = v.required("reason", convert::exit_reason(self.reason), "ExitReason");
        let exited_on = v.date("exited_on", &self.exited_on);
        let note = v.optional_text("note", &self.note, MAX_NOTE);
        Some(HouseholdCommand::Exit {
            programme: programme?,
            reason: reason?,
            exited_on: exited_on?,
            note: note?,
        })
    }
}

impl CommandMessage<HouseholdEdge> for pb::CloseHouseholdRequest {
    const METHOD: &'static str = "CloseHousehold";
    command_accessors!(household_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, HouseholdEdge>,
    ) -> Option<HouseholdCommand> {
        let reason = v.text("reason", &self.reason, MAX_REASON);
        let closed_on = v.past_date("closed_on", &self.closed_on);
        Some(HouseholdCommand::Close {
            reason: reason?,
            closed_on: closed_on?,
        })
    }
}

impl CommandMessage<HouseholdEdge> for pb::ErasePersonalDataRequest {
    const METHOD: &'static str = "ErasePersonalData";
    const ROLES: &'static [Role] = &[Role::Admin];
    command_accessors!(household_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, HouseholdEdge>,
    ) -> Option<HouseholdCommand> {
        let member_id = v.optional_id("member_id", &self.member_id);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(HouseholdCommand::ErasePersonalData {
            member_id: member_id?,
            reason: reason?,
            on: v.today(),
        })
    }
}
