//! Revising a case's urgency (the situation worsened, or proved less pressing). The
//! targets of the new urgency, as configured now, apply from then on, still counted from
//! the report.

use berdaya_domain::DomainError;

use super::{open, required, since_opened};
use crate::domain::CaseRules;
use crate::domain::case::{AdvocacyCase, CaseEvent, ChangeUrgency};

/// Decides `ChangeUrgency`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &ChangeUrgency,
    rules: &CaseRules,
) -> Result<Vec<CaseEvent>, DomainError> {
    open(state)?;
    if command.urgency == state.urgency {
        return Err(DomainError::rule(
            "urgency",
            format!("the case is already {}", state.urgency.key()),
        ));
    }
    required("reason", &command.reason)?;
    since_opened(state, "changed_on", command.changed_on)?;
    Ok(vec![CaseEvent::UrgencyChanged {
        from: state.urgency,
        to: command.urgency,
        service_level: rules.service_level(command.urgency),
        reason: command.reason.clone(),
        changed_on: command.changed_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    fn change(urgency: Urgency) -> CaseCommand {
        CaseCommand::ChangeUrgency(ChangeUrgency {
            urgency,
            reason: "keluarga sudah mendapat layanan darurat".to_owned(),
            changed_on: date("2026-03-04"),
        })
    }

    #[test]
    fn a_new_urgency_brings_its_configured_targets() {
        let case = Given::<AdvocacyCase>::new(assessed())
            .when(&change(Urgency::Normal))
            .then(vec![CaseEvent::UrgencyChanged {
                from: Urgency::Urgent,
                to: Urgency::Normal,
                service_level: ServiceLevel {
                    first_action_days: 14,
                    resolution_days: 90,
                },
                reason: "keluarga sudah mendapat layanan darurat".to_owned(),
                changed_on: date("2026-03-04"),
            }]);
        assert_eq!(case.urgency, Urgency::Normal);
        assert_eq!(case.service_level.resolution_days, 90);
    }

    #[test]
    fn the_same_urgency_is_refused() {
        let error = Given::<AdvocacyCase>::new(assessed())
            .when(&change(Urgency::Urgent))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "urgency"));
    }
}
