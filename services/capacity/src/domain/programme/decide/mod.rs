//! The programme's rules: one decision per command, each in its own file with its tests.

mod define;
mod retire;
mod revise;

use berdaya_domain::DomainError;

use super::{Programme, ProgrammeCommand, ProgrammeEvent, ProgrammeStatus};

/// Decides a command against a programme's state.
pub(super) fn decide(
    state: &Programme,
    command: &ProgrammeCommand,
) -> Result<Vec<ProgrammeEvent>, DomainError> {
    use ProgrammeCommand as C;
    if let C::Define(define) = command {
        return define::define(state, define);
    }
    match state.status {
        ProgrammeStatus::Undefined => return Err(DomainError::not_found("programme")),
        ProgrammeStatus::Retired => {
            return Err(DomainError::rule(
                "programme_id",
                "the programme is retired",
            ));
        }
        ProgrammeStatus::Open => {}
    }
    match command {
        C::Define(_) => Err(DomainError::already_exists(
            "programme_id",
            "the programme is already defined",
        )),
        C::Revise(revise) => revise::revise(state, revise),
        C::Retire(retire) => retire::retire(state, retire),
    }
}
