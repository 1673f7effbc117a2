//! Adding households found affected later (more families of the village come forward).
//! Each must be active in the registry and live within the case's region.

use berdaya_domain::DomainError;

use super::{distinct, open, since_opened};
use crate::domain::case::{AddHouseholds, AdvocacyCase, AffectedHousehold, CaseEvent};

/// Decides `AddHouseholds`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &AddHouseholds,
) -> Result<Vec<CaseEvent>, DomainError> {
    open(state)?;
    if command.households.is_empty() {
        return Err(DomainError::invalid(
            "household_ids",
            "name at least one household",
        ));
    }
    distinct(
        "household_ids",
        command.households.iter().map(|h| h.household_id),
    )?;
    since_opened(state, "added_on", command.added_on)?;
    let Some(region) = &state.region else {
        return Err(DomainError::not_found("advocacy case"));
    };
    let mut households = Vec::with_capacity(command.households.len());
    for (index, household) in command.households.iter().enumerate() {
        let field = format!("household_ids[{index}]");
        if state.household(household.household_id).is_some() {
            return Err(DomainError::already_exists(
                field,
                format!(
                    "household {} is already affected by this case",
                    household.household_id
                ),
            ));
        }
        households.push(AffectedHousehold {
            household_id: household.household_id,
            village: household.active_village_within(&field, region)?,
        });
    }
    Ok(vec![CaseEvent::HouseholdsAdded {
        households,
        added_on: command.added_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::id::RegionCode;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    fn add(households: Vec<HouseholdFacts>) -> CaseCommand {
        CaseCommand::AddHouseholds(AddHouseholds {
            households,
            added_on: date("2026-03-05"),
        })
    }

    #[test]
    fn more_households_of_the_region_join_the_case() {
        let case = Given::<AdvocacyCase>::new(assessed())
            .when(&add(vec![household(3), household(4)]))
            .then(vec![CaseEvent::HouseholdsAdded {
                households: vec![affected(3), affected(4)],
                added_on: date("2026-03-05"),
            }]);
        assert_eq!(case.households.len(), 4);
        assert_eq!(case.household(id(4)).unwrap().added_on, date("2026-03-05"));
    }

    #[test]
    fn a_household_already_affected_is_refused() {
        let error = Given::<AdvocacyCase>::new(assessed())
            .when(&add(vec![household(3), household(1)]))
            .then_error();
        assert!(
            matches!(&error, DomainError::AlreadyExists { field, .. } if field == "household_ids[1]")
        );
    }

    #[test]
    fn an_unknown_or_outside_household_is_refused_and_nothing_is_added() {
        let error = Given::<AdvocacyCase>::new(assessed())
            .when(&add(vec![household_with(3, HouseholdStanding::Unknown)]))
            .then_error();
        assert!(
            matches!(&error, DomainError::NotFound { what } if what.contains("household_ids[0]"))
        );
        let outside = household_with(
            4,
            HouseholdStanding::Active {
                village: RegionCode::parse_village("36.01.01.2001").unwrap(),
            },
        );
        let error = Given::<AdvocacyCase>::new(assessed())
            .when(&add(vec![household(3), outside]))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "household_ids[1]"));
    }

    #[test]
    fn an_empty_list_is_refused() {
        let error = Given::<AdvocacyCase>::new(assessed())
            .when(&add(Vec::new()))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "household_ids"));
    }
}
