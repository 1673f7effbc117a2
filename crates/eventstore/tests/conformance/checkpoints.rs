//! Relay checkpoints: a follower's durable position in the global log.

use berdaya_eventstore::{ExpectedVersion, LogCursor};

use super::{Store, batch, read_all_until};

/// A checkpoint starts at the beginning, holds what was saved, is kept per name, and
/// never moves backwards.
pub(crate) async fn relay_checkpoints(store: Store) {
    assert_eq!(
        store.relay_checkpoint("households").await.unwrap(),
        LogCursor::START
    );
    store
        .append(batch("household-ckpt", ExpectedVersion::NoStream, 3))
        .await
        .unwrap();
    let log = read_all_until(&store, 3).await;
    let (second, third) = (log[1].cursor, log[2].cursor);

    store
        .save_relay_checkpoint("households", second)
        .await
        .unwrap();
    assert_eq!(store.relay_checkpoint("households").await.unwrap(), second);
    // Resuming from the checkpoint yields exactly what is left.
    let rest = store.read_all(second, 10).await.unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].cursor, third);

    store
        .save_relay_checkpoint("households", third)
        .await
        .unwrap();
    // A stale relay saving an older cursor cannot rewind the checkpoint.
    store
        .save_relay_checkpoint("households", second)
        .await
        .unwrap();
    assert_eq!(store.relay_checkpoint("households").await.unwrap(), third);

    // Names are independent.
    assert_eq!(
        store.relay_checkpoint("enterprise").await.unwrap(),
        LogCursor::START
    );
    store
        .save_relay_checkpoint("enterprise", log[0].cursor)
        .await
        .unwrap();
    assert_eq!(
        store.relay_checkpoint("enterprise").await.unwrap(),
        log[0].cursor
    );
    assert_eq!(store.relay_checkpoint("households").await.unwrap(), third);
}
