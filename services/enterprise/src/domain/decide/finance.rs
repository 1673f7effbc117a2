//! Money: the business plan, the group account, grants and their tranches, monthly
//! progress with its profit split, and IKS.

use berdaya_domain::error::Violations;
use berdaya_domain::{DomainError, Rupiah};

use super::{not_before, not_before_formation};
use crate::domain::GrantScheme;
use crate::domain::commands::GroupCommand;
use crate::domain::events::{BusinessPlan, GroupEvent, ProgressReport};
use crate::domain::state::KubeGroup;
use berdaya_domain::Month;

/// Records `field` unless `amount` is 0 to [`Rupiah::MAX`].
fn in_bounds(v: &mut Violations, field: &str, amount: Rupiah) {
    if let Err(violation) = Rupiah::bounded(amount.0, 0) {
        v.push(violation.under(field));
    }
}

/// Refuses an amount unless it is 1 to [`Rupiah::MAX`].
fn positive(field: &str, amount: Rupiah) -> Result<(), DomainError> {
    Rupiah::bounded(amount.0, 1)
        .map(drop)
        .map_err(|violation| DomainError::Invalid(vec![violation.under(field)]))
}

/// Decides the money commands of a formed, active group.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
) -> Result<Vec<GroupEvent>, DomainError> {
    use GroupCommand as C;
    match command {
        C::AdoptBusinessPlan {
            adopted_on,
            summary,
            products,
            capital_required,
            target_monthly_revenue,
        } => {
            let mut v = Violations::new();
            in_bounds(&mut v, "capital_required", *capital_required);
            in_bounds(&mut v, "target_monthly_revenue", *target_monthly_revenue);
            v.finish()?;
            not_before_formation(state, "adopted_on", *adopted_on)?;
            let previous = state.plans.last();
            not_before(
                "adopted_on",
                *adopted_on,
                previous.map(|p| p.adopted_on),
                "the current plan was adopted",
            )?;
            Ok(vec![GroupEvent::BusinessPlanAdopted(BusinessPlan {
                version: previous.map_or(1, |p| p.version + 1),
                adopted_on: *adopted_on,
                summary: summary.clone(),
                products: products.clone(),
                capital_required: *capital_required,
                target_monthly_revenue: *target_monthly_revenue,
            })])
        }
        C::RecordAccount(account) => {
            if state
                .account
                .as_ref()
                .is_some_and(|a| a.account_number == account.account_number)
            {
                return Err(DomainError::rule(
                    "account_number",
                    "is already the group's account",
                ));
            }
            Ok(vec![GroupEvent::AccountRecorded(account.clone())])
        }
        C::AwardGrant {
            grant_id,
            scheme,
            scheme_name,
            amount,
            awarded_on,
            conditions,
            reference,
        } => {
            positive("amount", *amount)?;
            match (scheme, scheme_name.is_empty()) {
                (GrantScheme::Other, true) => {
                    return Err(DomainError::invalid(
                        "scheme_name",
                        "is required when the scheme is OTHER",
                    ));
                }
                (GrantScheme::Blps | GrantScheme::KubeCapital, false) => {
                    return Err(DomainError::invalid(
                        "scheme_name",
                        "is only given when the scheme is OTHER",
                    ));
                }
                _ => {}
            }
            if state.grant(*grant_id).is_some() {
                return Err(DomainError::already_exists(
                    "grant_id",
                    "a grant with this id was already awarded",
                ));
            }
            not_before_formation(state, "awarded_on", *awarded_on)?;
            Ok(vec![GroupEvent::GrantAwarded {
                grant_id: *grant_id,
                scheme: *scheme,
                scheme_name: scheme_name.clone(),
                amount: *amount,
                awarded_on: *awarded_on,
                conditions: conditions.clone(),
                reference: reference.clone(),
            }])
        }
        C::DisburseTranche {
            grant_id,
            amount,
            disbursed_on,
            reference,
        } => {
            positive("amount", *amount)?;
            let grant = state
                .grant(*grant_id)
                .ok_or_else(|| DomainError::not_found(format!("grant {grant_id}")))?;
            let account = state.account.as_ref().ok_or_else(|| {
                DomainError::rule(
                    "group_id",
                    "the group has no bank account on record: record it before disbursing",
                )
            })?;
            let remaining = grant.remaining();
            if *amount > remaining {
                return Err(DomainError::rule(
                    "amount",
                    format!(
                        "the tranche of {} exceeds what remains of the award ({} of {})",
                        amount, remaining, grant.amount
                    ),
                ));
            }
            not_before(
                "disbursed_on",
                *disbursed_on,
                Some(grant.awarded_on),
                "the grant was awarded",
            )?;
            Ok(vec![GroupEvent::TrancheDisbursed {
                grant_id: *grant_id,
                number: u32::try_from(grant.tranches.len()).unwrap_or(u32::MAX - 1) + 1,
                amount: *amount,
                disbursed_on: *disbursed_on,
                reference: reference.clone(),
                // The amount is at most what remains, so this cannot go below zero.
                remaining: remaining.saturating_sub(*amount),
                account_number: account.account_number.clone(),
            }])
        }
        C::ReportProgress {
            month,
            revenue,
            costs,
            capital,
            split,
            reported_on,
            note,
        } => {
            let profit = report_profit(*revenue, *costs, *capital, split)?;
            if *month < state.formed_on.map_or(*month, Month::of) {
                return Err(DomainError::rule(
                    "month",
                    format!("{month} is before the group was formed"),
                ));
            }
            if Month::of(*reported_on) < *month {
                return Err(DomainError::invalid(
                    "reported_on",
                    format!("{reported_on} is before the month reported ({month})"),
                ));
            }
            if state.reports.iter().any(|r| r.month == *month) {
                return Err(DomainError::already_exists(
                    "month",
                    format!("{month} was already reported"),
                ));
            }
            if state.iks_collected().checked_add(split.iks).is_none() {
                return Err(DomainError::rule(
                    "split.iks",
                    "the group's IKS collected would pass the largest figure the records hold",
                ));
            }
            Ok(vec![GroupEvent::ProgressReported(ProgressReport {
                month: *month,
                revenue: *revenue,
                costs: *costs,
                profit,
                capital: *capital,
                split: *split,
                reported_on: *reported_on,
                note: note.clone(),
            })])
        }
        C::ShareIks {
            amount,
            shared_on,
            recipients,
            recipient_household_ids,
        } => {
            positive("amount", *amount)?;
            let balance = state.iks_balance();
            if *amount > balance {
                return Err(DomainError::rule(
                    "amount",
                    format!("sharing {amount} exceeds the group's IKS balance ({balance})"),
                ));
            }
            not_before_formation(state, "shared_on", *shared_on)?;
            Ok(vec![GroupEvent::IksShared {
                amount: *amount,
                shared_on: *shared_on,
                recipients: recipients.clone(),
                recipient_household_ids: recipient_household_ids.clone(),
            }])
        }
        _ => Err(DomainError::rule("", "not a money command")),
    }
}

