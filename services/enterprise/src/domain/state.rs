//! A KUBE group as its events make it: `apply` folds one event in.

use berdaya_domain::id::RegionCode;
use berdaya_domain::{Aggregate, DomainError, Rupiah};
use chrono::NaiveDate;
use uuid::Uuid;

use super::commands::GroupCommand;
use super::events::{BusinessPlan, GroupAccount, GroupEvent, ProgressReport};
use super::policy::GroupPolicy;
pub use super::records::{Board, Membership, Proposal, ProposalStatus};
pub(super) use super::records::{Grant, Meeting, Tranche};
use super::{BusinessType, Stage};

/// Lifecycle of a group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum GroupStatus {
    /// No `Formed` event yet.
    #[default]
    Unformed,
    /// Working.
    Active,
    /// Dissolved; kept for history.
    Dissolved,
}

/// The KUBE group aggregate's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KubeGroup {
    /// Stable id (set by `Formed`).
    pub id: Option<Uuid>,
    /// Lifecycle.
    pub status: GroupStatus,
    /// Name.
    pub name: String,
    /// Village.
    pub village: Option<RegionCode>,
    /// UEP or UKS.
    pub business_type: Option<BusinessType>,
    /// Line of business.
    pub sector: String,
    /// Date of formation.
    pub formed_on: Option<NaiveDate>,
    /// Current stage.
    pub stage: Stage,
    /// Current facilitator.
    pub facilitator: Option<String>,
    /// Memberships, current and former, in the order they began.
    pub members: Vec<Membership>,
    /// The board.
    pub board: Board,
    /// Business plan versions, oldest first.
    pub plans: Vec<BusinessPlan>,
    /// The group account.
    pub account: Option<GroupAccount>,
    /// Grants, in award order.
    pub grants: Vec<Grant>,
    /// Progress reports, ordered by month.
    pub reports: Vec<ProgressReport>,
    /// IKS shared with poor families outside the group.
    pub iks_shared: Rupiah,
    /// Stage proposals, oldest first.
    pub proposals: Vec<Proposal>,
    /// Meetings, oldest first.
    pub meetings: Vec<Meeting>,
}

impl KubeGroup {
    /// The active membership of `household`, if any.
    pub fn active_member(&self, household: Uuid) -> Option<&Membership> {
        self.members
            .iter()
            .find(|m| m.household_id == household && m.active())
    }

    /// Active memberships.
    pub fn active_members(&self) -> impl Iterator<Item = &Membership> {
        self.members.iter().filter(|m| m.active())
    }

    /// How many households belong now.
    pub fn member_count(&self) -> usize {
        self.active_members().count()
    }

    /// A grant by id.
    pub fn grant(&self, grant_id: Uuid) -> Option<&Grant> {
        self.grants.iter().find(|g| g.grant_id == grant_id)
    }

    /// IKS set aside from profit so far. Saturating: decide refuses a report that would
    /// pass the limit, so only an event recorded before the bounds existed can reach it.
    pub fn iks_collected(&self) -> Rupiah {
        Rupiah::saturating_sum(self.reports.iter().map(|r| r.split.iks))
    }

    /// IKS collected and not yet shared.
    pub fn iks_balance(&self) -> Rupiah {
        self.iks_collected().saturating_sub(self.iks_shared)
    }

    /// The pending stage proposal, if any.
    pub fn pending_proposal(&self) -> Option<&Proposal> {
        self.proposals
            .iter()
            .find(|p| p.status == ProposalStatus::Pending)
    }

    fn proposal_mut(&mut self, id: Uuid) -> Option<&mut Proposal> {
        self.proposals.iter_mut().find(|p| p.proposal_id == id)
    }
}

impl Aggregate for KubeGroup {
    const CATEGORY: &'static str = berdaya_proto::category::enterprise::KUBE;
    type Command = GroupCommand;
    type Event = GroupEvent;
    type Rules = GroupPolicy;

    fn decide(
        &self,
        command: &GroupCommand,
        rules: &GroupPolicy,
    ) -> Result<Vec<GroupEvent>, DomainError> {
        super::decide::decide(self, command, rules)
    }

