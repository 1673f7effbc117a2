//! The referral's rules: one decision per command, each in its own file with its tests.

mod accept;
mod complete;
mod decline;
mod make;
mod under_agreement;
mod withdraw;

use berdaya_domain::DomainError;
use uuid::Uuid;

use super::{Referral, ReferralCommand, ReferralEvent, ReferralRules, ReferralStatus};

/// Decides a command against a referral's state.
pub(super) fn decide(
    state: &Referral,
    command: &ReferralCommand,
    rules: &ReferralRules,
) -> Result<Vec<ReferralEvent>, DomainError> {
    use ReferralCommand as C;
    if let C::Make(command) = command {
        return make::decide(state, command, rules);
    }
    if state.status == ReferralStatus::NotMade {
        return Err(DomainError::not_found("referral"));
    }
    match command {
        C::Make(command) => make::decide(state, command, rules),
        C::Accept(command) => accept::decide(state, command),
        C::Decline(command) => decline::decide(state, command),
        C::Complete(command) => complete::decide(state, command),
        C::Withdraw(command) => withdraw::decide(state, command),
    }
}

/// An integration client acting for a partner answers only referrals made to it.
fn for_its_partner(state: &Referral, acting_for: Option<Uuid>) -> Result<(), DomainError> {
    match (acting_for, state.partner_id) {
        (Some(client), Some(partner)) if client != partner => Err(DomainError::rule(
            "referral_id",
            format!(
                "the referral was made to partner {partner}, not to partner {client} this client acts for"
            ),
        )),
        _ => Ok(()),
    }
}

/// Refuses a change to a referral that is settled (declined, completed or withdrawn).
fn still_open(state: &Referral) -> Result<(), DomainError> {
    match state.status {
        ReferralStatus::Referred | ReferralStatus::Accepted => Ok(()),
        status => Err(DomainError::rule(
            "referral_id",
            format!("the referral is already {}", status.describe()),
        )),
    }
}
