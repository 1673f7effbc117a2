//! The network aggregate: an association, consortium or forum of partners, its members
//! over time and its joint actions (planned, held, evaluated), as its events make it.

mod commands;
mod decide;
mod events;

#[cfg(test)]
pub(crate) mod fixtures;

pub use commands::*;
pub use events::*;

use berdaya_domain::id::RegionCode;
use berdaya_domain::{Aggregate, DomainError};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::NetworkKind;

/// Network rules that come from configuration, not code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkRules {
    /// Fewest partners a network is formed with (2: one partner alone is not a
    /// network).
    pub min_founding_members: usize,
}

impl Default for NetworkRules {
    fn default() -> Self {
        Self {
            min_founding_members: 2,
        }
    }
}

/// Lifecycle of a network.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NetworkStatus {
    /// No `Formed` event yet.
    #[default]
    NotFormed,
    /// Working.
    Active,
    /// Dissolved; kept for history.
    Dissolved,
}

/// One membership period of a partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkMembership {
    /// The partner.
    pub partner_id: Uuid,
    /// When it joined.
    pub joined_on: NaiveDate,
    /// When it left; `None` while a member.
    pub left_on: Option<NaiveDate>,
    /// Why it left.
    pub leave_reason: Option<String>,
}

impl NetworkMembership {
    /// True when the partner was a member on `date` (it leaves at the start of its
    /// leaving day).
    pub fn member_on(&self, date: NaiveDate) -> bool {
        self.joined_on <= date && self.left_on.is_none_or(|left| date < left)
    }
}

/// Where a joint action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JointActionStatus {
    /// Planned, not yet held.
    Planned,
    /// Held, not yet evaluated.
    Held,
    /// Held and evaluated.
    Evaluated,
    /// Called off.
    Cancelled,
}

/// How a joint action went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionHeld {
    /// When.
    pub held_on: NaiveDate,
    /// The member partners who took part.
    pub participant_partner_ids: Vec<Uuid>,
    /// How many people attended.
    pub attendance: u32,
    /// What it produced.
    pub outcome: String,
}

/// The joint evaluation of a held action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionEvaluation {
    /// When.
    pub evaluated_on: NaiveDate,
    /// The verdict.
    pub result: EvaluationResult,
    /// What was learnt.
    pub findings: String,
    /// What comes next.
    pub follow_up: String,
}

/// A joint action (aksi bersama) of the network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JointAction {
    /// Stable id within the network.
    pub action_id: Uuid,
    /// Title.
    pub title: String,
    /// What it is to do.
    pub description: String,
    /// The day it is planned for.
    pub planned_on: NaiveDate,
    /// Where.
    pub location: String,
    /// Where it stands.
    pub status: JointActionStatus,
    /// How it went, once held.
    pub held: Option<ActionHeld>,
    /// The evaluation, once evaluated.
    pub evaluation: Option<ActionEvaluation>,
    /// Why it was called off, and when.
    pub cancellation: Option<(NaiveDate, String)>,
}

/// The network aggregate's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Network {
    /// Stable id (set by `Formed`).
    pub id: Option<Uuid>,
    /// Lifecycle.
    pub status: NetworkStatus,
    /// Association, consortium or forum.
    pub kind: Option<NetworkKind>,
    /// Name.
    pub name: String,
    /// The region it works in.
    pub region: Option<RegionCode>,
    /// What it is for.
    pub purpose: String,
    /// Date of formation.
    pub formed_on: Option<NaiveDate>,
    /// Membership periods, in the order they began.
    pub memberships: Vec<NetworkMembership>,
    /// Joint actions, in the order they were planned.
    pub actions: Vec<JointAction>,
    /// When and why it was dissolved.
    pub dissolution: Option<(NaiveDate, String)>,
}

impl Network {
    /// The current membership of a partner, if it is a member.
    pub fn current_membership(&self, partner_id: Uuid) -> Option<&NetworkMembership> {
        self.memberships
            .iter()
            .find(|m| m.partner_id == partner_id && m.left_on.is_none())
    }

    /// The partners that are members now.
    pub fn current_members(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.memberships
            .iter()
            .filter(|m| m.left_on.is_none())
            .map(|m| m.partner_id)
    }

    /// True when the partner was a member on `date`.
    pub fn member_on(&self, partner_id: Uuid, date: NaiveDate) -> bool {
        self.memberships
            .iter()
            .any(|m| m.partner_id == partner_id && m.member_on(date))
    }

