//! Requests about agreements.

use berdaya_domain::id::parse_date;
use berdaya_platform::Role;
use berdaya_platform::command::{CommandMessage, Input};
use berdaya_platform::command_accessors;
use berdaya_platform::validate::Validator;
use berdaya_proto::berdaya::partnerships::v1 as pb;
use chrono::NaiveDate;
use uuid::Uuid;

use super::{
    ADMINS, MAX_COMMITMENTS, MAX_LISTED, MAX_NAME, MAX_NOTE, MAX_POSITION, MAX_REASON, MAX_TEXT,
    OFFICERS, SUPERVISORS, chosen_id, document, quantity, region, unknown_partner,
};
use crate::convert;
use crate::domain::agreement::{
    AmendAgreement, AmendmentChanges, Commitment, Contribution, DraftAgreement,
    EraseAgreementPersonalData, RecordContribution, RenewAgreement, ReviseDraft, SignAgreement,
    Signatory, SignatoryData, TargetRevision, TerminateAgreement, Terms, WithdrawDraft,
};
use crate::domain::{AgreementCommand, Party};
use crate::grpc::edges::AgreementEdge;

/// A date of a term or period (start, end), which may lie years ahead.
fn term_date(v: &mut Validator<'static>, field: &str, text: &str) -> Option<NaiveDate> {
    parse_date(text.trim()).map_err(|e| v.fail(field, e)).ok()
}

/// A party: empty for the office, else a partner id.
fn party(v: &mut Validator<'static>, field: &str, text: &str) -> Option<Party> {
    v.optional_id(field, text)
        .map(|id| id.map_or(Party::Office, Party::Partner))
}

fn commitment(v: &mut Validator<'static>, field: &str, c: &pb::Commitment) -> Option<Commitment> {
    let commitment_id = chosen_id(v, &format!("{field}.commitment_id"), &c.commitment_id);
    let provider = party(
        v,
        &format!("{field}.provider_partner_id"),
        &c.provider_partner_id,
    );
    let kind = v.required(
        &format!("{field}.kind"),
        convert::commitment_kind(c.kind),
        "CommitmentKind",
    );
    let description = v.text(&format!("{field}.description"), &c.description, MAX_REASON);
    let target = quantity(v, &format!("{field}.target"), c.target.as_ref());
    let period_start = term_date(v, &format!("{field}.period_start"), &c.period_start);
    let period_end = term_date(v, &format!("{field}.period_end"), &c.period_end);
    Some(Commitment {
        commitment_id: commitment_id?,
        provider: provider?,
        kind: kind?,
        description: description?,
        target: target?,
        period_start: period_start?,
        period_end: period_end?,
    })
}

fn commitments(
    v: &mut Validator<'static>,
    field: &str,
    list: &[pb::Commitment],
) -> Option<Vec<Commitment>> {
    if list.len() > MAX_COMMITMENTS {
        v.violations.add(
            field,
            format!("at most {MAX_COMMITMENTS} entries, got {}", list.len()),
        );
        return None;
    }
    v.each(field, list, commitment)
}

/// The terms of a draft, with the partners still to look up.
#[allow(clippy::too_many_arguments)]
fn terms(
    v: &mut Validator<'static>,
    title: &str,
    purpose: &str,
    partner_ids: &[String],
    start_date: &str,
    end_date: &str,
    list: &[pb::Commitment],
) -> Option<Terms> {
    let title = v.text("title", title, MAX_NAME);
    let purpose = v.text("purpose", purpose, MAX_TEXT);
    let partner_ids = v.ids("partner_ids", partner_ids, MAX_LISTED);
    let start_date = term_date(v, "start_date", start_date);
    let end_date = term_date(v, "end_date", end_date);
    let commitments = commitments(v, "commitments", list);
    Some(Terms {
        title: title?,
        purpose: purpose?,
        partner_ids: partner_ids?,
        start_date: start_date?,
        end_date: end_date?,
        commitments: commitments?,
    })
}

impl CommandMessage<AgreementEdge> for pb::DraftAgreementRequest {
    const METHOD: &'static str = "DraftAgreement";
    const CREATES: bool = true;
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(agreement_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, AgreementEdge>,
    ) -> Option<AgreementCommand> {
        let kind = v.required("kind", convert::agreement_kind(self.kind), "AgreementKind");
        let region = region(v, "region_code", &self.region_code);
        let terms = terms(
            v,
            &self.title,
            &self.purpose,
            &self.partner_ids,
            &self.start_date,
            &self.end_date,
            &self.commitments,
        );
        let drafted_on = v.past_date_or_today("drafted_on", &self.drafted_on);
        let terms = terms?;
        Some(AgreementCommand::Draft(DraftAgreement {
            agreement_id: input.id,
            kind: kind?,
            region: region?,
            partners: terms
                .partner_ids
                .iter()
                .copied()
                .map(unknown_partner)
                .collect(),
            terms,
            drafted_by: input.principal.subject.clone(),
            drafted_on: drafted_on?,
        }))
    }

