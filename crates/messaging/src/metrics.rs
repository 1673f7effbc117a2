//! Prometheus metrics of the relay and the consumers, in the process's default registry
//! (served by `berdaya serve` on `GET /metrics`).

use std::sync::LazyLock;

use prometheus::{IntCounterVec, IntGaugeVec, register_int_counter_vec, register_int_gauge_vec};

/// Registers a metric in the default registry once; a name clash is a programming error.
macro_rules! metric {
    ($register:ident, $name:literal, $help:literal, $labels:expr) => {
        LazyLock::new(|| $register!($name, $help, $labels).expect(concat!("metric ", $name)))
    };
}

/// Events the relay published and JetStream acknowledged, by context.
pub static RELAY_PUBLISHED: LazyLock<IntCounterVec> = metric!(
    register_int_counter_vec,
    "berdaya_relay_published_total",
    "Events published by the relay and acknowledged by JetStream",
    &["context"]
);

/// Publishes JetStream recognised as duplicates (`Nats-Msg-Id` seen before).
pub static RELAY_DUPLICATES: LazyLock<IntCounterVec> = metric!(
    register_int_counter_vec,
    "berdaya_relay_duplicates_total",
    "Republished events JetStream dropped as duplicates",
    &["context"]
);

/// Failed relay rounds (NATS or the store unavailable), by context.
pub static RELAY_ERRORS: LazyLock<IntCounterVec> = metric!(
    register_int_counter_vec,
    "berdaya_relay_errors_total",
    "Relay rounds that failed and will be retried",
    &["context"]
);

/// Age in seconds of the oldest event not yet published (0 when caught up).
pub static RELAY_LAG_SECONDS: LazyLock<IntGaugeVec> = metric!(
    register_int_gauge_vec,
    "berdaya_relay_lag_seconds",
    "Age of the oldest event the relay has not yet published (0 when caught up)",
    &["context"]
);

/// 1 while this process holds the relay lock of the context.
pub static RELAY_LEADER: LazyLock<IntGaugeVec> = metric!(
    register_int_gauge_vec,
    "berdaya_relay_leader",
    "1 while this process is the active relay of the context",
    &["context"]
);

/// Events applied by a consumer, by consumer name.
pub static CONSUMER_APPLIED: LazyLock<IntCounterVec> = metric!(
    register_int_counter_vec,
    "berdaya_consumer_applied_total",
    "Events a consumer applied",
    &["consumer"]
);

/// Deliveries skipped because the event was already applied.
pub static CONSUMER_DUPLICATES: LazyLock<IntCounterVec> = metric!(
    register_int_counter_vec,
    "berdaya_consumer_duplicates_total",
    "Redelivered events a consumer had already applied",
    &["consumer"]
);

/// Deliveries put back because an earlier event of their stream was not applied yet.
pub static CONSUMER_EARLY: LazyLock<IntCounterVec> = metric!(
    register_int_counter_vec,
    "berdaya_consumer_early_total",
    "Deliveries put back because an earlier event of their stream was not applied yet",
    &["consumer"]
);

/// Failed applies that will be retried.
pub static CONSUMER_RETRIES: LazyLock<IntCounterVec> = metric!(
    register_int_counter_vec,
    "berdaya_consumer_retries_total",
    "Failed applies that will be retried",
    &["consumer"]
);

/// Messages parked since the process started.
pub static CONSUMER_PARKED_TOTAL: LazyLock<IntCounterVec> = metric!(
    register_int_counter_vec,
    "berdaya_consumer_parked_total",
    "Messages parked by this process",
    &["consumer"]
);

/// Messages in the consumer's parked table.
pub static CONSUMER_PARKED: LazyLock<IntGaugeVec> = metric!(
    register_int_gauge_vec,
    "berdaya_consumer_parked",
    "Messages waiting in the consumer's parked table",
    &["consumer"]
);

/// Messages the server holds for the consumer that it has not yet acknowledged.
pub static CONSUMER_LAG_MESSAGES: LazyLock<IntGaugeVec> = metric!(
    register_int_gauge_vec,
    "berdaya_consumer_lag_messages",
    "Messages not yet delivered or acknowledged (JetStream consumers)",
    &["consumer"]
);

/// Age in seconds of the oldest event of the batch being applied (0 when caught up).
pub static CONSUMER_LAG_SECONDS: LazyLock<IntGaugeVec> = metric!(
    register_int_gauge_vec,
    "berdaya_consumer_lag_seconds",
    "Age of the oldest event of the batch being applied (0 when caught up and idle)",
    &["consumer"]
);

/// Makes every consumer metric of `consumer` appear at zero, before anything happens:
/// a series that does not exist yet cannot fire an alert.
pub fn register_consumer(consumer: &str) {
    let label = [consumer];
    for counter in [
        &CONSUMER_APPLIED,
        &CONSUMER_DUPLICATES,
        &CONSUMER_EARLY,
        &CONSUMER_RETRIES,
        &CONSUMER_PARKED_TOTAL,
    ] {
        counter.with_label_values(&label);
    }
    for gauge in [
        &CONSUMER_PARKED,
        &CONSUMER_LAG_MESSAGES,
        &CONSUMER_LAG_SECONDS,
    ] {
        gauge.with_label_values(&label);
    }
}

/// Seconds since `at`, never negative.
pub(crate) fn age_seconds(at: chrono::DateTime<chrono::Utc>) -> i64 {
    (chrono::Utc::now() - at).num_seconds().max(0)
}
