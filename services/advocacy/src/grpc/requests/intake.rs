//! Requests that open and shape a case: the report, its assessment and evidence, the
//! households affected, and the case team.

use berdaya_domain::id::RegionCode;
use berdaya_platform::Role;
use berdaya_platform::command::{CommandMessage, Input};
use berdaya_platform::command_accessors;
use berdaya_platform::validate::Validator;
use berdaya_proto::berdaya::advocacy::v1 as pb;
use uuid::Uuid;

use super::{
    MAX_ACCOUNT, MAX_FACTS, MAX_HOUSEHOLDS, MAX_ITEMS, MAX_NAME, MAX_PEOPLE, MAX_REASON, evidence,
    unknown,
};
use crate::convert;
use crate::domain::{
    AddEvidence, AddHouseholds, AssessCase, AssignCaseworker, CaseCommand, CaseDetails,
    EscalationLevel, ReportCase, ResponsibleParty, UnassignCaseworker,
};
use crate::grpc::edge::CaseEdge;

/// Who may change the case team.
const TEAM_ROLES: &[Role] = &[Role::Supervisor, Role::Admin];

impl CommandMessage<CaseEdge> for pb::ReportCaseRequest {
    const METHOD: &'static str = "ReportCase";
    const CREATES: bool = true;
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, CaseEdge>,
    ) -> Option<CaseCommand> {
        let code = self.region_code.trim();
        let region = if code.is_empty() {
            Some(None)
        } else {
            v.region_prefix("region_code", code)
                .and_then(|code| {
                    RegionCode::parse(&code)
                        .map_err(|e| v.fail("region_code", e))
                        .ok()
                })
                .map(Some)
        };
        let households = v.ids("household_ids", &self.household_ids, MAX_HOUSEHOLDS);
        let right_code = self.right_code.trim().to_owned();
        if right_code.is_empty() {
            v.violations
                .add("right_code", "is required (see ListRights)");
        }
        let summary = v.text("summary", &self.summary, MAX_NAME);
        let responsible = match &self.responsible {
            None => {
                v.violations.add("responsible", "is required");
                None
            }
            Some(r) => {
                let kind = v.required("responsible.kind", convert::party_kind(r.kind), "PartyKind");
                let name = v.optional_text("responsible.name", &r.name, MAX_NAME);
                kind.zip(name)
                    .map(|(kind, name)| ResponsibleParty { kind, name })
            }
        };
        let channel = v.required("channel", convert::channel(self.channel), "IntakeChannel");
        let urgency = v.required("urgency", convert::urgency(self.urgency), "Urgency");
        let level = v
            .optional_enum(
                "level",
                self.level,
                convert::level(self.level),
                "EscalationLevel",
            )
            .map(|l| l.unwrap_or(EscalationLevel::Village));
        let reported_on = v.past_date("reported_on", &self.reported_on);
        let caseworkers = if self.caseworker_ids.len() > MAX_PEOPLE {
            v.violations.add(
                "caseworker_ids",
                format!(
                    "at most {MAX_PEOPLE} entries, got {}",
                    self.caseworker_ids.len()
                ),
            );
            None
        } else {
            v.each("caseworker_ids", &self.caseworker_ids, |v, field, id| {
                v.actor_id(field, id)
            })
        };
        let reporter_name = v.optional_text("reporter_name", &self.reporter_name, MAX_NAME);
        let reporter_phone = v.phone("reporter_phone", &self.reporter_phone);
        let description = v.text("description", &self.description, MAX_ACCOUNT);
        let responsible_person = v.optional_text(
            "responsible_person_name",
            &self.responsible_person_name,
            MAX_NAME,
        );
        Some(CaseCommand::Report(ReportCase {
            case_id: input.id,
            region: region?,
            households: unknown(households?),
            right_code,
            summary: summary?,
            responsible: responsible?,
            channel: channel?,
            urgency: urgency?,
            level: level?,
            reported_on: reported_on?,
            caseworkers: caseworkers?,
            subject_id: Uuid::now_v7(),
            details: CaseDetails {
                reporter_name: Some(reporter_name?).filter(|n| !n.is_empty()),
                reporter_phone: reporter_phone?,
                description: description?,
                responsible_person: Some(responsible_person?).filter(|n| !n.is_empty()),
            },
        }))
    }

    fn regions(&self) -> Vec<(String, &'static str)> {
        let code = self.region_code.trim();
        if code.is_empty() {
            Vec::new()
        } else {
            vec![(code.to_owned(), "region_code")]
        }
    }
}

