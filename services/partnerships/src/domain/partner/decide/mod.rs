//! The partner's rules: one decision per command, each in its own file with its tests.

mod add_contact;
mod erase_personal_data;
mod register;
mod reinstate;
mod remove_contact;
mod retire;
mod suspend;
mod update_contact;
mod update_profile;

use berdaya_domain::DomainError;
use berdaya_domain::error::Violations;
use berdaya_domain::id::RegionCode;

use super::{ContactPerson, Partner, PartnerCommand, PartnerEvent, PartnerStatus};

/// Decides a command against a partner's state.
pub(super) fn decide(
    state: &Partner,
    command: &PartnerCommand,
) -> Result<Vec<PartnerEvent>, DomainError> {
    use PartnerCommand as C;
    if let C::Register(command) = command {
        return register::decide(state, command);
    }
    match state.status {
        PartnerStatus::Unregistered => return Err(DomainError::not_found("partner")),
        PartnerStatus::Retired { .. } if !matches!(command, C::ErasePersonalData(_)) => {
            return Err(DomainError::rule("partner_id", "the partner is retired"));
        }
        _ => {}
    }
    match command {
        C::Register(command) => register::decide(state, command),
        C::UpdateProfile(command) => update_profile::decide(state, command),
        C::AddContact(command) => add_contact::decide(state, command),
        C::UpdateContact(command) => update_contact::decide(state, command),
        C::RemoveContact(command) => remove_contact::decide(state, command),
        C::Suspend(command) => suspend::decide(state, command),
        C::Reinstate(command) => reinstate::decide(state, command),
        C::Retire(command) => retire::decide(state, command),
        C::ErasePersonalData(command) => erase_personal_data::decide(state, command),
    }
}

/// At least one region, and none listed twice or inside another listed one (`35.78`
/// beside `35` says nothing more and would count the partner twice in region queries).
fn check_regions_served(regions: &[RegionCode]) -> Result<(), DomainError> {
    let mut violations = Violations::new();
    if regions.is_empty() {
        violations.add(
            "regions_served",
            "at least one region the partner serves is required",
        );
    }
    for (index, region) in regions.iter().enumerate() {
        if let Some((earlier, other)) = regions[..index]
            .iter()
            .enumerate()
            .find(|(_, other)| region.is_within(other.as_str()) || other.is_within(region.as_str()))
        {
            violations.add(
                format!("regions_served[{index}]"),
                format!("{region} overlaps regions_served[{earlier}] ({other})"),
            );
        }
    }
    violations.finish()
}

/// A contact being recorded must carry personal data (it cannot start erased) and a way
/// to reach them.
fn check_contact(contact: &ContactPerson, field: &str) -> Result<(), DomainError> {
    match &contact.data {
        None => Err(DomainError::invalid(
            format!("{field}.personal.full_name"),
            "a contact's name is required",
        )),
        Some(data) if data.phone.is_none() && data.email.is_none() => Err(DomainError::invalid(
            format!("{field}.personal"),
            "a contact needs a phone or an e-mail address",
        )),
        Some(_) => Ok(()),
    }
}
