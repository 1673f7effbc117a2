//! Leaving a programme: only one the household is enrolled in, and not before it joined.

use berdaya_domain::DomainError;
use chrono::NaiveDate;

use crate::domain::{ExitReason, Household, HouseholdEvent, Programme};

/// Decides `Exit`.
pub(super) fn decide(
    state: &Household,
    programme: Programme,
    reason: ExitReason,
    exited_on: NaiveDate,
    note: &str,
) -> Result<Vec<HouseholdEvent>, DomainError> {
    let enrolment = state.active_enrolment(programme).ok_or_else(|| {
        DomainError::rule(
            "programme",
            format!("household is not enrolled in {}", programme.name()),
        )
    })?;
    berdaya_domain::not_before(
        "exited_on",
        exited_on,
        enrolment.enrolled_on,
        "the enrolment",
    )?;
    Ok(vec![HouseholdEvent::ProgrammeExited {
        programme,
        reason,
        exited_on,
        note: note.to_owned(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::*;

    fn exit(on: &str) -> HouseholdCommand {
        HouseholdCommand::Exit {
            programme: Programme::Sembako,
            reason: ExitReason::Graduated,
            exited_on: date(on),
            note: "usaha warung berjalan".into(),
        }
    }

    #[test]
    fn exiting_ends_the_enrolment_but_not_before_it_began() {
        let mut history = registered(2);
        history.extend(
            Given::<Household>::new(history.clone())
                .when(&HouseholdCommand::Enrol {
                    programme: Programme::Sembako,
                    enrolled_on: date("2026-04-01"),
                    components: vec![],
                })
                .events(),
        );
        let error = Given::<Household>::new(history.clone())
            .when(&exit("2026-03-31"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "exited_on"));
        let state = Given::<Household>::new(history)
            .when(&exit("2026-06-01"))
            .then(vec![HouseholdEvent::ProgrammeExited {
                programme: Programme::Sembako,
                reason: ExitReason::Graduated,
                exited_on: date("2026-06-01"),
                note: "usaha warung berjalan".into(),
            }]);
        assert!(state.active_enrolment(Programme::Sembako).is_none());
        assert_eq!(state.status, HouseholdStatus::Active);
    }
}
