//! Reading: the hash chain, the stream index and the global log.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use berdaya_eventstore::hash::GENESIS;
use berdaya_eventstore::{AppendBatch, ExpectedVersion, LogCursor, StreamInfo};
use uuid::Uuid;

use super::{
    Store, Tamper, VISIBILITY_TIMEOUT, append_singles, batch, metadata, new_event, read_all_until,
};

/// The hash chain verifies after appends and reveals raw tampering.
pub(crate) async fn hash_chain(store: Store, tamper: &dyn Tamper) {
    let a = "household-chain-a";
    store
        .append(batch(a, ExpectedVersion::NoStream, 1))
        .await
        .unwrap();
    store
        .append(batch(a, ExpectedVersion::Exact(1), 2))
        .await
        .unwrap();
    let last = store
        .append(batch(a, ExpectedVersion::Exact(3), 1))
        .await
        .unwrap();
    let report = store.verify_stream(a).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.events, 4);
    assert_eq!(report.stream_id, a);
    assert_eq!(report.head_hash, last.events[0].hash);
    assert_eq!(
        report.head_hash,
        store.stream_info(a).await.unwrap().unwrap().head_hash
    );
    let empty = store.verify_stream("nobody").await.unwrap();
    assert!(empty.is_intact());
    assert_eq!((empty.events, empty.head_hash), (0, GENESIS));

    assert!(
        tamper.plain_update_refused(a, 2).await,
        "events must be append-only"
    );
    tamper.flip_payload_byte(a, 2).await;
    assert_eq!(
        store.verify_stream(a).await.unwrap().first_broken_version,
        Some(2)
    );

    let b = "household-chain-b";
    append_singles(&store, b, 3).await;
    assert!(store.verify_stream(b).await.unwrap().is_intact());
    tamper.delete_event(b, 2).await;
    let report = store.verify_stream(b).await.unwrap();
    assert_eq!(report.first_broken_version, Some(2));
    assert_eq!(report.events, 2);

    let c = "household-chain-c";
    append_singles(&store, c, 3).await;
    tamper.delete_event(c, 3).await;
    assert_eq!(
        store.verify_stream(c).await.unwrap().first_broken_version,
        Some(3)
    );
}

/// Streams list by category and region prefix, in stream-id order, page by page.
pub(crate) async fn list_streams(store: Store) {
    let streams = [
        ("household-a", "household", "33.73.04.1001"),
        ("household-b", "household", "33.73.04.1002"),
        ("household-c", "household", "33.74.01.2001"),
        ("household-d", "household", "33.73.05.1001"),
        ("kube-x", "kube", "33.73.04.1001"),
    ];
    for (stream, category, region) in streams {
        let batch = AppendBatch::new(
            stream,
            category,
            ExpectedVersion::NoStream,
            vec![new_event(stream, 0)],
            metadata("caseworker-1", region),
        );
        store.append(batch).await.unwrap();
    }
    let ids = |infos: Vec<StreamInfo>| infos.into_iter().map(|i| i.stream_id).collect::<Vec<_>>();
    let page = store
        .list_streams("household", "33.73", None, 2)
        .await
        .unwrap();
    assert_eq!(page[0].category, "household");
    assert_eq!(page[0].region, "33.73.04.1001");
    assert_eq!(page[0].version, 1);
    assert_eq!(ids(page), ["household-a", "household-b"]);
    let page = store
        .list_streams("household", "33.73", Some("household-b"), 2)
        .await;
    assert_eq!(ids(page.unwrap()), ["household-d"]);
    let page = store
        .list_streams("household", "33.73", Some("household-d"), 2)
        .await;
    assert!(page.unwrap().is_empty());
    let all = store.list_streams("household", "", None, 10).await.unwrap();
    assert_eq!(
        ids(all),
        ["household-a", "household-b", "household-c", "household-d"]
    );
    let kube = store.list_streams("kube", "33", None, 10).await.unwrap();
    assert_eq!(ids(kube), ["kube-x"]);
    assert!(
        store
            .list_streams("household", "35", None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .list_streams("household", "33.73.04.1001%", None, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // The listed region is the region of the last append.
    let moved = AppendBatch::new(
        "household-c",
        "household",
        ExpectedVersion::Exact(1),
        vec![new_event("moved", 0)],
        metadata("caseworker-1", "33.73.06.2001"),
    );
    store.append(moved).await.unwrap();
    let page = store
        .list_streams("household", "33.73", None, 10)
        .await
        .unwrap();
    assert_eq!(
        ids(page),
        ["household-a", "household-b", "household-c", "household-d"]
    );
}

/// A follower reading the log from its last cursor while many writers append sees every
/// event exactly once, in the log's final order.
pub(crate) async fn read_all_follower(store: Store) {
    const WRITERS: usize = 8;
    const PER_WRITER: i64 = 50;
    let total = WRITERS * PER_WRITER as usize;
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let store = store.clone();
            tokio::spawn(async move {
                append_singles(&store, &format!("household-follow-{w}"), PER_WRITER).await;
            })
        })
        .collect();
    let follower = {
        let store = store.clone();
        tokio::spawn(async move {
            let deadline = Instant::now() + VISIBILITY_TIMEOUT * 2;
            let mut cursor = LogCursor::START;
            let mut seen = Vec::new();
            while seen.len() < total {
                assert!(
                    Instant::now() < deadline,
                    "follower saw {} of {total}",
                    seen.len()
                );
                let page = store.read_all(cursor, 37).await.unwrap();
                match page.last() {
                    Some(last) => cursor = last.cursor,
                    None => tokio::time::sleep(Duration::from_millis(2)).await,
                }
                seen.extend(page);
            }
            // Nothing more may show up after everything was seen.
            assert!(store.read_all(cursor, 10).await.unwrap().is_empty());
            seen
        })
    };
    for writer in writers {
        writer.await.unwrap();
    }
    let seen = follower.await.unwrap();
    let unique: HashSet<Uuid> = seen.iter().map(|e| e.event_id).collect();
    assert_eq!(unique.len(), total, "the follower saw an event twice");
    assert_eq!(store.event_count().await.unwrap(), total as i64);
    let full = read_all_until(&store, total).await;
    let seen_ids: Vec<Uuid> = seen.iter().map(|e| e.event_id).collect();
    let full_ids: Vec<Uuid> = full.iter().map(|e| e.event_id).collect();
    assert_eq!(
        seen_ids, full_ids,
        "the follower saw the log in another order"
    );
    assert!(full.windows(2).all(|w| w[0].cursor < w[1].cursor));
    let mut last_version: HashMap<&str, i64> = HashMap::new();
    for event in &full {
        let last = last_version.entry(event.stream_id.as_str()).or_insert(0);
        assert_eq!(event.version, *last + 1, "stream versions out of log order");
        *last = event.version;
    }
}
