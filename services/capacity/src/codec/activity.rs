//! Local-wisdom activity and vocabulary events to and from `berdaya.capacity.v1`
//! messages (no personal data: leaders are person ids, households household ids).

use berdaya_eventstore::RecordedEvent;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent};
use berdaya_platform::codec::fields::{
    corrupt, date, enumerated, optional, optional_uuid, region, required, text_date, uuid,
    uuid_texts, uuids,
};
use berdaya_platform::codec::{payload, short_name};
use berdaya_proto::berdaya::capacity::v1 as pb;
use prost::Name;

use super::{Plain, PlainEvents, count, encoded};
use crate::convert;
use crate::domain::activity::{ActivityEvent, Community};
use crate::domain::vocabulary::VocabularyEvent;

/// Activity events as stored.
#[derive(Debug, Clone, Copy, Default)]
pub struct ActivityEvents;

/// Encodes and decodes activity events.
pub type ActivityCodec = Plain<ActivityEvents>;

/// Vocabulary events as stored.
#[derive(Debug, Clone, Copy, Default)]
pub struct VocabularyEvents;

/// Encodes and decodes vocabulary events.
pub type VocabularyCodec = Plain<VocabularyEvents>;

/// Where an activity was held, as stored.
fn place_pb(community: &Community) -> pb::local_wisdom_activity_recorded::Place {
    use pb::local_wisdom_activity_recorded::Place;
    match community {
        Community::DesaAdat { village } => Place::DesaAdatCode(village.to_string()),
        Community::Group { village, name } => Place::Community(pb::CommunityGroup {
            village_code: village.to_string(),
            name: name.clone(),
        }),
    }
}

fn place(
    place: Option<&pb::local_wisdom_activity_recorded::Place>,
    r: &RecordedEvent,
) -> Result<Community, CodecError> {
    use pb::local_wisdom_activity_recorded::Place;
    Ok(match required(place, "place", r)? {
        Place::DesaAdatCode(code) => Community::DesaAdat {
            village: region(code, r)?,
        },
        Place::Community(group) => Community::Group {
            village: region(&group.village_code, r)?,
            name: group.name.clone(),
        },
    })
}

impl PlainEvents for ActivityEvents {
    type Event = ActivityEvent;

    fn to_stored(event: &ActivityEvent) -> EncodedEvent {
        match event {
            ActivityEvent::Recorded {
                activity_id,
                kind,
                approach,
                title,
                community,
                held_on,
                leader_person_ids,
                household_ids,
                other_participants,
                value_ids,
                notes,
            } => encoded(&pb::LocalWisdomActivityRecorded {
                activity_id: activity_id.to_string(),
                kind: convert::activity_kind_pb(*kind) as i32,
                approach: convert::approach_pb(*approach) as i32,
                title: title.clone(),
                place: Some(place_pb(community)),
                held_on: text_date(*held_on),
                leader_person_ids: uuid_texts(leader_person_ids),
                household_ids: uuid_texts(household_ids),
                other_participants: i32::try_from(*other_participants).unwrap_or(i32::MAX),
                value_ids: uuid_texts(value_ids),
                notes: notes.clone(),
            }),
            ActivityEvent::HouseholdsAdded { household_ids } => {
                encoded(&pb::ActivityHouseholdsAdded {
                    household_ids: uuid_texts(household_ids),
                })
            }
            ActivityEvent::ValuesTagged { value_ids } => encoded(&pb::ActivityValuesTagged {
                value_ids: uuid_texts(value_ids),
            }),
            ActivityEvent::Voided { voided_on, reason } => encoded(&pb::ActivityVoided {
                voided_on: text_date(*voided_on),
                reason: reason.clone(),
            }),
        }
    }

