//! What the advocacy service knows of other contexts when it decides: looked up at the
//! edge from local views fed by their events, never by calling them, and passed in.

use berdaya_domain::DomainError;
use berdaya_domain::id::RegionCode;
use uuid::Uuid;

/// A household named in a command, with its standing as the local view of the
/// households registry knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdFacts {
    /// The household (its registry id).
    pub household_id: Uuid,
    /// Its standing, as last heard from the registry.
    pub standing: HouseholdStanding,
}

/// A household's standing in the registry, as last heard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HouseholdStanding {
    /// Never heard of: not registered, or its registration has not arrived yet.
    Unknown,
    /// Closed in the registry: it no longer exists as a family unit.
    Closed {
        /// The village it lived in.
        village: RegionCode,
    },
    /// Open in the registry.
    Active {
        /// The village it lives in.
        village: RegionCode,
    },
}

impl HouseholdFacts {
    /// The village of an active household; `field` names the request field.
    ///
    /// # Errors
    /// [`DomainError::NotFound`] for a household the registry does not know,
    /// [`DomainError::Rule`] for a closed one.
    pub fn active_village(&self, field: &str) -> Result<&RegionCode, DomainError> {
        match &self.standing {
            HouseholdStanding::Unknown => Err(DomainError::not_found(format!(
                "household {} named in {field}",
                self.household_id
            ))),
            HouseholdStanding::Closed { .. } => Err(DomainError::rule(
                field,
                format!("household {} is closed in the registry", self.household_id),
            )),
            HouseholdStanding::Active { village } => Ok(village),
        }
    }

    /// The village of an active household that lives within `region`; `field` names the
    /// request field (`households[2].household_id`).
    ///
    /// # Errors
    /// [`DomainError::NotFound`] for a household the registry does not know,
    /// [`DomainError::Rule`] for a closed one or one living outside `region`.
    pub fn active_village_within(
        &self,
        field: &str,
        region: &RegionCode,
    ) -> Result<RegionCode, DomainError> {
        let village = self.active_village(field)?;
        if village.is_within(region.as_str()) {
            Ok(village.clone())
        } else {
            Err(DomainError::rule(
                field,
                format!(
                    "household {} lives in {village}, outside the case's region {region}",
                    self.household_id
                ),
            ))
        }
    }
}

/// The longest region that contains every village in `villages` (`35.78.01.1001` and
/// `35.78.02.2003` share `35.78`): the default region of a case when the caller gives
/// none. `None` when the list is empty or the villages lie in different provinces.
pub fn shared_region<'a>(villages: impl IntoIterator<Item = &'a RegionCode>) -> Option<RegionCode> {
    let mut villages = villages.into_iter();
    let first = villages.next()?;
    let mut shared: Vec<&str> = first.as_str().split('.').collect();
    for village in villages {
        let common = shared
            .iter()
            .zip(village.as_str().split('.'))
            .take_while(|(a, b)| **a == *b)
            .count();
        shared.truncate(common);
    }
    if shared.is_empty() {
        return None;
    }
    RegionCode::parse(&shared.join(".")).ok()
}

/// A partner organisation named as a participant in an action (an LSM, LBH, university,
/// company CSR programme, ...), with its standing as the local view of the partnerships
/// registry knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerFacts {
    /// The partner (its partnerships id).
    pub partner_id: Uuid,
    /// Its standing, as last heard from the registry.
    pub standing: PartnerStanding,
}

/// A partner's standing in the partnerships registry, as last heard.
///
/// A suspended partner may still be named in an action: a suspension stops new
/// agreements, network memberships and referrals in the partnerships context, not the
/// record of who took part in a hearing or a dialogue, and an action is a fact of the
/// past that the case must tell as it happened. A retired partner is no longer a
/// partner, so it is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartnerStanding {
    /// Never heard of: not registered, its registration has not arrived yet, or it
    /// serves none of the caller's regions.
    Unknown,
    /// In good standing.
    Active,
    /// Suspended until reinstated.
    Suspended,
    /// Retired: no longer a partner, kept for history.
    Retired,
}

