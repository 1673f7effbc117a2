//! The `[advocacy]` section of the deployment settings: the service-level targets per
//! urgency, whether waiting on the reporter pauses a case's clock, and a province's
//! additions to the rights reference data.

use serde::{Deserialize, Serialize};

use crate::domain::{CaseRules, RightsCatalogue, ServiceLevel};

/// `[advocacy]` in the settings file; `BERDAYA_ADVOCACY__...` in the environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdvocacySettings {
    /// Urgent cases: days from the report to the first action.
    pub urgent_first_action_days: u32,
    /// Urgent cases: days from the report to resolution.
    pub urgent_resolution_days: u32,
    /// High-urgency cases: days to the first action.
    pub high_first_action_days: u32,
    /// High-urgency cases: days to resolution.
    pub high_resolution_days: u32,
    /// Normal cases: days to the first action.
    pub normal_first_action_days: u32,
    /// Normal cases: days to resolution.
    pub normal_resolution_days: u32,
    /// Whether a case's clock stops while it waits on its reporter.
    pub pause_while_waiting_on_reporter: bool,
    /// Optional path of a rights file (`code<TAB>label_id<TAB>label_en` per line) whose
    /// rights are added after the built-in ones: a province's own.
    pub rights_file: String,
    /// Seconds between counts of the overdue cases for the metric
    /// `berdaya_advocacy_overdue_cases`, 1 to 86400.
    pub overdue_metric_interval_secs: u64,
}

impl Default for AdvocacySettings {
    fn default() -> Self {
        let rules = CaseRules::default();
        Self {
            urgent_first_action_days: rules.urgent.first_action_days,
            urgent_resolution_days: rules.urgent.resolution_days,
            high_first_action_days: rules.high.first_action_days,
            high_resolution_days: rules.high.resolution_days,
            normal_first_action_days: rules.normal.first_action_days,
            normal_resolution_days: rules.normal.resolution_days,
            pause_while_waiting_on_reporter: rules.pause_while_waiting_on_reporter,
            rights_file: String::new(),
            overdue_metric_interval_secs: 60,
        }
    }
}

impl AdvocacySettings {
    /// Checks the settings and turns them into the case rules.
    ///
    /// # Errors
    /// A message naming the bad setting or the bad line of the rights file.
    pub fn rules(&self) -> Result<CaseRules, String> {
        if !(1..=86_400).contains(&self.overdue_metric_interval_secs) {
            return Err(format!(
                "advocacy.overdue_metric_interval_secs must be 1 to 86400, got {}",
                self.overdue_metric_interval_secs
            ));
        }
        let mut rights = RightsCatalogue::built_in();
        if !self.rights_file.is_empty() {
            let text = std::fs::read_to_string(&self.rights_file)
                .map_err(|e| format!("advocacy.rights_file {}: {e}", self.rights_file))?;
            rights = rights
                .extended_with(&text)
                .map_err(|e| format!("advocacy.rights_file {}: {e}", self.rights_file))?;
        }
        let level = |first_action_days, resolution_days| ServiceLevel {
            first_action_days,
            resolution_days,
        };
        let rules = CaseRules {
            urgent: level(self.urgent_first_action_days, self.urgent_resolution_days),
            high: level(self.high_first_action_days, self.high_resolution_days),
            normal: level(self.normal_first_action_days, self.normal_resolution_days),
            pause_while_waiting_on_reporter: self.pause_while_waiting_on_reporter,
            rights,
        };
        rules.check().map_err(|e| e.to_string())?;
        Ok(rules)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_built_in_rules_and_bad_targets_are_named() {
        assert_eq!(
            AdvocacySettings::default().rules(),
            Ok(CaseRules::default())
        );
        let bad = AdvocacySettings {
            urgent_first_action_days: 40,
            ..AdvocacySettings::default()
        };
        assert!(bad.rules().unwrap_err().contains("urgent"));
        let missing = AdvocacySettings {
            rights_file: "/nonexistent/rights.tsv".to_owned(),
            ..AdvocacySettings::default()
        };
        assert!(
            missing
                .rules()
                .unwrap_err()
                .contains("advocacy.rights_file")
        );
    }

    #[test]
    fn configured_targets_and_the_pause_are_used() {
        let settings = AdvocacySettings {
            urgent_first_action_days: 1,
            urgent_resolution_days: 1,
            high_first_action_days: 5,
            high_resolution_days: 45,
            normal_first_action_days: 10,
            normal_resolution_days: 90,
            pause_while_waiting_on_reporter: false,
            ..AdvocacySettings::default()
        };
        let rules = settings.rules().unwrap();
        let level = |first_action_days, resolution_days| ServiceLevel {
            first_action_days,
            resolution_days,
        };
        assert_eq!(rules.urgent, level(1, 1));
        assert_eq!(rules.high, level(5, 45));
        assert_eq!(rules.normal, level(10, 90));
        assert!(!rules.pause_while_waiting_on_reporter);
    }

    #[test]
    fn the_metric_interval_is_1_to_86400_seconds() {
        for (secs, accepted) in [(0, false), (1, true), (86_400, true), (86_401, false)] {
            let settings = AdvocacySettings {
                overdue_metric_interval_secs: secs,
                ..AdvocacySettings::default()
            };
            let result = settings.rules();
            assert_eq!(result.is_ok(), accepted, "{secs}");
            if let Err(message) = result {
                assert!(
                    message.contains("overdue_metric_interval_secs"),
                    "{message}"
                );
            }
        }
    }

    #[test]
    fn a_rights_file_adds_a_provinces_rights_and_a_bad_one_is_refused() {
        let dir = std::env::temp_dir().join(format!("berdaya-rights-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.tsv");
        std::fs::write(&good, "hak_adat\tHak masyarakat adat\tCustomary rights\n").unwrap();
        let rules = AdvocacySettings {
            rights_file: good.display().to_string(),
            ..AdvocacySettings::default()
        }
        .rules()
        .unwrap();
        assert!(rules.rights.get("hak_adat").is_some());
        assert_eq!(
            rules.rights.iter().count(),
            RightsCatalogue::built_in().iter().count() + 1
        );
        let bad = dir.join("bad.tsv");
        std::fs::write(&bad, "only one column\n").unwrap();
        let message = AdvocacySettings {
            rights_file: bad.display().to_string(),
            ..AdvocacySettings::default()
        }
        .rules()
        .unwrap_err();
        assert!(message.contains("advocacy.rights_file"), "{message}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
