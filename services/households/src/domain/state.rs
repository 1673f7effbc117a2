//! The household as its events make it: `apply` folds one event in.

use berdaya_domain::id::{KkNumber, RankingRound, RegionCode};
use berdaya_domain::{Aggregate, DomainError, Rupiah};
use chrono::NaiveDate;
use uuid::Uuid;

use super::commands::HouseholdCommand;
use super::events::{ComponentAssignment, HouseholdData, HouseholdEvent, MemberFacts};
use super::policy::ProgrammePolicy;
use super::{ExitReason, Programme, Relationship, RemovalReason};

/// Lifecycle of a household.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HouseholdStatus {
    /// No `Registered` event yet.
    #[default]
    Unregistered,
    /// In the registry.
    Active,
    /// Closed; kept for history.
    Closed,
}

/// A member and whether they still belong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// What events recorded about them.
    pub facts: MemberFacts,
    /// Still in the household.
    pub active: bool,
    /// Why they left.
    pub removal_reason: Option<RemovalReason>,
}

/// A programme enrolment, current or ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolment {
    /// Which programme.
    pub programme: Programme,
    /// Still enrolled.
    pub active: bool,
    /// When.
    pub enrolled_on: NaiveDate,
    /// Decile at enrolment.
    pub decile: u8,
    /// Its round.
    pub ranking_round: RankingRound,
    /// PKH components.
    pub components: Vec<ComponentAssignment>,
    /// PKH entitlement.
    pub annual_entitlement: Rupiah,
    /// When it ended.
    pub exited_on: Option<NaiveDate>,
    /// Why it ended.
    pub exit_reason: Option<ExitReason>,
}

/// The household aggregate's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Household {
    /// Stable id (set by `Registered`).
    pub id: Option<Uuid>,
    /// Lifecycle.
    pub status: HouseholdStatus,
    /// Current village.
    pub village: Option<RegionCode>,
    /// KK numbers with the dates they took effect, oldest first; the last is current. A
    /// number reads `None` once the household's personal data is erased.
    pub kk_history: Vec<(Option<KkNumber>, NaiveDate)>,
    /// Current decile.
    pub decile: u8,
    /// Its round.
    pub ranking_round: Option<RankingRound>,
    /// The household's own data subject.
    pub subject_id: Option<Uuid>,
    /// Address and phone; `None` when erased.
    pub data: Option<HouseholdData>,
    /// Members, current and former, in the order they joined.
    pub members: Vec<Member>,
    /// Enrolments, in the order they started.
    pub enrolments: Vec<Enrolment>,
}

impl Household {
    /// The current KK number.
    pub fn kk_number(&self) -> Option<&(Option<KkNumber>, NaiveDate)> {
        self.kk_history.last()
    }

    /// A member by id, active or not.
    pub fn member(&self, member_id: Uuid) -> Option<&Member> {
        self.members.iter().find(|m| m.facts.member_id == member_id)
    }

    /// Members still in the household.
    pub fn active_members(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|m| m.active)
    }

    /// The current head.
    pub fn head(&self) -> Option<&Member> {
        self.active_members()
            .find(|m| m.facts.relationship == Relationship::Head)
    }

    /// The active enrolment in a programme.
    pub fn active_enrolment(&self, programme: Programme) -> Option<&Enrolment> {
        self.enrolments
            .iter()
            .find(|e| e.active && e.programme == programme)
    }

    /// True when the household's own data was erased.
    pub fn data_erased(&self) -> bool {
        self.status != HouseholdStatus::Unregistered && self.data.is_none()
    }

    fn member_mut(&mut self, member_id: Uuid) -> Option<&mut Member> {
        self.members
            .iter_mut()
            .find(|m| m.facts.member_id == member_id)
    }
}

impl Aggregate for Household {
    const CATEGORY: &'static str = berdaya_proto::category::households::HOUSEHOLD;
    type Command = HouseholdCommand;
    type Event = HouseholdEvent;
    type Rules = ProgrammePolicy;

