//! The `[partnerships]` section of the deployment settings: the configured rules of
//! networks and referrals.

use serde::{Deserialize, Serialize};

use crate::domain::{NetworkRules, ReferralRules};

/// `[partnerships]` in the settings file; `BERDAYA_PARTNERSHIPS__...` in the environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PartnershipsSettings {
    /// Fewest partners a network is formed with.
    pub min_founding_members: usize,
    /// A household or group is referred only to a partner serving its village.
    pub partner_must_serve_referee_region: bool,
}

impl Default for PartnershipsSettings {
    fn default() -> Self {
        Self {
            min_founding_members: NetworkRules::default().min_founding_members,
            partner_must_serve_referee_region: ReferralRules::default()
                .partner_must_serve_referee_region,
        }
    }
}

impl PartnershipsSettings {
    /// The network rules, checked.
    ///
    /// # Errors
    /// A message naming the setting when it is out of range.
    pub fn network_rules(&self) -> Result<NetworkRules, String> {
        if !(2..=100).contains(&self.min_founding_members) {
            return Err(format!(
                "partnerships.min_founding_members must be 2 to 100, got {}",
                self.min_founding_members
            ));
        }
        Ok(NetworkRules {
            min_founding_members: self.min_founding_members,
        })
    }

    /// The referral rules.
    pub fn referral_rules(&self) -> ReferralRules {
        ReferralRules {
            partner_must_serve_referee_region: self.partner_must_serve_referee_region,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_domain_rules() {
        let settings = PartnershipsSettings::default();
        assert_eq!(settings.network_rules(), Ok(NetworkRules::default()));
        assert_eq!(settings.referral_rules(), ReferralRules::default());
    }

    #[test]
    fn a_network_needs_2_to_100_founding_members() {
        for (value, accepted) in [(1, false), (2, true), (100, true), (101, false)] {
            let settings = PartnershipsSettings {
                min_founding_members: value,
                ..PartnershipsSettings::default()
            };
            match settings.network_rules() {
                Ok(rules) => {
                    assert!(accepted, "{value} accepted");
                    assert_eq!(rules.min_founding_members, value);
                }
                Err(message) => {
                    assert!(!accepted, "{value} refused");
                    assert!(message.contains("partnerships.min_founding_members"));
                }
            }
        }
    }

    #[test]
    fn referrals_may_be_configured_to_any_region() {
        for serve in [false, true] {
            let settings = PartnershipsSettings {
                partner_must_serve_referee_region: serve,
                ..PartnershipsSettings::default()
            };
            assert_eq!(
                settings.referral_rules().partner_must_serve_referee_region,
                serve
            );
        }
    }
}
