//! Reporting a case: the households affected, the right, the party responsible, how it
//! came in and how urgent it is. The service-level targets for that urgency are taken
//! from the configured rules and recorded with the case.

use berdaya_domain::DomainError;
use berdaya_domain::error::Violations;

use super::distinct;
use crate::domain::case::{AdvocacyCase, AffectedHousehold, CaseEvent, CaseStatus, ReportCase};
use crate::domain::{CaseRules, PartyKind};

/// Decides `ReportCase`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &ReportCase,
    rules: &CaseRules,
) -> Result<Vec<CaseEvent>, DomainError> {
    if state.status != CaseStatus::Unreported {
        return Err(DomainError::already_exists(
            "case_id",
            "an advocacy case with this id is already reported",
        ));
    }
    check_request(command, rules)?;
    distinct(
        "household_ids",
        command.households.iter().map(|h| h.household_id),
    )?;
    distinct("caseworker_ids", command.caseworkers.iter())?;
    let field = |index: usize| format!("household_ids[{index}]");
    let Some(region) = &command.region else {
        // No region named and none shared: say what is wrong with a household first.
        for (index, household) in command.households.iter().enumerate() {
            household.active_village(&field(index))?;
        }
        return Err(DomainError::invalid(
            "region_code",
            "the households live in different provinces: name the case's region",
        ));
    };
    let households = command
        .households
        .iter()
        .enumerate()
        .map(|(index, household)| {
            Ok(AffectedHousehold {
                household_id: household.household_id,
                village: household.active_village_within(&field(index), region)?,
            })
        })
        .collect::<Result<Vec<_>, DomainError>>()?;
    Ok(vec![CaseEvent::Reported {
        case_id: command.case_id,
        region: region.clone(),
        households,
        right_code: command.right_code.clone(),
        summary: command.summary.clone(),
        responsible: command.responsible.clone(),
        channel: command.channel,
        urgency: command.urgency,
        service_level: rules.service_level(command.urgency),
        level: command.level,
        reported_on: command.reported_on,
        caseworkers: command.caseworkers.clone(),
        subject_id: command.subject_id,
        details: Some(command.details.clone()),
    }])
}

