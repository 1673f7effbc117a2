//! What happened to a network: the facts its history is made of.

use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::NetworkKind;

/// How a joint action measured up to what it set out to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvaluationResult {
    /// It achieved what was planned.
    Achieved,
    /// Part of it.
    PartlyAchieved,
    /// Not what was planned.
    NotAchieved,
}

/// The events of a network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetworkEvent {
    /// The network was formed by its founding members.
    Formed {
        /// Stable id.
        network_id: Uuid,
        /// Association, consortium or forum.
        kind: NetworkKind,
        /// Name.
        name: String,
        /// The region it works in.
        region: RegionCode,
        /// What it is for.
        purpose: String,
        /// Date of formation; the founding members joined on it.
        formed_on: NaiveDate,
        /// The founding partners.
        founding_partner_ids: Vec<Uuid>,
    },
    /// A partner joined.
    MemberJoined {
        /// The partner.
        partner_id: Uuid,
        /// When.
        joined_on: NaiveDate,
    },
    /// A partner left.
    MemberLeft {
        /// The partner.
        partner_id: Uuid,
        /// When.
        left_on: NaiveDate,
        /// Why.
        reason: String,
    },
    /// A joint action was planned.
    ActionPlanned {
        /// Stable id within the network.
        action_id: Uuid,
        /// Title, e.g. `Bazar produk KUBE`.
        title: String,
        /// What it is to do.
        description: String,
        /// The day it is planned for.
        planned_on: NaiveDate,
        /// Where.
        location: String,
    },
    /// A joint action took place.
    ActionHeld {
        /// The action.
        action_id: Uuid,
        /// When.
        held_on: NaiveDate,
        /// The member partners who took part.
        participant_partner_ids: Vec<Uuid>,
        /// How many people attended.
        attendance: u32,
        /// What it produced.
        outcome: String,
    },
    /// A held joint action was evaluated together.
    ActionEvaluated {
        /// The action.
        action_id: Uuid,
        /// When.
        evaluated_on: NaiveDate,
        /// The verdict.
        result: EvaluationResult,
        /// What was learnt.
        findings: String,
        /// What comes next.
        follow_up: String,
    },
    /// A planned joint action was called off.
    ActionCancelled {
        /// The action.
        action_id: Uuid,
        /// When.
        cancelled_on: NaiveDate,
        /// Why.
        reason: String,
    },
    /// The network was dissolved.
    Dissolved {
        /// When.
        dissolved_on: NaiveDate,
        /// Why.
        reason: String,
    },
}