    fn decide(
        &self,
        command: &HouseholdCommand,
        rules: &ProgrammePolicy,
    ) -> Result<Vec<HouseholdEvent>, DomainError> {
        super::decide::decide(self, command, rules)
    }

    fn apply(&mut self, event: &HouseholdEvent) {
        match event {
            HouseholdEvent::Registered {
                household_id,
                village,
                kk_number,
                kk_valid_from,
                decile,
                ranking_round,
                subject_id,
                data,
                members,
            } => {
                self.id = Some(*household_id);
                self.status = HouseholdStatus::Active;
                self.village = Some(village.clone());
                self.kk_history = vec![(kk_number.clone(), *kk_valid_from)];
                self.decile = *decile;
                self.ranking_round = Some(*ranking_round);
                self.subject_id = Some(*subject_id);
                self.data = data.clone();
                self.members = members
                    .iter()
                    .map(|facts| Member {
                        facts: facts.clone(),
                        active: true,
                        removal_reason: None,
                    })
                    .collect();
            }
            HouseholdEvent::MemberAdded { member, .. } => self.members.push(Member {
                facts: member.clone(),
                active: true,
                removal_reason: None,
            }),
            HouseholdEvent::MemberRemoved {
                member_id,
                reason,
                new_head,
                ..
            } => {
                if let Some(member) = self.member_mut(*member_id) {
                    member.active = false;
                    member.removal_reason = Some(*reason);
                }
                if let Some(head) = new_head.and_then(|id| self.member_mut(id)) {
                    head.facts.relationship = Relationship::Head;
                }
            }
            HouseholdEvent::KkNumberChanged {
                kk_number,
                valid_from,
                ..
            } => self.kk_history.push((kk_number.clone(), *valid_from)),
            HouseholdEvent::Moved { to, data, .. } => {
                self.village = Some(to.clone());
                self.data = data.clone();
            }
            HouseholdEvent::DecileUpdated {
                decile,
                ranking_round,
                ..
            } => {
                self.decile = *decile;
                self.ranking_round = Some(*ranking_round);
            }
            HouseholdEvent::ProgrammeEnrolled {
                programme,
                decile,
                ranking_round,
                enrolled_on,
                components,
                annual_entitlement,
                ..
            } => self.enrolments.push(Enrolment {
                programme: *programme,
                active: true,
                enrolled_on: *enrolled_on,
                decile: *decile,
                ranking_round: *ranking_round,
                components: components.clone(),
                annual_entitlement: *annual_entitlement,
                exited_on: None,
                exit_reason: None,
            }),
            HouseholdEvent::PkhComponentsUpdated {
                components,
                annual_entitlement,
                ..
            } => {
                if let Some(enrolment) = self
                    .enrolments
                    .iter_mut()
                    .find(|e| e.active && e.programme == Programme::Pkh)
                {
                    enrolment.components = components.clone();
                    enrolment.annual_entitlement = *annual_entitlement;
                }
            }
            HouseholdEvent::ProgrammeExited {
                programme,
                reason,
                exited_on,
                ..
            } => {
                if let Some(enrolment) = self
                    .enrolments
                    .iter_mut()
                    .find(|e| e.active && e.programme == *programme)
                {
                    enrolment.active = false;
                    enrolment.exited_on = Some(*exited_on);
                    enrolment.exit_reason = Some(*reason);
                }
            }
            HouseholdEvent::PersonalDataErased { subject_ids, .. } => {
                if self.subject_id.is_some_and(|s| subject_ids.contains(&s)) {
                    self.data = None;
                    for (number, _) in &mut self.kk_history {
                        *number = None;
                    }
                }
                for member in &mut self.members {
                    if subject_ids.contains(&member.facts.subject_id) {
                        member.facts.person = None;
                    }
                }
            }
            HouseholdEvent::Closed { .. } => self.status = HouseholdStatus::Closed,
        }
    }
}
