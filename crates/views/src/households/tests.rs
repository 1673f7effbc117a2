//! The households view's pure update, event by event.

use super::*;

fn envelope(id: Uuid, version: i64, message: &str, payload: Vec<u8>) -> EventEnvelope {
    crate::table::envelope(
        "households",
        format!("household-{id}"),
        version,
        message,
        payload,
    )
}

fn registered(id: Uuid) -> EventEnvelope {
    let payload = hpb::HouseholdRegistered {
        household_id: id.to_string(),
        village_code: "35.78.01.1001".into(),
        ..Default::default()
    };
    envelope(id, 1, "HouseholdRegistered", payload.encode_to_vec())
}

#[test]
fn registered_moved_and_closed_households_are_tracked_in_order() {
    let id = Uuid::now_v7();
    let row = apply(None, &registered(id)).unwrap().unwrap();
    assert_eq!(
        (row.village_code.as_str(), row.active, row.version),
        ("35.78.01.1001", true, 1)
    );

    let decile = envelope(id, 2, "DecileUpdated", Vec::new());
    let row = apply(Some(&row), &decile).unwrap().unwrap();
    assert_eq!(row.version, 2);

    let moved = hpb::HouseholdMoved {
        from_village_code: "35.78.01.1001".into(),
        to_village_code: "35.78.01.1002".into(),
        ..Default::default()
    };
    let row = apply(
        Some(&row),
        &envelope(id, 3, "HouseholdMoved", moved.encode_to_vec()),
    )
    .unwrap()
    .unwrap();
    assert_eq!(row.village_code, "35.78.01.1002");

    let closed = envelope(id, 4, "HouseholdClosed", Vec::new());
    let row = apply(Some(&row), &closed).unwrap().unwrap();
    assert!(!row.active);
    assert_eq!(row.version, 4);
}

#[test]
fn other_aggregates_are_ignored_and_garbage_is_rejected() {
    let mut savings = registered(Uuid::now_v7());
    savings.stream_id = format!("savings-{}", Uuid::now_v7());
    savings.category = "savings".into();
    assert_eq!(apply(None, &savings).unwrap(), None);

    let mut garbage = registered(Uuid::now_v7());
    garbage.payload = vec![0xff, 0xff, 0xff];
    assert!(matches!(
        apply(None, &garbage),
        Err(HandlerError::Reject(_))
    ));
    let orphan = envelope(Uuid::now_v7(), 1, "HouseholdClosed", Vec::new());
    assert!(matches!(apply(None, &orphan), Err(HandlerError::Reject(_))));
}
