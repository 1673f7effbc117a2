//! Requests about referrals.

use berdaya_platform::Role;
use berdaya_platform::command::{CommandMessage, Input};
use berdaya_platform::command_accessors;
use berdaya_platform::validate::Validator;
use berdaya_proto::berdaya::partnerships::v1 as pb;

use super::{MAX_NOTE, MAX_REASON, OFFICERS, outcome, unknown_partner};
use crate::convert;
use crate::domain::referral::{
    AcceptReferral, CompleteReferral, DeclineReferral, MakeReferral, UnderAgreement,
    WithdrawReferral,
};
use crate::domain::{Referee, RefereeFacts, RefereeStanding, ReferralCommand};
use crate::grpc::edges::ReferralEdge;

impl CommandMessage<ReferralEdge> for pb::MakeReferralRequest {
    const METHOD: &'static str = "MakeReferral";
    const CREATES: bool = true;
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(referral_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, ReferralEdge>,
    ) -> Option<ReferralCommand> {
        use pb::make_referral_request::Referee as R;
        let referee = match &self.referee {
            Some(R::HouseholdId(id)) => v.id("household_id", id).map(Referee::Household),
            Some(R::GroupId(id)) => v.id("group_id", id).map(Referee::Group),
            None => {
                v.violations
                    .add("household_id", "is required: a household_id or a group_id");
                None
            }
        };
        let partner = v.id("partner_id", &self.partner_id);
        let purpose = v.required(
            "purpose",
            convert::referral_purpose(self.purpose),
            "ReferralPurpose",
        );
        let agreement_id = v.optional_id("agreement_id", &self.agreement_id);
        let commitment_id = v.optional_id("commitment_id", &self.commitment_id);
        if matches!((&agreement_id, &commitment_id), (Some(None), Some(Some(_)))) {
            v.violations
                .add("commitment_id", "needs the agreement_id it belongs to");
        }
        let need = v.text("need", &self.need, MAX_NOTE);
        let referred_on = v.past_date_or_today("referred_on", &self.referred_on);
        let commitment_id = commitment_id?;
        Some(ReferralCommand::Make(MakeReferral {
            referral_id: input.id,
            referee: RefereeFacts {
                referee: referee?,
                standing: RefereeStanding::Unknown,
            },
            partner: unknown_partner(partner?),
            purpose: purpose?,
            under: agreement_id?.map(|agreement_id| UnderAgreement {
                agreement_id,
                agreement: Box::default(),
                commitment_id,
            }),
            need: need?,
            referred_on: referred_on?,
            referred_by: input.principal.subject.clone(),
        }))
    }
}

impl CommandMessage<ReferralEdge> for pb::AcceptReferralRequest {
    const METHOD: &'static str = "AcceptReferral";
    command_accessors!(referral_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, ReferralEdge>,
    ) -> Option<ReferralCommand> {
        let accepted_on = v.past_date_or_today("accepted_on", &self.accepted_on);
        let note = v.optional_text("note", &self.note, MAX_NOTE);
        Some(ReferralCommand::Accept(AcceptReferral {
            accepted_on: accepted_on?,
            note: note?,
            acting_for: None,
        }))
    }
}

impl CommandMessage<ReferralEdge> for pb::DeclineReferralRequest {
    const METHOD: &'static str = "DeclineReferral";
    command_accessors!(referral_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, ReferralEdge>,
    ) -> Option<ReferralCommand> {
        let declined_on = v.past_date_or_today("declined_on", &self.declined_on);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(ReferralCommand::Decline(DeclineReferral {
            declined_on: declined_on?,
            reason: reason?,
            acting_for: None,
        }))
    }
}

impl CommandMessage<ReferralEdge> for pb::CompleteReferralRequest {
    const METHOD: &'static str = "CompleteReferral";
    command_accessors!(referral_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, ReferralEdge>,
    ) -> Option<ReferralCommand> {
        let completed_on = v.past_date_or_today("completed_on", &self.completed_on);
        let outcome = outcome(v, "outcome", self.outcome.as_ref());
        let note = v.optional_text("note", &self.note, MAX_NOTE);
        Some(ReferralCommand::Complete(CompleteReferral {
            completed_on: completed_on?,
            outcome: outcome?,
            note: note?,
            acting_for: None,
        }))
    }
}

impl CommandMessage<ReferralEdge> for pb::WithdrawReferralRequest {
    const METHOD: &'static str = "WithdrawReferral";
    const ROLES: &'static [Role] = OFFICERS;
    command_accessors!(referral_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, ReferralEdge>,
    ) -> Option<ReferralCommand> {
        let withdrawn_on = v.past_date_or_today("withdrawn_on", &self.withdrawn_on);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(ReferralCommand::Withdraw(WithdrawReferral {
            withdrawn_on: withdrawn_on?,
            reason: reason?,
        }))
    }
}
