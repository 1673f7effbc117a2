//! Stored form of activity events: protobuf (`berdaya.households.v1`). Activity events
//! carry no personal data (households and members appear by id), so nothing is sealed.

use berdaya_eventstore::RecordedEvent;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent, EventCodec};
use berdaya_platform::keyring::KeyRing;
use berdaya_proto::berdaya::households::v1 as pb;
use prost::Name;
use uuid::Uuid;

use super::convert;
use super::domain::{ActivityDetails, ActivityEvent, AgreedAction, Attendance};
use crate::codec::{PACKAGE, corrupt, date, encoded, optional, region, text_date, uuid};
use berdaya_platform::codec::payload;

/// Encodes and decodes activity events.
#[derive(Debug, Clone, Copy, Default)]
pub struct ActivityCodec;

fn ids(texts: &[String], recorded: &RecordedEvent) -> Result<Vec<Uuid>, CodecError> {
    texts.iter().map(|t| uuid(t, recorded)).collect()
}

fn id_texts(ids: &[Uuid]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}

fn planned(e: pb::ActivityPlanned, r: &RecordedEvent) -> Result<ActivityEvent, CodecError> {
    Ok(ActivityEvent::Planned {
        activity_id: uuid(&e.activity_id, r)?,
        region: region(&e.region_code, r)?,
        details: ActivityDetails {
            kind: convert::kind(e.kind).ok_or_else(|| corrupt(r, "kind"))?,
            module: convert::module(e.fds_module),
            topic: e.topic,
            programme: crate::convert::programme(e.programme),
            facilitator: e.facilitator,
            scheduled_on: date(&e.scheduled_on, r)?,
            location: optional(e.location),
        },
        invited: ids(&e.invited_household_ids, r)?,
    })
}

fn held(e: pb::ActivityHeld, r: &RecordedEvent) -> Result<ActivityEvent, CodecError> {
    Ok(ActivityEvent::Held {
        held_on: date(&e.held_on, r)?,
        attendance: e
            .attendance
            .iter()
            .map(|a| {
                Ok(Attendance {
                    household_id: uuid(&a.household_id, r)?,
                    status: convert::attendance(a.status)
                        .ok_or_else(|| corrupt(r, "attendance status"))?,
                    members: ids(&a.member_ids, r)?,
                })
            })
            .collect::<Result<_, CodecError>>()?,
        absent: ids(&e.absent_household_ids, r)?,
        outcomes: e.outcomes,
        actions: e
            .agreed_actions
            .into_iter()
            .map(|a| {
                Ok(AgreedAction {
                    action_id: uuid(&a.action_id, r)?,
                    due_on: date(&a.due_on, r)?,
                    description: a.description,
                    owner: a.owner,
                })
            })
            .collect::<Result<_, CodecError>>()?,
    })
}

impl EventCodec for ActivityCodec {
    type Event = ActivityEvent;

    fn sealed_subjects(&self, _recorded: &RecordedEvent) -> Result<Vec<Uuid>, CodecError> {
        Ok(Vec::new())
    }

