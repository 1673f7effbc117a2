//! Recording that a case waits on its reporter (a document, a decision, a way to reach
//! them). Whether the wait stops the case's clock is the configured rule in force now,
//! recorded with the wait so later configuration never rewrites past deadlines.

use berdaya_domain::DomainError;

use super::{not_before, open, required, since_opened};
use crate::domain::CaseRules;
use crate::domain::case::{AdvocacyCase, AwaitReporter, CaseEvent};

/// Decides `AwaitReporter`.
pub(super) fn decide(
    state: &AdvocacyCase,
    command: &AwaitReporter,
    rules: &CaseRules,
) -> Result<Vec<CaseEvent>, DomainError> {
    open(state)?;
    if let Some(wait) = state.current_wait() {
        return Err(DomainError::rule(
            "case_id",
            format!(
                "the case is already waiting on the reporter since {}",
                wait.since
            ),
        ));
    }
    required("reason", &command.reason)?;
    since_opened(state, "since", command.since)?;
    let last_wait_ended = state.waits.last().and_then(|w| w.until);
    not_before(
        "since",
        command.since,
        last_wait_ended,
        "the last wait ended",
    )?;
    Ok(vec![CaseEvent::ReporterAwaited {
        since: command.since,
        reason: command.reason.clone(),
        clock_paused: rules.pause_while_waiting_on_reporter,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn a_wait_stops_the_clock_when_the_rules_say_so() {
        let case = Given::<AdvocacyCase>::new(assessed())
            .when(&await_reporter("2026-03-04"))
            .then(vec![CaseEvent::ReporterAwaited {
                since: date("2026-03-04"),
                reason: "menunggu fotokopi KK dari pelapor".to_owned(),
                clock_paused: true,
            }]);
        assert_eq!(case.current_wait().unwrap().since, date("2026-03-04"));
    }

    #[test]
    fn under_rules_that_keep_the_clock_running_the_wait_says_so() {
        let rules = CaseRules {
            pause_while_waiting_on_reporter: false,
            ..CaseRules::default()
        };
        let events = Given::<AdvocacyCase>::new(assessed())
            .with_rules(rules)
            .when(&await_reporter("2026-03-04"))
            .events();
        assert!(matches!(
            &events[0],
            CaseEvent::ReporterAwaited {
                clock_paused: false,
                ..
            }
        ));
    }

    #[test]
    fn a_case_waits_on_its_reporter_once_at_a_time() {
        let history = run(assessed(), vec![await_reporter("2026-03-04")]);
        let error = Given::<AdvocacyCase>::new(history)
            .when(&await_reporter("2026-03-05"))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { reason, .. } if reason.contains("since 2026-03-04"))
        );
    }

    #[test]
    fn a_new_wait_cannot_begin_before_the_last_one_ended() {
        let history = run(
            assessed(),
            vec![
                await_reporter("2026-03-04"),
                reporter_responded("2026-03-08"),
            ],
        );
        let error = Given::<AdvocacyCase>::new(history)
            .when(&await_reporter("2026-03-06"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "since"));
    }
}