    fn regions(&self) -> Vec<(String, &'static str)> {
        vec![(self.region_code.trim().to_owned(), "region_code")]
    }
}

impl CommandMessage<AgreementEdge> for pb::ReviseAgreementDraftRequest {
    const METHOD: &'static str = "ReviseAgreementDraft";
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(agreement_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, AgreementEdge>,
    ) -> Option<AgreementCommand> {
        let terms = terms(
            v,
            &self.title,
            &self.purpose,
            &self.partner_ids,
            &self.start_date,
            &self.end_date,
            &self.commitments,
        );
        let revised_on = v.past_date_or_today("revised_on", &self.revised_on);
        let terms = terms?;
        Some(AgreementCommand::ReviseDraft(ReviseDraft {
            partners: terms
                .partner_ids
                .iter()
                .copied()
                .map(unknown_partner)
                .collect(),
            terms,
            revised_by: input.principal.subject.clone(),
            revised_on: revised_on?,
        }))
    }
}

impl CommandMessage<AgreementEdge> for pb::WithdrawAgreementDraftRequest {
    const METHOD: &'static str = "WithdrawAgreementDraft";
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(agreement_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, AgreementEdge>,
    ) -> Option<AgreementCommand> {
        let reason = v.text("reason", &self.reason, MAX_REASON);
        let withdrawn_on = v.past_date_or_today("withdrawn_on", &self.withdrawn_on);
        Some(AgreementCommand::WithdrawDraft(WithdrawDraft {
            reason: reason?,
            withdrawn_by: input.principal.subject.clone(),
            withdrawn_on: withdrawn_on?,
        }))
    }
}

fn signatory(v: &mut Validator<'static>, field: &str, s: &pb::SignatoryInput) -> Option<Signatory> {
    let party = party(v, &format!("{field}.partner_id"), &s.partner_id);
    let position = v.text(&format!("{field}.position"), &s.position, MAX_POSITION);
    let full_name = match &s.personal {
        Some(p) => v.text(
            &format!("{field}.personal.full_name"),
            &p.full_name,
            MAX_NAME,
        ),
        None => {
            v.violations
                .add(format!("{field}.personal.full_name"), "is required");
            None
        }
    };
    Some(Signatory {
        party: party?,
        subject_id: Uuid::now_v7(),
        position: position?,
        person: Some(SignatoryData {
            full_name: full_name?,
        }),
    })
}

impl CommandMessage<AgreementEdge> for pb::SignAgreementRequest {
    const METHOD: &'static str = "SignAgreement";
    const ROLES: &'static [Role] = SUPERVISORS;
    command_accessors!(agreement_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, AgreementEdge>,
    ) -> Option<AgreementCommand> {
        let signed_on = v.past_date_or_today("signed_on", &self.signed_on);
        let signatories = if self.signatories.len() > MAX_LISTED {
            v.violations.add(
                "signatories",
                format!(
                    "at most {MAX_LISTED} entries, got {}",
                    self.signatories.len()
                ),
            );
            None
        } else {
            v.each("signatories", &self.signatories, signatory)
        };
        let document = document(v, "document", self.document.as_ref());
        Some(AgreementCommand::Sign(SignAgreement {
            signed_on: signed_on?,
            signed_by: input.principal.subject.clone(),
            signatories: signatories?,
            document: document?,
            partners: Vec::new(),
        }))
    }
}

