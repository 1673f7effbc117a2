//! The parts of a KUBE group's state: memberships, board, grants and tranches, stage
//! proposals and meetings.

use berdaya_domain::Rupiah;
use chrono::NaiveDate;
use uuid::Uuid;

use super::events::Assessment;
use super::{BoardSeat, GrantScheme, LeaveReason, Stage};

/// One membership period of a household.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    /// The household.
    pub household_id: Uuid,
    /// When it joined.
    pub joined_on: NaiveDate,
    /// When it left; `None` while a member.
    pub left_on: Option<NaiveDate>,
    /// Why it left.
    pub leave_reason: Option<LeaveReason>,
}

impl Membership {
    /// True while the household belongs.
    pub fn active(&self) -> bool {
        self.left_on.is_none()
    }
}

/// The board (pengurus).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Board {
    /// Ketua.
    pub chair: Option<Uuid>,
    /// Sekretaris.
    pub secretary: Option<Uuid>,
    /// Bendahara.
    pub treasurer: Option<Uuid>,
    /// Date of the last election.
    pub elected_on: Option<NaiveDate>,
}

impl Board {
    /// Who holds `seat`.
    pub fn holder(&self, seat: BoardSeat) -> Option<Uuid> {
        match seat {
            BoardSeat::Chair => self.chair,
            BoardSeat::Secretary => self.secretary,
            BoardSeat::Treasurer => self.treasurer,
        }
    }

    pub(super) fn seat_mut(&mut self, seat: BoardSeat) -> &mut Option<Uuid> {
        match seat {
            BoardSeat::Chair => &mut self.chair,
            BoardSeat::Secretary => &mut self.secretary,
            BoardSeat::Treasurer => &mut self.treasurer,
        }
    }

    /// The seats `household` holds.
    pub fn seats_of(&self, household: Uuid) -> Vec<BoardSeat> {
        BoardSeat::ALL
            .into_iter()
            .filter(|seat| self.holder(*seat) == Some(household))
            .collect()
    }

    /// True when every seat is taken.
    pub fn complete(&self) -> bool {
        BoardSeat::ALL
            .iter()
            .all(|seat| self.holder(*seat).is_some())
    }
}

/// A grant and what was paid of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// Stable id.
    pub grant_id: Uuid,
    /// Scheme.
    pub scheme: GrantScheme,
    /// Scheme name for `Other`.
    pub scheme_name: String,
    /// Amount awarded.
    pub amount: Rupiah,
    /// Date of the award.
    pub awarded_on: NaiveDate,
    /// Conditions.
    pub conditions: Vec<String>,
    /// Decision reference.
    pub reference: String,
    /// Tranches paid.
    pub tranches: Vec<Tranche>,
}

impl Grant {
    /// Paid so far (saturating: decide never pays more than the award, itself bounded).
    pub fn disbursed(&self) -> Rupiah {
        Rupiah::saturating_sum(self.tranches.iter().map(|t| t.amount))
    }

    /// What remains of the award.
    pub fn remaining(&self) -> Rupiah {
        self.amount.saturating_sub(self.disbursed())
    }
}

/// One tranche paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tranche {
    /// 1, 2, 3, ...
    pub number: u32,
    /// Amount.
    pub amount: Rupiah,
    /// Date of the transfer.
    pub disbursed_on: NaiveDate,
    /// Transfer reference.
    pub reference: String,
    /// The account paid into.
    pub account_number: String,
}

/// The outcome of a stage proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProposalStatus {
    /// Waiting for a supervisor.
    Pending,
    /// Approved by `by` on `on`.
    Approved {
        /// The approver.
        by: String,
        /// When.
        on: NaiveDate,
        /// Note.
        note: String,
    },
    /// Rejected by `by` on `on`.
    Rejected {
        /// The rejecter.
        by: String,
        /// When.
        on: NaiveDate,
        /// Why.
        reason: String,
    },
}

/// A stage proposal and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// Stable id.
    pub proposal_id: Uuid,
    /// From which stage.
    pub from: Stage,
    /// To which stage.
    pub to: Stage,
    /// The assessment.
    pub assessment: Assessment,
    /// The proposer.
    pub proposed_by: String,
    /// When proposed.
    pub proposed_on: NaiveDate,
    /// Outcome.
    pub status: ProposalStatus,
}

/// A meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    /// When.
    pub held_on: NaiveDate,
    /// Members present.
    pub attendees: Vec<Uuid>,
    /// Agenda and decisions.
    pub notes: String,
}
