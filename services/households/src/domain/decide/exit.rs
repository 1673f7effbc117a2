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

    #[test]
    fn exiting_on_the_enrolment_day_ends_that_programme_only() {
        let mut history = registered(2);
        for programme in [Programme::Pip, Programme::Sembako] {
            history.extend(
                Given::<Household>::new(history.clone())
                    .when(&HouseholdCommand::Enrol {
                        programme,
                        enrolled_on: date("2026-04-01"),
                        components: vec![],
                    })
                    .events(),
            );
        }
        let state = Given::<Household>::new(history)
            .when(&exit("2026-04-01"))
            .then(vec![HouseholdEvent::ProgrammeExited {
                programme: Programme::Sembako,
                reason: ExitReason::Graduated,
                exited_on: date("2026-04-01"),
                note: "usaha warung berjalan".into(),
            }]);
        let pip = state.active_enrolment(Programme::Pip).unwrap();
        assert_eq!(pip.exited_on, None);
        assert_eq!(pip.exit_reason, None);
        let sembako = &state.enrolments[1];
        assert!(!sembako.active);
        assert_eq!(sembako.exited_on, Some(date("2026-04-01")));
        assert_eq!(sembako.exit_reason, Some(ExitReason::Graduated));
    }

    #[test]
    fn a_programme_the_household_is_not_in_cannot_be_exited() {
        let error = Given::<Household>::new(registered(2))
            .when(&exit("2026-06-01"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "programme"));
    }
}
