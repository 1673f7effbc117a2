//! Defining a programme.

use berdaya_domain::DomainError;
use berdaya_domain::error::Violations;

use super::super::{DefineProgramme, Programme, ProgrammeEvent, ProgrammeStatus};
use crate::domain::check::{no_duplicates, require_text};

/// Defines a programme; its terms must be complete and consistent.
pub(super) fn define(
    state: &Programme,
    command: &DefineProgramme,
) -> Result<Vec<ProgrammeEvent>, DomainError> {
    if state.status != ProgrammeStatus::Undefined {
        return Err(DomainError::already_exists(
            "programme_id",
            "a programme with this id is already defined",
        ));
    }
    let mut violations = Violations::new();
    require_text(&mut violations, "title", &command.title);
    no_duplicates(&mut violations, "target_roles", &command.target_roles);
    violations.finish()?;
    command.terms.check()?;
    Ok(vec![ProgrammeEvent::Defined {
        programme_id: command.programme_id,
        title: command.title.clone(),
        description: command.description.clone(),
        method: command.method,
        target_roles: command.target_roles.clone(),
        terms: command.terms.clone(),
        defined_on: command.defined_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::fixtures::*;
    use crate::domain::programme::fixtures::*;
    use crate::domain::programme::*;
    use crate::domain::roles::PersonRole;

    fn define_with(change: impl FnOnce(&mut DefineProgramme)) -> ProgrammeCommand {
        let ProgrammeCommand::Define(mut command) = define() else {
            unreachable!()
        };
        change(&mut command);
        ProgrammeCommand::Define(command)
    }

    #[test]
    fn a_training_is_defined_at_version_one() {
        let state = Given::<Programme>::nothing()
            .when(&define())
            .then(defined());
        assert_eq!(state.terms_version, 1);
        assert_eq!(state.status, ProgrammeStatus::Open);
    }

    #[test]
    fn defining_twice_is_refused() {
        let error = Given::<Programme>::new(defined())
            .when(&define())
            .then_error();
        assert_eq!(duplicate_field(error), "programme_id");
    }

    #[test]
    fn a_programme_without_assessment_completes_on_attendance() {
        let command = define_with(|c| c.terms.pass_mark = None);
        let events = Given::<Programme>::nothing().when(&command).events();
        let ProgrammeEvent::Defined { terms, .. } = &events[0] else {
            panic!()
        };
        assert_eq!(terms.pass_mark, None);
    }

    #[test]
    fn bad_terms_are_each_named() {
        let command = define_with(|c| {
            c.title = String::new();
            c.target_roles = vec![PersonRole::Psm, PersonRole::Psm];
        });
        let error = Given::<Programme>::nothing().when(&command).then_error();
        assert_eq!(invalid_fields(error), ["title", "target_roles[1]"]);

        let command = define_with(|c| {
            c.terms.modules[2].code = "KUBE-01".to_owned();
            c.terms.modules[1].hours = 0;
            c.terms.required_attendance_percent = 0;
            c.terms.pass_mark = Some(101);
            c.terms.certificate.validity_months = 0;
            c.terms.certificate.name = " ".to_owned();
        });
        let error = Given::<Programme>::nothing().when(&command).then_error();
        assert_eq!(
            invalid_fields(error),
            [
                "modules[1].hours",
                "modules[2]",
                "required_attendance_percent",
                "pass_mark",
                "certificate.name",
                "certificate.validity_months",
            ]
        );
    }

    #[test]
    fn a_module_needs_a_code_and_a_title() {
        let command = define_with(|c| {
            c.terms.modules[0].code = String::new();
            c.terms.modules[0].title = " ".to_owned();
        });
        let error = Given::<Programme>::nothing().when(&command).then_error();
        assert_eq!(
            invalid_fields(error),
            ["modules[0].code", "modules[0].title"]
        );
    }

    #[test]
    fn a_programme_needs_modules() {
        let command = define_with(|c| c.terms.modules.clear());
        let error = Given::<Programme>::nothing().when(&command).then_error();
        assert_eq!(invalid_field(error), "modules");
    }

    #[test]
    fn a_programme_may_have_up_to_the_most_modules_and_not_one_more() {
        let modules = |count: usize| {
            (0..count)
                .map(|i| Module {
                    code: format!("M-{i:02}"),
                    title: format!("Modul {i}"),
                    hours: 2,
                })
                .collect::<Vec<_>>()
        };
        let most = define_with(|c| c.terms.modules = modules(MAX_MODULES));
        Given::<Programme>::nothing().when(&most).events();
        let over = define_with(|c| c.terms.modules = modules(MAX_MODULES + 1));
        let error = Given::<Programme>::nothing().when(&over).then_error();
        assert_eq!(invalid_field(error), "modules");
    }

    #[test]
    fn attendance_above_one_hundred_percent_is_refused() {
        let command = define_with(|c| c.terms.required_attendance_percent = 101);
        let error = Given::<Programme>::nothing().when(&command).then_error();
        assert_eq!(invalid_field(error), "required_attendance_percent");
    }
}
