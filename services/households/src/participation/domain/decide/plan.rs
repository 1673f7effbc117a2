//! Planning an activity: in a district or village, with the module or programme its
//! kind needs, and inviting only active households of its region, each once.

use std::collections::HashSet;

use berdaya_domain::DomainError;
use berdaya_domain::error::Violations;
use berdaya_domain::id::RegionCode;
use uuid::Uuid;

use crate::domain::HouseholdRef;
use crate::participation::domain::{
    Activity, ActivityDetails, ActivityEvent, ActivityKind, ActivityStatus,
};

/// Decides `Plan`.
pub(super) fn decide(
    state: &Activity,
    activity_id: Uuid,
    region: &RegionCode,
    details: &ActivityDetails,
    invited: &[HouseholdRef],
) -> Result<Vec<ActivityEvent>, DomainError> {
    if state.status != ActivityStatus::Unplanned {
        return Err(DomainError::already_exists(
            "activity_id",
            "an activity with this id already exists",
        ));
    }
    let mut violations = Violations::new();
    if !(3..=4).contains(&region.depth()) {
        violations.add("region_code", "must be a district or village code");
    }
    let is_fds = details.kind == ActivityKind::FamilyDevelopmentSession;
    match (is_fds, details.module) {
        (true, None) => violations.add(
            "fds_module",
            "is required for a family development session (P2K2)",
        ),
        (false, Some(_)) => violations.add(
            "fds_module",
            "is only given for family development sessions (P2K2)",
        ),
        _ => {}
    }
    if details.kind == ActivityKind::ProgrammeInformation && details.programme.is_none() {
        violations.add(
            "programme",
            "is required for a programme information session",
        );
    }
    let mut seen = HashSet::new();
    for (i, household) in invited.iter().enumerate() {
        if !seen.insert(household.household_id) {
            violations.add(format!("invited_household_ids[{i}]"), "is listed twice");
        }
    }
    violations.finish()?;
    for (i, household) in invited.iter().enumerate() {
        household.active_within(&format!("invited_household_ids[{i}]"), region)?;
    }
    Ok(vec![ActivityEvent::Planned {
        activity_id,
        region: region.clone(),
        details: details.clone(),
        invited: invited.iter().map(|h| h.household_id).collect(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::{HouseholdRef, Standing};
    use crate::participation::domain::fixtures::*;
    use crate::participation::domain::*;

    #[test]
    fn planning_records_the_activity_with_its_invitations() {
        let state = Given::<Activity>::nothing()
            .when(&plan_with(fds(), vec![household(1, VILLAGE)]))
            .then(vec![ActivityEvent::Planned {
                activity_id: id(500),
                region: region(VILLAGE),
                details: fds(),
                invited: vec![id(1)],
            }]);
        assert_eq!(state.status, ActivityStatus::Planned);
        assert_eq!(state.date(), Some(date("2026-03-05")));
    }

    #[test]
    fn a_family_development_session_needs_its_module_and_only_it_has_one() {
        let error = Given::<Activity>::nothing()
            .when(&plan_with(
                details(ActivityKind::FamilyDevelopmentSession, None),
                vec![],
            ))
            .then_error();
        assert_eq!(invalid_fields(&error), vec!["fds_module"]);
        let error = Given::<Activity>::nothing()
            .when(&plan_with(
                details(ActivityKind::Dialogue, Some(FdsModule::FamilyFinance)),
                vec![],
            ))
            .then_error();
        assert_eq!(invalid_fields(&error), vec!["fds_module"]);
    }

    #[test]
    fn a_programme_information_session_names_its_programme() {
        let mut no_programme = details(ActivityKind::ProgrammeInformation, None);
        no_programme.programme = None;
        let error = Given::<Activity>::nothing()
            .when(&plan_with(no_programme, vec![]))
            .then_error();
        assert_eq!(invalid_fields(&error), vec!["programme"]);
        // Other kinds may leave the programme out.
        let mut dialogue = details(ActivityKind::Dialogue, None);
        dialogue.programme = None;
        Given::<Activity>::nothing()
            .when(&plan_with(dialogue, vec![]))
            .events();
    }

    #[test]
    fn activities_serve_a_village_or_a_district_only() {
        let command = ActivityCommand::Plan {
            activity_id: id(500),
            region: region("35.78"),
            details: fds(),
            invited: vec![],
        };
        let error = Given::<Activity>::nothing().when(&command).then_error();
        assert_eq!(invalid_fields(&error), vec!["region_code"]);
    }

    #[test]
    fn invited_households_must_be_unique_known_active_and_inside_the_region() {
        let error = Given::<Activity>::nothing()
            .when(&plan_with(
                fds(),
                vec![household(1, VILLAGE), household(1, VILLAGE)],
            ))
            .then_error();
        assert_eq!(invalid_fields(&error), vec!["invited_household_ids[1]"]);

        let unknown = HouseholdRef::unresolved(id(4));
        let error = Given::<Activity>::nothing()
            .when(&plan_with(fds(), vec![household(1, VILLAGE), unknown]))
            .then_error();
        assert!(matches!(error, DomainError::NotFound { .. }), "{error:?}");

        let closed = HouseholdRef {
            household_id: id(5),
            standing: Standing::Closed {
                village: region(VILLAGE),
            },
        };
        let error = Given::<Activity>::nothing()
            .when(&plan_with(fds(), vec![closed]))
            .then_error();
        assert_eq!(rule_field(&error), "invited_household_ids[0]");

        let error = Given::<Activity>::nothing()
            .when(&plan_with(fds(), vec![household(6, "35.78.02.1001")]))
            .then_error();
        assert_eq!(rule_field(&error), "invited_household_ids[0]");
        assert!(error.to_string().contains("outside the region"), "{error}");
    }

    #[test]
    fn a_district_activity_takes_households_of_its_villages() {
        let command = ActivityCommand::Plan {
            activity_id: id(500),
            region: region("35.78.01"),
            details: details(ActivityKind::Deliberation, None),
            invited: vec![household(1, VILLAGE), household(2, "35.78.01.1002")],
        };
        let events = Given::<Activity>::nothing().when(&command).events();
        assert_eq!(events.len(), 1);
    }

    #[test]
    fn planning_an_existing_activity_is_refused() {
        let error = Given::<Activity>::new(planned())
            .when(&plan_with(fds(), vec![]))
            .then_error();
        assert!(matches!(error, DomainError::AlreadyExists { .. }));
    }
}
