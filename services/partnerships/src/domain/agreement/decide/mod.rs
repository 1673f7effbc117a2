//! The agreement's rules: one decision per command, each in its own file with its tests,
//! and the checks several of them share (terms, commitments, partners).

mod amend;
mod draft;
mod erase_personal_data;
mod record_contribution;
mod renew;
mod revise_draft;
mod sign;
mod terminate;
mod withdraw_draft;

use std::collections::HashSet;

use berdaya_domain::DomainError;
use berdaya_domain::error::Violations;
use chrono::NaiveDate;
use uuid::Uuid;

use super::{Agreement, AgreementCommand, AgreementEvent, Commitment, Lifecycle, Signing, Terms};
use crate::domain::dates::period;
use crate::domain::{PartnerFacts, PartnerStanding, Party};

/// Decides a command against an agreement's state.
pub(super) fn decide(
    state: &Agreement,
    command: &AgreementCommand,
) -> Result<Vec<AgreementEvent>, DomainError> {
    use AgreementCommand as C;
    if let C::Draft(command) = command {
        return draft::decide(state, command);
    }
    if state.lifecycle == Lifecycle::NotDrafted {
        return Err(DomainError::not_found("agreement"));
    }
    match command {
        C::Draft(command) => draft::decide(state, command),
        C::ReviseDraft(command) => revise_draft::decide(state, command),
        C::WithdrawDraft(command) => withdraw_draft::decide(state, command),
        C::Sign(command) => sign::decide(state, command),
        C::Amend(command) => amend::decide(state, command),
        C::Renew(command) => renew::decide(state, command),
        C::Terminate(command) => terminate::decide(state, command),
        C::RecordContribution(command) => record_contribution::decide(state, command),
        C::ErasePersonalData(command) => erase_personal_data::decide(state, command),
    }
}

/// The draft, still open to change.
fn require_draft(state: &Agreement) -> Result<(), DomainError> {
    match state.lifecycle {
        Lifecycle::Drafted => Ok(()),
        Lifecycle::Withdrawn => Err(DomainError::rule("agreement_id", "the draft was withdrawn")),
        Lifecycle::Signed => Err(DomainError::rule(
            "agreement_id",
            "the agreement is already signed: amend it instead",
        )),
        Lifecycle::NotDrafted => Err(DomainError::not_found("agreement")),
    }
}

/// The signature of a signed agreement.
fn require_signed(state: &Agreement) -> Result<&Signing, DomainError> {
    match (&state.lifecycle, &state.signing) {
        (Lifecycle::Signed, Some(signing)) => Ok(signing),
        (Lifecycle::Withdrawn, _) => Err(DomainError::rule(
            "agreement_id",
            "the agreement is a withdrawn draft, never signed",
        )),
        _ => Err(DomainError::rule(
            "agreement_id",
            "the agreement is not signed yet",
        )),
    }
}

/// The terms of a draft: at least one partner, none twice, an end date on or after the
/// start date, well-formed commitments; then every partner known and active.
fn check_terms(terms: &Terms, partners: &[PartnerFacts]) -> Result<(), DomainError> {
    let mut violations = Violations::new();
    if terms.partner_ids.is_empty() {
        violations.add("partner_ids", "an agreement needs at least one partner");
    }
    let mut seen = HashSet::new();
    for (index, partner) in terms.partner_ids.iter().enumerate() {
        if !seen.insert(partner) {
            violations.add(
                format!("partner_ids[{index}]"),
                "the partner is listed twice",
            );
        }
    }
    if let Err(violation) = period("start_date", terms.start_date, "end_date", terms.end_date) {
        violations.push(violation);
    }
    let mut ids = HashSet::new();
    for (index, commitment) in terms.commitments.iter().enumerate() {
        let field = format!("commitments[{index}]");
        if !ids.insert(commitment.commitment_id) {
            violations.add(
                format!("{field}.commitment_id"),
                "the commitment is listed twice",
            );
        }
        check_commitment(commitment, &field, terms, &mut violations);
    }
    violations.finish()?;
    check_partners_active(&terms.partner_ids, partners, |index| {
        format!("partner_ids[{index}]")
    })
}

/// One commitment against the terms it belongs to: provided by the office or one of the
/// agreement's partners, a target above zero in a unit its kind is measured in, and a
/// period inside the agreement's term.
fn check_commitment(
    commitment: &Commitment,
    field: &str,
    terms: &Terms,
    violations: &mut Violations,
) {
    if let Party::Partner(provider) = commitment.provider
        && !terms.partner_ids.contains(&provider)
    {
        violations.add(
            format!("{field}.provider_partner_id"),
            format!("partner {provider} is not a party to the agreement"),
        );
    }
    if !commitment.target.is_positive() {
        violations.add(
            format!("{field}.target"),
            "the target must be more than zero",
        );
    } else if !commitment.kind.accepts(&commitment.target) {
        violations.add(
            format!("{field}.target"),
            format!(
                "{} is not measured as a {}",
                commitment.kind.noun(),
                commitment.target.unit()
            ),
        );
    }
    let end_field = format!("{field}.period_end");
    if let Err(violation) = period(
        &format!("{field}.period_start"),
        commitment.period_start,
        &end_field,
        commitment.period_end,
    ) {
        violations.push(violation);
    } else {
        let outside = |date: NaiveDate| {
            format!(
                "{date} lies outside the agreement's term {} to {}",
                terms.start_date, terms.end_date
            )
        };
        if commitment.period_start < terms.start_date {
            violations.add(
                format!("{field}.period_start"),
                outside(commitment.period_start),
            );
        }
        if commitment.period_end > terms.end_date {
            violations.add(end_field, outside(commitment.period_end));
        }
    }
}

/// Every partner in `partner_ids` is known and active, according to `partners` (a
/// partner the edge found nothing for is unknown).
fn check_partners_active(
    partner_ids: &[Uuid],
    partners: &[PartnerFacts],
    field: impl Fn(usize) -> String,
) -> Result<(), DomainError> {
    for (index, partner_id) in partner_ids.iter().enumerate() {
        let unknown = PartnerFacts {
            partner_id: *partner_id,
            standing: PartnerStanding::Unknown,
        };
        let facts = partners
            .iter()
            .find(|f| f.partner_id == *partner_id)
            .unwrap_or(&unknown);
        facts.require_active(&field(index))?;
    }
    Ok(())
}

/// Refuses a date before the latest version took effect: versions stay in date order.
fn after_latest_version(
    state: &Agreement,
    field: &str,
    date: NaiveDate,
) -> Result<(), DomainError> {
    let latest = state.current_version().map(|v| v.effective_on);
    crate::domain::dates::not_before(field, date, latest, "the latest version took effect")
}

/// A signed agreement that can still change on `date`: not terminated (nor due to be),
/// and not expired on that day.
fn open_for_change(state: &Agreement, field: &str, date: NaiveDate) -> Result<(), DomainError> {
    require_signed(state)?;
    if let Some(termination) = &state.termination {
        return Err(DomainError::rule(
            "agreement_id",
            format!(
                "the agreement is terminated from {}",
                termination.terminated_on
            ),
        ));
    }
    if date > state.terms.end_date {
        return Err(DomainError::rule(
            field,
            format!(
                "the agreement expired on {} (its last day was {}): draft a new agreement",
                state
                    .terms
                    .end_date
                    .succ_opt()
                    .unwrap_or(state.terms.end_date),
                state.terms.end_date
            ),
        ));
    }
    after_latest_version(state, field, date)
}
