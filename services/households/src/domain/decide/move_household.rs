//! Moving to another village: the address changes with it, the phone stays.

use berdaya_domain::DomainError;
use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;

use crate::domain::{Household, HouseholdData, HouseholdEvent};

/// Decides `Move`.
pub(super) fn decide(
    state: &Household,
    to: &RegionCode,
    address: &str,
    moved_on: NaiveDate,
) -> Result<Vec<HouseholdEvent>, DomainError> {
    let from = state
        .village
        .clone()
        .ok_or_else(|| DomainError::not_found("household"))?;
    if from == *to {
        return Err(DomainError::rule(
            "to_village_code",
            "the household already lives in this village",
        ));
    }
    let phone = state.data.as_ref().and_then(|d| d.phone.clone());
    let subject_id = state
        .subject_id
        .ok_or_else(|| DomainError::not_found("household"))?;
    Ok(vec![HouseholdEvent::Moved {
        from,
        to: to.clone(),
        moved_on,
        subject_id,
        data: Some(HouseholdData {
            address: address.to_owned(),
            phone,
        }),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::id::RegionCode;

    use crate::domain::fixtures::*;
    use crate::domain::*;

    #[test]
    fn moving_changes_village_and_address_but_keeps_the_phone() {
        let state = Given::<Household>::new(registered(2))
            .when(&HouseholdCommand::Move {
                to: RegionCode::parse_village("35.78.02.1002").unwrap(),
                address: "Jl. Baru 1".into(),
                moved_on: date("2026-03-01"),
            })
            .events();
        let HouseholdEvent::Moved { from, to, .. } = &state[0] else {
            panic!()
        };
        assert_eq!(from.as_str(), "35.78.01.1001");
        assert_eq!(to.as_str(), "35.78.02.1002");
        let error = Given::<Household>::new(registered(2))
            .when(&HouseholdCommand::Move {
                to: RegionCode::parse_village("35.78.01.1001").unwrap(),
                address: "x".into(),
                moved_on: date("2026-03-01"),
            })
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "to_village_code"));
    }
}
