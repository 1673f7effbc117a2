//! Recording a local-wisdom activity that was held.

use berdaya_domain::DomainError;
use berdaya_domain::error::Violations;

use super::super::{
    Activity, ActivityEvent, ActivityKind, ActivityStatus, Community, RecordActivity, is_desa_adat,
};
use super::{new_households, new_values};
use crate::domain::check::{no_duplicates, require_text};
use crate::domain::roles::PersonRole;
use crate::domain::vocabulary::TermKind;

/// Most others (not registry households) one activity may count.
pub(super) const MAX_OTHER_PARTICIPANTS: u32 = 100_000;

/// Records an activity: its place, leaders, households and values are each checked, a
/// religious guidance needs a religious leader, an adat deliberation a customary one,
/// and another mutual-aid tradition is named by a practice term.
pub(super) fn record(
    state: &Activity,
    command: &RecordActivity,
) -> Result<Vec<ActivityEvent>, DomainError> {
    if state.status != ActivityStatus::Unrecorded {
        return Err(DomainError::already_exists(
            "activity_id",
            "an activity with this id is already recorded",
        ));
    }
    check_shape(command)?;
    let mut roles = Vec::with_capacity(command.leaders.len());
    for (i, leader) in command.leaders.iter().enumerate() {
        let at = format!("leader_person_ids[{i}]");
        let role = leader.active_role(&at)?;
        if !matches!(
            role,
            PersonRole::ReligiousLeader | PersonRole::CustomaryLeader
        ) {
            return Err(DomainError::rule(
                at,
                format!("is a {}, not a religious or customary leader", role.name()),
            ));
        }
        roles.push(role);
    }
    let needed = match command.kind {
        ActivityKind::ReligiousGuidance => Some(PersonRole::ReligiousLeader),
        ActivityKind::AdatDeliberation => Some(PersonRole::CustomaryLeader),
        _ => None,
    };
    if let Some(needed) = needed
        && !roles.contains(&needed)
    {
        return Err(DomainError::rule(
            "leader_person_ids",
            format!(
                "this kind of activity involves at least one {}",
                needed.name()
            ),
        ));
    }
    let household_ids = new_households("household_ids", &command.households, &[])?;
    let values = new_values("value_ids", &command.values, &[])?;
    if command.kind == ActivityKind::OtherMutualAid
        && !values.iter().any(|(_, kind)| *kind == TermKind::Practice)
    {
        return Err(DomainError::rule(
            "value_ids",
            "name the tradition: tag at least one practice from the vocabulary",
        ));
    }
    Ok(vec![ActivityEvent::Recorded {
        activity_id: command.activity_id,
        kind: command.kind,
        approach: command.approach,
        title: command.title.clone(),
        community: command.community.clone(),
        held_on: command.held_on,
        leader_person_ids: command.leaders.iter().map(|l| l.person_id).collect(),
        household_ids,
        other_participants: command.other_participants,
        value_ids: values.into_iter().map(|(id, _)| id).collect(),
        notes: command.notes.clone(),
    }])
}

