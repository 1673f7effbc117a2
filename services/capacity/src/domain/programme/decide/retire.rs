//! Retiring a programme: it takes no new cohorts.

use berdaya_domain::DomainError;

use super::super::{Programme, ProgrammeEvent, RetireProgramme};
use crate::domain::check::{invalid, not_before};

/// Retires an open programme. Certificates it issued stay valid until they expire.
pub(super) fn retire(
    state: &Programme,
    command: &RetireProgramme,
) -> Result<Vec<ProgrammeEvent>, DomainError> {
    if command.reason.trim().is_empty() {
        return invalid("reason", "is required");
    }
    if let Some(last) = state.last_changed_on {
        not_before(
            "retired_on",
            command.retired_on,
            last,
            "the programme's last change",
        )?;
    }
    Ok(vec![ProgrammeEvent::Retired {
        retired_on: command.retired_on,
        reason: command.reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::facts::ProgrammeStanding;
    use crate::domain::fixtures::*;
    use crate::domain::programme::fixtures::*;
    use crate::domain::programme::*;

    fn retire(on: &str, reason: &str) -> ProgrammeCommand {
        ProgrammeCommand::Retire(RetireProgramme {
            retired_on: date(on),
            reason: reason.to_owned(),
        })
    }

    #[test]
    fn a_retired_programme_stands_retired_for_new_cohorts() {
        let state = Given::<Programme>::new(defined())
            .when(&retire("2026-12-31", "diganti kurikulum 2027"))
            .then(retired()[1..].to_vec());
        assert_eq!(
            state.facts(programme_id()).standing,
            ProgrammeStanding::Retired
        );
    }

    #[test]
    fn retiring_twice_is_refused() {
        let error = Given::<Programme>::new(retired())
            .when(&retire("2027-01-01", "lagi"))
            .then_error();
        assert_eq!(rule_field(error), "programme_id");
    }

    #[test]
    fn a_reason_is_required() {
        let error = Given::<Programme>::new(defined())
            .when(&retire("2026-12-31", " "))
            .then_error();
        assert_eq!(invalid_field(error), "reason");
    }

    #[test]
    fn a_retirement_dated_before_the_definition_is_refused() {
        let error = Given::<Programme>::new(defined())
            .when(&retire("2026-01-01", "salah"))
            .then_error();
        assert_eq!(rule_field(error), "retired_on");
    }

    #[test]
    fn an_unknown_programme_is_not_found() {
        let error = Given::<Programme>::nothing()
            .when(&retire("2026-12-31", "x"))
            .then_error();
        assert_eq!(not_found(error), "programme");
    }
}
