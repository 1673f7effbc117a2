//! The person's rules: one decision per command, each in its own file with its tests.

mod deactivate;
mod erase_personal_data;
mod reactivate;
mod reassign;
mod register;
mod update_personal_data;

use berdaya_domain::DomainError;

use super::{Person, PersonCommand, PersonEvent, PersonStatus};

/// Decides a command against a person's state.
pub(super) fn decide(
    state: &Person,
    command: &PersonCommand,
) -> Result<Vec<PersonEvent>, DomainError> {
    use PersonCommand as C;
    if let C::Register(register) = command {
        return register::register(state, register);
    }
    if state.status == PersonStatus::Unregistered {
        return Err(DomainError::not_found("person"));
    }
    match command {
        C::Register(_) => Err(DomainError::already_exists(
            "person_id",
            "the person is already registered",
        )),
        C::Reassign(reassign) => reassign::reassign(state, reassign),
        C::UpdatePersonalData(update) => update_personal_data::update_personal_data(state, update),
        C::Deactivate(deactivate) => deactivate::deactivate(state, deactivate),
        C::Reactivate(reactivate) => reactivate::reactivate(state, reactivate),
        C::ErasePersonalData(erase) => erase_personal_data::erase_personal_data(state, erase),
    }
}
