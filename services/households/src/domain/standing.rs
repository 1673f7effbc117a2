//! What the other aggregates of the households context (participation activities, savings
//! accounts) need to know about a household. The service reads it from the registry at
//! the edge and puts it into their commands, so that their rules stay pure and testable.

use berdaya_domain::DomainError;
use berdaya_domain::id::RegionCode;
use uuid::Uuid;

use super::state::{Household, HouseholdStatus};

/// A household's standing in the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Not registered (or not looked up).
    Unknown,
    /// Registered and active.
    Active {
        /// The village it lives in.
        village: RegionCode,
        /// Its active members.
        members: Vec<Uuid>,
    },
    /// Closed.
    Closed {
        /// The village it lived in.
        village: RegionCode,
    },
}

impl Standing {
    /// The standing of a household aggregate.
    pub fn of(household: &Household) -> Standing {
        match (household.status, household.village.clone()) {
            (HouseholdStatus::Active, Some(village)) => Standing::Active {
                village,
                members: household
                    .active_members()
                    .map(|m| m.facts.member_id)
                    .collect(),
            },
            (HouseholdStatus::Closed, Some(village)) => Standing::Closed { village },
            _ => Standing::Unknown,
        }
    }

    /// The village, for a registered household.
    pub fn village(&self) -> Option<&RegionCode> {
        match self {
            Standing::Unknown => None,
            Standing::Active { village, .. } | Standing::Closed { village } => Some(village),
        }
    }
}

/// A household named in a command, with its standing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRef {
    /// The household.
    pub household_id: Uuid,
    /// Its standing, as looked up by the service.
    pub standing: Standing,
}

impl HouseholdRef {
    /// A household not yet looked up (the service fills in the standing).
    pub fn unresolved(household_id: Uuid) -> Self {
        Self {
            household_id,
            standing: Standing::Unknown,
        }
    }

    /// The active members of an active household; `field` names the request field.
    ///
    /// # Errors
    /// [`DomainError::NotFound`] for an unknown household, [`DomainError::Rule`] for a
    /// closed one.
    pub fn active_members(&self, field: &str) -> Result<&[Uuid], DomainError> {
        match &self.standing {
            Standing::Active { members, .. } => Ok(members),
            Standing::Closed { .. } => Err(DomainError::rule(field, "household is closed")),
            Standing::Unknown => Err(DomainError::not_found(format!(
                "household {} named in {field}",
                self.household_id
            ))),
        }
    }

    /// Like [`HouseholdRef::active_members`], and the household must live within `region`.
    ///
    /// # Errors
    /// As [`HouseholdRef::active_members`], and [`DomainError::Rule`] when it lives outside.
    pub fn active_within(&self, field: &str, region: &RegionCode) -> Result<&[Uuid], DomainError> {
        let members = self.active_members(field)?;
        match self.standing.village() {
            Some(village) if village.is_within(region.as_str()) => Ok(members),
            Some(village) => Err(DomainError::rule(
                field,
                format!("household lives in {village}, outside the region {region}"),
            )),
            None => Err(DomainError::not_found(format!(
                "household {} named in {field}",
                self.household_id
            ))),
        }
    }
}
#[cfg(test)]
mod tests {
    use berdaya_domain::Aggregate;

    use super::*;
    use crate::domain::HouseholdEvent;
    use crate::domain::fixtures::*;

    #[test]
    fn an_active_household_stands_with_its_village_and_active_members() {
        let mut history = registered(2);
        history.push(HouseholdEvent::MemberRemoved {
            member_id: id(4),
            subject_id: id(1004),
            reason: crate::domain::RemovalReason::Died,
            effective_date: date("2026-02-01"),
            note: None,
            new_head: None,
        });
        let standing = Standing::of(&Household::from_events(&history));
        assert_eq!(
            standing,
            Standing::Active {
                village: RegionCode::parse("35.78.01.1001").unwrap(),
                members: vec![id(1), id(2), id(3)],
            }
        );
        assert_eq!(
            standing.village().map(RegionCode::as_str),
            Some("35.78.01.1001")
        );
    }

    #[test]
    fn a_closed_household_stands_closed_and_an_unregistered_one_unknown() {
        let mut history = registered(2);
        history.push(HouseholdEvent::Closed {
            reason: "merged".into(),
            closed_on: date("2026-07-01"),
        });
        let closed = HouseholdRef {
            household_id: id(100),
            standing: Standing::of(&Household::from_events(&history)),
        };
        assert_eq!(
            closed.standing,
            Standing::Closed {
                village: RegionCode::parse("35.78.01.1001").unwrap()
            }
        );
        assert!(matches!(
            closed.active_members("household_id"),
            Err(DomainError::Rule { .. })
        ));
        assert_eq!(Standing::of(&Household::default()), Standing::Unknown);
        assert!(matches!(
            HouseholdRef::unresolved(id(100)).active_members("household_id"),
            Err(DomainError::NotFound { .. })
        ));
    }

    #[test]
    fn only_a_registered_household_whose_own_data_was_erased_reads_as_erased() {
        assert!(!Household::default().data_erased());
        let mut history = registered(2);
        assert!(!Household::from_events(&history).data_erased());
        history.push(HouseholdEvent::PersonalDataErased {
            subject_ids: vec![id(1002)],
            reason: "member's request".into(),
        });
        assert!(
            !Household::from_events(&history).data_erased(),
            "a member's erasure is not the household's"
        );
        history.push(HouseholdEvent::PersonalDataErased {
            subject_ids: vec![id(200)],
            reason: "household's request".into(),
        });
        assert!(Household::from_events(&history).data_erased());
    }
}
