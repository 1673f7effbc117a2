//! Stored form of capacity events: protobuf (`berdaya.capacity.v1`), one codec per
//! aggregate. People's personal data and the free text about them (reassignment,
//! deactivation and reactivation notes; certificate numbers, renewal bases and
//! revocation notes) are sealed with the person's own key, so erasing a person makes all
//! of it unreadable; cohorts, programmes, activities and the vocabulary carry no
//! personal data (people are person ids).

mod activity;
mod certificate;
mod cohort;
mod person;
mod programme;

pub use activity::{ActivityCodec, ActivityEvents, VocabularyCodec, VocabularyEvents};
pub use certificate::CertificateCodec;
pub use cohort::{CohortCodec, CohortEvents};
pub use person::PersonCodec;
pub(crate) use person::placement_pb;
pub use programme::{ProgrammeCodec, ProgrammeEvents};

use berdaya_eventstore::RecordedEvent;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent};
use berdaya_platform::codec::fields::{corrupt, enumerated, required};
use berdaya_proto::berdaya::capacity::v1 as pb;
use prost::Message;

use crate::convert;
use crate::domain::programme::{CertificateSpec, Module, ProgrammeTerms};
use crate::domain::roles::{Organisation, PersonRole};

/// The proto package of capacity events.
pub const PACKAGE: &str = "berdaya.capacity.v1";
/// Current schema version of every capacity event.
pub const SCHEMA_VERSION: i32 = 1;

/// A capacity event to store, named after its proto message.
fn encoded<M: Message + prost::Name>(message: &M) -> EncodedEvent {
    berdaya_platform::codec::encoded(message, SCHEMA_VERSION)
}

/// A stored count that must fit `T`.
fn count<T: TryFrom<i32>>(
    value: i32,
    what: &str,
    recorded: &RecordedEvent,
) -> Result<T, CodecError> {
    T::try_from(value).map_err(|_| corrupt(recorded, format!("{what} {value} is out of range")))
}

/// Stored role numbers.
fn roles(values: &[i32], recorded: &RecordedEvent) -> Result<Vec<PersonRole>, CodecError> {
    values
        .iter()
        .map(|r| enumerated(*r, convert::role, "role", recorded))
        .collect()
}

/// Roles as stored.
fn roles_pb(roles: &[PersonRole]) -> Vec<i32> {
    roles.iter().map(|r| convert::role_pb(*r) as i32).collect()
}

/// A programme's terms as stored (and shown).
pub(crate) fn terms_pb(terms: &ProgrammeTerms) -> pb::ProgrammeTerms {
    pb::ProgrammeTerms {
        modules: terms
            .modules
            .iter()
            .map(|m| pb::Module {
                code: m.code.clone(),
                title: m.title.clone(),
                hours: i32::from(m.hours),
            })
            .collect(),
        required_attendance_percent: i32::from(terms.required_attendance_percent),
        pass_mark: terms.pass_mark.map(i32::from),
        certificate: Some(pb::CertificateSpec {
            name: terms.certificate.name.clone(),
            validity_months: i32::from(terms.certificate.validity_months),
        }),
    }
}

/// Stored terms.
fn terms(
    terms: Option<&pb::ProgrammeTerms>,
    recorded: &RecordedEvent,
) -> Result<ProgrammeTerms, CodecError> {
    let terms = required(terms, "terms", recorded)?;
    let certificate = required(terms.certificate.as_ref(), "terms.certificate", recorded)?;
    Ok(ProgrammeTerms {
        modules: terms
            .modules
            .iter()
            .map(|m| {
                Ok(Module {
                    code: m.code.clone(),
                    title: m.title.clone(),
                    hours: count(m.hours, "module hours", recorded)?,
                })
            })
            .collect::<Result<_, CodecError>>()?,
        required_attendance_percent: count(
            terms.required_attendance_percent,
            "required attendance",
            recorded,
        )?,
        pass_mark: terms
            .pass_mark
            .map(|m| count(m, "pass mark", recorded))
            .transpose()?,
        certificate: CertificateSpec {
            name: certificate.name.clone(),
            validity_months: count(certificate.validity_months, "validity months", recorded)?,
        },
    })
}

/// An organisation as stored (and shown).
pub(crate) fn organisation_pb(organisation: &Organisation) -> pb::Organisation {
    pb::Organisation {
        kind: convert::organisation_kind_pb(organisation.kind) as i32,
        name: organisation.name.clone(),
    }
}

#[cfg(test)]
mod tests;

/// The events of an aggregate that carry no personal data: stored as they are.
pub trait PlainEvents: Send + Sync + 'static {
    /// The domain event.
    type Event;

    /// The event as stored.
    fn to_stored(event: &Self::Event) -> EncodedEvent;

    /// A stored event read back.
    ///
    /// # Errors
    /// [`CodecError::Corrupt`] when it does not read back.
    fn from_stored(recorded: &RecordedEvent) -> Result<Self::Event, CodecError>;
}

/// The codec of an aggregate whose events carry no personal data: nothing is sealed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Plain<T>(std::marker::PhantomData<T>);

impl<T: PlainEvents> berdaya_platform::aggregate_store::EventCodec for Plain<T> {
    type Event = T::Event;

    fn sealed_subjects(&self, _recorded: &RecordedEvent) -> Result<Vec<uuid::Uuid>, CodecError> {
        Ok(Vec::new())
    }

    fn decode(
        &self,
        recorded: &RecordedEvent,
        _keys: &berdaya_platform::keyring::KeyRing,
    ) -> Result<T::Event, CodecError> {
        T::from_stored(recorded)
    }

    fn subjects_to_seal(&self, _event: &T::Event) -> Vec<uuid::Uuid> {
        Vec::new()
    }

    fn encode(
        &self,
        event: &T::Event,
        _keys: &mut berdaya_platform::keyring::KeyRing,
        _vault: &berdaya_eventstore::pii::Vault,
    ) -> Result<EncodedEvent, CodecError> {
        Ok(T::to_stored(event))
    }
}