fn changes(
    v: &mut Validator<'static>,
    changes: Option<&pb::AgreementChanges>,
) -> Option<AmendmentChanges> {
    let Some(c) = changes else {
        v.violations
            .add("changes", "is required: what the amendment changes");
        return None;
    };
    let title = c
        .title
        .as_deref()
        .map(|t| v.text("changes.title", t, MAX_NAME))
        .map_or(Some(None), |t| t.map(Some));
    let purpose = c
        .purpose
        .as_deref()
        .map(|t| v.text("changes.purpose", t, MAX_TEXT))
        .map_or(Some(None), |t| t.map(Some));
    let end_date = if c.end_date.trim().is_empty() {
        Some(None)
    } else {
        term_date(v, "changes.end_date", &c.end_date).map(Some)
    };
    let added = commitments(v, "changes.added_commitments", &c.added_commitments);
    let revised = v.each(
        "changes.revised_targets",
        &c.revised_targets,
        |v, field, r| {
            let commitment_id = v.id(&format!("{field}.commitment_id"), &r.commitment_id);
            let target = quantity(v, &format!("{field}.target"), r.target.as_ref());
            Some(TargetRevision {
                commitment_id: commitment_id?,
                target: target?,
            })
        },
    );
    let withdrawn = v.ids(
        "changes.withdrawn_commitment_ids",
        &c.withdrawn_commitment_ids,
        MAX_COMMITMENTS,
    );
    Some(AmendmentChanges {
        title: title?,
        purpose: purpose?,
        end_date: end_date?,
        added_commitments: added?,
        revised_targets: revised?,
        withdrawn_commitment_ids: withdrawn?,
    })
}

impl CommandMessage<AgreementEdge> for pb::AmendAgreementRequest {
    const METHOD: &'static str = "AmendAgreement";
    const ROLES: &'static [Role] = SUPERVISORS;
    command_accessors!(agreement_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, AgreementEdge>,
    ) -> Option<AgreementCommand> {
        let amended_on = v.past_date_or_today("amended_on", &self.amended_on);
        let summary = v.text("summary", &self.summary, MAX_NOTE);
        let changes = changes(v, self.changes.as_ref());
        let document = document(v, "document", self.document.as_ref());
        Some(AgreementCommand::Amend(AmendAgreement {
            amended_on: amended_on?,
            summary: summary?,
            changes: changes?,
            document: document?,
            amended_by: input.principal.subject.clone(),
        }))
    }
}

impl CommandMessage<AgreementEdge> for pb::RenewAgreementRequest {
    const METHOD: &'static str = "RenewAgreement";
    const ROLES: &'static [Role] = SUPERVISORS;
    command_accessors!(agreement_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, AgreementEdge>,
    ) -> Option<AgreementCommand> {
        let renewed_on = v.past_date_or_today("renewed_on", &self.renewed_on);
        let end_date = term_date(v, "end_date", &self.end_date);
        let document = document(v, "document", self.document.as_ref());
        let note = v.optional_text("note", &self.note, MAX_NOTE);
        Some(AgreementCommand::Renew(RenewAgreement {
            renewed_on: renewed_on?,
            end_date: end_date?,
            document: document?,
            note: note?,
            renewed_by: input.principal.subject.clone(),
        }))
    }
}

impl CommandMessage<AgreementEdge> for pb::TerminateAgreementRequest {
    const METHOD: &'static str = "TerminateAgreement";
    const ROLES: &'static [Role] = SUPERVISORS;
    command_accessors!(agreement_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, AgreementEdge>,
    ) -> Option<AgreementCommand> {
        let terminated_on = v.past_date("terminated_on", &self.terminated_on);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(AgreementCommand::Terminate(TerminateAgreement {
            terminated_on: terminated_on?,
            reason: reason?,
            terminated_by: input.principal.subject.clone(),
        }))
    }
}

impl CommandMessage<AgreementEdge> for pb::RecordContributionRequest {
    const METHOD: &'static str = "RecordContribution";
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(agreement_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, AgreementEdge>,
    ) -> Option<AgreementCommand> {
        let commitment_id = v.id("commitment_id", &self.commitment_id);
        let contribution_id = chosen_id(v, "contribution_id", &self.contribution_id);
        let contributed_on = v.past_date_or_today("contributed_on", &self.contributed_on);
        let quantity = quantity(v, "quantity", self.quantity.as_ref());
        let description = v.text("description", &self.description, MAX_REASON);
        Some(AgreementCommand::RecordContribution(RecordContribution {
            contribution: Contribution {
                contribution_id: contribution_id?,
                commitment_id: commitment_id?,
                contributed_on: contributed_on?,
                quantity: quantity?,
                description: description?,
            },
            recorded_by: input.principal.subject.clone(),
        }))
    }
}

impl CommandMessage<AgreementEdge> for pb::EraseAgreementPersonalDataRequest {
    const METHOD: &'static str = "EraseAgreementPersonalData";
    const ROLES: &'static [Role] = ADMINS;
    command_accessors!(agreement_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, AgreementEdge>,
    ) -> Option<AgreementCommand> {
        let subject_id = v.optional_id("signatory_id", &self.signatory_id);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(AgreementCommand::ErasePersonalData(
            EraseAgreementPersonalData {
                subject_id: subject_id?,
                reason: reason?,
            },
        ))
    }
}
