//! How each engine stores event ids and times: PostgreSQL natively (`uuid`,
//! `timestamptz`); SQLite ids as 16-byte blobs (sqlx's encoding) and times as RFC 3339
//! text; the `Any` driver, which has neither type, both as text. Text times are
//! written with a fixed width (microseconds, `Z`), so they also compare in order.

use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;

fn parse_time(text: &str) -> Result<DateTime<Utc>, sqlx::Error> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| sqlx::Error::Decode(format!("time {text:?}: {e}").into()))
}

fn text_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// PostgreSQL's own types.
pub(super) mod native {
    use super::*;

    pub(crate) type Id = Uuid;
    pub(crate) type Time = DateTime<Utc>;

    pub(crate) fn id(id: Uuid) -> Id {
        id
    }

    pub(crate) fn id_from(id: Id) -> Result<Uuid, sqlx::Error> {
        Ok(id)
    }

    pub(crate) fn time(at: DateTime<Utc>) -> Time {
        at
    }

    pub(crate) fn time_from(at: Time) -> Result<DateTime<Utc>, sqlx::Error> {
        Ok(at)
    }
}

/// SQLite: blob ids, text times.
pub(super) mod sqlite {
    use super::*;

    pub(crate) type Id = Uuid;
    pub(crate) type Time = String;

    pub(crate) fn id(id: Uuid) -> Id {
        id
    }

    pub(crate) fn id_from(id: Id) -> Result<Uuid, sqlx::Error> {
        Ok(id)
    }

    pub(crate) fn time(at: DateTime<Utc>) -> Time {
        text_time(at)
    }

    pub(crate) fn time_from(at: Time) -> Result<DateTime<Utc>, sqlx::Error> {
        parse_time(&at)
    }
}

/// The `Any` driver: text ids and times.
pub(super) mod text {
    use super::*;

    pub(crate) type Id = String;
    pub(crate) type Time = String;

    pub(crate) fn id(id: Uuid) -> Id {
        id.to_string()
    }

    pub(crate) fn id_from(id: Id) -> Result<Uuid, sqlx::Error> {
        Uuid::parse_str(&id).map_err(|e| sqlx::Error::Decode(format!("id {id:?}: {e}").into()))
    }

    pub(crate) fn time(at: DateTime<Utc>) -> Time {
        text_time(at)
    }

    pub(crate) fn time_from(at: Time) -> Result<DateTime<Utc>, sqlx::Error> {
        parse_time(&at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_times_round_trip_and_sort_like_the_times() {
        let early = DateTime::from_timestamp_micros(1_760_000_000_000_001).unwrap();
        let late = DateTime::from_timestamp_micros(1_760_000_000_100_000).unwrap();
        assert!(text_time(early) < text_time(late));
        assert_eq!(parse_time(&text_time(early)).unwrap(), early);
        // What sqlx itself writes into SQLite reads back too.
        assert_eq!(
            parse_time("2026-01-02T03:04:05.5+00:00")
                .unwrap()
                .timestamp(),
            1_767_323_045
        );
    }
}
