//! One active relay per service among its replicas: a PostgreSQL session advisory lock
//! held on a dedicated connection.
//!
//! The lock lives as long as the connection: when the holder dies (crash, SIGKILL, pod
//! eviction) the server ends its session and releases the lock, and a standby replica
//! acquires it on its next try. The holder checks its connection every
//! [`LOCK_CHECK_INTERVAL`] and stops relaying as soon as it cannot prove it still holds
//! the lock. A holder cut off by a network partition may overlap briefly with its
//! successor until TCP keepalive ends the old session; publishes are idempotent
//! (`Nats-Msg-Id`) and checkpoints only move forward, so an overlap duplicates nothing.

use std::time::Duration;

use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};

/// How often the active relay checks that its lock connection is alive.
pub const LOCK_CHECK_INTERVAL: Duration = Duration::from_secs(1);

/// A held advisory lock; released when dropped or [`LeaderLock::release`]d.
#[derive(Debug)]
pub struct LeaderLock {
    conn: PgConnection,
    key: i64,
}

/// The lock key of `name`: a stable 64-bit FNV-1a hash (advisory locks are per
/// database, so services with databases of their own never contend).
pub fn lock_key(name: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in b"berdaya-relay:".iter().chain(name.as_bytes()) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    i64::from_ne_bytes(hash.to_ne_bytes())
}

impl LeaderLock {
    /// Opens a dedicated connection and tries the lock of `name` once.
    ///
    /// # Errors
    /// The database error when PostgreSQL cannot be reached.
    pub async fn try_acquire(
        options: &PgConnectOptions,
        name: &str,
    ) -> Result<Option<Self>, sqlx::Error> {
        let mut conn = PgConnection::connect_with(options).await?;
        let key = lock_key(name);
        let acquired: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
            .bind(key)
            .fetch_one(&mut conn)
            .await?;
        if acquired {
            Ok(Some(Self { conn, key }))
        } else {
            let _ = conn.close().await;
            Ok(None)
        }
    }

    /// Confirms the session (and so the lock) is still alive.
    ///
    /// # Errors
    /// The database error when the connection is gone or the lock is no longer held.
    pub async fn check(&mut self) -> Result<(), sqlx::Error> {
        let held: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' \
             AND pid = pg_backend_pid() AND granted \
             AND ((classid::bigint << 32) | objid::bigint) = $1)",
        )
        .bind(self.key)
        .fetch_one(&mut self.conn)
        .await?;
        if held {
            Ok(())
        } else {
            Err(sqlx::Error::Protocol("advisory lock no longer held".into()))
        }
    }

    /// Waits until the lock is lost (the connection fails or the lock is gone). Never
    /// returns while the lock is held.
    pub async fn lost(&mut self) -> sqlx::Error {
        loop {
            tokio::time::sleep(LOCK_CHECK_INTERVAL).await;
            match tokio::time::timeout(LOCK_CHECK_INTERVAL * 5, self.check()).await {
                Ok(Ok(())) => {}
                Ok(Err(error)) => return error,
                Err(_) => return sqlx::Error::PoolTimedOut,
            }
        }
    }

    /// Releases the lock and closes the connection.
    pub async fn release(mut self) {
        let _ = sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(self.key)
            .execute(&mut self.conn)
            .await;
        let _ = self.conn.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_and_distinct() {
        assert_eq!(lock_key("households"), lock_key("households"));
        assert_ne!(lock_key("households"), lock_key("enterprise"));
    }
}
