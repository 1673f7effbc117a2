//! Stored form of partnerships events: protobuf (`berdaya.partnerships.v1`), one codec
//! per aggregate. The personal data of partners' contact people and of agreements'
//! signatories is sealed per person (each is a data subject of their own), so erasing
//! one destroys one key and leaves the history and its hashes untouched.

mod agreement;
mod network;
mod partner;
mod referral;

pub use agreement::AgreementCodec;
pub(crate) use agreement::{changes_pb, commitment_pb, party_pb, terms_pb};

pub use network::NetworkCodec;
pub use partner::PartnerCodec;
pub use referral::ReferralCodec;

use berdaya_domain::Rupiah;
use berdaya_eventstore::RecordedEvent;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent};
use berdaya_platform::codec::fields::{self, corrupt};
use berdaya_proto::berdaya::partnerships::v1 as pb;

use crate::convert;
use crate::domain::{Document, DocumentHash, Quantity, ReferralOutcome};

/// Current schema version of every partnerships event.
pub const SCHEMA_VERSION: i32 = 1;

/// A partnerships event to store, named after its proto message.
fn encoded<M: prost::Message + prost::Name>(message: &M) -> EncodedEvent {
    berdaya_platform::codec::encoded(message, SCHEMA_VERSION)
}

/// The event's message name, checked to be of this package.
fn short_name(recorded: &RecordedEvent) -> Result<&str, CodecError> {
    recorded
        .event_type
        .strip_prefix("berdaya.partnerships.v1.")
        .ok_or_else(|| corrupt(recorded, "not a partnerships event"))
}

pub(crate) fn document_pb(document: &Document) -> pb::Document {
    pb::Document {
        reference: document.reference.clone(),
        sha256: document.sha256.as_str().to_owned(),
    }
}

fn document(
    document: Option<pb::Document>,
    recorded: &RecordedEvent,
) -> Result<Document, CodecError> {
    let document = fields::required(document, "document", recorded)?;
    Ok(Document {
        sha256: DocumentHash::parse(&document.sha256)
            .map_err(|v| corrupt(recorded, v.to_string()))?,
        reference: document.reference,
    })
}

fn quantity(
    quantity: Option<&pb::Quantity>,
    recorded: &RecordedEvent,
) -> Result<Quantity, CodecError> {
    fields::required(convert::quantity(quantity), "quantity", recorded)
}

fn outcome(
    outcome: Option<pb::ReferralOutcome>,
    recorded: &RecordedEvent,
) -> Result<ReferralOutcome, CodecError> {
    use pb::referral_outcome::Outcome;
    let outcome = fields::required(outcome.and_then(|o| o.outcome), "outcome", recorded)?;
    Ok(match outcome {
        Outcome::LoanGranted(o) => ReferralOutcome::LoanGranted {
            amount: Rupiah(o.amount),
            scheme: o.scheme,
        },
        Outcome::ContractSigned(o) => ReferralOutcome::ContractSigned {
            value: Rupiah(o.value),
            buyer: o.buyer,
        },
        Outcome::PlaceTaken(o) => ReferralOutcome::PlaceTaken { place: o.place },
        Outcome::ServiceProvided(o) => ReferralOutcome::ServiceProvided {
            description: o.description,
        },
    })
}

#[cfg(test)]
mod tests;