    fn apply(&mut self, event: &GroupEvent) {
        use GroupEvent as E;
        match event {
            E::Formed {
                group_id,
                name,
                village,
                business_type,
                sector,
                formed_on,
                members,
                facilitator,
            } => {
                self.id = Some(*group_id);
                self.status = GroupStatus::Active;
                self.name = name.clone();
                self.village = Some(village.clone());
                self.business_type = Some(*business_type);
                self.sector = sector.clone();
                self.formed_on = Some(*formed_on);
                self.facilitator = facilitator.clone();
                self.members = members
                    .iter()
                    .map(|id| Membership {
                        household_id: *id,
                        joined_on: *formed_on,
                        left_on: None,
                        leave_reason: None,
                    })
                    .collect();
            }
            E::MemberJoined {
                household_id,
                joined_on,
            } => self.members.push(Membership {
                household_id: *household_id,
                joined_on: *joined_on,
                left_on: None,
                leave_reason: None,
            }),
            E::MemberLeft {
                household_id,
                left_on,
                reason,
                handovers,
                ..
            } => {
                if let Some(m) = self
                    .members
                    .iter_mut()
                    .find(|m| m.household_id == *household_id && m.active())
                {
                    m.left_on = Some(*left_on);
                    m.leave_reason = Some(*reason);
                }
                for seat in self.board.seats_of(*household_id) {
                    *self.board.seat_mut(seat) = None;
                }
                for (seat, successor) in handovers {
                    *self.board.seat_mut(*seat) = Some(*successor);
                }
            }
            E::BoardElected {
                chair,
                secretary,
                treasurer,
                elected_on,
                ..
            } => {
                self.board = Board {
                    chair: Some(*chair),
                    secretary: Some(*secretary),
                    treasurer: Some(*treasurer),
                    elected_on: Some(*elected_on),
                }
            }
            E::FacilitatorAssigned { facilitator_id, .. } => {
                self.facilitator = Some(facilitator_id.clone());
            }
            E::MeetingRecorded {
                held_on,
                attendees,
                notes,
            } => self.meetings.push(Meeting {
                held_on: *held_on,
                attendees: attendees.clone(),
                notes: notes.clone(),
            }),
            E::BusinessPlanAdopted(plan) => self.plans.push(plan.clone()),
            E::AccountRecorded(account) => self.account = Some(account.clone()),
            E::GrantAwarded {
                grant_id,
                scheme,
                scheme_name,
                amount,
                awarded_on,
                conditions,
                reference,
            } => self.grants.push(Grant {
                grant_id: *grant_id,
                scheme: *scheme,
                scheme_name: scheme_name.clone(),
                amount: *amount,
                awarded_on: *awarded_on,
                conditions: conditions.clone(),
                reference: reference.clone(),
                tranches: Vec::new(),
            }),
            E::TrancheDisbursed {
                grant_id,
                number,
                amount,
                disbursed_on,
                reference,
                account_number,
                ..
            } => {
                if let Some(grant) = self.grants.iter_mut().find(|g| g.grant_id == *grant_id) {
                    grant.tranches.push(Tranche {
                        number: *number,
                        amount: *amount,
                        disbursed_on: *disbursed_on,
                        reference: reference.clone(),
                        account_number: account_number.clone(),
                    });
                }
            }
            E::ProgressReported(report) => {
                let at = self.reports.partition_point(|r| r.month < report.month);
                self.reports.insert(at, report.clone());
            }
            E::IksShared { amount, .. } => {
                self.iks_shared = self.iks_shared.saturating_add(*amount)
            }
            E::StageChangeProposed {
                proposal_id,
                from,
                to,
                assessment,
                proposed_by,
                proposed_on,
            } => self.proposals.push(Proposal {
                proposal_id: *proposal_id,
                from: *from,
                to: *to,
                assessment: assessment.clone(),
                proposed_by: proposed_by.clone(),
                proposed_on: *proposed_on,
                status: ProposalStatus::Pending,
            }),
            E::StageChangeApproved {
                proposal_id,
                to,
                approved_by,
                approved_on,
                note,
            } => {
                self.stage = *to;
                if let Some(p) = self.proposal_mut(*proposal_id) {
                    p.status = ProposalStatus::Approved {
                        by: approved_by.clone(),
                        on: *approved_on,
                        note: note.clone(),
                    };
                }
            }
            E::StageChangeRejected {
                proposal_id,
                rejected_by,
                rejected_on,
                reason,
            } => {
                if let Some(p) = self.proposal_mut(*proposal_id) {
                    p.status = ProposalStatus::Rejected {
                        by: rejected_by.clone(),
                        on: *rejected_on,
                        reason: reason.clone(),
                    };
                }
            }
            E::Dissolved { .. } => self.status = GroupStatus::Dissolved,
        }
    }
}
