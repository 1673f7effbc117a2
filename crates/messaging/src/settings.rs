//! Every messaging setting, with the defaults a single-node deployment can run on.
//!
//! They sit under `[nats]` in the settings file and under `BERDAYA_NATS__*` in the
//! environment (`BERDAYA_NATS__URL`, `BERDAYA_NATS__RELAY__MAX_IN_FLIGHT`, ...). The
//! README's configuration reference lists them with their reasons.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The NATS connection, the JetStream stream, the relay and the consumers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NatsSettings {
    /// Server URL(s), comma separated (`nats://127.0.0.1:4222`).
    pub url: String,
    /// The JetStream stream holding every service's domain events.
    pub stream: String,
    /// First subject token: events go to `<prefix>.<context>.<EventType>`.
    pub subject_prefix: String,
    /// Stream replicas (1 on a single server, 3 on a production cluster).
    pub replicas: usize,
    /// How long the stream keeps an event, in days (0: forever). The service logs stay
    /// the source of truth: a relay can republish history from any checkpoint.
    pub max_age_days: u64,
    /// Size cap of the stream in bytes (-1: none). When reached the oldest events go.
    pub max_bytes: i64,
    /// How long the server remembers a `Nats-Msg-Id` to drop a republished event, in
    /// seconds. Must cover a relay's longest retry; consumers dedupe anyway.
    pub duplicate_window_secs: u64,
    /// The relay of `berdaya serve`.
    pub relay: RelaySettings,
    /// Durable consumers (`berdaya events tail`, projections).
    pub consumer: ConsumerSettings,
}

impl Default for NatsSettings {
    fn default() -> Self {
        Self {
            url: "nats://127.0.0.1:4222".to_owned(),
            stream: "BERDAYA".to_owned(),
            subject_prefix: "berdaya".to_owned(),
            replicas: 1,
            max_age_days: 365,
            max_bytes: -1,
            duplicate_window_secs: 600,
            relay: RelaySettings::default(),
            consumer: ConsumerSettings::default(),
        }
    }
}

/// How the relay publishes a service's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RelaySettings {
    /// Run the relay in `berdaya serve` (turn off only when another process relays).
    pub enabled: bool,
    /// Events read from the log per round.
    pub batch: i64,
    /// Publishes awaiting their JetStream acknowledgement at once.
    pub max_in_flight: usize,
    /// How often an idle relay looks for new events, in milliseconds.
    pub poll_interval_ms: u64,
    /// How often a standby replica tries to become the active relay, in milliseconds.
    pub standby_retry_ms: u64,
    /// Longest wait between retries after a failure (NATS or PostgreSQL down), in ms.
    pub max_backoff_ms: u64,
    /// How long a draining relay may spend publishing what is left, in milliseconds.
    pub flush_deadline_ms: u64,
}

impl Default for RelaySettings {
    fn default() -> Self {
        Self {
            enabled: true,
            batch: 500,
            max_in_flight: 256,
            poll_interval_ms: 100,
            standby_retry_ms: 1_000,
            max_backoff_ms: 5_000,
            flush_deadline_ms: 5_000,
        }
    }
}

/// How a durable pull consumer fetches, acknowledges and gives up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConsumerSettings {
    /// How long the server waits for an ack before redelivering, in seconds.
    pub ack_wait_secs: u64,
    /// Failed applies of one message before it is parked. Deliveries of an event that
    /// waited for an earlier one of its stream, or for the database, do not count.
    pub max_deliver: i64,
    /// Messages asked for per fetch, and applied in one transaction (local sources:
    /// events read from the log per transaction). Larger batches catch up faster; after
    /// a crash, up to two batches (one applied, one fetched ahead) wait for `ack_wait`.
    pub batch: usize,
    /// How long one fetch waits for messages, in milliseconds.
    pub fetch_wait_ms: u64,
    /// Unacknowledged messages the server lets one consumer hold.
    pub max_ack_pending: i64,
    /// First retry delay after a failed apply, in ms; doubles per delivery up to 30 s.
    pub retry_backoff_ms: u64,
}

impl Default for ConsumerSettings {
    fn default() -> Self {
        Self {
            ack_wait_secs: 30,
            max_deliver: 5,
            batch: 500,
            fetch_wait_ms: 1_000,
            max_ack_pending: 2_048,
            retry_backoff_ms: 500,
        }
    }
}

impl ConsumerSettings {
    /// The redelivery delay after the `delivered`-th failed delivery.
    pub fn retry_delay(&self, delivered: i64) -> Duration {
        let doublings = u32::try_from(delivered.saturating_sub(1).clamp(0, 16)).unwrap_or(16);
        let ms = self.retry_backoff_ms.saturating_mul(1u64 << doublings);
        Duration::from_millis(ms.min(30_000))
    }

