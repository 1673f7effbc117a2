//! The savings section of the deployment settings: the incentive rule.

use berdaya_domain::Rupiah;
use serde::{Deserialize, Serialize};

use super::domain::IncentiveRule;

/// `[savings]` in the settings file; `BERDAYA_SAVINGS__...` in the environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SavingsSettings {
    /// Percentage of each deposit the programme matches, 0 (no incentives) to 100.
    pub incentive_match_percent: u8,
    /// Most incentive per account per calendar month, in whole rupiah.
    pub incentive_monthly_cap: i64,
}

impl Default for SavingsSettings {
    fn default() -> Self {
        let rule = IncentiveRule::default();
        Self {
            incentive_match_percent: rule.match_percent,
            incentive_monthly_cap: rule.monthly_cap.amount(),
        }
    }
}

impl SavingsSettings {
    /// Checks the settings and turns them into the domain's rule.
    ///
    /// # Errors
    /// A message naming the bad setting.
    pub fn rule(&self) -> Result<IncentiveRule, String> {
        if self.incentive_match_percent > 100 {
            return Err(format!(
                "savings.incentive_match_percent must be a percentage from 0 to 100, got {}",
                self.incentive_match_percent
            ));
        }
        let monthly_cap = Rupiah::bounded(self.incentive_monthly_cap, 0).map_err(|violation| {
            format!("savings.incentive_monthly_cap {}", violation.description)
        })?;
        Ok(IncentiveRule {
            match_percent: self.incentive_match_percent,
            monthly_cap,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_ten_percent_up_to_fifty_thousand_a_month() {
        let rule = SavingsSettings::default().rule().unwrap();
        assert_eq!(rule.match_percent, 10);
        assert_eq!(rule.monthly_cap, Rupiah(50_000));
    }

    #[test]
    fn bad_rules_name_the_setting() {
        let over = SavingsSettings {
            incentive_match_percent: 101,
            ..SavingsSettings::default()
        };
        assert!(over.rule().unwrap_err().contains("incentive_match_percent"));
        let negative = SavingsSettings {
            incentive_monthly_cap: -1,
            ..SavingsSettings::default()
        };
        assert!(
            negative
                .rule()
                .unwrap_err()
                .contains("incentive_monthly_cap")
        );
    }

    #[test]
    fn a_cap_of_zero_is_accepted_and_turns_incentives_off() {
        let off = SavingsSettings {
            incentive_monthly_cap: 0,
            ..SavingsSettings::default()
        };
        let rule = off.rule().unwrap();
        assert_eq!(rule.monthly_cap, Rupiah::ZERO);
        assert_eq!(rule.incentive(Rupiah(100_000), Rupiah::ZERO), Rupiah::ZERO);
    }

    #[test]
    fn a_full_match_is_accepted_and_configured_values_are_kept() {
        let settings = SavingsSettings {
            incentive_match_percent: 100,
            incentive_monthly_cap: 75_000,
        };
        let rule = settings.rule().unwrap();
        assert_eq!(rule.match_percent, 100);
        assert_eq!(rule.monthly_cap, Rupiah(75_000));
        assert_eq!(rule.incentive(Rupiah(60_000), Rupiah::ZERO), Rupiah(60_000));
        assert_eq!(
            rule.incentive(Rupiah(60_000), Rupiah(60_000)),
            Rupiah(15_000)
        );
    }
}
