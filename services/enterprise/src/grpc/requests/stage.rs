//! Requests about stage changes: the proposal with its assessment, and the decision.

use berdaya_platform::command_accessors;
use berdaya_proto::berdaya::enterprise::v1 as pb;
use uuid::Uuid;

use crate::convert;
use crate::domain::{Assessment, CriterionScore, GroupCommand};
use crate::grpc::commands::GroupEdge;
use crate::grpc::validate::{MAX_LONG_TEXT, MAX_NOTE, MAX_REASON, Validator};
use berdaya_platform::auth::Role;
use berdaya_platform::command::{CommandMessage, Input};

/// Most scores in one assessment (every criterion once, with room for mistakes to be
/// reported by the rule rather than by a size limit).
const MAX_SCORES: usize = 20;

fn assessment(v: &mut Validator<'static>, a: Option<&pb::Assessment>) -> Option<Assessment> {
    let Some(a) = a else {
        v.violations.add("assessment", "is required");
        return None;
    };
    let assessor = v.actor_id("assessment.assessor", &a.assessor);
    let assessed_on = v.past_date("assessment.assessed_on", &a.assessed_on);
    let evidence = v.text("assessment.evidence", &a.evidence, MAX_LONG_TEXT);
    if a.scores.is_empty() || a.scores.len() > MAX_SCORES {
        v.violations.add(
            "assessment.scores",
            format!("one score per criterion of the target stage, 1 to {MAX_SCORES}"),
        );
    }
    let scores: Vec<Option<CriterionScore>> = a
        .scores
        .iter()
        .take(MAX_SCORES)
        .enumerate()
        .map(|(i, s)| {
            let field = format!("assessment.scores[{i}]");
            let criterion = v.required(
                &format!("{field}.criterion"),
                convert::criterion(s.criterion),
                "Criterion",
            );
            let score = v.within(&format!("{field}.score"), s.score, 0, 100);
            let note = v.optional_text(&format!("{field}.note"), &s.note, MAX_NOTE);
            Some(CriterionScore {
                criterion: criterion?,
                score: u8::try_from(score?).ok()?,
                note: note?,
            })
        })
        .collect();
    Some(Assessment {
        assessor: assessor?,
        assessed_on: assessed_on?,
        evidence: evidence?,
        scores: scores.into_iter().collect::<Option<_>>()?,
    })
}

impl CommandMessage<GroupEdge> for pb::ProposeStageChangeRequest {
    const METHOD: &'static str = "ProposeStageChange";
    command_accessors!(group_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, GroupEdge>,
    ) -> Option<GroupCommand> {
        let to = v.required("to_stage", convert::stage(self.to_stage), "Stage");
        let assessment = assessment(v, self.assessment.as_ref());
        let proposed_on = if self.proposed_on.is_empty() {
            Some(v.today())
        } else {
            v.past_date("proposed_on", &self.proposed_on)
        };
        Some(GroupCommand::ProposeStageChange {
            proposal_id: Uuid::now_v7(),
            to: to?,
            assessment: assessment?,
            proposed_by: input.principal.subject.clone(),
            proposed_on: proposed_on?,
        })
    }
}

impl CommandMessage<GroupEdge> for pb::ApproveStageChangeRequest {
    const METHOD: &'static str = "ApproveStageChange";
    const ROLES: &'static [Role] = &[Role::Supervisor, Role::Admin];
    command_accessors!(group_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, GroupEdge>,
    ) -> Option<GroupCommand> {
        let proposal_id = v.id("proposal_id", &self.proposal_id);
        let approved_on = v.past_date("approved_on", &self.approved_on);
        let note = v.optional_text("note", &self.note, MAX_NOTE);
        Some(GroupCommand::ApproveStageChange {
            proposal_id: proposal_id?,
            approved_by: input.principal.subject.clone(),
            approved_on: approved_on?,
            note: note?,
        })
    }
}

impl CommandMessage<GroupEdge> for pb::RejectStageChangeRequest {
    const METHOD: &'static str = "RejectStageChange";
    const ROLES: &'static [Role] = &[Role::Supervisor, Role::Admin];
    command_accessors!(group_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, GroupEdge>,
    ) -> Option<GroupCommand> {
        let proposal_id = v.id("proposal_id", &self.proposal_id);
        let rejected_on = v.past_date("rejected_on", &self.rejected_on);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(GroupCommand::RejectStageChange {
            proposal_id: proposal_id?,
            rejected_by: input.principal.subject.clone(),
            rejected_on: rejected_on?,
            reason: reason?,
        })
    }
}
