//! The one retry delay of every reconnect and retry loop (relay, consumer, local
//! source): exponential from 100 ms up to a cap, with jitter, so that the processes of
//! a deployment do not all knock on NATS or PostgreSQL at the same instant after it
//! restarts. `backon` computes it.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};

/// The first delay.
const FIRST: Duration = Duration::from_millis(100);

/// Successive delays: each about twice the last (plus up to as much again at random),
/// never above the cap; [`Backoff::reset`] after a success starts again from 100 ms.
#[derive(Debug)]
pub(crate) struct Backoff {
    builder: ExponentialBuilder,
    delays: ExponentialBackoff,
    cap: Duration,
}

impl Backoff {
    /// Delays from 100 ms up to `cap` (at least 100 ms).
    pub(crate) fn new(cap: Duration) -> Self {
        let cap = cap.max(FIRST);
        let builder = ExponentialBuilder::default()
            .with_min_delay(FIRST)
            .with_max_delay(cap)
            .with_jitter()
            .without_max_times();
        Self {
            delays: builder.build(),
            builder,
            cap,
        }
    }

    /// The next delay to wait.
    pub(crate) fn next_delay(&mut self) -> Duration {
        // Jitter may add up to the delay itself; the cap still holds.
        self.delays.next().unwrap_or(self.cap).min(self.cap)
    }

    /// Starts again from the first delay (after a success).
    pub(crate) fn reset(&mut self) {
        self.delays = self.builder.build();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_to_the_cap_with_jitter_and_start_over_after_a_reset() {
        let mut backoff = Backoff::new(Duration::from_secs(2));
        let delays: Vec<Duration> = (0..12).map(|_| backoff.next_delay()).collect();
        assert!(delays[0] >= FIRST && delays[0] < FIRST * 2, "{delays:?}");
        assert!(
            delays.iter().all(|d| *d <= Duration::from_secs(2)),
            "{delays:?}"
        );
        assert_eq!(
            *delays.last().unwrap(),
            Duration::from_secs(2),
            "{delays:?}"
        );
        backoff.reset();
        assert!(backoff.next_delay() < FIRST * 2);
    }

    #[test]
    fn two_processes_do_not_wait_the_same_delays() {
        let mut a = Backoff::new(Duration::from_secs(60));
        let mut b = Backoff::new(Duration::from_secs(60));
        let a: Vec<Duration> = (0..6).map(|_| a.next_delay()).collect();
        let b: Vec<Duration> = (0..6).map(|_| b.next_delay()).collect();
        assert_ne!(a, b, "jitter");
    }
}
