//! The `[enterprise]` section of the deployment settings: KUBE limits, stage assessment,
//! group health, and where `berdaya serve --service enterprise` hears of households.

use serde::{Deserialize, Serialize};

use crate::domain::GroupPolicy;

/// `[enterprise]` in the settings file; `BERDAYA_ENTERPRISE__...` in the environment.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EnterpriseSettings {
    /// Fewest member households a KUBE group is formed with.
    pub min_members: usize,
    /// Most member households a KUBE group may have.
    pub max_members: usize,
    /// A household belongs to at most one active KUBE group at a time.
    pub one_active_group_per_household: bool,
    /// Members must live in the group's village.
    pub members_from_group_village: bool,
    /// Score (0 to 100) every criterion of a stage assessment must reach.
    pub stage_pass_score: u8,
    /// Days without a progress report or meeting after which a group is flagged inactive.
    pub inactive_after_days: u32,
    /// Groups one facilitator can mentor well; more is flagged in the caseload.
    pub groups_per_facilitator: u32,
    /// `berdaya serve --service enterprise` only: the PostgreSQL URL of the households
    /// service's event store, to follow its log directly. Empty: household events come
    /// over NATS JetStream instead (`[nats]`).
    pub households_database_url: String,
}

impl std::fmt::Debug for EnterpriseSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnterpriseSettings")
            .field("min_members", &self.min_members)
            .field("max_members", &self.max_members)
            .field(
                "one_active_group_per_household",
                &self.one_active_group_per_household,
            )
            .field(
                "members_from_group_village",
                &self.members_from_group_village,
            )
            .field("stage_pass_score", &self.stage_pass_score)
            .field("inactive_after_days", &self.inactive_after_days)
            .field("groups_per_facilitator", &self.groups_per_facilitator)
            // A URL may carry a password.
            .field(
                "households_database_url",
                &if self.households_database_url.is_empty() {
                    "unset"
                } else {
                    ".."
                },
            )
            .finish()
    }
}

impl Default for EnterpriseSettings {
    fn default() -> Self {
        let policy = GroupPolicy::default();
        Self {
            min_members: policy.min_members,
            max_members: policy.max_members,
            one_active_group_per_household: policy.one_active_group_per_household,
            members_from_group_village: policy.members_from_group_village,
            stage_pass_score: policy.pass_score,
            inactive_after_days: policy.inactive_after_days,
            groups_per_facilitator: policy.groups_per_facilitator,
            households_database_url: String::new(),
        }
    }
}

impl EnterpriseSettings {
    /// Checks the settings and turns them into the domain's policy.
    ///
    /// # Errors
    /// A message naming the bad setting.
    pub fn policy(&self) -> Result<GroupPolicy, String> {
        if self.min_members < 2 {
            return Err(format!(
                "enterprise.min_members must be at least 2, got {}",
                self.min_members
            ));
        }
        if self.max_members < self.min_members || self.max_members > 200 {
            return Err(format!(
                "enterprise.max_members must be from min_members ({}) to 200, got {}",
                self.min_members, self.max_members
            ));
        }
        if self.stage_pass_score > 100 {
            return Err(format!(
                "enterprise.stage_pass_score must be 0 to 100, got {}",
                self.stage_pass_score
            ));
        }
        if self.inactive_after_days == 0 {
            return Err("enterprise.inactive_after_days must be at least 1".to_owned());
        }
        if self.groups_per_facilitator == 0 {
            return Err("enterprise.groups_per_facilitator must be at least 1".to_owned());
        }
        Ok(GroupPolicy {
            min_members: self.min_members,
            max_members: self.max_members,
            one_active_group_per_household: self.one_active_group_per_household,
            members_from_group_village: self.members_from_group_village,
            pass_score: self.stage_pass_score,
            inactive_after_days: self.inactive_after_days,
            groups_per_facilitator: self.groups_per_facilitator,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_permensos_figures_and_bad_values_name_the_setting() {
        let policy = EnterpriseSettings::default().policy().unwrap();
        assert_eq!((policy.min_members, policy.max_members), (5, 20));
        let bad = EnterpriseSettings {
            max_members: 3,
            ..EnterpriseSettings::default()
        };
        assert!(bad.policy().unwrap_err().contains("enterprise.max_members"));
        let secret = EnterpriseSettings {
            households_database_url: "postgres://u:hunter2@db/households".into(),
            ..EnterpriseSettings::default()
        };
        assert!(!format!("{secret:?}").contains("hunter2"));
    }

    #[test]
    fn configured_values_are_used_at_the_edges_of_their_ranges() {
        let settings = EnterpriseSettings {
            min_members: 2,
            max_members: 2,
            one_active_group_per_household: false,
            members_from_group_village: false,
            stage_pass_score: 100,
            inactive_after_days: 1,
            groups_per_facilitator: 1,
            households_database_url: String::new(),
        };
        let policy = settings.policy().unwrap();
        assert_eq!(
            policy,
            GroupPolicy {
                min_members: 2,
                max_members: 2,
                one_active_group_per_household: false,
                members_from_group_village: false,
                pass_score: 100,
                inactive_after_days: 1,
                groups_per_facilitator: 1,
            }
        );
        let widest = EnterpriseSettings {
            max_members: 200,
            stage_pass_score: 0,
            ..EnterpriseSettings::default()
        };
        assert_eq!(widest.policy().unwrap().max_members, 200);
        assert_eq!(widest.policy().unwrap().pass_score, 0);
    }

    #[test]
    fn each_value_just_outside_its_range_is_refused_naming_the_setting() {
        let defaults = EnterpriseSettings::default;
        for (settings, name) in [
            (
                EnterpriseSettings {
                    min_members: 1,
                    max_members: 5,
                    ..defaults()
                },
                "enterprise.min_members",
            ),
            (
                EnterpriseSettings {
                    max_members: 201,
                    ..defaults()
                },
                "enterprise.max_members",
            ),
            (
                EnterpriseSettings {
                    stage_pass_score: 101,
                    ..defaults()
                },
                "enterprise.stage_pass_score",
            ),
            (
                EnterpriseSettings {
                    inactive_after_days: 0,
                    ..defaults()
                },
                "enterprise.inactive_after_days",
            ),
            (
                EnterpriseSettings {
                    groups_per_facilitator: 0,
                    ..defaults()
                },
                "enterprise.groups_per_facilitator",
            ),
        ] {
            let message = settings.policy().unwrap_err();
            assert!(message.contains(name), "{name}: {message}");
        }
    }

    #[test]
    fn the_debug_output_says_whether_a_database_url_is_set() {
        assert!(format!("{:?}", EnterpriseSettings::default()).contains("unset"));
        let set = EnterpriseSettings {
            households_database_url: "postgres://db/households".into(),
            ..EnterpriseSettings::default()
        };
        let shown = format!("{set:?}");
        assert!(
            shown.contains("\"..\"") && !shown.contains("unset"),
            "{shown}"
        );
        assert!(shown.contains("stage_pass_score: 60"), "{shown}");
    }
}
