//! Secondary indexes of streams: entries are written with the events, replaced as a whole
//! by a later batch that carries entries, kept by one that does not, and found by key
//! range in bytewise order.

use berdaya_eventstore::{AppendBatch, ExpectedVersion, IndexEntry, IndexHit};

use super::{Store, batch, conflict_actual};

fn entries(pairs: &[(&str, &str)]) -> Option<Vec<IndexEntry>> {
    Some(
        pairs
            .iter()
            .map(|(index, key)| IndexEntry {
                index: (*index).into(),
                key: (*key).into(),
            })
            .collect(),
    )
}

fn indexed(stream: &str, expected: ExpectedVersion, pairs: Option<&[(&str, &str)]>) -> AppendBatch {
    AppendBatch {
        index_entries: pairs.and_then(entries),
        ..batch(stream, expected, 1)
    }
}

fn hit(key: &str, stream: &str) -> IndexHit {
    IndexHit {
        key: key.into(),
        stream_id: stream.into(),
    }
}

async fn find(store: &Store, index: &str, from: &str, to: &str) -> Vec<IndexHit> {
    store
        .find_streams(index, from, to, None, 100)
        .await
        .unwrap()
}

/// Entries are found by range and index, paged by (key, stream), replaced or kept by
/// later appends, and untouched by a refused append.
pub(crate) async fn stream_index(store: Store) {
    let (a, b) = ("activity-ia", "activity-ib");
    store
        .append(indexed(
            a,
            ExpectedVersion::NoStream,
            Some(&[("region", "35.78/2026-03-05"), ("region", "35/2026-03-05")]),
        ))
        .await
        .unwrap();
    store
        .append(indexed(
            b,
            ExpectedVersion::NoStream,
            Some(&[
                ("region", "35.78/2026-03-20"),
                ("region", "35.78.01/2026-03-10"),
                ("household", "h1/2026-03-20"),
            ]),
        ))
        .await
        .unwrap();

    // A prefix's range never reaches the keys of a longer prefix (bytewise: '.' < '/').
    assert_eq!(
        find(&store, "region", "35.78/2026-03-01", "35.78/2026-03-31").await,
        vec![hit("35.78/2026-03-05", a), hit("35.78/2026-03-20", b)]
    );
    assert_eq!(
        find(&store, "region", "35.78/2026-03-06", "35.78/2026-03-20").await,
        vec![hit("35.78/2026-03-20", b)]
    );
    assert_eq!(
        find(&store, "household", "h1/", "h1/9999").await,
        vec![hit("h1/2026-03-20", b)]
    );
    assert!(find(&store, "nothing", "", "~").await.is_empty());

    // Paging resumes after the last hit.
    let first = store
        .find_streams("region", "", "~", None, 2)
        .await
        .unwrap();
    assert_eq!(
        first,
        vec![hit("35.78.01/2026-03-10", b), hit("35.78/2026-03-05", a)]
    );
    let rest = store
        .find_streams("region", "", "~", first.last(), 10)
        .await
        .unwrap();
    assert_eq!(
        rest,
        vec![hit("35.78/2026-03-20", b), hit("35/2026-03-05", a)]
    );

    // Entries replace all of a stream's entries; a batch without entries keeps them.
    store
        .append(indexed(
            a,
            ExpectedVersion::Exact(1),
            Some(&[("region", "35.78/2026-04-01")]),
        ))
        .await
        .unwrap();
    store
        .append(indexed(b, ExpectedVersion::Exact(1), None))
        .await
        .unwrap();
    assert_eq!(
        find(&store, "region", "35.78/", "35.78/~").await,
        vec![hit("35.78/2026-03-20", b), hit("35.78/2026-04-01", a)]
    );
    assert!(find(&store, "region", "35/", "35/~").await.is_empty());

    // A refused append changes no entry.
    let refused = indexed(
        a,
        ExpectedVersion::Exact(1),
        Some(&[("region", "35.78/2030-01-01")]),
    );
    assert_eq!(conflict_actual(store.append(refused).await), 2);
    assert_eq!(
        find(&store, "region", "35.78/2026-04-01", "35.78/~").await,
        vec![hit("35.78/2026-04-01", a)]
    );

    // An empty list removes the stream from every index.
    store
        .append(indexed(b, ExpectedVersion::Exact(2), Some(&[])))
        .await
        .unwrap();
    assert!(find(&store, "household", "", "~").await.is_empty());
}
