//! Changing a partner's legal name, registration number or regions served.

use berdaya_domain::DomainError;

use super::check_regions_served;
use crate::domain::dates::not_before;
use crate::domain::partner::{Partner, PartnerEvent, UpdatePartnerProfile};

/// Records the profile as it reads after the change.
pub(super) fn decide(
    state: &Partner,
    command: &UpdatePartnerProfile,
) -> Result<Vec<PartnerEvent>, DomainError> {
    check_regions_served(&command.regions_served)?;
    not_before(
        "updated_on",
        command.updated_on,
        state.profile_updated_on,
        "the profile's last change",
    )?;
    if command.legal_name == state.legal_name
        && command.registration_number == state.registration_number
        && command.regions_served == state.regions_served
    {
        return Err(DomainError::rule(
            "",
            "nothing to change: the profile already reads so",
        ));
    }
    Ok(vec![PartnerEvent::ProfileUpdated {
        legal_name: command.legal_name.clone(),
        registration_number: command.registration_number.clone(),
        regions_served: command.regions_served.clone(),
        updated_on: command.updated_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::partner::fixtures::*;
    use crate::domain::partner::*;

    fn update(regions: &[&str], on: &str) -> PartnerCommand {
        PartnerCommand::UpdateProfile(UpdatePartnerProfile {
            legal_name: "PT Bank Rakyat Indonesia (Persero) Tbk".into(),
            registration_number: Some("AHU-0001.AH.01.01".into()),
            regions_served: regions.iter().map(|r| region(r)).collect(),
            updated_on: date(on),
        })
    }

    #[test]
    fn the_regions_served_can_grow() {
        let partner = Given::<Partner>::new(vec![registered()])
            .when(&update(&["35.78", "35.15"], "2026-02-01"))
            .then(vec![PartnerEvent::ProfileUpdated {
                legal_name: "PT Bank Rakyat Indonesia (Persero) Tbk".into(),
                registration_number: Some("AHU-0001.AH.01.01".into()),
                regions_served: vec![region("35.78"), region("35.15")],
                updated_on: date("2026-02-01"),
            }]);
        assert!(partner.serves(&region("35.15.02.2003")));
    }

    #[test]
    fn a_change_that_changes_nothing_or_comes_before_the_last_is_refused() {
        let error = Given::<Partner>::new(vec![registered()])
            .when(&update(&["35.78"], "2026-02-01"))
            .then_error();
        assert!(rule(&error).1.contains("nothing to change"));

        let error = Given::<Partner>::new(vec![registered()])
            .when(&update(&["35"], "2026-01-01"))
            .then_error();
        assert_eq!(rule(&error).0, "updated_on");
    }

    #[test]
    fn overlapping_regions_are_refused() {
        let error = Given::<Partner>::new(vec![registered()])
            .when(&update(&["35.78.01", "35.78"], "2026-02-01"))
            .then_error();
        assert_eq!(invalid_fields(&error), ["regions_served[1]"]);
    }

    #[test]
    fn a_retired_partner_is_not_changed() {
        let error = Given::<Partner>::new(vec![registered(), retired()])
            .when(&update(&["35"], "2026-05-01"))
            .then_error();
        assert_eq!(rule(&error), ("partner_id", "the partner is retired"));
    }

    #[test]
    fn an_unregistered_partner_is_not_found() {
        let error = Given::<Partner>::nothing()
            .when(&update(&["35"], "2026-05-01"))
            .then_error();
        assert!(not_found(&error, "partner"));
    }
}
