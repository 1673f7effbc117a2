//! Requests about money: business plan, account, grants, tranches, progress, IKS.

use berdaya_domain::Rupiah;
use berdaya_platform::command_accessors;
use berdaya_proto::berdaya::enterprise::v1 as pb;
use uuid::Uuid;

use crate::convert;
use crate::domain::{GroupAccount, GroupCommand, ProfitSplit};
use crate::grpc::commands::GroupEdge;
use crate::grpc::validate::{
    EnterpriseChecks, MAX_CONDITIONS, MAX_LISTED, MAX_LONG_TEXT, MAX_NAME, MAX_NOTE, MAX_REASON,
    Validator,
};
use berdaya_platform::command::{CommandMessage, Input};

impl CommandMessage<GroupEdge> for pb::AdoptBusinessPlanRequest {
    const METHOD: &'static str = "AdoptBusinessPlan";
    command_accessors!(group_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, GroupEdge>,
    ) -> Option<GroupCommand> {
        let adopted_on = v.past_date("adopted_on", &self.adopted_on);
        let summary = v.text("summary", &self.summary, MAX_LONG_TEXT);
        let products = v.text("products", &self.products, MAX_REASON);
        Some(GroupCommand::AdoptBusinessPlan {
            adopted_on: adopted_on?,
            summary: summary?,
            products: products?,
            capital_required: Rupiah(self.capital_required),
            target_monthly_revenue: Rupiah(self.target_monthly_revenue),
        })
    }
}

impl CommandMessage<GroupEdge> for pb::RecordGroupAccountRequest {
    const METHOD: &'static str = "RecordGroupAccount";
    command_accessors!(group_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, GroupEdge>,
    ) -> Option<GroupCommand> {
        let bank_name = v.text("bank_name", &self.bank_name, 100);
        let number = self.account_number.trim();
        let account_number =
            if (5..=30).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit()) {
                Some(number.to_owned())
            } else {
                v.violations.add("account_number", "must be 5 to 30 digits");
                None
            };
        let opened_on = v.past_date("opened_on", &self.opened_on);
        Some(GroupCommand::RecordAccount(GroupAccount {
            bank_name: bank_name?,
            account_number: account_number?,
            opened_on: opened_on?,
        }))
    }
}

impl CommandMessage<GroupEdge> for pb::AwardGrantRequest {
    const METHOD: &'static str = "AwardGrant";
    command_accessors!(group_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, GroupEdge>,
    ) -> Option<GroupCommand> {
        let scheme = v.required("scheme", convert::grant_scheme(self.scheme), "GrantScheme");
        let scheme_name = v.optional_text("scheme_name", &self.scheme_name, MAX_NAME);
        let awarded_on = v.past_date("awarded_on", &self.awarded_on);
        let conditions = v.texts("conditions", &self.conditions, MAX_REASON, MAX_CONDITIONS);
        let reference = v.optional_text("reference", &self.reference, MAX_NAME);
        Some(GroupCommand::AwardGrant {
            // A new id per award; a retry with the same idempotency key gets the first
            // answer back, so the id is never minted twice for one award.
            grant_id: Uuid::now_v7(),
            scheme: scheme?,
            scheme_name: scheme_name?,
            amount: Rupiah(self.amount),
            awarded_on: awarded_on?,
            conditions: conditions?,
            reference: reference?,
        })
    }
}

impl CommandMessage<GroupEdge> for pb::DisburseTrancheRequest {
    const METHOD: &'static str = "DisburseTranche";
    command_accessors!(group_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, GroupEdge>,
    ) -> Option<GroupCommand> {
        let grant_id = v.id("grant_id", &self.grant_id);
        let disbursed_on = v.past_date("disbursed_on", &self.disbursed_on);
        let reference = v.text("reference", &self.reference, MAX_NAME);
        Some(GroupCommand::DisburseTranche {
            grant_id: grant_id?,
            amount: Rupiah(self.amount),
            disbursed_on: disbursed_on?,
            reference: reference?,
        })
    }
}

impl CommandMessage<GroupEdge> for pb::ReportProgressRequest {
    const METHOD: &'static str = "ReportProgress";
    command_accessors!(group_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, GroupEdge>,
    ) -> Option<GroupCommand> {
        let month = v.past_month("month", &self.month);
        let reported_on = v.past_date("reported_on", &self.reported_on);
        let note = v.optional_text("note", &self.note, MAX_NOTE);
        let split = self.split.unwrap_or_default();
        Some(GroupCommand::ReportProgress {
            month: month?,
            revenue: Rupiah(self.revenue),
            costs: Rupiah(self.costs),
            capital: Rupiah(self.capital),
            split: ProfitSplit {
                capital: Rupiah(split.capital),
                member_welfare: Rupiah(split.member_welfare),
                iks: Rupiah(split.iks),
            },
            reported_on: reported_on?,
            note: note?,
        })
    }
}

impl CommandMessage<GroupEdge> for pb::ShareIksRequest {
    const METHOD: &'static str = "ShareIks";
    command_accessors!(group_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _: &Input<'_, GroupEdge>,
    ) -> Option<GroupCommand> {
        let shared_on = v.past_date("shared_on", &self.shared_on);
        let recipients = v.text("recipients", &self.recipients, MAX_REASON);
        let ids = v.ids(
            "recipient_household_ids",
            &self.recipient_household_ids,
            MAX_LISTED,
        );
        Some(GroupCommand::ShareIks {
            amount: Rupiah(self.amount),
            shared_on: shared_on?,
            recipients: recipients?,
            recipient_household_ids: ids?,
        })
    }
}
