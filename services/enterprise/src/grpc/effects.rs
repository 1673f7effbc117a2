//! What a group decision writes besides its events: membership claims, so that a
//! household belongs to one active group at a time even when two groups take it in the
//! same instant (the event store's unique claims arbitrate), their release, and the
//! region the stream is listed under.

use berdaya_eventstore::UniqueKey;
use berdaya_platform::aggregate_store::SideEffects;
use uuid::Uuid;

use crate::domain::{GroupEvent, GroupPolicy, KubeGroup};

/// The unique-claim scope of active group memberships (key: the household id).
pub const MEMBERSHIP_SCOPE: &str = "kube_membership";

/// The claim of a household's active membership.
pub(super) fn membership_key(household: Uuid) -> UniqueKey {
    UniqueKey {
        scope: MEMBERSHIP_SCOPE.to_owned(),
        key: household.to_string(),
    }
}

/// Side effects of `events` applied to `before`.
pub(super) fn side_effects(
    policy: &GroupPolicy,
    before: &KubeGroup,
    events: &[GroupEvent],
    after: &KubeGroup,
) -> SideEffects {
    let mut effects = SideEffects {
        region: after.village.as_ref().map(ToString::to_string),
        ..SideEffects::default()
    };
    if !policy.one_active_group_per_household {
        return effects;
    }
    for event in events {
        match event {
            GroupEvent::Formed { members, .. } => {
                for (index, id) in members.iter().enumerate() {
                    effects.claims.push((
                        membership_key(*id),
                        format!("member_household_ids[{index}]"),
                    ));
                }
            }
            GroupEvent::MemberJoined { household_id, .. } => effects
                .claims
                .push((membership_key(*household_id), "household_id".to_owned())),
            GroupEvent::MemberLeft { household_id, .. } => {
                effects.releases.push(membership_key(*household_id));
            }
            GroupEvent::Dissolved { .. } => {
                for member in before.active_members() {
                    effects.releases.push(membership_key(member.household_id));
                }
            }
            _ => {}
        }
    }
    effects
}
