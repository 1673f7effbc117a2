//! Registering a person who runs the programme.

use berdaya_domain::DomainError;
use berdaya_domain::error::Violations;

use super::super::placement::place;
use super::super::{Person, PersonData, PersonEvent, PersonStatus, RegisterPerson};
use crate::domain::check::require_text;

/// Registers a person: the placement must fit the role, and the name is required.
pub(super) fn register(
    state: &Person,
    command: &RegisterPerson,
) -> Result<Vec<PersonEvent>, DomainError> {
    if state.status != PersonStatus::Unregistered {
        return Err(DomainError::already_exists(
            "person_id",
            "a person with this id is already registered",
        ));
    }
    check_data(&command.data)?;
    let placement = place(&command.placement)?;
    Ok(vec![PersonEvent::Registered {
        person_id: command.person_id,
        placement,
        registered_on: command.registered_on,
        subject_id: command.subject_id,
        data: Some(command.data.clone()),
    }])
}

/// The personal data the domain itself requires (formats are the edge's to check).
pub(in crate::domain::person) fn check_data(data: &PersonData) -> Result<(), DomainError> {
    let mut violations = Violations::new();
    require_text(&mut violations, "full_name", &data.full_name);
    violations.finish()
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::facts::HouseholdStanding;
    use crate::domain::fixtures::*;
    use crate::domain::person::fixtures::*;
    use crate::domain::person::*;
    use crate::domain::roles::{Organisation, OrganisationKind, PersonRole, Placement};

    fn register_as(placement: PlacementRequest) -> PersonCommand {
        let PersonCommand::Register(mut command) = register() else {
            unreachable!()
        };
        command.placement = placement;
        PersonCommand::Register(command)
    }

    #[test]
    fn a_facilitator_is_registered_with_sealed_personal_data() {
        Given::<Person>::nothing()
            .when(&register())
            .then(registered());
    }

    #[test]
    fn registering_twice_is_refused() {
        let error = Given::<Person>::new(registered())
            .when(&register())
            .then_error();
        assert_eq!(duplicate_field(error), "person_id");
    }

    #[test]
    fn a_name_is_required() {
        let PersonCommand::Register(mut command) = register() else {
            unreachable!()
        };
        command.data.full_name = "  ".to_owned();
        let error = Given::<Person>::nothing()
            .when(&PersonCommand::Register(command))
            .then_error();
        assert_eq!(invalid_field(error), "full_name");
    }

    #[test]
    fn central_staff_serve_the_whole_country() {
        let events = Given::<Person>::nothing()
            .when(&register_as(request(PersonRole::GovernmentCentral, None)))
            .events();
        let PersonEvent::Registered { placement, .. } = &events[0] else {
            panic!()
        };
        assert_eq!(placement.region, None);

        let error = Given::<Person>::nothing()
            .when(&register_as(request(
                PersonRole::GovernmentCentral,
                Some("35"),
            )))
            .then_error();
        assert_eq!(invalid_field(error), "region_code");
    }

    #[test]
    fn regional_roles_need_a_region_of_their_level() {
        for (role, wrong, right) in [
            (PersonRole::GovernmentProvincial, "35.78", "35"),
            (PersonRole::GovernmentRegency, "35", "35.78"),
            (PersonRole::Tksk, "35.78.01.1001", "35.78.01"),
        ] {
            let error = Given::<Person>::nothing()
                .when(&register_as(request(role, Some(wrong))))
                .then_error();
            assert_eq!(invalid_field(error), "region_code", "{role:?}");
            Given::<Person>::nothing()
                .when(&register_as(request(role, Some(right))))
                .events();
        }
        let error = Given::<Person>::nothing()
            .when(&register_as(request(PersonRole::Psm, None)))
            .then_error();
        assert_eq!(invalid_field(error), "region_code");
    }

    #[test]
    fn a_region_of_the_wrong_level_is_refused_naming_the_level_needed() {
        for (role, wrong, level) in [
            (
                PersonRole::GovernmentProvincial,
                "35.78",
                "province (provinsi)",
            ),
            (
                PersonRole::GovernmentRegency,
                "35",
                "regency or city (kabupaten/kota)",
            ),
            (PersonRole::Tksk, "35.78", "district (kecamatan)"),
        ] {
            let error = Given::<Person>::nothing()
                .when(&register_as(request(role, Some(wrong))))
                .then_error();
            assert!(
                matches!(&error, DomainError::Invalid(v) if v[0].description.contains(level)),
                "{role:?}: {error:?}"
            );
        }
    }

    #[test]
    fn government_staff_belong_to_a_government_agency() {
        let mut placement = request(PersonRole::GovernmentRegency, Some("35.78"));
        placement.organisation = None;
        let error = Given::<Person>::nothing()
            .when(&register_as(placement.clone()))
            .then_error();
        assert_eq!(invalid_field(error), "organisation");

        placement.organisation = Some(Organisation {
            kind: OrganisationKind::Business,
            name: "PT Maju".to_owned(),
        });
        let error = Given::<Person>::nothing()
            .when(&register_as(placement))
            .then_error();
        assert_eq!(invalid_field(error), "organisation.kind");
    }

    #[test]
    fn an_organisation_needs_a_name() {
        let mut placement = request(PersonRole::Psm, Some("35.78.01.1001"));
        placement.organisation = Some(Organisation {
            kind: OrganisationKind::KarangTaruna,
            name: String::new(),
        });
        let error = Given::<Person>::nothing()
            .when(&register_as(placement))
            .then_error();
        assert_eq!(invalid_field(error), "organisation.name");
    }

    #[test]
    fn every_violation_is_reported_at_once() {
        let mut placement = request(PersonRole::BusinessRepresentative, None);
        placement.household = Some(household(7));
        let error = Given::<Person>::nothing()
            .when(&register_as(placement))
            .then_error();
        assert_eq!(
            invalid_fields(error),
            ["region_code", "organisation.kind", "household_id"]
        );
    }

    #[test]
    fn a_recipient_cadre_is_registered_with_their_household() {
        let mut placement = request(PersonRole::RecipientCadre, Some("35.78.01"));
        placement.organisation = None;
        placement.household = Some(household(7));
        let events = Given::<Person>::nothing()
            .when(&register_as(placement))
            .events();
        let PersonEvent::Registered { placement, .. } = &events[0] else {
            panic!()
        };
        assert_eq!(
            placement,
            &Placement {
                role: PersonRole::RecipientCadre,
                organisation: None,
                region: Some(region("35.78.01")),
                household_id: Some(id(7)),
            }
        );
    }

    #[test]
    fn a_cadre_needs_a_known_active_household_inside_their_region() {
        let mut placement = request(PersonRole::RecipientCadre, Some("35.78.01"));
        placement.organisation = None;
        let error = Given::<Person>::nothing()
            .when(&register_as(placement.clone()))
            .then_error();
        assert_eq!(invalid_field(error), "household_id");

        placement.household = Some(household_with(7, HouseholdStanding::Unknown));
        let error = Given::<Person>::nothing()
            .when(&register_as(placement.clone()))
            .then_error();
        assert!(not_found(error).contains("household"));

        placement.household = Some(household_with(7, HouseholdStanding::Closed));
        let error = Given::<Person>::nothing()
            .when(&register_as(placement.clone()))
            .then_error();
        assert_eq!(rule_field(error), "household_id");

        placement.household = Some(household(7));
        placement.region = Some(region("35.78.02"));
        let error = Given::<Person>::nothing()
            .when(&register_as(placement))
            .then_error();
        assert_eq!(rule_field(error), "region_code");
    }
}
