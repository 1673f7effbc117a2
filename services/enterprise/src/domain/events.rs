//! What happened to a KUBE group: the facts its history is made of.

use berdaya_domain::Rupiah;
use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use super::{BoardSeat, BusinessType, Criterion, GrantScheme, LeaveReason, Stage};
use berdaya_domain::Month;

/// One version of a business plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessPlan {
    /// 1, 2, 3, ...
    pub version: u32,
    /// Date of adoption.
    pub adopted_on: NaiveDate,
    /// What the business does and how.
    pub summary: String,
    /// Products or services.
    pub products: String,
    /// Capital needed.
    pub capital_required: Rupiah,
    /// Target revenue per month.
    pub target_monthly_revenue: Rupiah,
}

/// The group's bank account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupAccount {
    /// Bank.
    pub bank_name: String,
    /// Account number (the group's).
    pub account_number: String,
    /// Date opened.
    pub opened_on: NaiveDate,
}

/// How a month's profit was split.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProfitSplit {
    /// Added to capital.
    pub capital: Rupiah,
    /// Paid out for member welfare.
    pub member_welfare: Rupiah,
    /// Set aside as IKS.
    pub iks: Rupiah,
}

/// One month's business progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressReport {
    /// The month.
    pub month: Month,
    /// Revenue (omzet).
    pub revenue: Rupiah,
    /// Costs.
    pub costs: Rupiah,
    /// Revenue minus costs; negative for a loss.
    pub profit: Rupiah,
    /// Capital at the month's end.
    pub capital: Rupiah,
    /// How the profit was split.
    pub split: ProfitSplit,
    /// Date reported.
    pub reported_on: NaiveDate,
    /// Note.
    pub note: String,
}

/// A criterion's score in an assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionScore {
    /// The criterion.
    pub criterion: Criterion,
    /// 0 to 100.
    pub score: u8,
    /// Note.
    pub note: String,
}

/// A stage assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// Who assessed.
    pub assessor: String,
    /// When.
    pub assessed_on: NaiveDate,
    /// On what evidence.
    pub evidence: String,
    /// One score per criterion of the target stage.
    pub scores: Vec<CriterionScore>,
}

/// The events of a KUBE group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupEvent {
    /// Formed by its founding members.
    Formed {
        /// Stable id.
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
        /// Founding member households.
        members: Vec<Uuid>,
        /// Facilitator assigned at formation.
        facilitator: Option<String>,
    },
    /// A household joined.
    MemberJoined {
        /// The household.
        household_id: Uuid,
        /// When.
        joined_on: NaiveDate,
    },
    /// A household left, handing over its seats.
    MemberLeft {
        /// The household.
        household_id: Uuid,
        /// When.
        left_on: NaiveDate,
        /// Why.
        reason: LeaveReason,
        /// Note.
        note: String,
        /// Seats handed over, with the member taking each.
        handovers: Vec<(BoardSeat, Uuid)>,
    },
    /// A board was elected.
    BoardElected {
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
    /// A facilitator was assigned.
    FacilitatorAssigned {
        /// The facilitator.
        facilitator_id: String,
        /// When.
        assigned_on: NaiveDate,
        /// The one replaced.
        previous: Option<String>,
    },
    /// The group met.
    MeetingRecorded {
        /// When.
        held_on: NaiveDate,
        /// Members present.
        attendees: Vec<Uuid>,
        /// Agenda and decisions.
        notes: String,
    },
    /// A business plan version was adopted.
    BusinessPlanAdopted(BusinessPlan),
    /// The group account was recorded.
    AccountRecorded(GroupAccount),
    /// A grant was awarded.
    GrantAwarded {
        /// Stable id.
        grant_id: Uuid,
        /// Scheme.
        scheme: GrantScheme,
        /// Scheme name for `Other`; empty otherwise.
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
    /// A tranche reached the group account.
    TrancheDisbursed {
        /// The grant.
        grant_id: Uuid,
        /// 1, 2, 3, ... within the grant.
        number: u32,
        /// Amount.
        amount: Rupiah,
        /// Date of the transfer.
        disbursed_on: NaiveDate,
        /// Transfer reference.
        reference: String,
        /// What remains of the award after it.
        remaining: Rupiah,
        /// The account paid into.
        account_number: String,
    },
    /// A month's progress was reported.
    ProgressReported(ProgressReport),
    /// IKS was shared with poor families outside the group.
    IksShared {
        /// Amount.
        amount: Rupiah,
        /// When.
        shared_on: NaiveDate,
        /// Who and why.
        recipients: String,
        /// Registered recipient households.
        recipient_household_ids: Vec<Uuid>,
    },
    /// A stage change was proposed.
    StageChangeProposed {
        /// Stable id.
        proposal_id: Uuid,
        /// Current stage.
        from: Stage,
        /// Proposed stage.
        to: Stage,
        /// The assessment.
        assessment: Assessment,
        /// The proposer (authenticated subject).
        proposed_by: String,
        /// When.
        proposed_on: NaiveDate,
    },
    /// A supervisor approved it: the group moved.
    StageChangeApproved {
        /// The proposal.
        proposal_id: Uuid,
        /// The new stage.
        to: Stage,
        /// The approver (authenticated subject).
        approved_by: String,
        /// When.
        approved_on: NaiveDate,
        /// Note.
        note: String,
    },
    /// A supervisor rejected it.
    StageChangeRejected {
        /// The proposal.
        proposal_id: Uuid,
        /// The rejecter (authenticated subject).
        rejected_by: String,
        /// When.
        rejected_on: NaiveDate,
        /// Why.
        reason: String,
    },
    /// The group was dissolved.
    Dissolved {
        /// When.
        dissolved_on: NaiveDate,
        /// Why.
        reason: String,
    },
}
