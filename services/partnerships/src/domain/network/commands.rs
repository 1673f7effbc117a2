//! What users ask of a network. Ids, dates and the partners' standing are chosen or
//! looked up at the edge and passed in, so deciding stays pure.

use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use super::events::EvaluationResult;
use crate::domain::{NetworkKind, PartnerFacts};

/// The commands a network accepts.
#[derive(Debug, Clone)]
pub enum NetworkCommand {
    /// Form a network.
    Form(FormNetwork),
    /// A partner joins.
    Join(JoinNetwork),
    /// A partner leaves.
    Leave(LeaveNetwork),
    /// Plan a joint action.
    PlanAction(PlanJointAction),
    /// Record that a joint action took place.
    RecordActionHeld(RecordJointActionHeld),
    /// Record the joint evaluation of a held action.
    EvaluateAction(EvaluateJointAction),
    /// Call off a planned action.
    CancelAction(CancelJointAction),
    /// Dissolve the network.
    Dissolve(DissolveNetwork),
}

/// Form a network.
#[derive(Debug, Clone)]
pub struct FormNetwork {
    /// Id chosen for it.
    pub network_id: Uuid,
    /// Association, consortium or forum.
    pub kind: NetworkKind,
    /// Name.
    pub name: String,
    /// The region it works in (checked at the edge).
    pub region: RegionCode,
    /// What it is for.
    pub purpose: String,
    /// Date of formation.
    pub formed_on: NaiveDate,
    /// The founding partners' standing, in request order.
    pub founding_members: Vec<PartnerFacts>,
}

/// A partner joins.
#[derive(Debug, Clone)]
pub struct JoinNetwork {
    /// The partner's standing.
    pub partner: PartnerFacts,
    /// When.
    pub joined_on: NaiveDate,
}

/// A partner leaves.
#[derive(Debug, Clone)]
pub struct LeaveNetwork {
    /// The partner.
    pub partner_id: Uuid,
    /// When.
    pub left_on: NaiveDate,
    /// Why.
    pub reason: String,
}

/// Plan a joint action.
#[derive(Debug, Clone)]
pub struct PlanJointAction {
    /// Id chosen for it.
    pub action_id: Uuid,
    /// Title.
    pub title: String,
    /// What it is to do.
    pub description: String,
    /// The day it is planned for.
    pub planned_on: NaiveDate,
    /// Where.
    pub location: String,
}

/// Record that a joint action took place.
#[derive(Debug, Clone)]
pub struct RecordJointActionHeld {
    /// The action.
    pub action_id: Uuid,
    /// When.
    pub held_on: NaiveDate,
    /// The member partners who took part.
    pub participant_partner_ids: Vec<Uuid>,
    /// How many people attended.
    pub attendance: u32,
    /// What it produced.
    pub outcome: String,
}

/// Record the evaluation of a held action.
#[derive(Debug, Clone)]
pub struct EvaluateJointAction {
    /// The action.
    pub action_id: Uuid,
    /// When.
    pub evaluated_on: NaiveDate,
    /// The verdict.
    pub result: EvaluationResult,
    /// What was learnt.
    pub findings: String,
    /// What comes next.
    pub follow_up: String,
}

/// Call off a planned action.
#[derive(Debug, Clone)]
pub struct CancelJointAction {
    /// The action.
    pub action_id: Uuid,
    /// When.
    pub cancelled_on: NaiveDate,
    /// Why.
    pub reason: String,
}

/// Dissolve the network.
#[derive(Debug, Clone)]
pub struct DissolveNetwork {
    /// When.
    pub dissolved_on: NaiveDate,
    /// Why.
    pub reason: String,
}