    /// A joint action by id.
    pub fn action(&self, action_id: Uuid) -> Option<&JointAction> {
        self.actions.iter().find(|a| a.action_id == action_id)
    }

    fn action_mut(&mut self, action_id: Uuid) -> Option<&mut JointAction> {
        self.actions.iter_mut().find(|a| a.action_id == action_id)
    }
}

impl Aggregate for Network {
    const CATEGORY: &'static str = berdaya_proto::category::partnerships::NETWORK;
    type Command = NetworkCommand;
    type Event = NetworkEvent;
    type Rules = NetworkRules;

    fn decide(
        &self,
        command: &NetworkCommand,
        rules: &NetworkRules,
    ) -> Result<Vec<NetworkEvent>, DomainError> {
        decide::decide(self, command, rules)
    }

    fn apply(&mut self, event: &NetworkEvent) {
        use NetworkEvent as E;
        match event {
            E::ActionPlanned { .. }
            | E::ActionHeld { .. }
            | E::ActionEvaluated { .. }
            | E::ActionCancelled { .. } => self.apply_action(event),
            E::Formed {
                network_id,
                kind,
                name,
                region,
                purpose,
                formed_on,
                founding_partner_ids,
            } => {
                self.id = Some(*network_id);
                self.status = NetworkStatus::Active;
                self.kind = Some(*kind);
                self.name = name.clone();
                self.region = Some(region.clone());
                self.purpose = purpose.clone();
                self.formed_on = Some(*formed_on);
                self.memberships = founding_partner_ids
                    .iter()
                    .map(|partner_id| NetworkMembership {
                        partner_id: *partner_id,
                        joined_on: *formed_on,
                        left_on: None,
                        leave_reason: None,
                    })
                    .collect();
            }
            E::MemberJoined {
                partner_id,
                joined_on,
            } => self.memberships.push(NetworkMembership {
                partner_id: *partner_id,
                joined_on: *joined_on,
                left_on: None,
                leave_reason: None,
            }),
            E::MemberLeft {
                partner_id,
                left_on,
                reason,
            } => {
                if let Some(m) = self
                    .memberships
                    .iter_mut()
                    .find(|m| m.partner_id == *partner_id && m.left_on.is_none())
                {
                    m.left_on = Some(*left_on);
                    m.leave_reason = Some(reason.clone());
                }
            }
            E::Dissolved {
                dissolved_on,
                reason,
            } => {
                self.status = NetworkStatus::Dissolved;
                self.dissolution = Some((*dissolved_on, reason.clone()));
            }
        }
    }
}

impl Network {
    /// Folds in an event of a joint action's life.
    fn apply_action(&mut self, event: &NetworkEvent) {
        use NetworkEvent as E;
        match event {
            E::ActionPlanned {
                action_id,
                title,
                description,
                planned_on,
                location,
            } => self.actions.push(JointAction {
                action_id: *action_id,
                title: title.clone(),
                description: description.clone(),
                planned_on: *planned_on,
                location: location.clone(),
                status: JointActionStatus::Planned,
                held: None,
                evaluation: None,
                cancellation: None,
            }),
            E::ActionHeld {
                action_id,
                held_on,
                participant_partner_ids,
                attendance,
                outcome,
            } => {
                if let Some(action) = self.action_mut(*action_id) {
                    action.status = JointActionStatus::Held;
                    action.held = Some(ActionHeld {
                        held_on: *held_on,
                        participant_partner_ids: participant_partner_ids.clone(),
                        attendance: *attendance,
                        outcome: outcome.clone(),
                    });
                }
            }
            E::ActionEvaluated {
                action_id,
                evaluated_on,
                result,
                findings,
                follow_up,
            } => {
                if let Some(action) = self.action_mut(*action_id) {
                    action.status = JointActionStatus::Evaluated;
                    action.evaluation = Some(ActionEvaluation {
                        evaluated_on: *evaluated_on,
                        result: *result,
                        findings: findings.clone(),
                        follow_up: follow_up.clone(),
                    });
                }
            }
            E::ActionCancelled {
                action_id,
                cancelled_on,
                reason,
            } => {
                if let Some(action) = self.action_mut(*action_id) {
                    action.status = JointActionStatus::Cancelled;
                    action.cancellation = Some((*cancelled_on, reason.clone()));
                }
            }
            _ => {}
        }
    }
}
