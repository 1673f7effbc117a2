//! Adding households an activity reached (an attendance list that came in late).

use berdaya_domain::DomainError;

use super::super::{Activity, ActivityEvent, AddHouseholdsReached};
use super::new_households;
use crate::domain::check::invalid;

/// Adds known, active households not yet counted.
pub(super) fn add_households(
    state: &Activity,
    command: &AddHouseholdsReached,
) -> Result<Vec<ActivityEvent>, DomainError> {
    if command.households.is_empty() {
        return invalid("household_ids", "name at least one household");
    }
    let household_ids = new_households("household_ids", &command.households, &state.household_ids)?;
    Ok(vec![ActivityEvent::HouseholdsAdded { household_ids }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::activity::fixtures::*;
    use crate::domain::activity::*;
    use crate::domain::facts::{HouseholdFacts, HouseholdStanding};
    use crate::domain::fixtures::*;

    fn add(households: Vec<HouseholdFacts>) -> ActivityCommand {
        ActivityCommand::AddHouseholds(AddHouseholdsReached { households })
    }

    #[test]
    fn late_households_are_counted_as_reached() {
        let state = Given::<Activity>::new(recorded())
            .when(&add(vec![household(3)]))
            .then(vec![ActivityEvent::HouseholdsAdded {
                household_ids: vec![id(3)],
            }]);
        assert_eq!(state.household_ids, [id(1), id(2), id(3)]);
    }

    #[test]
    fn a_household_already_reached_is_refused() {
        let error = Given::<Activity>::new(recorded())
            .when(&add(vec![household(3), household(2)]))
            .then_error();
        assert_eq!(duplicate_field(error), "household_ids[1]");
    }

    #[test]
    fn closed_unknown_or_no_households_are_refused() {
        let error = Given::<Activity>::new(recorded())
            .when(&add(vec![household_with(4, HouseholdStanding::Closed)]))
            .then_error();
        assert_eq!(rule_field(error), "household_ids[0]");
        let error = Given::<Activity>::new(recorded())
            .when(&add(vec![]))
            .then_error();
        assert_eq!(invalid_field(error), "household_ids");
    }

    #[test]
    fn a_voided_record_takes_no_households() {
        let error = Given::<Activity>::new(voided())
            .when(&add(vec![household(3)]))
            .then_error();
        assert_eq!(rule_field(error), "activity_id");
    }
}
