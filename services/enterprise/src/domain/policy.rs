//! KUBE rules that come from configuration, not code. Permensos 2/2019 sets groups of 5
//! to 20 households of one village, but the figures are the ministry's to change (and
//! DOMAIN.md marks them *check*), so they live in settings (see the README).

/// Membership limits, stage assessment and group-health thresholds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupPolicy {
    /// Fewest members a group is formed with (5).
    pub min_members: usize,
    /// Most members a group may have (20).
    pub max_members: usize,
    /// A household belongs to at most one active group at a time (true).
    pub one_active_group_per_household: bool,
    /// Members live in the group's village (true).
    pub members_from_group_village: bool,
    /// Score (0 to 100) every criterion of a stage assessment must reach (60).
    pub pass_score: u8,
    /// Days without a progress report or meeting after which a group is flagged inactive
    /// (90).
    pub inactive_after_days: u32,
    /// Groups one facilitator can mentor well (10: "one facilitator per about 10
    /// groups is common").
    pub groups_per_facilitator: u32,
}

impl Default for GroupPolicy {
    fn default() -> Self {
        Self {
            min_members: 5,
            max_members: 20,
            one_active_group_per_household: true,
            members_from_group_village: true,
            pass_score: 60,
            inactive_after_days: 90,
            groups_per_facilitator: 10,
        }
    }
}