/// Every malformed field at once.
fn check_request(command: &ReportCase, rules: &CaseRules) -> Result<(), DomainError> {
    let mut violations = Violations::new();
    if rules.rights.get(&command.right_code).is_none() {
        let known: Vec<&str> = rules.rights.iter().map(|r| r.code.as_str()).collect();
        violations.add(
            "right_code",
            format!(
                "unknown right {:?}: expected one of {}",
                command.right_code,
                known.join(", ")
            ),
        );
    }
    if command.summary.trim().is_empty() {
        violations.add("summary", "is required");
    }
    if command.details.description.trim().is_empty() {
        violations.add("description", "is required");
    }
    match command.responsible.kind {
        PartyKind::Agency | PartyKind::Company if command.responsible.name.trim().is_empty() => {
            violations.add("responsible.name", "the agency's or company's name is required");
        }
        PartyKind::Person if !command.responsible.name.trim().is_empty() => violations.add(
            "responsible.name",
            "must be empty for a private person: give their name in responsible_person_name, which is kept sealed",
        ),
        _ => {}
    }
    if command.level.ladder_rung().is_none() {
        violations.add(
            "level",
            format!(
                "a case starts on the government ladder (village to national); escalate it to {} after assessment",
                command.level.key()
            ),
        );
    }
    if command.households.is_empty() {
        violations.add("household_ids", "name at least one affected household");
    }
    for (index, caseworker) in command.caseworkers.iter().enumerate() {
        if caseworker.trim().is_empty() {
            violations.add(format!("caseworker_ids[{index}]"), "is required");
        }
    }
    violations.finish()
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::id::RegionCode;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn a_reported_case_records_its_households_right_and_the_targets_of_its_urgency() {
        let case = Given::<AdvocacyCase>::nothing()
            .when(&CaseCommand::Report(report()))
            .then(vec![CaseEvent::Reported {
                case_id: case_id(),
                region: region(),
                households: vec![affected(1), affected(2)],
                right_code: "health_insurance".to_owned(),
                summary: "PBI-JK dinonaktifkan untuk dua keluarga".to_owned(),
                responsible: report().responsible,
                channel: IntakeChannel::Facilitator,
                urgency: Urgency::Urgent,
                service_level: ServiceLevel {
                    first_action_days: 3,
                    resolution_days: 30,
                },
                level: EscalationLevel::Village,
                reported_on: date("2026-03-02"),
                caseworkers: vec!["pendamping-ani".to_owned()],
                subject_id: subject_id(),
                details: Some(details()),
            }]);
        assert_eq!(case.status, CaseStatus::Reported);
        assert_eq!(case.team, ["pendamping-ani"]);
        assert_eq!(case.households.len(), 2);
    }

    #[test]
    fn a_whole_village_can_be_one_case_under_a_provinces_own_targets() {
        let mut command = report();
        command.households = (1..=40).map(household).collect();
        command.right_code = "water_sanitation".to_owned();
        let mut rules = CaseRules::default();
        rules.urgent.resolution_days = 21;
        let events = Given::<AdvocacyCase>::nothing()
            .with_rules(rules)
            .when(&CaseCommand::Report(command))
            .events();
        let CaseEvent::Reported {
            households,
            service_level,
            ..
        } = &events[0]
        else {
            panic!("{events:?}")
        };
        assert_eq!(households.len(), 40);
        assert_eq!(service_level.resolution_days, 21);
    }

    #[test]
    fn a_right_a_province_added_is_accepted() {
        let rules = CaseRules {
            rights: RightsCatalogue::built_in()
                .extended_with("disability_services\tLayanan disabilitas\tDisability services")
                .unwrap(),
            ..CaseRules::default()
        };
        let mut command = report();
        command.right_code = "disability_services".to_owned();
        Given::<AdvocacyCase>::nothing()
            .with_rules(rules)
            .when(&CaseCommand::Report(command))
            .events();
    }

    #[test]
    fn an_unknown_right_and_other_malformed_fields_are_named_together() {
        let mut command = report();
        command.right_code = "free_wifi".to_owned();
        command.summary = " ".to_owned();
        command.households.clear();
        command.level = EscalationLevel::Ombudsman;
        command.responsible = ResponsibleParty {
            kind: PartyKind::Person,
            name: "Pak Joko".to_owned(),
        };
        let error = Given::<AdvocacyCase>::nothing()
            .when(&CaseCommand::Report(command))
            .then_error();
        let DomainError::Invalid(violations) = error else {
            panic!("{error:?}")
        };
        let fields: Vec<&str> = violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "right_code",
                "summary",
                "responsible.name",
                "level",
                "household_ids"
            ]
        );
        assert!(violations[0].description.contains("health_insurance"));
    }

    #[test]
    fn an_agency_or_company_must_be_named() {
        for kind in [PartyKind::Agency, PartyKind::Company] {
            let mut command = report();
            command.responsible = ResponsibleParty {
                kind,
                name: "  ".to_owned(),
            };
            let error = Given::<AdvocacyCase>::nothing()
                .when(&CaseCommand::Report(command))
                .then_error();
            assert!(
                matches!(&error, DomainError::Invalid(v) if v[0].field == "responsible.name"),
                "{kind:?}: {error:?}"
            );
        }
    }

    #[test]
    fn an_unknown_household_is_not_found_and_a_closed_or_outside_one_is_refused() {
        let mut command = report();
        command.households[1] = household_with(9, HouseholdStanding::Unknown);
        let error = Given::<AdvocacyCase>::nothing()
            .when(&CaseCommand::Report(command))
            .then_error();
        assert!(
            matches!(&error, DomainError::NotFound { what } if what.contains("household_ids[1]"))
        );

        let mut command = report();
        command.households[0] = household_with(
            9,
            HouseholdStanding::Active {
                village: RegionCode::parse_village("35.73.01.1001").unwrap(),
            },
        );
        let error = Given::<AdvocacyCase>::nothing()
            .when(&CaseCommand::Report(command))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, reason }
            if field == "household_ids[0]" && reason.contains("outside the case's region 35.78")));
    }

    #[test]
    fn without_a_region_an_unknown_household_is_named_first_then_the_region() {
        let mut command = report();
        command.region = None;
        command.households[1] = household_with(9, HouseholdStanding::Unknown);
        let error = Given::<AdvocacyCase>::nothing()
            .when(&CaseCommand::Report(command))
            .then_error();
        assert!(
            matches!(&error, DomainError::NotFound { what } if what.contains("household_ids[1]"))
        );

        let mut command = report();
        command.region = None;
        let error = Given::<AdvocacyCase>::nothing()
            .when(&CaseCommand::Report(command))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "region_code"));
    }

    #[test]
    fn a_household_named_twice_is_refused() {
        let mut command = report();
        command.households.push(household(1));
        let error = Given::<AdvocacyCase>::nothing()
            .when(&CaseCommand::Report(command))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "household_ids[2]"));
    }

    #[test]
    fn the_same_case_cannot_be_reported_twice() {
        let error = Given::<AdvocacyCase>::new(reported())
            .when(&CaseCommand::Report(report()))
            .then_error();
        assert!(matches!(&error, DomainError::AlreadyExists { field, .. } if field == "case_id"));
    }
}