    fn decode(&self, r: &RecordedEvent, _keys: &KeyRing) -> Result<ActivityEvent, CodecError> {
        let name = r
            .event_type
            .strip_prefix(PACKAGE)
            .and_then(|n| n.strip_prefix('.'))
            .ok_or_else(|| corrupt(r, "not a households event"))?;
        Ok(match name {
            pb::ActivityPlanned::NAME => planned(payload(r)?, r)?,
            pb::ActivityRescheduled::NAME => {
                let e: pb::ActivityRescheduled = payload(r)?;
                ActivityEvent::Rescheduled {
                    scheduled_on: date(&e.scheduled_on, r)?,
                    previous: date(&e.previous_scheduled_on, r)?,
                    reason: e.reason,
                }
            }
            pb::ActivityHeld::NAME => held(payload(r)?, r)?,
            pb::ActivityEvaluated::NAME => {
                let e: pb::ActivityEvaluated = payload(r)?;
                ActivityEvent::Evaluated {
                    evaluated_on: date(&e.evaluated_on, r)?,
                    achievements: e.achievements,
                    follow_ups: e.follow_ups,
                }
            }
            pb::ActivityCancelled::NAME => {
                let e: pb::ActivityCancelled = payload(r)?;
                ActivityEvent::Cancelled {
                    cancelled_on: date(&e.cancelled_on, r)?,
                    reason: e.reason,
                }
            }
            pb::AgreedActionCompleted::NAME => {
                let e: pb::AgreedActionCompleted = payload(r)?;
                ActivityEvent::ActionCompleted {
                    action_id: uuid(&e.action_id, r)?,
                    done_on: date(&e.done_on, r)?,
                    note: e.note,
                }
            }
            other => return Err(corrupt(r, format!("unknown activity event {other}"))),
        })
    }

    fn subjects_to_seal(&self, _event: &ActivityEvent) -> Vec<Uuid> {
        Vec::new()
    }

    fn encode(
        &self,
        event: &ActivityEvent,
        _keys: &mut KeyRing,
        _vault: &Vault,
    ) -> Result<EncodedEvent, CodecError> {
        Ok(match event {
            ActivityEvent::Planned {
                activity_id,
                region,
                details,
                invited,
            } => encoded(&pb::ActivityPlanned {
                activity_id: activity_id.to_string(),
                region_code: region.to_string(),
                kind: convert::kind_pb(details.kind) as i32,
                fds_module: convert::module_pb(details.module) as i32,
                topic: details.topic.clone(),
                programme: details
                    .programme
                    .map_or(pb::Programme::Unspecified, crate::convert::programme_pb)
                    as i32,
                facilitator: details.facilitator.clone(),
                scheduled_on: text_date(details.scheduled_on),
                location: details.location.clone().unwrap_or_default(),
                invited_household_ids: id_texts(invited),
            }),
            ActivityEvent::Rescheduled {
                scheduled_on,
                previous,
                reason,
            } => encoded(&pb::ActivityRescheduled {
                scheduled_on: text_date(*scheduled_on),
                previous_scheduled_on: text_date(*previous),
                reason: reason.clone(),
            }),
            ActivityEvent::Held {
                held_on,
                attendance,
                absent,
                outcomes,
                actions,
            } => encoded(&pb::ActivityHeld {
                held_on: text_date(*held_on),
                attendance: attendance
                    .iter()
                    .map(|a| pb::AttendanceRecord {
                        household_id: a.household_id.to_string(),
                        status: convert::attendance_pb(Some(a.status)) as i32,
                        member_ids: id_texts(&a.members),
                    })
                    .collect(),
                absent_household_ids: id_texts(absent),
                outcomes: outcomes.clone(),
                agreed_actions: actions
                    .iter()
                    .map(|a| pb::AgreedActionRecord {
                        action_id: a.action_id.to_string(),
                        description: a.description.clone(),
                        owner: a.owner.clone(),
                        due_on: text_date(a.due_on),
                    })
                    .collect(),
            }),
            ActivityEvent::Evaluated {
                evaluated_on,
                achievements,
                follow_ups,
            } => encoded(&pb::ActivityEvaluated {
                evaluated_on: text_date(*evaluated_on),
                achievements: achievements.clone(),
                follow_ups: follow_ups.clone(),
            }),
            ActivityEvent::Cancelled {
                reason,
                cancelled_on,
            } => encoded(&pb::ActivityCancelled {
                reason: reason.clone(),
                cancelled_on: text_date(*cancelled_on),
            }),
            ActivityEvent::ActionCompleted {
                action_id,
                done_on,
                note,
            } => encoded(&pb::AgreedActionCompleted {
                action_id: action_id.to_string(),
                done_on: text_date(*done_on),
                note: note.clone(),
            }),
        })
    }
}