    /// The redelivery delay of an event that arrived before an earlier one of its
    /// stream, at its `delivered`-th delivery: it doubles from `retry_backoff_ms` up to
    /// a little over `ack_wait`, the longest a message held by a crashed consumer takes
    /// to come back, so the early event is retried soon after its predecessor can have
    /// arrived, without spinning meanwhile.
    pub fn early_delay(&self, delivered: i64) -> Duration {
        let cap =
            Duration::from_secs(self.ack_wait_secs) + Duration::from_millis(self.retry_backoff_ms);
        let doublings = u32::try_from(delivered.saturating_sub(1).clamp(0, 16)).unwrap_or(16);
        Duration::from_millis(self.retry_backoff_ms.saturating_mul(1u64 << doublings)).min(cap)
    }
}

/// A setting that cannot work, named.
#[derive(Debug, thiserror::Error)]
#[error("nats.{setting}: {problem}")]
pub struct InvalidSetting {
    /// The setting, e.g. `subject_prefix`.
    pub setting: &'static str,
    /// What is wrong with it.
    pub problem: String,
}

impl NatsSettings {
    /// Checks what the server would refuse, or what would break delivery.
    ///
    /// # Errors
    /// The first setting that cannot work.
    pub fn validate(&self) -> Result<(), InvalidSetting> {
        let bad = |setting, problem: &str| {
            Err(InvalidSetting {
                setting,
                problem: problem.to_owned(),
            })
        };
        if self.url.trim().is_empty() {
            return bad("url", "is required, e.g. nats://127.0.0.1:4222");
        }
        if self.stream.is_empty()
            || self
                .stream
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, '.' | '*' | '>' | '/' | '\\'))
        {
            return bad(
                "stream",
                "must be a name without spaces, '.', '*', '>' or slashes",
            );
        }
        if !crate::subject::is_literal_subject(&self.subject_prefix) {
            return bad(
                "subject_prefix",
                "must be dot-separated tokens without wildcards or spaces, e.g. berdaya",
            );
        }
        if self.replicas == 0 || self.replicas > 5 {
            return bad("replicas", "must be between 1 and 5");
        }
        if self.duplicate_window_secs == 0 {
            return bad("duplicate_window_secs", "must be positive");
        }
        if self.max_age_days != 0 && self.duplicate_window_secs > self.max_age_days * 86_400 {
            return bad("duplicate_window_secs", "must not exceed max_age_days");
        }
        if self.relay.batch < 1 || self.relay.max_in_flight < 1 {
            return bad("relay", "batch and max_in_flight must be at least 1");
        }
        if self.consumer.max_deliver < 1 || self.consumer.batch < 1 {
            return bad("consumer", "max_deliver and batch must be at least 1");
        }
        if self.consumer.batch > 10_000 {
            return bad("consumer", "batch must be at most 10000");
        }
        if i64::try_from(self.consumer.batch).unwrap_or(i64::MAX) > self.consumer.max_ack_pending {
            return bad("consumer", "batch must not exceed max_ack_pending");
        }
        if self.consumer.ack_wait_secs == 0 || self.consumer.max_ack_pending < 1 {
            return bad(
                "consumer",
                "ack_wait_secs and max_ack_pending must be positive",
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        NatsSettings::default().validate().unwrap();
    }

    #[test]
    fn wildcards_in_the_prefix_are_refused() {
        for prefix in ["", "berdaya.>", "a.*.b", "has space", "a..b", ".a"] {
            let settings = NatsSettings {
                subject_prefix: prefix.to_owned(),
                ..NatsSettings::default()
            };
            assert!(settings.validate().is_err(), "{prefix:?} accepted");
        }
        let nested = NatsSettings {
            subject_prefix: "acme.berdaya".to_owned(),
            ..NatsSettings::default()
        };
        nested.validate().unwrap();
    }

    #[test]
    fn retry_delay_doubles_and_caps() {
        let consumer = ConsumerSettings::default();
        assert_eq!(consumer.retry_delay(1), Duration::from_millis(500));
        assert_eq!(consumer.retry_delay(2), Duration::from_millis(1_000));
        assert_eq!(consumer.retry_delay(3), Duration::from_millis(2_000));
        assert_eq!(consumer.retry_delay(50), Duration::from_secs(30));
    }

    #[test]
    fn an_early_event_waits_past_ack_wait_at_most_a_little() {
        let consumer = ConsumerSettings::default();
        assert_eq!(consumer.early_delay(1), Duration::from_millis(500));
        assert_eq!(consumer.early_delay(3), Duration::from_millis(2_000));
        assert_eq!(consumer.early_delay(40), Duration::from_millis(30_500));
        let total: Duration = (1..=8).map(|d| consumer.early_delay(d)).sum();
        assert!(
            total > Duration::from_secs(consumer.ack_wait_secs),
            "{total:?}"
        );
    }
}
