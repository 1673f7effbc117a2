//! Requests that work a case to its end: the plan, actions, escalation, urgency, waits
//! on the reporter, resolution, closing, reopening, notes and erasure.

use berdaya_platform::Role;
use berdaya_platform::command::{CommandMessage, Input};
use berdaya_platform::command_accessors;
use berdaya_platform::validate::Validator;
use berdaya_proto::berdaya::advocacy::v1 as pb;
use uuid::Uuid;

use super::{
    MAX_ACCOUNT, MAX_HOUSEHOLDS, MAX_ITEMS, MAX_LONG, MAX_MEDIUM, MAX_NAME, MAX_PEOPLE, MAX_REASON,
    caller,
};
use crate::convert;
use crate::domain::{
    AddNote, AdoptActionPlan, AwaitReporter, CaseCommand, ChangeUrgency, CloseUnresolved,
    ErasePersonalData, Escalate, PartnerFacts, PartnerStanding, PlannedStep, ReadConfidentialNote,
    RecordReporterResponse, Reopen, Resolve, RestoredAccess, TakeAction,
};
use crate::grpc::edge::{CaseEdge, NoteReadEdge};

impl CommandMessage<CaseEdge> for pb::AdoptActionPlanRequest {
    const METHOD: &'static str = "AdoptActionPlan";
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, CaseEdge>,
    ) -> Option<CaseCommand> {
        let adopted_on = v.past_date("adopted_on", &self.adopted_on);
        let objective = v.text("objective", &self.objective, MAX_MEDIUM);
        if self.steps.is_empty() || self.steps.len() > MAX_ITEMS {
            v.violations.add(
                "steps",
                format!("1 to {MAX_ITEMS} steps, got {}", self.steps.len()),
            );
        }
        let steps = v.each("steps", &self.steps, |v, field, s| {
            let kind = v.required(
                &format!("{field}.kind"),
                convert::action_kind(s.kind),
                "ActionKind",
            );
            let description = v.text(&format!("{field}.description"), &s.description, MAX_MEDIUM);
            let due_on = if s.due_on.trim().is_empty() {
                Some(None)
            } else {
                v.date(&format!("{field}.due_on"), s.due_on.trim())
                    .map(Some)
            };
            Some(PlannedStep {
                kind: kind?,
                description: description?,
                due_on: due_on?,
            })
        });
        Some(CaseCommand::AdoptActionPlan(AdoptActionPlan {
            adopted_on: adopted_on?,
            objective: objective?,
            steps: steps?,
        }))
    }
}

impl CommandMessage<CaseEdge> for pb::TakeActionRequest {
    const METHOD: &'static str = "TakeAction";
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, CaseEdge>,
    ) -> Option<CaseCommand> {
        let action_id = v.optional_id("action_id", &self.action_id);
        let kind = v.required("kind", convert::action_kind(self.kind), "ActionKind");
        let taken_on = v.past_date("taken_on", &self.taken_on);
        let description = v.text("description", &self.description, MAX_LONG);
        let households = v.ids("household_ids", &self.household_ids, MAX_HOUSEHOLDS);
        let partners = v.ids("partner_ids", &self.partner_ids, MAX_ITEMS);
        let institutions = v.texts("institutions", &self.institutions, MAX_NAME, MAX_PEOPLE);
        let outcome = v.text("outcome", &self.outcome, MAX_LONG);
        Some(CaseCommand::TakeAction(TakeAction {
            action_id: action_id?.unwrap_or_else(Uuid::now_v7),
            kind: kind?,
            taken_on: taken_on?,
            description: description?,
            households: households?,
            // Each partner's standing is filled at the edge from the partners view
            // (`CaseEdge::look_up`), as the caller may know it.
            partners: partners?
                .into_iter()
                .map(|partner_id| PartnerFacts {
                    partner_id,
                    standing: PartnerStanding::Unknown,
                })
                .collect(),
            institutions: institutions?,
            outcome: outcome?,
        }))
    }
}

impl CommandMessage<CaseEdge> for pb::EscalateCaseRequest {
    const METHOD: &'static str = "EscalateCase";
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, CaseEdge>,
    ) -> Option<CaseCommand> {
        let to = v.required("to", convert::level(self.to), "EscalationLevel");
        let reason = v.text("reason", &self.reason, MAX_MEDIUM);
        let escalated_on = v.past_date("escalated_on", &self.escalated_on);
        Some(CaseCommand::Escalate(Escalate {
            to: to?,
            reason: reason?,
            escalated_on: escalated_on?,
        }))
    }
}

