//! Correcting or updating a person's personal data (a new phone, a corrected name).

use berdaya_domain::DomainError;

use super::super::{Person, PersonEvent, UpdatePersonalData};
use super::register::check_data;

/// Replaces the personal data, sealed under the same subject; refused once erased.
pub(super) fn update_personal_data(
    state: &Person,
    command: &UpdatePersonalData,
) -> Result<Vec<PersonEvent>, DomainError> {
    if state.data_erased() {
        return Err(DomainError::rule(
            "person_id",
            "the person's personal data was erased and is not recorded again",
        ));
    }
    check_data(&command.data)?;
    if state.data.as_ref() == Some(&command.data) {
        return Err(DomainError::rule("", "the personal data is unchanged"));
    }
    let subject_id = state
        .subject_id
        .ok_or_else(|| DomainError::not_found("person"))?;
    Ok(vec![PersonEvent::PersonalDataUpdated {
        subject_id,
        data: Some(command.data.clone()),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::person::fixtures::*;
    use crate::domain::person::*;

    fn update(phone: &str) -> PersonCommand {
        PersonCommand::UpdatePersonalData(UpdatePersonalData {
            data: PersonData {
                phone: Some(phone.to_owned()),
                ..data()
            },
        })
    }

    #[test]
    fn a_new_phone_is_sealed_under_the_same_subject() {
        let state = Given::<Person>::new(registered())
            .when(&update("081299990000"))
            .then(vec![PersonEvent::PersonalDataUpdated {
                subject_id: subject_id(),
                data: Some(PersonData {
                    phone: Some("081299990000".to_owned()),
                    ..data()
                }),
            }]);
        assert_eq!(state.data.unwrap().phone.as_deref(), Some("081299990000"));
    }

    #[test]
    fn unchanged_data_is_refused() {
        let error = Given::<Person>::new(registered())
            .when(&update("081234567890"))
            .then_error();
        assert_eq!(rule_field(error), "");
    }

    #[test]
    fn a_blank_name_is_refused() {
        let error = Given::<Person>::new(registered())
            .when(&PersonCommand::UpdatePersonalData(UpdatePersonalData {
                data: PersonData {
                    full_name: String::new(),
                    ..data()
                },
            }))
            .then_error();
        assert_eq!(invalid_field(error), "full_name");
    }

    #[test]
    fn erased_data_is_not_recorded_again() {
        let error = Given::<Person>::new(erased())
            .when(&update("081299990000"))
            .then_error();
        assert_eq!(rule_field(error), "person_id");
    }
}
