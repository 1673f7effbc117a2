//! Each mutating savings request: its RPC name, where its context and account id are,
//! and how it becomes a domain command once every field is valid.

use berdaya_domain::Rupiah;
use berdaya_domain::id::parse_date;
use berdaya_platform::command::{CommandMessage, Input};
use berdaya_platform::command_accessors;
use berdaya_platform::validate::today;
use berdaya_proto::berdaya::households::v1 as pb;
use chrono::NaiveDate;
use uuid::Uuid;

use super::AccountEdge;
use crate::domain::HouseholdRef;
use crate::grpc::validate::{MAX_NAME, MAX_REASON, Validator};
use crate::savings::convert;
use crate::savings::domain::{Channel, Institution, SavingsCommand};

/// Longest transaction reference.
pub(super) const MAX_REFERENCE: usize = 100;
/// How far ahead a goal's target date may lie, in days (about ten years).
pub(super) const MAX_GOAL_DAYS: i64 = 3_653;

/// A positive amount of whole rupiah, at most [`Rupiah::MAX`].
fn amount(v: &mut Validator<'static>, field: &str, value: i64) -> Option<Rupiah> {
    v.positive_money(field, value)
}

fn channel(v: &mut Validator<'static>, value: i32) -> Option<Channel> {
    v.required("channel", convert::channel(value), "SavingsChannel")
}

fn reference(v: &mut Validator<'static>, text: &str) -> Option<String> {
    v.optional_text("reference", text, MAX_REFERENCE)
}

impl CommandMessage<AccountEdge> for pb::OpenSavingsAccountRequest {
    const METHOD: &'static str = "OpenSavingsAccount";
    const CREATES: bool = true;
    command_accessors!(account_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, AccountEdge>,
    ) -> Option<SavingsCommand> {
        let household = v.id("household_id", &self.household_id);
        let member_id = v.optional_id("member_id", &self.member_id);
        let kind = v.required(
            "institution_kind",
            convert::institution(self.institution_kind),
            "InstitutionKind",
        );
        let name = v.text("institution_name", &self.institution_name, MAX_NAME);
        let opened_on = v.past_date("opened_on", &self.opened_on);
        Some(SavingsCommand::Open {
            account_id: input.id,
            household: HouseholdRef::unresolved(household?),
            member_id: member_id?,
            institution: Institution {
                kind: kind?,
                name: name?,
            },
            opened_on: opened_on?,
        })
    }
}

impl CommandMessage<AccountEdge> for pb::DepositRequest {
    const METHOD: &'static str = "Deposit";
    command_accessors!(account_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, AccountEdge>,
    ) -> Option<SavingsCommand> {
        let amount = amount(v, "amount", self.amount);
        let channel = channel(v, self.channel);
        let reference = reference(v, &self.reference);
        let deposited_on = v.past_date("deposited_on", &self.deposited_on);
        Some(SavingsCommand::Deposit {
            amount: amount?,
            channel: channel?,
            reference: reference?,
            deposited_on: deposited_on?,
        })
    }
}

impl CommandMessage<AccountEdge> for pb::WithdrawRequest {
    const METHOD: &'static str = "Withdraw";
    command_accessors!(account_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, AccountEdge>,
    ) -> Option<SavingsCommand> {
        let amount = amount(v, "amount", self.amount);
        let channel = channel(v, self.channel);
        let reference = reference(v, &self.reference);
        let withdrawn_on = v.past_date("withdrawn_on", &self.withdrawn_on);
        let purpose = v.optional_text("purpose", &self.purpose, MAX_REASON);
        Some(SavingsCommand::Withdraw {
            amount: amount?,
            channel: channel?,
            reference: reference?,
            withdrawn_on: withdrawn_on?,
            purpose: purpose?,
        })
    }
}

/// A goal's target date: a real date at most [`MAX_GOAL_DAYS`] ahead of `today`.
fn target_date(v: &mut Validator<'static>, text: &str, today: NaiveDate) -> Option<NaiveDate> {
    match parse_date(text) {
        Ok(date) if (date - today).num_days() > MAX_GOAL_DAYS => {
            v.violations
                .add("target_date", "must be at most ten years ahead");
            None
        }
        Ok(date) => Some(date),
        Err(violation) => {
            v.fail("target_date", violation);
            None
        }
    }
}

impl CommandMessage<AccountEdge> for pb::SetSavingsGoalRequest {
    const METHOD: &'static str = "SetSavingsGoal";
    command_accessors!(account_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, AccountEdge>,
    ) -> Option<SavingsCommand> {
        let purpose = v.required(
            "purpose",
            convert::purpose(self.purpose),
            "SavingsGoalPurpose",
        );
        let description = v.optional_text("description", &self.description, MAX_NAME);
        let target = amount(v, "target_amount", self.target_amount);
        let set_on = v.past_date("set_on", &self.set_on);
        let target_date = target_date(v, &self.target_date, today());
        if let (Some(set_on), Some(target_date)) = (set_on, target_date)
            && target_date <= set_on
        {
            v.violations
                .add("target_date", format!("must be after set_on ({set_on})"));
        }
        Some(SavingsCommand::SetGoal {
            goal_id: Uuid::now_v7(),
            purpose: purpose?,
            description: description?,
            target: target?,
            target_date: target_date?,
            set_on: set_on?,
        })
    }
}

impl CommandMessage<AccountEdge> for pb::CancelSavingsGoalRequest {
    const METHOD: &'static str = "CancelSavingsGoal";
    command_accessors!(account_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, AccountEdge>,
    ) -> Option<SavingsCommand> {
        let goal_id = v.id("goal_id", &self.goal_id);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(SavingsCommand::CancelGoal {
            goal_id: goal_id?,
            reason: reason?,
        })
    }
}

impl CommandMessage<AccountEdge> for pb::CloseSavingsAccountRequest {
    const METHOD: &'static str = "CloseSavingsAccount";
    command_accessors!(account_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, AccountEdge>,
    ) -> Option<SavingsCommand> {
        let reason = v.text("reason", &self.reason, MAX_REASON);
        let closed_on = v.past_date("closed_on", &self.closed_on);
        Some(SavingsCommand::Close {
            reason: reason?,
            closed_on: closed_on?,
        })
    }
}
