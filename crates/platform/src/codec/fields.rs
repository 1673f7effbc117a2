//! Reading a stored event's proto fields back into domain values, and writing them. A
//! value that does not read back means the store holds what no codec wrote: the event
//! is [`CodecError::Corrupt`], named by its stream and version.

use berdaya_domain::id::RegionCode;
use berdaya_eventstore::RecordedEvent;
use chrono::NaiveDate;
use uuid::Uuid;

use super::CodecError;

/// The event at `recorded` does not read back, for `reason`.
pub fn corrupt(recorded: &RecordedEvent, reason: impl Into<String>) -> CodecError {
    CodecError::Corrupt {
        event_type: recorded.event_type.clone(),
        stream_id: recorded.stream_id.clone(),
        version: recorded.version,
        reason: reason.into(),
    }
}

/// A stored `YYYY-MM-DD`.
///
/// # Errors
/// [`CodecError::Corrupt`].
pub fn date(text: &str, recorded: &RecordedEvent) -> Result<NaiveDate, CodecError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| corrupt(recorded, format!("date {text:?}: {e}")))
}

/// A stored optional `YYYY-MM-DD` (empty: none).
///
/// # Errors
/// [`CodecError::Corrupt`].
pub fn optional_date(
    text: &str,
    recorded: &RecordedEvent,
) -> Result<Option<NaiveDate>, CodecError> {
    if text.is_empty() {
        Ok(None)
    } else {
        date(text, recorded).map(Some)
    }
}

/// A date as stored.
pub fn text_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// An optional date as stored (none: empty).
pub fn optional_text_date(date: Option<NaiveDate>) -> String {
    date.map(text_date).unwrap_or_default()
}

/// A stored UUID.
///
/// # Errors
/// [`CodecError::Corrupt`].
pub fn uuid(text: &str, recorded: &RecordedEvent) -> Result<Uuid, CodecError> {
    Uuid::parse_str(text).map_err(|e| corrupt(recorded, format!("id {text:?}: {e}")))
}

/// A stored optional UUID (empty: none).
///
/// # Errors
/// [`CodecError::Corrupt`].
pub fn optional_uuid(text: &str, recorded: &RecordedEvent) -> Result<Option<Uuid>, CodecError> {
    if text.is_empty() {
        Ok(None)
    } else {
        uuid(text, recorded).map(Some)
    }
}

/// Stored UUIDs.
///
/// # Errors
/// [`CodecError::Corrupt`] naming the first that does not read back.
pub fn uuids(texts: &[String], recorded: &RecordedEvent) -> Result<Vec<Uuid>, CodecError> {
    texts.iter().map(|t| uuid(t, recorded)).collect()
}

/// UUIDs as stored.
pub fn uuid_texts(ids: &[Uuid]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}

/// A stored Kemendagri region code.
///
/// # Errors
/// [`CodecError::Corrupt`].
pub fn region(code: &str, recorded: &RecordedEvent) -> Result<RegionCode, CodecError> {
    RegionCode::parse(code).map_err(|e| corrupt(recorded, e.to_string()))
}

/// A stored optional text (empty: none).
pub fn optional(text: String) -> Option<String> {
    if text.is_empty() { None } else { Some(text) }
}

/// A stored proto enum value read into its domain type with `convert`.
///
/// # Errors
/// [`CodecError::Corrupt`] naming `what` when the value is not one `convert` knows.
pub fn enumerated<T>(
    value: i32,
    convert: impl FnOnce(i32) -> Option<T>,
    what: &str,
    recorded: &RecordedEvent,
) -> Result<T, CodecError> {
    convert(value).ok_or_else(|| corrupt(recorded, format!("{what} {value} is not known")))
}

/// A message field that must be present.
///
/// # Errors
/// [`CodecError::Corrupt`] naming `what` when it is missing.
pub fn required<T>(
    value: Option<T>,
    what: &str,
    recorded: &RecordedEvent,
) -> Result<T, CodecError> {
    value.ok_or_else(|| corrupt(recorded, format!("{what} is missing")))
}
