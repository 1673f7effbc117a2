//! The `[capacity]` section of the deployment settings: the caseload ratios facilitators
//! are measured against, and the certificate renewal window.

use serde::{Deserialize, Serialize};

use crate::domain::CaseloadRules;
use crate::domain::certificate::CertificateRules;

/// `[capacity]` in the settings file; `BERDAYA_CAPACITY__...` in the environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CapacitySettings {
    /// KUBE groups one facilitator can mentor well (e.g. one pendamping KUBE per 10
    /// groups); more is flagged in the caseload.
    pub kube_groups_per_facilitator: u32,
    /// PKH households one facilitator can accompany well.
    pub pkh_households_per_facilitator: u32,
    /// Days before a certificate's last valid day from which it may be renewed.
    pub renewal_window_days: u32,
}

impl Default for CapacitySettings {
    fn default() -> Self {
        let caseload = CaseloadRules::default();
        Self {
            kube_groups_per_facilitator: caseload.kube_groups_per_facilitator,
            pkh_households_per_facilitator: caseload.pkh_households_per_facilitator,
            renewal_window_days: CertificateRules::default().renewal_window_days,
        }
    }
}

impl CapacitySettings {
    /// The caseload ratios.
    ///
    /// # Errors
    /// When a ratio is 0.
    pub fn caseload(&self) -> Result<CaseloadRules, String> {
        if self.kube_groups_per_facilitator == 0 || self.pkh_households_per_facilitator == 0 {
            return Err("capacity: the caseload ratios must be at least 1".to_owned());
        }
        Ok(CaseloadRules {
            kube_groups_per_facilitator: self.kube_groups_per_facilitator,
            pkh_households_per_facilitator: self.pkh_households_per_facilitator,
        })
    }

    /// The certificate rules.
    ///
    /// # Errors
    /// When the renewal window is longer than ten years.
    pub fn certificates(&self) -> Result<CertificateRules, String> {
        if self.renewal_window_days > 3660 {
            return Err("capacity.renewal_window_days must be at most 3660".to_owned());
        }
        Ok(CertificateRules {
            renewal_window_days: self.renewal_window_days,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_domain_rules() {
        let settings = CapacitySettings::default();
        assert_eq!(settings.caseload(), Ok(CaseloadRules::default()));
        assert_eq!(settings.certificates(), Ok(CertificateRules::default()));
    }

    #[test]
    fn configured_ratios_are_used_and_a_ratio_of_0_is_refused() {
        let settings = CapacitySettings {
            kube_groups_per_facilitator: 1,
            pkh_households_per_facilitator: 300,
            ..CapacitySettings::default()
        };
        assert_eq!(
            settings.caseload(),
            Ok(CaseloadRules {
                kube_groups_per_facilitator: 1,
                pkh_households_per_facilitator: 300,
            })
        );
        for settings in [
            CapacitySettings {
                kube_groups_per_facilitator: 0,
                ..CapacitySettings::default()
            },
            CapacitySettings {
                pkh_households_per_facilitator: 0,
                ..CapacitySettings::default()
            },
        ] {
            assert!(settings.caseload().unwrap_err().contains("at least 1"));
        }
    }

    #[test]
    fn the_renewal_window_is_0_to_3660_days() {
        for (days, accepted) in [(0, true), (3660, true), (3661, false)] {
            let settings = CapacitySettings {
                renewal_window_days: days,
                ..CapacitySettings::default()
            };
            match settings.certificates() {
                Ok(rules) => {
                    assert!(accepted, "{days} accepted");
                    assert_eq!(rules.renewal_window_days, days);
                }
                Err(message) => {
                    assert!(!accepted, "{days} refused");
                    assert!(message.contains("renewal_window_days"));
                }
            }
        }
    }
}
