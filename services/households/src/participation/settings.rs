//! The participation section of the deployment settings: the compliance bands.

use serde::{Deserialize, Serialize};

use super::domain::ComplianceBands;

/// `[participation]` in the settings file; `BERDAYA_PARTICIPATION__...` in the environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ParticipationSettings {
    /// Attendance at or above this percentage is compliant.
    pub compliant_min_percent: u8,
    /// Attendance at or above this percentage (and below compliant) is partial.
    pub partial_min_percent: u8,
}

impl Default for ParticipationSettings {
    fn default() -> Self {
        let bands = ComplianceBands::default();
        Self {
            compliant_min_percent: bands.compliant_min_percent,
            partial_min_percent: bands.partial_min_percent,
        }
    }
}

impl ParticipationSettings {
    /// Checks the settings and turns them into the domain's bands.
    ///
    /// # Errors
    /// A message naming the bad setting.
    pub fn bands(&self) -> Result<ComplianceBands, String> {
        for (name, value) in [
            ("compliant_min_percent", self.compliant_min_percent),
            ("partial_min_percent", self.partial_min_percent),
        ] {
            if !(1..=100).contains(&value) {
                return Err(format!(
                    "participation.{name} must be a percentage from 1 to 100, got {value}"
                ));
            }
        }
        if self.partial_min_percent >= self.compliant_min_percent {
            return Err(format!(
                "participation.partial_min_percent ({}) must be below participation.compliant_min_percent ({})",
                self.partial_min_percent, self.compliant_min_percent
            ));
        }
        Ok(ComplianceBands {
            compliant_min_percent: self.compliant_min_percent,
            partial_min_percent: self.partial_min_percent,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_80_and_50_percent() {
        let bands = ParticipationSettings::default().bands().unwrap();
        assert_eq!(bands, ComplianceBands::default());
        assert_eq!(
            (bands.compliant_min_percent, bands.partial_min_percent),
            (80, 50)
        );
    }

    #[test]
    fn bad_bands_name_the_setting() {
        let zero = ParticipationSettings {
            partial_min_percent: 0,
            ..ParticipationSettings::default()
        };
        assert!(zero.bands().unwrap_err().contains("partial_min_percent"));
        let inverted = ParticipationSettings {
            compliant_min_percent: 50,
            partial_min_percent: 80,
        };
        assert!(inverted.bands().unwrap_err().contains("must be below"));
    }

    #[test]
    fn the_edges_of_the_bands_one_and_a_hundred_percent_and_one_apart() {
        let widest = ParticipationSettings {
            compliant_min_percent: 100,
            partial_min_percent: 1,
        };
        assert_eq!(
            widest.bands().unwrap(),
            ComplianceBands {
                compliant_min_percent: 100,
                partial_min_percent: 1,
            }
        );
        let one_apart = ParticipationSettings {
            compliant_min_percent: 61,
            partial_min_percent: 60,
        };
        assert_eq!(one_apart.bands().unwrap().partial_min_percent, 60);
        let equal = ParticipationSettings {
            compliant_min_percent: 60,
            partial_min_percent: 60,
        };
        assert!(equal.bands().unwrap_err().contains("must be below"));
        let over = ParticipationSettings {
            compliant_min_percent: 101,
            ..ParticipationSettings::default()
        };
        assert!(over.bands().unwrap_err().contains("compliant_min_percent"));
    }
}
