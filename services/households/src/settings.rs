//! The households section of the deployment settings: programme bands and PKH amounts.

use std::collections::BTreeMap;

use berdaya_domain::Rupiah;
use serde::{Deserialize, Serialize};

use crate::domain::{DecileBand, PkhComponent, Programme, ProgrammePolicy};

/// `[programmes]` in the settings file; `BERDAYA_PROGRAMMES__...` in the environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProgrammeSettings {
    /// Highest decile PKH serves (deciles 1 to this).
    pub pkh_max_decile: u8,
    /// Highest decile PIP serves.
    pub pip_max_decile: u8,
    /// Highest decile Sembako serves.
    pub sembako_max_decile: u8,
    /// How many members count toward a PKH entitlement.
    pub pkh_max_counted: usize,
    /// Annual PKH amount per component, in rupiah: keys `pregnant`, `child_0_6`, `sd`,
    /// `smp`, `sma`, `severe_disability`, `elderly`.
    pub pkh_amounts: BTreeMap<String, i64>,
}

impl Default for ProgrammeSettings {
    fn default() -> Self {
        let policy = ProgrammePolicy::default();
        Self {
            pkh_max_decile: policy.band(Programme::Pkh).max,
            pip_max_decile: policy.band(Programme::Pip).max,
            sembako_max_decile: policy.band(Programme::Sembako).max,
            pkh_max_counted: policy.pkh_max_counted,
            pkh_amounts: PkhComponent::ALL
                .iter()
                .map(|c| (c.key().to_owned(), policy.amount(*c).amount()))
                .collect(),
        }
    }
}

impl ProgrammeSettings {
    /// Checks the settings and turns them into the domain's policy.
    ///
    /// # Errors
    /// A message naming the bad setting.
    pub fn policy(&self) -> Result<ProgrammePolicy, String> {
        for (name, value) in [
            ("pkh_max_decile", self.pkh_max_decile),
            ("pip_max_decile", self.pip_max_decile),
            ("sembako_max_decile", self.sembako_max_decile),
        ] {
            if !(1..=10).contains(&value) {
                return Err(format!(
                    "programmes.{name} must be a decile from 1 to 10, got {value}"
                ));
            }
        }
        if self.pkh_max_counted == 0 {
            return Err("programmes.pkh_max_counted must be at least 1".to_owned());
        }
        let mut amounts = BTreeMap::new();
        for (key, amount) in &self.pkh_amounts {
            let component = PkhComponent::ALL
                .iter()
                .find(|c| c.key() == key)
                .ok_or_else(|| format!("programmes.pkh_amounts.{key} is not a PKH component"))?;
            let amount = Rupiah::bounded(*amount, 0).map_err(|violation| {
                format!("programmes.pkh_amounts.{key} {}", violation.description)
            })?;
            amounts.insert(*component, amount);
        }
        for component in PkhComponent::ALL {
            if !amounts.contains_key(&component) {
                return Err(format!(
                    "programmes.pkh_amounts.{} is missing",
                    component.key()
                ));
            }
        }
        Ok(ProgrammePolicy {
            bands: BTreeMap::from([
                (
                    Programme::Pkh,
                    DecileBand {
                        min: 1,
                        max: self.pkh_max_decile,
                    },
                ),
                (
                    Programme::Pip,
                    DecileBand {
                        min: 1,
                        max: self.pip_max_decile,
                    },
                ),
                (
                    Programme::Sembako,
                    DecileBand {
                        min: 1,
                        max: self.sembako_max_decile,
                    },
                ),
            ]),
            pkh_amounts: amounts,
            pkh_max_counted: self.pkh_max_counted,
        })
    }
}

#[cfg(test)]
mod tests {
    use berdaya_domain::Rupiah;

    use super::*;

    #[test]
    fn the_defaults_are_the_domain_default_policy() {
        assert_eq!(
            ProgrammeSettings::default().policy().unwrap(),
            ProgrammePolicy::default()
        );
    }

    #[test]
    fn configured_bands_amounts_and_count_are_used_not_the_defaults() {
        let mut settings = ProgrammeSettings {
            pkh_max_decile: 3,
            pip_max_decile: 10,
            sembako_max_decile: 1,
            pkh_max_counted: 2,
            ..ProgrammeSettings::default()
        };
        settings.pkh_amounts.insert("elderly".to_owned(), 2_750_000);
        settings.pkh_amounts.insert("sd".to_owned(), 0);
        let policy = settings.policy().unwrap();
        assert_eq!(policy.band(Programme::Pkh), DecileBand { min: 1, max: 3 });
        assert_eq!(policy.band(Programme::Pip), DecileBand { min: 1, max: 10 });
        assert_eq!(
            policy.band(Programme::Sembako),
            DecileBand { min: 1, max: 1 }
        );
        assert_eq!(policy.pkh_max_counted, 2);
        assert_eq!(policy.amount(PkhComponent::Elderly), Rupiah(2_750_000));
        assert_eq!(policy.amount(PkhComponent::Sd), Rupiah::ZERO);
        assert_eq!(policy.amount(PkhComponent::Pregnant), Rupiah(3_000_000));
    }

    #[test]
    fn a_band_outside_deciles_1_to_10_is_refused_naming_the_setting() {
        for (value, refused) in [(0, true), (1, false), (10, false), (11, true)] {
            for name in ["pkh_max_decile", "pip_max_decile", "sembako_max_decile"] {
                let mut settings = ProgrammeSettings::default();
                match name {
                    "pkh_max_decile" => settings.pkh_max_decile = value,
                    "pip_max_decile" => settings.pip_max_decile = value,
                    _ => settings.sembako_max_decile = value,
                }
                let result = settings.policy();
                assert_eq!(result.is_err(), refused, "{name} = {value}");
                if let Err(message) = result {
                    assert!(message.contains(name), "{message}");
                }
            }
        }
    }

    #[test]
    fn counting_no_member_is_refused_and_one_is_accepted() {
        let none = ProgrammeSettings {
            pkh_max_counted: 0,
            ..ProgrammeSettings::default()
        };
        assert!(none.policy().unwrap_err().contains("pkh_max_counted"));
        let one = ProgrammeSettings {
            pkh_max_counted: 1,
            ..ProgrammeSettings::default()
        };
        assert_eq!(one.policy().unwrap().pkh_max_counted, 1);
    }

    #[test]
    fn an_unknown_missing_or_negative_amount_is_refused_naming_the_key() {
        let mut unknown = ProgrammeSettings::default();
        unknown.pkh_amounts.insert("lansia".to_owned(), 1);
        assert!(unknown.policy().unwrap_err().contains("pkh_amounts.lansia"));
        let mut missing = ProgrammeSettings::default();
        missing.pkh_amounts.remove("smp");
        let message = missing.policy().unwrap_err();
        assert!(message.contains("pkh_amounts.smp") && message.contains("missing"));
        let mut negative = ProgrammeSettings::default();
        negative.pkh_amounts.insert("sma".to_owned(), -1);
        assert!(negative.policy().unwrap_err().contains("pkh_amounts.sma"));
    }
}
