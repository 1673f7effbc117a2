//! The deployment's configured rules for advocacy cases: service-level targets per
//! urgency, whether waiting on the reporter pauses the clock, and the rights reference
//! data. Settings, not facts: they reach `decide` beside the command.

use super::rights::RightsCatalogue;
use super::vocabulary::Urgency;

/// The service-level targets of a case, in days counted on the case's clock (calendar
/// days while open, less the days paused; see [`deadlines`](super::deadlines)).
/// `Default` is zero days, the value of a case not yet reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ServiceLevel {
    /// Days from the report to the first action taken.
    pub first_action_days: u32,
    /// Days from the report to resolution.
    pub resolution_days: u32,
}

/// Why configured rules cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    /// A target is zero, or the first action is due after the resolution.
    #[error(
        "advocacy service level for {urgency}: first action ({first_action_days} days) must be at least 1 and no later than resolution ({resolution_days} days)"
    )]
    ServiceLevel {
        /// The urgency whose targets are wrong.
        urgency: &'static str,
        /// Its first-action target.
        first_action_days: u32,
        /// Its resolution target.
        resolution_days: u32,
    },
}

/// The advocacy case's configured rules. `Default` is the built-in setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRules {
    /// Targets for urgent cases (default 3 days to first action, 30 to resolution).
    pub urgent: ServiceLevel,
    /// Targets for high-urgency cases (default 7 and 60 days).
    pub high: ServiceLevel,
    /// Targets for normal cases (default 14 and 90 days).
    pub normal: ServiceLevel,
    /// Whether a case's clock stops while the case waits on the reporter (default true).
    /// Each wait records the setting in force when it began, so a later change of
    /// configuration does not rewrite past deadlines.
    pub pause_while_waiting_on_reporter: bool,
    /// The rights a case can be about (default: the built-in list).
    pub rights: RightsCatalogue,
}

impl Default for CaseRules {
    fn default() -> Self {
        Self {
            urgent: ServiceLevel {
                first_action_days: 3,
                resolution_days: 30,
            },
            high: ServiceLevel {
                first_action_days: 7,
                resolution_days: 60,
            },
            normal: ServiceLevel {
                first_action_days: 14,
                resolution_days: 90,
            },
            pause_while_waiting_on_reporter: true,
            rights: RightsCatalogue::built_in(),
        }
    }
}

impl CaseRules {
    /// The targets for `urgency`.
    pub fn service_level(&self, urgency: Urgency) -> ServiceLevel {
        match urgency {
            Urgency::Urgent => self.urgent,
            Urgency::High => self.high,
            Urgency::Normal => self.normal,
        }
    }

    /// Checks the settings once at start-up.
    ///
    /// # Errors
    /// [`RulesError::ServiceLevel`] for the first urgency whose targets are zero or
    /// whose first action is due after its resolution.
    pub fn check(&self) -> Result<(), RulesError> {
        for urgency in Urgency::ALL {
            let level = self.service_level(urgency);
            if level.first_action_days == 0 || level.first_action_days > level.resolution_days {
                return Err(RulesError::ServiceLevel {
                    urgency: urgency.key(),
                    first_action_days: level.first_action_days,
                    resolution_days: level.resolution_days,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_give_urgent_cases_3_days_to_act_and_30_to_resolve() {
        let rules = CaseRules::default();
        assert_eq!(
            rules.service_level(Urgency::Urgent),
            ServiceLevel {
                first_action_days: 3,
                resolution_days: 30
            }
        );
        assert!(rules.pause_while_waiting_on_reporter);
        assert_eq!(rules.check(), Ok(()));
    }

    #[test]
    fn a_first_action_due_after_resolution_or_a_zero_target_is_refused() {
        let mut rules = CaseRules::default();
        rules.high.first_action_days = 61;
        assert!(matches!(
            rules.check(),
            Err(RulesError::ServiceLevel {
                urgency: "high",
                ..
            })
        ));
        let mut rules = CaseRules::default();
        rules.normal.first_action_days = 0;
        assert!(matches!(
            rules.check(),
            Err(RulesError::ServiceLevel {
                urgency: "normal",
                ..
            })
        ));
    }
}