impl PartnerFacts {
    /// Checks the partner may be named as a participant; `field` names the request field
    /// (`partner_ids[1]`).
    ///
    /// # Errors
    /// [`DomainError::NotFound`] for a partner the registry does not know (or the caller
    /// may not see), [`DomainError::Rule`] for a retired one.
    pub fn may_take_part(&self, field: &str) -> Result<(), DomainError> {
        match self.standing {
            PartnerStanding::Unknown => Err(DomainError::not_found(format!(
                "partner {} named in {field}",
                self.partner_id
            ))),
            PartnerStanding::Retired => Err(DomainError::rule(
                field,
                format!(
                    "partner {} is retired in the partnerships registry",
                    self.partner_id
                ),
            )),
            PartnerStanding::Active | PartnerStanding::Suspended => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn village(code: &str) -> RegionCode {
        RegionCode::parse_village(code).unwrap()
    }

    fn facts(standing: HouseholdStanding) -> HouseholdFacts {
        HouseholdFacts {
            household_id: Uuid::from_u128(1),
            standing,
        }
    }

    #[test]
    fn an_active_household_within_the_region_gives_its_village() {
        let region = RegionCode::parse("35.78").unwrap();
        let household = facts(HouseholdStanding::Active {
            village: village("35.78.01.1001"),
        });
        assert_eq!(
            household.active_village_within("households[0]", &region),
            Ok(village("35.78.01.1001"))
        );
    }

    #[test]
    fn unknown_closed_and_outside_households_are_refused_naming_the_field() {
        let region = RegionCode::parse("35.78").unwrap();
        let unknown =
            facts(HouseholdStanding::Unknown).active_village_within("households[1]", &region);
        assert!(
            matches!(unknown, Err(DomainError::NotFound { what }) if what.contains("households[1]"))
        );
        let closed = facts(HouseholdStanding::Closed {
            village: village("35.78.01.1001"),
        })
        .active_village_within("households[1]", &region);
        assert!(matches!(closed, Err(DomainError::Rule { field, reason })
            if field == "households[1]" && reason.contains("closed")));
        let outside = facts(HouseholdStanding::Active {
            village: village("35.73.01.1001"),
        })
        .active_village_within("households[1]", &region);
        assert!(matches!(outside, Err(DomainError::Rule { field, reason })
            if field == "households[1]" && reason.contains("outside")));
    }

    fn partner(standing: PartnerStanding) -> PartnerFacts {
        PartnerFacts {
            partner_id: Uuid::from_u128(50),
            standing,
        }
    }

    #[test]
    fn active_and_suspended_partners_may_take_part() {
        assert_eq!(
            partner(PartnerStanding::Active).may_take_part("partner_ids[0]"),
            Ok(())
        );
        assert_eq!(
            partner(PartnerStanding::Suspended).may_take_part("partner_ids[0]"),
            Ok(())
        );
    }

    #[test]
    fn unknown_and_retired_partners_are_refused_naming_the_field() {
        let unknown = partner(PartnerStanding::Unknown).may_take_part("partner_ids[1]");
        assert!(
            matches!(unknown, Err(DomainError::NotFound { what }) if what.contains("partner_ids[1]"))
        );
        let retired = partner(PartnerStanding::Retired).may_take_part("partner_ids[1]");
        assert!(matches!(retired, Err(DomainError::Rule { field, reason })
            if field == "partner_ids[1]" && reason.contains("retired")));
    }

    #[test]
    fn the_shared_region_is_the_longest_code_every_village_lies_in() {
        let villages = [village("35.78.01.1001"), village("35.78.02.2003")];
        assert_eq!(shared_region(&villages), RegionCode::parse("35.78").ok());
        assert_eq!(
            shared_region(&[village("35.78.01.1001")]),
            Some(village("35.78.01.1001"))
        );
        let apart = [village("35.78.01.1001"), village("33.73.04.1001")];
        assert_eq!(shared_region(&apart), None);
        assert_eq!(shared_region(&[]), None);
    }
}
