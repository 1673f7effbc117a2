//! Strategy 3, savings culture: open accounts, balances, deposits and withdrawals per
//! month, households saving in the month, incentive credits (kept apart from the
//! families' own money) and goals set and reached.

use berdaya_messaging::EventEnvelope;
use berdaya_proto::berdaya::households::v1 as pb;
use serde::{Deserialize, Serialize};

use super::common::{checked, decode, load, money, save, short_name};
use super::{ContextProjection, ProjectionError};
use crate::catalog::{Indicator, Kind};
use crate::facts::{Output, month_of};

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
        title: "Open savings accounts",
        unit: "accounts",
        kind: Kind::Stock,
        dimension: "",
    },
    Indicator {
        id: BALANCE,
        strategy: 3,
        title: "Total savings balance",
        unit: "rupiah",
        kind: Kind::Stock,
        dimension: "",
    },
    Indicator {
        id: DEPOSITS,
        strategy: 3,
        title: "Deposits",
        unit: "rupiah",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: WITHDRAWALS,
        strategy: 3,
        title: "Withdrawals",
        unit: "rupiah",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: SAVERS,
        strategy: 3,
        title: "Households saving",
        unit: "households",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: INCENTIVES,
        strategy: 3,
        title: "Incentive credits",
        unit: "rupiah",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: GOALS,
        strategy: 3,
        title: "Savings goals",
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
        let month = month_of(event.recorded_at);
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
                };
                out.add(&s.village, &month, ACCOUNTS, "", 1);
            }
            "SavingsDeposited" => {
                let e: pb::SavingsDeposited = decode(event)?;
                let amount = money(event, "amount", e.amount)?;
                s.balance = checked(event, "the balance", s.balance.checked_add(amount))?;
                out.add(&village, &month, DEPOSITS, "", amount);
                out.add(&village, &month, BALANCE, "", amount);
                out.reach(&village, &month, SAVERS, "", &s.household);
            }
            "SavingsIncentiveCredited" => {
                let e: pb::SavingsIncentiveCredited = decode(event)?;
                let amount = money(event, "amount", e.amount)?;
                s.balance = checked(event, "the balance", s.balance.checked_add(amount))?;
                out.add(&village, &month, INCENTIVES, "", amount);
                out.add(&village, &month, BALANCE, "", amount);
            }
            "SavingsWithdrawn" => {
                let e: pb::SavingsWithdrawn = decode(event)?;
                let amount = money(event, "amount", e.amount)?;
                s.balance = checked(event, "the balance", s.balance.checked_sub(amount))?;
                out.add(&village, &month, WITHDRAWALS, "", amount);
                out.add(&village, &month, BALANCE, "", -amount);
            }
            "SavingsGoalSet" => out.add(&village, &month, GOALS, "SET", 1),
            "SavingsGoalReached" => out.add(&village, &month, GOALS, "REACHED", 1),
            "SavingsAccountClosed" if s.open => {
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
