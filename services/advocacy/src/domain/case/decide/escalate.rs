//! Escalating an assessed case: up the government ladder (village, district, regency,
//! province, national), never down it, or to a body outside it (Ombudsman RI, legal aid,
//! Komnas HAM), always with a reason.

use berdaya_domain::DomainError;

use super::{assessed, not_before, required};
use crate::domain::EscalationLevel;
use crate::domain::case::{AdvocacyCase, CaseEvent, Escalate};

/// Decides `Escalate`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &Escalate,
) -> Result<Vec<CaseEvent>, DomainError> {
    assessed(state, "escalating it: escalation rests on the facts")?;
    required("reason", &command.reason)?;
    if command.to == state.level {
        return Err(DomainError::rule(
            "to",
            format!("the case is already handled at {}", state.level.key()),
        ));
    }
    let highest_rung = std::iter::once(state.level)
        .chain(state.escalations.iter().map(|e| e.from))
        .filter_map(EscalationLevel::ladder_rung)
        .max();
    if let (Some(to), Some(highest)) = (command.to.ladder_rung(), highest_rung)
        && to <= highest
    {
        return Err(DomainError::rule(
            "to",
            format!(
                "escalation goes up the government ladder: the case has already reached rung {highest} of 5, and {} is rung {to}",
                command.to.key()
            ),
        ));
    }
    let last = state
        .escalations
        .last()
        .map(|e| e.escalated_on)
        .or(state.assessment.as_ref().map(|a| a.assessed_on));
    not_before(
        "escalated_on",
        command.escalated_on,
        last,
        "the last assessment or escalation",
    )?;
    Ok(vec![CaseEvent::Escalated {
        from: state.level,
        to: command.to,
        reason: command.reason.clone(),
        escalated_on: command.escalated_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    fn escalate(to: EscalationLevel, on: &str) -> CaseCommand {
        CaseCommand::Escalate(Escalate {
            to,
            reason: "desa tidak berwenang atas data PBI-JK".to_owned(),
            escalated_on: date(on),
        })
    }

    #[test]
    fn a_case_goes_up_the_ladder_with_a_reason() {
        let case = Given::<AdvocacyCase>::new(in_action())
            .when(&escalate(EscalationLevel::Regency, "2026-03-06"))
            .then(vec![CaseEvent::Escalated {
                from: EscalationLevel::Village,
                to: EscalationLevel::Regency,
                reason: "desa tidak berwenang atas data PBI-JK".to_owned(),
                escalated_on: date("2026-03-06"),
            }]);
        assert_eq!(case.level, EscalationLevel::Regency);
        assert!(case.escalated());
    }

    #[test]
    fn a_case_never_goes_down_the_ladder_even_after_an_outside_body() {
        let history = run(
            in_action(),
            vec![
                escalate(EscalationLevel::Province, "2026-03-06"),
                escalate(EscalationLevel::Ombudsman, "2026-03-08"),
            ],
        );
        let error = Given::<AdvocacyCase>::new(history.clone())
            .when(&escalate(EscalationLevel::Regency, "2026-03-09"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "to"));
        Given::<AdvocacyCase>::new(history)
            .when(&escalate(EscalationLevel::National, "2026-03-09"))
            .events();
    }

    #[test]
    fn escalating_to_where_it_is_handled_is_refused() {
        let history = run(
            in_action(),
            vec![escalate(EscalationLevel::LegalAid, "2026-03-06")],
        );
        let error = Given::<AdvocacyCase>::new(history)
            .when(&escalate(EscalationLevel::LegalAid, "2026-03-07"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("already handled at legal_aid"))
        );
    }

    #[test]
    fn escalation_needs_an_assessment_and_a_reason() {
        let error = Given::<AdvocacyCase>::new(reported())
            .when(&escalate(EscalationLevel::Regency, "2026-03-03"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("not assessed yet"))
        );
        let error = Given::<AdvocacyCase>::new(assessed())
            .when(&CaseCommand::Escalate(Escalate {
                to: EscalationLevel::Regency,
                reason: String::new(),
                escalated_on: date("2026-03-04"),
            }))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "reason"));
    }

    #[test]
    fn a_closed_case_is_not_escalated() {
        let error = Given::<AdvocacyCase>::new(closed_unresolved())
            .when(&escalate(EscalationLevel::Regency, "2026-03-11"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("reopen it first"))
        );
    }
}
