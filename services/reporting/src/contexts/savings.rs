//! Strategy 3, savings culture: open accounts, balances, deposits and withdrawals per
//! month, households saving in the month, incentive credits (kept apart from the
//! families' own money) and goals set and reached.
//!
//! Each fact counts in the month of its own date (opened, deposited, credited,
//! withdrawn, set, reached, closed), and the households saving in the month of their
//! deposits. The account's levels (open accounts, balance) never change before the month
//! it was opened ([`not_before`]).

use berdaya_messaging::EventEnvelope;
use berdaya_proto::berdaya::households::v1 as pb;
use serde::{Deserialize, Serialize};

use super::common::{checked, decode, load, money, save, short_name};
use super::{ContextProjection, ProjectionError};
use crate::catalog::{Indicator, Kind};
use crate::facts::{Output, business_month, not_before};

/// Open accounts (stock).
pub const ACCOUNTS: &str = "savings.accounts_open";
/// Total balance (stock, rupiah).
pub const BALANCE: &str = "savings.balance";
/// Deposits (flow, rupiah).
pub const DEPOSITS: &str = "savings.deposits";
/// Withdrawals (flow, rupiah).
pub const WITHDRAWALS: &str = "savings.withdrawals";
/// Households that deposited in the month.
pub const SAVERS: &str = "savings.households_saving";
/// Incentive credits (flow, rupiah).
pub const INCENTIVES: &str = "savings.incentives";
/// Goals, by outcome (set, reached).
pub const GOALS: &str = "savings.goals";

static INDICATORS: [Indicator; 7] = [
    Indicator {
        id: ACCOUNTS,
        strategy: 3,
        unit: "accounts",
        kind: Kind::Stock,
        dimension: "",
    },
    Indicator {
        id: BALANCE,
        strategy: 3,
        unit: "rupiah",
        kind: Kind::Stock,
        dimension: "",
    },
    Indicator {
        id: DEPOSITS,
        strategy: 3,
        unit: "rupiah",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: WITHDRAWALS,
        strategy: 3,
        unit: "rupiah",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: SAVERS,
        strategy: 3,
        unit: "households",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: INCENTIVES,
        strategy: 3,
        unit: "rupiah",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: GOALS,
        strategy: 3,
        unit: "goals",
        kind: Kind::Flow,
        dimension: "outcome",
    },
];

#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    village: String,
    household: String,
    balance: i64,
    open: bool,
    /// The month it was opened (empty in states written before business dates).
    #[serde(default)]
    since: String,
}

/// The savings module.
#[derive(Debug)]
pub struct Savings;

impl ContextProjection for Savings {
    fn handles(&self, event: &EventEnvelope) -> bool {
        event.is_in(
            "berdaya.households.v1",
            &[berdaya_proto::category::households::SAVINGS],
        )
    }

    fn indicators(&self) -> &'static [Indicator] {
        &INDICATORS
    }

    fn project(
        &self,
        state: Option<&str>,
        event: &EventEnvelope,
    ) -> Result<(Option<String>, Output), ProjectionError> {
        let mut s: State = load(state, event)?;
        let on = |date: &str| business_month(date, event.recorded_at);
        let mut out = Output::default();
        let village = s.village.clone();
        match short_name(event) {
            "SavingsAccountOpened" => {
                let e: pb::SavingsAccountOpened = decode(event)?;
                s = State {
                    village: e.village_code,
                    household: e.household_id,
                    balance: 0,
                    open: true,
                    since: on(&e.opened_on),
                };
                out.add(&s.village, &s.since, ACCOUNTS, "", 1);
            }
            "SavingsDeposited" => {
                let e: pb::SavingsDeposited = decode(event)?;
                let month = on(&e.deposited_on);
                let amount = money(event, "amount", e.amount)?;
                s.balance = checked(event, "the balance", s.balance.checked_add(amount))?;
                out.add(&village, &month, DEPOSITS, "", amount);
                out.add(
                    &village,
                    &not_before(month.clone(), &s.since),
                    BALANCE,
                    "",
                    amount,
                );
                out.reach(&village, &month, SAVERS, "", &s.household);
            }
            "SavingsIncentiveCredited" => {
                let e: pb::SavingsIncentiveCredited = decode(event)?;
                let month = on(&e.credited_on);
                let amount = money(event, "amount", e.amount)?;
                s.balance = checked(event, "the balance", s.balance.checked_add(amount))?;
                out.add(&village, &month, INCENTIVES, "", amount);
                out.add(&village, &not_before(month, &s.since), BALANCE, "", amount);
            }
            "SavingsWithdrawn" => {
                let e: pb::SavingsWithdrawn = decode(event)?;
                let month = on(&e.withdrawn_on);
                let amount = money(event, "amount", e.amount)?;
                s.balance = checked(event, "the balance", s.balance.checked_sub(amount))?;
                out.add(&village, &month, WITHDRAWALS, "", amount);
                out.add(&village, &not_before(month, &s.since), BALANCE, "", -amount);
            }
            "SavingsGoalSet" => {
                let e: pb::SavingsGoalSet = decode(event)?;
                out.add(&village, &on(&e.set_on), GOALS, "SET", 1);
            }
            "SavingsGoalReached" => {
                let e: pb::SavingsGoalReached = decode(event)?;
                out.add(&village, &on(&e.reached_on), GOALS, "REACHED", 1);
            }
            "SavingsAccountClosed" if s.open => {
                let e: pb::SavingsAccountClosed = decode(event)?;
                let month = not_before(on(&e.closed_on), &s.since);
                out.add(&village, &month, ACCOUNTS, "", -1);
                let closing = checked(event, "the balance", s.balance.checked_neg())?;
                out.add(&village, &month, BALANCE, "", closing);
                s.balance = 0;
                s.open = false;
            }
            _ => {}
        }
        Ok((save(&s, event)?, out))
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::{recorded, run, sum};
    use super::*;

    const VILLAGE: &str = "35.78.01.1001";
    const STREAM: &str = "savings-1";

    #[test]
    fn a_deposit_counts_in_the_month_it_was_made_and_the_balance_not_before_opening() {
        let opened = pb::SavingsAccountOpened {
            household_id: "h1".into(),
            village_code: VILLAGE.into(),
            opened_on: "2026-05-04".into(),
            ..Default::default()
        };
        let deposit = |amount: i64, on: &str| pb::SavingsDeposited {
            amount,
            deposited_on: on.into(),
            ..Default::default()
        };
        let (facts, reach) = run(
            &Savings,
            &[
                recorded(STREAM, 1, VILLAGE, &opened),
                recorded(STREAM, 2, VILLAGE, &deposit(50_000, "2026-06-10")),
                // A receipt dated before the account existed (no command takes it now).
                recorded(STREAM, 3, VILLAGE, &deposit(20_000, "2026-04-30")),
            ],
        );
        assert_eq!(sum(&facts, ACCOUNTS, "2026-05"), 1);
        assert_eq!(sum(&facts, DEPOSITS, "2026-06"), 50_000);
        assert_eq!(sum(&facts, DEPOSITS, "2026-04"), 20_000);
        assert_eq!(sum(&facts, BALANCE, "2026-04"), 0);
        assert_eq!(sum(&facts, BALANCE, "2026-05"), 20_000);
        assert_eq!(sum(&facts, BALANCE, "2026-06"), 50_000);
        assert_eq!(
            reach,
            [
                (SAVERS, "2026-06".to_owned(), "h1".to_owned()),
                (SAVERS, "2026-04".to_owned(), "h1".to_owned())
            ]
        );
    }
}
