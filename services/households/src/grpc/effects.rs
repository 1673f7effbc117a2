//! What a household decision writes besides its events: NIK claims (so a NIK belongs to
//! one active household at a time), their release, key destruction, and the region the
//! stream is listed under.

use berdaya_eventstore::UniqueKey;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::SideEffects;

use crate::domain::{Household, HouseholdEvent, Member};

/// The unique-claim scope of NIKs.
pub const NIK_SCOPE: &str = "nik";

fn nik_key(vault: &Vault, nik: &str) -> UniqueKey {
    UniqueKey {
        scope: NIK_SCOPE.to_owned(),
        key: vault.blind_index(NIK_SCOPE, nik),
    }
}

fn release(vault: &Vault, member: Option<&Member>, releases: &mut Vec<UniqueKey>) {
    if let Some(person) = member
        .filter(|m| m.active)
        .and_then(|m| m.facts.person.as_ref())
    {
        releases.push(nik_key(vault, &person.nik));
    }
}

/// Side effects of `events` applied to `before`.
pub(super) fn side_effects(
    vault: &Vault,
    before: &Household,
    events: &[HouseholdEvent],
    after: &Household,
) -> SideEffects {
    let mut effects = SideEffects {
        region: after.village.as_ref().map(ToString::to_string),
        ..SideEffects::default()
    };
    for event in events {
        match event {
            HouseholdEvent::Registered { members, .. } => {
                for (index, member) in members.iter().enumerate() {
                    if let Some(person) = &member.person {
                        effects
                            .claims
                            .push((nik_key(vault, &person.nik), format!("members[{index}].nik")));
                    }
                }
            }
            HouseholdEvent::MemberAdded { member, .. } => {
                if let Some(person) = &member.person {
                    effects
                        .claims
                        .push((nik_key(vault, &person.nik), "member.nik".to_owned()));
                }
            }
            HouseholdEvent::MemberRemoved { member_id, .. } => {
                release(vault, before.member(*member_id), &mut effects.releases);
            }
            HouseholdEvent::Closed { .. } => {
                for member in before.active_members() {
                    release(vault, Some(member), &mut effects.releases);
                }
            }
            HouseholdEvent::PersonalDataErased { subject_ids, .. } => {
                effects.erase_subjects.extend(subject_ids.iter().copied());
                for member in before
                    .members
                    .iter()
                    .filter(|m| subject_ids.contains(&m.facts.subject_id))
                {
                    release(vault, Some(member), &mut effects.releases);
                }
            }
            _ => {}
        }
    }
    effects
}