impl CommandMessage<CaseEdge> for pb::ChangeUrgencyRequest {
    const METHOD: &'static str = "ChangeUrgency";
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, CaseEdge>,
    ) -> Option<CaseCommand> {
        let urgency = v.required("urgency", convert::urgency(self.urgency), "Urgency");
        let reason = v.text("reason", &self.reason, MAX_REASON);
        let changed_on = v.past_date("changed_on", &self.changed_on);
        Some(CaseCommand::ChangeUrgency(ChangeUrgency {
            urgency: urgency?,
            reason: reason?,
            changed_on: changed_on?,
        }))
    }
}

impl CommandMessage<CaseEdge> for pb::AwaitReporterRequest {
    const METHOD: &'static str = "AwaitReporter";
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, CaseEdge>,
    ) -> Option<CaseCommand> {
        let since = v.past_date("since", &self.since);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(CaseCommand::AwaitReporter(AwaitReporter {
            since: since?,
            reason: reason?,
        }))
    }
}

impl CommandMessage<CaseEdge> for pb::RecordReporterResponseRequest {
    const METHOD: &'static str = "RecordReporterResponse";
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, CaseEdge>,
    ) -> Option<CaseCommand> {
        let responded_on = v.past_date("responded_on", &self.responded_on);
        Some(CaseCommand::RecordReporterResponse(
            RecordReporterResponse {
                responded_on: responded_on?,
            },
        ))
    }
}

impl CommandMessage<CaseEdge> for pb::ResolveCaseRequest {
    const METHOD: &'static str = "ResolveCase";
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, CaseEdge>,
    ) -> Option<CaseCommand> {
        let resolved_on = v.past_date("resolved_on", &self.resolved_on);
        let remedy = v.text("remedy", &self.remedy, MAX_LONG);
        if self.restored.is_empty() || self.restored.len() > MAX_HOUSEHOLDS {
            v.violations.add(
                "restored",
                format!(
                    "name 1 to {MAX_HOUSEHOLDS} households whose access was regained, got {}",
                    self.restored.len()
                ),
            );
        }
        let restored = v.each("restored", &self.restored, |v, field, r| {
            let household_id = v.id(&format!("{field}.household_id"), &r.household_id);
            let regained_on = v.past_date(&format!("{field}.regained_on"), &r.regained_on);
            Some(RestoredAccess {
                household_id: household_id?,
                regained_on: regained_on?,
            })
        });
        Some(CaseCommand::Resolve(Resolve {
            resolved_on: resolved_on?,
            remedy: remedy?,
            restored: restored?,
        }))
    }
}

impl CommandMessage<CaseEdge> for pb::CloseCaseUnresolvedRequest {
    const METHOD: &'static str = "CloseCaseUnresolved";
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, CaseEdge>,
    ) -> Option<CaseCommand> {
        let closed_on = v.past_date("closed_on", &self.closed_on);
        let reason = v.text("reason", &self.reason, MAX_MEDIUM);
        Some(CaseCommand::CloseUnresolved(CloseUnresolved {
            closed_on: closed_on?,
            reason: reason?,
        }))
    }
}

impl CommandMessage<CaseEdge> for pb::ReopenCaseRequest {
    const METHOD: &'static str = "ReopenCase";
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, CaseEdge>,
    ) -> Option<CaseCommand> {
        let reopened_on = v.past_date("reopened_on", &self.reopened_on);
        let reason = v.text("reason", &self.reason, MAX_MEDIUM);
        Some(CaseCommand::Reopen(Reopen {
            reopened_on: reopened_on?,
            reason: reason?,
        }))
    }
}

impl CommandMessage<CaseEdge> for pb::AddNoteRequest {
    const METHOD: &'static str = "AddNote";
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, CaseEdge>,
    ) -> Option<CaseCommand> {
        let note_id = v.optional_id("note_id", &self.note_id);
        let text = v.text("text", &self.text, MAX_ACCOUNT);
        Some(CaseCommand::AddNote(AddNote {
            note_id: note_id?.unwrap_or_else(Uuid::now_v7),
            author: caller(input.principal),
            written_at: chrono::Utc::now(),
            confidential: self.confidential,
            text: text?,
        }))
    }
}

impl CommandMessage<NoteReadEdge> for pb::ReadConfidentialNoteRequest {
    const METHOD: &'static str = "ReadConfidentialNote";
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, NoteReadEdge>,
    ) -> Option<CaseCommand> {
        let note_id = v.id("note_id", &self.note_id);
        Some(CaseCommand::ReadConfidentialNote(ReadConfidentialNote {
            note_id: note_id?,
            reader: caller(input.principal),
            read_at: chrono::Utc::now(),
        }))
    }
}

impl CommandMessage<CaseEdge> for pb::EraseCasePersonalDataRequest {
    const METHOD: &'static str = "EraseCasePersonalData";
    const ROLES: &'static [Role] = &[Role::Admin];
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, CaseEdge>,
    ) -> Option<CaseCommand> {
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(CaseCommand::ErasePersonalData(ErasePersonalData {
            reason: reason?,
        }))
    }
}
