//! Personal data in stored events: sealed with its data subject's key on the way in,
//! opened on the way out, and read as `None` once the subject's key is destroyed
//! (crypto-shredding), so erased data reads as erased everywhere, the history and its
//! hashes untouched.

use berdaya_eventstore::RecordedEvent;
use berdaya_eventstore::pii::Vault;
use berdaya_proto::berdaya::common::v1::SealedPersonalData;
use prost::Message;
use uuid::Uuid;

use super::CodecError;
use super::fields::corrupt;
use crate::keyring::{KeyEntry, KeyRing};

/// The subject whose key seals `sealed`, if it is there.
pub fn sealed_subject(sealed: &Option<SealedPersonalData>) -> Option<Uuid> {
    sealed
        .as_ref()
        .and_then(|s| Uuid::parse_str(&s.subject_id).ok())
}

/// `data` sealed with `subject`'s key (a subject never seen before gets one).
///
/// # Errors
/// [`CodecError::SubjectErased`] naming `field` when the subject's key was destroyed:
/// an erased person's data is never recorded again.
pub fn seal<M: Message>(
    subject: Uuid,
    data: &M,
    keys: &mut KeyRing,
    vault: &Vault,
    field: &str,
) -> Result<SealedPersonalData, CodecError> {
    let key = keys
        .key_or_create(vault, subject)
        .ok_or_else(|| CodecError::SubjectErased {
            field: field.to_owned(),
        })?;
    Ok(SealedPersonalData {
        subject_id: subject.to_string(),
        ciphertext: key.seal(subject, &data.encode_to_vec()),
    })
}

/// [`seal`] for optional data (`None` stays `None`, e.g. data already erased).
///
/// # Errors
/// As [`seal`].
pub fn seal_optional<M: Message>(
    subject: Uuid,
    data: Option<&M>,
    keys: &mut KeyRing,
    vault: &Vault,
    field: &str,
) -> Result<Option<SealedPersonalData>, CodecError> {
    data.map(|d| seal(subject, d, keys, vault, field))
        .transpose()
}

/// Opens sealed data: `Ok(None)` when there is none or the subject's key was erased.
///
/// # Errors
/// [`CodecError::Corrupt`] when the key is unknown or the data does not open.
pub fn open<M: Message + Default>(
    sealed: &Option<SealedPersonalData>,
    keys: &KeyRing,
    recorded: &RecordedEvent,
) -> Result<Option<M>, CodecError> {
    let Some(sealed) = sealed else {
        return Ok(None);
    };
    let subject =
        Uuid::parse_str(&sealed.subject_id).map_err(|e| corrupt(recorded, e.to_string()))?;
    match keys.get(subject) {
        Some(KeyEntry::Present(key)) => {
            let plain = key
                .open(subject, &sealed.ciphertext)
                .map_err(|e| corrupt(recorded, format!("personal data of {subject}: {e}")))?;
            Ok(Some(
                M::decode(plain.as_slice()).map_err(|e| corrupt(recorded, e.to_string()))?,
            ))
        }
        Some(KeyEntry::Erased) => Ok(None),
        None => Err(corrupt(
            recorded,
            format!("no key for data subject {subject}"),
        )),
    }
}