impl CommandMessage<CaseEdge> for pb::AssessCaseRequest {
    const METHOD: &'static str = "AssessCase";
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, CaseEdge>,
    ) -> Option<CaseCommand> {
        let assessed_on = v.past_date("assessed_on", &self.assessed_on);
        let facts = v.text("facts", &self.facts, MAX_FACTS);
        let evidence = if self.evidence.len() > MAX_ITEMS {
            v.violations.add(
                "evidence",
                format!("at most {MAX_ITEMS} entries, got {}", self.evidence.len()),
            );
            None
        } else {
            v.each("evidence", &self.evidence, evidence)
        };
        let risk = v.required("risk", convert::risk(self.risk), "RiskLevel");
        Some(CaseCommand::Assess(AssessCase {
            assessed_on: assessed_on?,
            assessed_by: input.principal.subject.clone(),
            facts: facts?,
            evidence: evidence?,
            risk: risk?,
        }))
    }
}

impl CommandMessage<CaseEdge> for pb::AddEvidenceRequest {
    const METHOD: &'static str = "AddEvidence";
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, CaseEdge>,
    ) -> Option<CaseCommand> {
        let Some(e) = &self.evidence else {
            v.violations.add("evidence", "is required");
            return None;
        };
        let evidence = evidence(v, "evidence", e)?;
        Some(CaseCommand::AddEvidence(AddEvidence { evidence }))
    }
}

impl CommandMessage<CaseEdge> for pb::AddHouseholdsRequest {
    const METHOD: &'static str = "AddHouseholds";
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, CaseEdge>,
    ) -> Option<CaseCommand> {
        let households = v.ids("household_ids", &self.household_ids, MAX_HOUSEHOLDS);
        if self.household_ids.is_empty() {
            v.violations
                .add("household_ids", "name at least one affected household");
        }
        let added_on = v.past_date("added_on", &self.added_on);
        Some(CaseCommand::AddHouseholds(AddHouseholds {
            households: unknown(households?),
            added_on: added_on?,
        }))
    }
}

impl CommandMessage<CaseEdge> for pb::AssignCaseworkerRequest {
    const METHOD: &'static str = "AssignCaseworker";
    const ROLES: &'static [Role] = TEAM_ROLES;
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, CaseEdge>,
    ) -> Option<CaseCommand> {
        let caseworker_id = v.actor_id("caseworker_id", &self.caseworker_id);
        let assigned_on = v.past_date("assigned_on", &self.assigned_on);
        Some(CaseCommand::AssignCaseworker(AssignCaseworker {
            caseworker_id: caseworker_id?,
            assigned_on: assigned_on?,
        }))
    }
}

impl CommandMessage<CaseEdge> for pb::UnassignCaseworkerRequest {
    const METHOD: &'static str = "UnassignCaseworker";
    const ROLES: &'static [Role] = TEAM_ROLES;
    command_accessors!(case_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, CaseEdge>,
    ) -> Option<CaseCommand> {
        let caseworker_id = v.actor_id("caseworker_id", &self.caseworker_id);
        let unassigned_on = v.past_date("unassigned_on", &self.unassigned_on);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(CaseCommand::UnassignCaseworker(UnassignCaseworker {
            caseworker_id: caseworker_id?,
            unassigned_on: unassigned_on?,
            reason: reason?,
        }))
    }
}
