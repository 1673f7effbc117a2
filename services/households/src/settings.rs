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