/// The checks that need no facts, reported together.
fn check_shape(command: &RecordActivity) -> Result<(), DomainError> {
    let mut v = Violations::new();
    require_text(&mut v, "title", &command.title);
    match &command.community {
        Community::DesaAdat { village } if !is_desa_adat(village) => v.add(
            "desa_adat_code",
            "is not a desa adat: its village part must start with 3 (e.g. 51.03.05.3001)",
        ),
        Community::Group { village, name } => {
            if village.depth() != 4 {
                v.add(
                    "community.village_code",
                    "must be a village code like 35.78.01.1001",
                );
            }
            require_text(&mut v, "community.name", name);
        }
        Community::DesaAdat { .. } => {}
    }
    if command.other_participants > MAX_OTHER_PARTICIPANTS {
        v.add(
            "other_participants",
            format!("must be at most {MAX_OTHER_PARTICIPANTS}"),
        );
    }
    let leader_person_ids: Vec<_> = command.leaders.iter().map(|l| l.person_id).collect();
    no_duplicates(&mut v, "leader_person_ids", &leader_person_ids);
    v.finish()
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::activity::fixtures::*;
    use crate::domain::activity::*;
    use crate::domain::facts::{HouseholdStanding, TermFacts, TermStanding};
    use crate::domain::fixtures::*;
    use crate::domain::roles::PersonRole;
    use crate::domain::vocabulary::TermKind;
    use crate::domain::vocabulary::fixtures::{amanah, gotong_royong};

    fn when(command: RecordActivity) -> berdaya_domain::DomainError {
        Given::<Activity>::nothing()
            .when(&ActivityCommand::Record(command))
            .then_error()
    }

    #[test]
    fn a_gotong_royong_in_a_desa_adat_is_recorded() {
        Given::<Activity>::nothing()
            .when(&ActivityCommand::Record(record()))
            .then(recorded());
    }

    #[test]
    fn a_retired_value_cannot_tag_a_new_activity() {
        let (field, reason) = rule(when(RecordActivity {
            values: vec![
                term(gotong_royong(), TermKind::Practice),
                retired_term(amanah()),
            ],
            ..record()
        }));
        assert_eq!(field, "value_ids[1]");
        assert!(reason.contains("retired"), "{reason}");
    }

    #[test]
    fn an_unknown_value_is_not_found() {
        let error = when(RecordActivity {
            values: vec![TermFacts {
                term_id: id(999),
                standing: TermStanding::Unknown,
            }],
            ..record()
        });
        assert!(not_found(error).contains("value_ids[0]"));
    }

    #[test]
    fn at_least_one_value_is_applied() {
        let error = when(RecordActivity {
            values: vec![],
            ..record()
        });
        assert_eq!(invalid_field(error), "value_ids");
    }

    #[test]
    fn a_desa_adat_code_must_start_its_village_part_with_3() {
        let error = when(RecordActivity {
            community: Community::DesaAdat {
                village: region("51.03.05.2001"),
            },
            ..record()
        });
        assert_eq!(invalid_field(error), "desa_adat_code");
    }

    #[test]
    fn a_community_is_named_and_lies_in_a_village() {
        let command = RecordActivity {
            community: Community::Group {
                village: region("35.78.01"),
                name: String::new(),
            },
            ..record()
        };
        assert_eq!(
            invalid_fields(when(command)),
            ["community.village_code", "community.name"]
        );
        let command = RecordActivity {
            community: Community::Group {
                village: village(),
                name: "Majelis Taklim Al-Ikhlas".to_owned(),
            },
            ..record()
        };
        Given::<Activity>::nothing()
            .when(&ActivityCommand::Record(command))
            .events();
    }

    #[test]
    fn religious_guidance_involves_a_religious_leader() {
        let command = RecordActivity {
            kind: ActivityKind::ReligiousGuidance,
            approach: Approach::Guidance,
            ..record()
        };
        assert_eq!(rule_field(when(command.clone())), "leader_person_ids");
        Given::<Activity>::nothing()
            .when(&ActivityCommand::Record(RecordActivity {
                leaders: vec![religious_leader()],
                ..command
            }))
            .events();
    }

    #[test]
    fn an_adat_deliberation_involves_a_customary_leader() {
        let command = RecordActivity {
            kind: ActivityKind::AdatDeliberation,
            leaders: vec![religious_leader()],
            ..record()
        };
        assert_eq!(rule_field(when(command)), "leader_person_ids");
    }

    #[test]
    fn leaders_are_active_religious_or_customary_leaders() {
        let error = when(RecordActivity {
            leaders: vec![customary_leader(), active_person(412, PersonRole::Psm)],
            ..record()
        });
        assert_eq!(rule_field(error), "leader_person_ids[1]");
        let error = when(RecordActivity {
            leaders: vec![customary_leader(), customary_leader()],
            ..record()
        });
        assert_eq!(invalid_field(error), "leader_person_ids[1]");
    }

    #[test]
    fn households_reached_are_known_active_and_listed_once() {
        let error = when(RecordActivity {
            households: vec![household(1), household_with(2, HouseholdStanding::Closed)],
            ..record()
        });
        assert_eq!(rule_field(error), "household_ids[1]");
        let error = when(RecordActivity {
            households: vec![household_with(3, HouseholdStanding::Unknown)],
            ..record()
        });
        assert!(not_found(error).contains("household_ids[0]"));
        let error = when(RecordActivity {
            households: vec![household(1), household(1)],
            ..record()
        });
        assert_eq!(invalid_field(error), "household_ids[1]");
    }

    #[test]
    fn another_tradition_is_named_by_a_practice() {
        let command = RecordActivity {
            kind: ActivityKind::OtherMutualAid,
            values: vec![amanah_term()],
            ..record()
        };
        assert_eq!(rule_field(when(command)), "value_ids");
    }

    #[test]
    fn a_title_is_required_and_others_are_bounded() {
        let error = when(RecordActivity {
            title: String::new(),
            other_participants: 100_001,
            ..record()
        });
        assert_eq!(invalid_fields(error), ["title", "other_participants"]);
    }

    #[test]
    fn up_to_the_most_other_participants_are_recorded() {
        Given::<Activity>::nothing()
            .when(&ActivityCommand::Record(RecordActivity {
                other_participants: 100_000,
                ..record()
            }))
            .events();
    }

    #[test]
    fn recording_twice_is_refused() {
        let error = Given::<Activity>::new(recorded())
            .when(&ActivityCommand::Record(record()))
            .then_error();
        assert_eq!(duplicate_field(error), "activity_id");
    }
}