    fn from_stored(r: &RecordedEvent) -> Result<ActivityEvent, CodecError> {
        Ok(match short_name(&r.event_type) {
            pb::LocalWisdomActivityRecorded::NAME => {
                let e: pb::LocalWisdomActivityRecorded = payload(r)?;
                ActivityEvent::Recorded {
                    activity_id: uuid(&e.activity_id, r)?,
                    kind: enumerated(e.kind, convert::activity_kind, "kind", r)?,
                    approach: enumerated(e.approach, convert::approach, "approach", r)?,
                    title: e.title,
                    community: place(e.place.as_ref(), r)?,
                    held_on: date(&e.held_on, r)?,
                    leader_person_ids: uuids(&e.leader_person_ids, r)?,
                    household_ids: uuids(&e.household_ids, r)?,
                    other_participants: count(e.other_participants, "other participants", r)?,
                    value_ids: uuids(&e.value_ids, r)?,
                    notes: e.notes,
                }
            }
            pb::ActivityHouseholdsAdded::NAME => {
                let e: pb::ActivityHouseholdsAdded = payload(r)?;
                ActivityEvent::HouseholdsAdded {
                    household_ids: uuids(&e.household_ids, r)?,
                }
            }
            pb::ActivityValuesTagged::NAME => {
                let e: pb::ActivityValuesTagged = payload(r)?;
                ActivityEvent::ValuesTagged {
                    value_ids: uuids(&e.value_ids, r)?,
                }
            }
            pb::ActivityVoided::NAME => {
                let e: pb::ActivityVoided = payload(r)?;
                ActivityEvent::Voided {
                    voided_on: date(&e.voided_on, r)?,
                    reason: e.reason,
                }
            }
            other => return Err(corrupt(r, format!("{other} is not an activity event"))),
        })
    }
}

impl PlainEvents for VocabularyEvents {
    type Event = VocabularyEvent;

    fn to_stored(event: &VocabularyEvent) -> EncodedEvent {
        match event {
            VocabularyEvent::TermAdded {
                term_id,
                name,
                kind,
                description,
                region,
                added_on,
            } => encoded(&pb::ValueTermAdded {
                term_id: term_id.to_string(),
                name: name.clone(),
                kind: convert::term_kind_pb(*kind) as i32,
                description: description.clone(),
                region_code: region.as_ref().map(ToString::to_string).unwrap_or_default(),
                added_on: text_date(*added_on),
            }),
            VocabularyEvent::TermRenamed {
                term_id,
                name,
                previous_name,
                renamed_on,
            } => encoded(&pb::ValueTermRenamed {
                term_id: term_id.to_string(),
                name: name.clone(),
                previous_name: previous_name.clone(),
                renamed_on: text_date(*renamed_on),
            }),
            VocabularyEvent::TermRetired {
                term_id,
                retired_on,
                reason,
                replaced_by_term_id,
            } => encoded(&pb::ValueTermRetired {
                term_id: term_id.to_string(),
                retired_on: text_date(*retired_on),
                reason: reason.clone(),
                replaced_by_term_id: replaced_by_term_id
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
            }),
        }
    }

    fn from_stored(r: &RecordedEvent) -> Result<VocabularyEvent, CodecError> {
        Ok(match short_name(&r.event_type) {
            pb::ValueTermAdded::NAME => {
                let e: pb::ValueTermAdded = payload(r)?;
                VocabularyEvent::TermAdded {
                    term_id: uuid(&e.term_id, r)?,
                    name: e.name,
                    kind: enumerated(e.kind, convert::term_kind, "kind", r)?,
                    description: e.description,
                    region: optional(e.region_code)
                        .map(|code| region(&code, r))
                        .transpose()?,
                    added_on: date(&e.added_on, r)?,
                }
            }
            pb::ValueTermRenamed::NAME => {
                let e: pb::ValueTermRenamed = payload(r)?;
                VocabularyEvent::TermRenamed {
                    term_id: uuid(&e.term_id, r)?,
                    name: e.name,
                    previous_name: e.previous_name,
                    renamed_on: date(&e.renamed_on, r)?,
                }
            }
            pb::ValueTermRetired::NAME => {
                let e: pb::ValueTermRetired = payload(r)?;
                VocabularyEvent::TermRetired {
                    term_id: uuid(&e.term_id, r)?,
                    retired_on: date(&e.retired_on, r)?,
                    reason: e.reason,
                    replaced_by_term_id: optional_uuid(&e.replaced_by_term_id, r)?,
                }
            }
            other => return Err(corrupt(r, format!("{other} is not a vocabulary event"))),
        })
    }
}