/// Checks a report's figures and returns its profit (revenue minus costs).
fn report_profit(
    revenue: Rupiah,
    costs: Rupiah,
    capital: Rupiah,
    split: &crate::domain::events::ProfitSplit,
) -> Result<Rupiah, DomainError> {
    let mut v = Violations::new();
    in_bounds(&mut v, "revenue", revenue);
    in_bounds(&mut v, "costs", costs);
    in_bounds(&mut v, "capital", capital);
    in_bounds(&mut v, "split.capital", split.capital);
    in_bounds(&mut v, "split.member_welfare", split.member_welfare);
    in_bounds(&mut v, "split.iks", split.iks);
    v.finish()?;
    // Bounded i64s: the difference and the sum fit in i128 without overflow.
    let profit = i128::from(revenue.0) - i128::from(costs.0);
    let parts =
        i128::from(split.capital.0) + i128::from(split.member_welfare.0) + i128::from(split.iks.0);
    if profit <= 0 && parts != 0 {
        return Err(DomainError::invalid(
            "split",
            format!("a month without profit splits nothing, but the parts add up to {parts}"),
        ));
    }
    if profit > 0 && parts != profit {
        return Err(DomainError::invalid(
            "split",
            format!("capital + member_welfare + iks = {parts} must add up to the profit {profit}"),
        ));
    }
    // Revenue is at most Rupiah::MAX and costs are not negative, so the profit fits.
    Ok(Rupiah(i64::try_from(profit).unwrap_or(Rupiah::MAX.0)))
}
