//! Requests about individual entrepreneurship support.

use berdaya_platform::command_accessors;
use berdaya_proto::berdaya::enterprise::v1 as pb;
use uuid::Uuid;

use super::unknown;
use crate::convert;
use crate::domain::{Apprenticeship, MentoringVisit, Session, SupportCommand};
use crate::grpc::commands::SupportEdge;
use crate::grpc::validate::{MAX_LONG_TEXT, MAX_NAME, MAX_NOTE, Validator};
use berdaya_platform::command::{CommandMessage, Input};

impl CommandMessage<SupportEdge> for pb::RecordSupportSessionRequest {
    const METHOD: &'static str = "RecordSupportSession";
    const CREATES: bool = true;
    const CHOOSES_ID: bool = false;
    command_accessors!(household_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, SupportEdge>,
    ) -> Option<SupportCommand> {
        let household = input.id;
        let kind = v.required("kind", convert::support_kind(self.kind), "SupportKind");
        let held_on = v.past_date("held_on", &self.held_on);
        let provider = v.text("provider", &self.provider, MAX_NAME);
        let topic = v.text("topic", &self.topic, MAX_NAME);
        let hours = v.within("hours", self.hours, 1, 200);
        let notes = v.optional_text("notes", &self.notes, MAX_LONG_TEXT);
        Some(SupportCommand::RecordSession {
            household: unknown(household),
            session: Session {
                session_id: Uuid::now_v7(),
                kind: kind?,
                held_on: held_on?,
                provider: provider?,
                topic: topic?,
                hours: hours?,
                notes: notes?,
            },
        })
    }
}

impl CommandMessage<SupportEdge> for pb::StartApprenticeshipRequest {
    const METHOD: &'static str = "StartApprenticeship";
    const CREATES: bool = true;
    const CHOOSES_ID: bool = false;
    command_accessors!(household_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, SupportEdge>,
    ) -> Option<SupportCommand> {
        let household = input.id;
        let host_business = v.text("host_business", &self.host_business, MAX_NAME);
        let trade = v.text("trade", &self.trade, MAX_NAME);
        let starts_on = v.past_date("starts_on", &self.starts_on);
        let ends_on = v.date("ends_on", &self.ends_on);
        Some(SupportCommand::StartApprenticeship {
            household: unknown(household),
            apprenticeship: Apprenticeship {
                apprenticeship_id: Uuid::now_v7(),
                host_business: host_business?,
                trade: trade?,
                starts_on: starts_on?,
                ends_on: ends_on?,
                ended: None,
            },
        })
    }
}

impl CommandMessage<SupportEdge> for pb::EndApprenticeshipRequest {
    const METHOD: &'static str = "EndApprenticeship";
    const CREATES: bool = true;
    const CHOOSES_ID: bool = false;
    command_accessors!(household_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, SupportEdge>,
    ) -> Option<SupportCommand> {
        let apprenticeship_id = v.id("apprenticeship_id", &self.apprenticeship_id);
        let ended_on = v.past_date("ended_on", &self.ended_on);
        let outcome = v.required(
            "outcome",
            convert::outcome(self.outcome),
            "ApprenticeshipOutcome",
        );
        let notes = v.optional_text("notes", &self.notes, MAX_LONG_TEXT);
        Some(SupportCommand::EndApprenticeship {
            apprenticeship_id: apprenticeship_id?,
            ended_on: ended_on?,
            outcome: outcome?,
            notes: notes?,
        })
    }
}

impl CommandMessage<SupportEdge> for pb::RecordMentoringVisitRequest {
    const METHOD: &'static str = "RecordMentoringVisit";
    const CREATES: bool = true;
    const CHOOSES_ID: bool = false;
    command_accessors!(household_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, SupportEdge>,
    ) -> Option<SupportCommand> {
        let household = input.id;
        let facilitator_id = v.actor_id("facilitator_id", &self.facilitator_id);
        let visited_on = v.past_date("visited_on", &self.visited_on);
        let notes = v.text("notes", &self.notes, MAX_LONG_TEXT);
        let next_steps = v.text("next_steps", &self.next_steps, MAX_NOTE);
        Some(SupportCommand::RecordVisit {
            household: unknown(household),
            visit: MentoringVisit {
                visit_id: Uuid::now_v7(),
                facilitator_id: facilitator_id?,
                visited_on: visited_on?,
                notes: notes?,
                next_steps: next_steps?,
            },
        })
    }
}
