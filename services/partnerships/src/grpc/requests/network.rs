//! Requests about networks and their joint actions.

use berdaya_platform::Role;
use berdaya_platform::command::{CommandMessage, Input};
use berdaya_platform::command_accessors;
use berdaya_platform::validate::Validator;
use berdaya_proto::berdaya::partnerships::v1 as pb;

use super::{
    MAX_MEMBERS, MAX_NAME, MAX_REASON, MAX_TEXT, OFFICERS, chosen_id, region, unknown_partner,
};
use crate::convert;
use crate::domain::NetworkCommand;
use crate::domain::network::{
    CancelJointAction, DissolveNetwork, EvaluateJointAction, FormNetwork, JoinNetwork,
    LeaveNetwork, PlanJointAction, RecordJointActionHeld,
};
use crate::grpc::edges::NetworkEdge;

impl CommandMessage<NetworkEdge> for pb::FormNetworkRequest {
    const METHOD: &'static str = "FormNetwork";
    const CREATES: bool = true;
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(network_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, NetworkEdge>,
    ) -> Option<NetworkCommand> {
        let kind = v.required("kind", convert::network_kind(self.kind), "NetworkKind");
        let name = v.text("name", &self.name, MAX_NAME);
        let region = region(v, "region_code", &self.region_code);
        let purpose = v.text("purpose", &self.purpose, MAX_TEXT);
        let formed_on = v.past_date_or_today("formed_on", &self.formed_on);
        let founders = v.ids(
            "founding_partner_ids",
            &self.founding_partner_ids,
            MAX_MEMBERS,
        );
        Some(NetworkCommand::Form(FormNetwork {
            network_id: input.id,
            kind: kind?,
            name: name?,
            region: region?,
            purpose: purpose?,
            formed_on: formed_on?,
            founding_members: founders?.into_iter().map(unknown_partner).collect(),
        }))
    }

    fn regions(&self) -> Vec<(String, &'static str)> {
        vec![(self.region_code.trim().to_owned(), "region_code")]
    }
}

impl CommandMessage<NetworkEdge> for pb::JoinNetworkRequest {
    const METHOD: &'static str = "JoinNetwork";
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(network_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, NetworkEdge>,
    ) -> Option<NetworkCommand> {
        let partner = v.id("partner_id", &self.partner_id);
        let joined_on = v.past_date("joined_on", &self.joined_on);
        Some(NetworkCommand::Join(JoinNetwork {
            partner: unknown_partner(partner?),
            joined_on: joined_on?,
        }))
    }
}

impl CommandMessage<NetworkEdge> for pb::LeaveNetworkRequest {
    const METHOD: &'static str = "LeaveNetwork";
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(network_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, NetworkEdge>,
    ) -> Option<NetworkCommand> {
        let partner_id = v.id("partner_id", &self.partner_id);
        let left_on = v.past_date_or_today("left_on", &self.left_on);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(NetworkCommand::Leave(LeaveNetwork {
            partner_id: partner_id?,
            left_on: left_on?,
            reason: reason?,
        }))
    }
}

impl CommandMessage<NetworkEdge> for pb::PlanJointActionRequest {
    const METHOD: &'static str = "PlanJointAction";
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(network_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, NetworkEdge>,
    ) -> Option<NetworkCommand> {
        let action_id = chosen_id(v, "action_id", &self.action_id);
        let title = v.text("title", &self.title, MAX_NAME);
        let description = v.text("description", &self.description, MAX_TEXT);
        let planned_on = v.date("planned_on", &self.planned_on);
        let location = v.text("location", &self.location, MAX_NAME);
        Some(NetworkCommand::PlanAction(PlanJointAction {
            action_id: action_id?,
            title: title?,
            description: description?,
            planned_on: planned_on?,
            location: location?,
        }))
    }
}

impl CommandMessage<NetworkEdge> for pb::RecordJointActionHeldRequest {
    const METHOD: &'static str = "RecordJointActionHeld";
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(network_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, NetworkEdge>,
    ) -> Option<NetworkCommand> {
        let action_id = v.id("action_id", &self.action_id);
        let held_on = v.past_date_or_today("held_on", &self.held_on);
        let participants = v.ids(
            "participant_partner_ids",
            &self.participant_partner_ids,
            MAX_MEMBERS,
        );
        let attendance = v.within("attendance", self.attendance, 0, 100_000);
        let outcome = v.text("outcome", &self.outcome, MAX_TEXT);
        Some(NetworkCommand::RecordActionHeld(RecordJointActionHeld {
            action_id: action_id?,
            held_on: held_on?,
            participant_partner_ids: participants?,
            attendance: attendance?,
            outcome: outcome?,
        }))
    }
}

impl CommandMessage<NetworkEdge> for pb::EvaluateJointActionRequest {
    const METHOD: &'static str = "EvaluateJointAction";
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(network_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, NetworkEdge>,
    ) -> Option<NetworkCommand> {
        let action_id = v.id("action_id", &self.action_id);
        let evaluated_on = v.past_date_or_today("evaluated_on", &self.evaluated_on);
        let result = v.required(
            "result",
            convert::evaluation_result(self.result),
            "EvaluationResult",
        );
        let findings = v.text("findings", &self.findings, MAX_TEXT);
        let follow_up = v.optional_text("follow_up", &self.follow_up, MAX_TEXT);
        Some(NetworkCommand::EvaluateAction(EvaluateJointAction {
            action_id: action_id?,
            evaluated_on: evaluated_on?,
            result: result?,
            findings: findings?,
            follow_up: follow_up?,
        }))
    }
}

impl CommandMessage<NetworkEdge> for pb::CancelJointActionRequest {
    const METHOD: &'static str = "CancelJointAction";
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(network_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, NetworkEdge>,
    ) -> Option<NetworkCommand> {
        let action_id = v.id("action_id", &self.action_id);
        let cancelled_on = v.past_date_or_today("cancelled_on", &self.cancelled_on);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(NetworkCommand::CancelAction(CancelJointAction {
            action_id: action_id?,
            cancelled_on: cancelled_on?,
            reason: reason?,
        }))
    }
}

impl CommandMessage<NetworkEdge> for pb::DissolveNetworkRequest {
    const METHOD: &'static str = "DissolveNetwork";
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(network_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, NetworkEdge>,
    ) -> Option<NetworkCommand> {
        let dissolved_on = v.past_date_or_today("dissolved_on", &self.dissolved_on);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(NetworkCommand::Dissolve(DissolveNetwork {
            dissolved_on: dissolved_on?,
            reason: reason?,
        }))
    }
}
