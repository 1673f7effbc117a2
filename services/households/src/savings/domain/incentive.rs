//! Programme incentives for saving: a share of each deposit matched by the programme, up
//! to a cap per account per calendar month. The rule comes from configuration (budgets
//! and programme designs change), and every credit records the rule it applied.

use berdaya_domain::Rupiah;

/// The incentive rule: `match_percent` of each deposit, at most `monthly_cap` per account
/// per calendar month. A match of 0 % (or a cap of 0) turns incentives off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncentiveRule {
    /// Percentage of each deposit the programme adds, 0 to 100.
    pub match_percent: u8,
    /// Most incentive one account earns in one calendar month.
    pub monthly_cap: Rupiah,
}

impl Default for IncentiveRule {
    /// 10 % of each deposit, at most Rp 50.000 per account per month.
    fn default() -> Self {
        Self {
            match_percent: 10,
            monthly_cap: Rupiah(50_000),
        }
    }
}

impl IncentiveRule {
    /// The incentive a deposit earns when the month's credits so far total
    /// `credited_this_month`: the match rounded down to whole rupiah, within what is left
    /// of the cap.
    pub fn incentive(&self, deposit: Rupiah, credited_this_month: Rupiah) -> Rupiah {
        let matched = i128::from(deposit.amount()) * i128::from(self.match_percent) / 100;
        let room = (i128::from(self.monthly_cap.amount())
            - i128::from(credited_this_month.amount()))
        .max(0);
        Rupiah(i64::try_from(matched.min(room).max(0)).unwrap_or(0))
    }
}
