//! What users ask of a KUBE group. Ids, "today" and the facts about member households
//! are chosen or looked up at the edge and passed in, so that deciding stays pure.

use berdaya_domain::Rupiah;
use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use super::events::{Assessment, GroupAccount, ProfitSplit};
use super::{BusinessType, GrantScheme, HouseholdFacts, LeaveReason, Stage};
use berdaya_domain::Month;

/// The commands a KUBE group accepts.
#[derive(Debug, Clone)]
pub enum GroupCommand {
    /// Form a group.
    Form {
        /// Id chosen for it.
        group_id: Uuid,
        /// Name.
        name: String,
        /// Village.
        village: RegionCode,
        /// UEP or UKS.
        business_type: BusinessType,
        /// Line of business.
        sector: String,
        /// Date of the founding deliberation.
        formed_on: NaiveDate,
        /// Founding members, in request order.
        members: Vec<HouseholdFacts>,
        /// Facilitator, if already assigned.
        facilitator: Option<String>,
    },
    /// Add a member.
    AddMember {
        /// The household.
        household: HouseholdFacts,
        /// When it joined.
        joined_on: NaiveDate,
    },
    /// A member leaves.
    RemoveMember {
        /// The household.
        household_id: Uuid,
        /// Why.
        reason: LeaveReason,
        /// When.
        left_on: NaiveDate,
        /// Note.
        note: String,
        /// Who takes over the leaver's seat, if it holds one.
        successor: Option<Uuid>,
    },
    /// Record a board election.
    ElectBoard {
        /// Ketua.
        chair: Uuid,
        /// Sekretaris.
        secretary: Uuid,
        /// Bendahara.
        treasurer: Uuid,
        /// When.
        elected_on: NaiveDate,
        /// Note.
        note: String,
    },
    /// Assign a facilitator.
    AssignFacilitator {
        /// The facilitator.
        facilitator_id: String,
        /// When.
        assigned_on: NaiveDate,
    },
    /// Record a meeting.
    RecordMeeting {
        /// When.
        held_on: NaiveDate,
        /// Members present.
        attendees: Vec<Uuid>,
        /// Agenda and decisions.
        notes: String,
    },
    /// Adopt a business plan version.
    AdoptBusinessPlan {
        /// When.
        adopted_on: NaiveDate,
        /// Summary.
        summary: String,
        /// Products or services.
        products: String,
        /// Capital needed.
        capital_required: Rupiah,
        /// Target monthly revenue.
        target_monthly_revenue: Rupiah,
    },
    /// Record the group account.
    RecordAccount(GroupAccount),
    /// Award a grant.
    AwardGrant {
        /// Id chosen for it.
        grant_id: Uuid,
        /// Scheme.
        scheme: GrantScheme,
        /// Scheme name, required for `Other`.
        scheme_name: String,
        /// Amount.
        amount: Rupiah,
        /// Date of the decision.
        awarded_on: NaiveDate,
        /// Conditions.
        conditions: Vec<String>,
        /// Decision reference.
        reference: String,
    },
    /// Disburse a tranche.
    DisburseTranche {
        /// The grant.
        grant_id: Uuid,
        /// Amount.
        amount: Rupiah,
        /// Date of the transfer.
        disbursed_on: NaiveDate,
        /// Transfer reference.
        reference: String,
    },
    /// Report a month's progress.
    ReportProgress {
        /// The month.
        month: Month,
        /// Revenue.
        revenue: Rupiah,
        /// Costs.
        costs: Rupiah,
        /// Capital at the month's end.
        capital: Rupiah,
        /// How the profit was split.
        split: ProfitSplit,
        /// Date reported.
        reported_on: NaiveDate,
        /// Note.
        note: String,
    },
    /// Share IKS with poor families outside the group.
    ShareIks {
        /// Amount.
        amount: Rupiah,
        /// When.
        shared_on: NaiveDate,
        /// Who and why.
        recipients: String,
        /// Registered recipient households.
        recipient_household_ids: Vec<Uuid>,
    },
    /// Propose the next stage.
    ProposeStageChange {
        /// Id chosen for the proposal.
        proposal_id: Uuid,
        /// The stage proposed.
        to: Stage,
        /// The assessment.
        assessment: Assessment,
        /// The proposer (authenticated subject).
        proposed_by: String,
        /// Date of the proposal (today unless the caller backdates it).
        proposed_on: NaiveDate,
    },
    /// Approve the pending proposal.
    ApproveStageChange {
        /// The proposal.
        proposal_id: Uuid,
        /// The approver (authenticated subject, a supervisor).
        approved_by: String,
        /// When.
        approved_on: NaiveDate,
        /// Note.
        note: String,
    },
    /// Reject the pending proposal.
    RejectStageChange {
        /// The proposal.
        proposal_id: Uuid,
        /// The rejecter (authenticated subject, a supervisor).
        rejected_by: String,
        /// When.
        rejected_on: NaiveDate,
        /// Why.
        reason: String,
    },
    /// Dissolve the group.
    Dissolve {
        /// When.
        dissolved_on: NaiveDate,
        /// Why.
        reason: String,
    },
}
