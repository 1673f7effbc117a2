//! Programme events to and from `berdaya.capacity.v1` messages (no personal data).

use berdaya_eventstore::RecordedEvent;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent};
use berdaya_platform::codec::fields::{corrupt, date, enumerated, text_date, uuid};
use berdaya_platform::codec::{payload, short_name};
use berdaya_proto::berdaya::capacity::v1 as pb;
use prost::Name;

use super::{Plain, PlainEvents, count, encoded, roles, roles_pb, terms, terms_pb};
use crate::convert;
use crate::domain::programme::ProgrammeEvent;

/// Programme events as stored.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProgrammeEvents;

/// Encodes and decodes programme events.
pub type ProgrammeCodec = Plain<ProgrammeEvents>;

impl PlainEvents for ProgrammeEvents {
    type Event = ProgrammeEvent;

    fn to_stored(event: &ProgrammeEvent) -> EncodedEvent {
        match event {
            ProgrammeEvent::Defined {
                programme_id,
                title,
                description,
                method,
                target_roles,
                terms,
                defined_on,
            } => encoded(&pb::ProgrammeDefined {
                programme_id: programme_id.to_string(),
                title: title.clone(),
                description: description.clone(),
                method: convert::method_pb(*method) as i32,
                target_roles: roles_pb(target_roles),
                terms: Some(terms_pb(terms)),
                defined_on: text_date(*defined_on),
            }),
            ProgrammeEvent::Revised {
                terms_version,
                terms,
                revised_on,
                note,
            } => encoded(&pb::ProgrammeRevised {
                terms_version: i32::try_from(*terms_version).unwrap_or(i32::MAX),
                terms: Some(terms_pb(terms)),
                revised_on: text_date(*revised_on),
                note: note.clone(),
            }),
            ProgrammeEvent::Retired { retired_on, reason } => encoded(&pb::ProgrammeRetired {
                retired_on: text_date(*retired_on),
                reason: reason.clone(),
            }),
        }
    }

    fn from_stored(recorded: &RecordedEvent) -> Result<ProgrammeEvent, CodecError> {
        Ok(match short_name(&recorded.event_type) {
            pb::ProgrammeDefined::NAME => {
                let e: pb::ProgrammeDefined = payload(recorded)?;
                ProgrammeEvent::Defined {
                    programme_id: uuid(&e.programme_id, recorded)?,
                    title: e.title,
                    description: e.description,
                    method: enumerated(e.method, convert::method, "method", recorded)?,
                    target_roles: roles(&e.target_roles, recorded)?,
                    terms: terms(e.terms.as_ref(), recorded)?,
                    defined_on: date(&e.defined_on, recorded)?,
                }
            }
            pb::ProgrammeRevised::NAME => {
                let e: pb::ProgrammeRevised = payload(recorded)?;
                ProgrammeEvent::Revised {
                    terms_version: count(e.terms_version, "terms version", recorded)?,
                    terms: terms(e.terms.as_ref(), recorded)?,
                    revised_on: date(&e.revised_on, recorded)?,
                    note: e.note,
                }
            }
            pb::ProgrammeRetired::NAME => {
                let e: pb::ProgrammeRetired = payload(recorded)?;
                ProgrammeEvent::Retired {
                    retired_on: date(&e.retired_on, recorded)?,
                    reason: e.reason,
                }
            }
            other => {
                return Err(corrupt(
                    recorded,
                    format!("{other} is not a programme event"),
                ));
            }
        })
    }
}
