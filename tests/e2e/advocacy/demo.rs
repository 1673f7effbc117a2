//! `berdaya up --demo` seeds advocacy cases in every state, once.

use berdaya_proto::berdaya::advocacy::v1 as pb;

use crate::advocacy::site::version;
use crate::common::Berdaya;

fn all() -> pb::ListCasesRequest {
    pb::ListCasesRequest {
        region_prefix: "35".to_owned(),
        include_closed: true,
        ..Default::default()
    }
}

#[tokio::test]
async fn the_demo_seeds_cases_in_every_state_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = Berdaya::up(dir.path(), &["--demo"]);
    let mut client = berdaya.advocacy(&berdaya.admin_token).await;
    let cases = client
        .list_cases(all())
        .await
        .expect("list")
        .into_inner()
        .cases;
    assert_eq!(cases.len(), 6);
    let statuses: std::collections::BTreeSet<i32> = cases.iter().map(|c| c.status).collect();
    assert_eq!(
        statuses.len(),
        4,
        "reported, in action, resolved, closed: {statuses:?}"
    );
    assert!(
        cases.iter().any(|c| c.households == 6),
        "one case of a whole village"
    );
    assert!(
        cases.iter().any(|c| c.urgency == pb::Urgency::Urgent as i32
            && c.deadlines.as_ref().is_some_and(|d| d.overdue)),
        "one overdue urgent case"
    );
    let overdue = client
        .list_cases(pb::ListCasesRequest {
            region_prefix: "35".to_owned(),
            overdue_only: true,
            ..Default::default()
        })
        .await
        .expect("list overdue")
        .into_inner()
        .cases;
    assert!(
        overdue
            .iter()
            .any(|c| c.urgency == pb::Urgency::Urgent as i32),
        "the urgent case never acted on is overdue: {overdue:?}"
    );
    let escalated = cases
        .iter()
        .find(|c| c.level == pb::EscalationLevel::Regency as i32)
        .expect("one escalated case");
    let first = version(&mut client, &escalated.case_id).await;
    drop(client);
    drop(berdaya);

    let berdaya = Berdaya::up(dir.path(), &["--demo"]);
    let mut client = berdaya.advocacy(&berdaya.admin_token).await;
    let again = client
        .list_cases(all())
        .await
        .expect("list")
        .into_inner()
        .cases;
    assert_eq!(again.len(), 6, "seeding again adds nothing");
    assert_eq!(
        version(&mut client, &escalated.case_id).await,
        first,
        "nor changes a case"
    );
}
