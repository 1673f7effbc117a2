//! The partners view's pure update, event by event.

use super::*;

fn envelope(id: Uuid, version: i64, message: &str, payload: Vec<u8>) -> EventEnvelope {
    crate::table::envelope(
        "partnerships",
        format!("partner-{id}"),
        version,
        message,
        payload,
    )
}

fn registered(id: Uuid) -> EventEnvelope {
    let payload = ppb::PartnerRegistered {
        partner_id: id.to_string(),
        kind: ppb::PartnerKind::Ngo as i32,
        legal_name: "LBH Surabaya".into(),
        regions_served: vec!["35.78".into(), "35.15".into()],
        ..Default::default()
    };
    envelope(id, 1, "PartnerRegistered", payload.encode_to_vec())
}

fn next(row: &PartnerRow, event: &EventEnvelope) -> PartnerRow {
    apply(Some(row), event).unwrap().unwrap()
}

#[test]
fn a_registered_partner_is_active_with_its_kind_and_regions() {
    let id = Uuid::now_v7();
    let row = apply(None, &registered(id)).unwrap().unwrap();
    assert_eq!(
        row,
        PartnerRow {
            partner_id: id,
            kind: ppb::PartnerKind::Ngo,
            status: PartnerStatus::Active,
            regions_served: vec!["35.78".into(), "35.15".into()],
            version: 1,
        }
    );
}

#[test]
fn suspension_reinstatement_retirement_and_region_changes_are_tracked_in_order() {
    let id = Uuid::now_v7();
    let row = apply(None, &registered(id)).unwrap().unwrap();

    let contact = envelope(id, 2, "PartnerContactAdded", Vec::new());
    let row = next(&row, &contact);
    assert_eq!((row.status, row.version), (PartnerStatus::Active, 2));

    let moved = ppb::PartnerProfileUpdated {
        legal_name: "LBH Surabaya".into(),
        regions_served: vec!["35.73".into()],
        ..Default::default()
    };
    let row = next(
        &row,
        &envelope(id, 3, "PartnerProfileUpdated", moved.encode_to_vec()),
    );
    assert_eq!(row.regions_served, ["35.73"]);

    let row = next(&row, &envelope(id, 4, "PartnerSuspended", Vec::new()));
    assert_eq!(row.status, PartnerStatus::Suspended);
    let row = next(&row, &envelope(id, 5, "PartnerReinstated", Vec::new()));
    assert_eq!(row.status, PartnerStatus::Active);
    let row = next(&row, &envelope(id, 6, "PartnerRetired", Vec::new()));
    assert_eq!((row.status, row.version), (PartnerStatus::Retired, 6));
    assert_eq!(row.kind, ppb::PartnerKind::Ngo, "the kind never changes");
}

#[test]
fn an_event_applied_before_changes_nothing() {
    let id = Uuid::now_v7();
    let row = apply(None, &registered(id)).unwrap().unwrap();
    let row = next(&row, &envelope(id, 2, "PartnerSuspended", Vec::new()));
    assert_eq!(apply(Some(&row), &registered(id)).unwrap(), None);
    let again = envelope(id, 2, "PartnerSuspended", Vec::new());
    assert_eq!(apply(Some(&row), &again).unwrap(), None);
    assert_eq!(row.status, PartnerStatus::Suspended);
}

#[test]
fn other_aggregates_are_ignored_and_garbage_or_orphans_are_rejected() {
    let mut referral = registered(Uuid::now_v7());
    referral.stream_id = format!("referral-{}", Uuid::now_v7());
    referral.category = "referral".into();
    assert_eq!(apply(None, &referral).unwrap(), None);

    let mut garbage = registered(Uuid::now_v7());
    garbage.payload = vec![0xff, 0xff, 0xff];
    assert!(matches!(
        apply(None, &garbage),
        Err(HandlerError::Reject(_))
    ));
    let orphan = envelope(Uuid::now_v7(), 2, "PartnerSuspended", Vec::new());
    assert!(matches!(apply(None, &orphan), Err(HandlerError::Reject(_))));
    let mut bad_id = registered(Uuid::now_v7());
    bad_id.stream_id = "partner-not-a-uuid".into();
    assert!(matches!(apply(None, &bad_id), Err(HandlerError::Reject(_))));
}

#[test]
fn the_stored_form_reads_back_as_written() {
    let id = Uuid::now_v7();
    let row = PartnerRow {
        partner_id: id,
        kind: ppb::PartnerKind::University,
        status: PartnerStatus::Suspended,
        regions_served: vec!["35.78".into(), "35.15".into()],
        version: 4,
    };
    assert_eq!(PartnerRow::from_columns(id, row.columns(), 4).unwrap(), row);
    let unknown = vec![
        Value::Int(1),
        Value::Text("lapsed".into()),
        Value::Text(String::new()),
    ];
    assert!(PartnerRow::from_columns(id, unknown, 1).is_err());
}
