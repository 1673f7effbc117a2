//! Capacity events in the reporting projection: under `berdaya up` from `capacity.db`;
//! on the distributed path from capacity as its own `berdaya serve` process, its events
//! relayed to NATS JetStream and projected by the reporting process into the strategy 6
//! and 7 indicators, with no link between the databases.

use std::time::{Duration, Instant};

use berdaya_proto::berdaya::capacity::v1 as pb;
use berdaya_proto::berdaya::reporting::v1 as rpb;

use crate::capacity::site::*;
use crate::common::cluster::TIMEOUT;
use crate::common::{Berdaya, free_port, fresh_database, this_month};

/// The indicator's figures this month in Kota Surabaya, by dimension.
async fn figures(reporting: &Berdaya, indicator: &str) -> Vec<(String, i64)> {
    let mut client = reporting.reporting(&reporting.admin_token).await;
    let asked = client
        .get_indicators(rpb::GetIndicatorsRequest {
            region_prefix: "35.78".into(),
            from_month: this_month(),
            to_month: this_month(),
            indicators: vec![indicator.to_owned()],
        })
        .await;
    asked
        .map(|r| {
            r.into_inner()
                .series
                .into_iter()
                .map(|s| (s.dimension, s.points.iter().map(|p| p.value).sum()))
                .collect()
        })
        .unwrap_or_default()
}

async fn wait_for(reporting: &Berdaya, indicator: &str, expected: &[(&str, i64)]) {
    let expected: Vec<(String, i64)> = expected
        .iter()
        .map(|(d, v)| ((*d).to_owned(), *v))
        .collect();
    let deadline = Instant::now() + TIMEOUT;
    let mut last = Vec::new();
    while Instant::now() < deadline {
        last = figures(reporting, indicator).await;
        if last == expected {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{indicator}: the projection shows {last:?}, not {expected:?}");
}

#[tokio::test]
async fn capacity_events_reach_reporting_over_nats() {
    let site = Site::distributed();
    let deployment = site.deployment.as_ref().expect("a distributed site");
    let mut settings = deployment.nats_settings();
    settings.push(("BERDAYA_METRICS_ADDR", "127.0.0.1:0".to_owned()));
    settings.push(("BERDAYA_DASHBOARD_ADDR", "127.0.0.1:0".to_owned()));
    let reporting =
        Berdaya::serve_service_with("reporting", &fresh_database(), free_port(), &settings);

    let mut admin = site.admin().await;
    person(
        &mut admin,
        "d-1",
        pb::PersonRole::PendampingKube,
        "35.78",
        "Agus",
    )
    .await;
    person(
        &mut admin,
        "d-2",
        pb::PersonRole::PendampingKube,
        "35.78.01",
        "Dewi",
    )
    .await;
    let leader = person(
        &mut admin,
        "d-3",
        pb::PersonRole::CustomaryLeader,
        "35.78",
        "Mbah Karto",
    )
    .await;
    wait_for(
        &reporting,
        "capacity.people",
        &[("CUSTOMARY_LEADER", 1), ("PENDAMPING_KUBE", 2)],
    )
    .await;

    let term = site
        .local_wisdom(&site.host().admin_token)
        .await
        .add_value_term(pb::AddValueTermRequest {
            context: context("d-term"),
            name: "musyawarah mufakat".to_owned(),
            kind: pb::TermKind::Norm as i32,
            ..pb::AddValueTermRequest::default()
        })
        .await
        .expect("add term")
        .into_inner()
        .term
        .expect("term");
    let households = [household(&site, 61).await, household(&site, 62).await];
    let today = today().format("%Y-%m-%d").to_string();
    let request = pb::RecordActivityRequest {
        context: context("d-activity"),
        activity_id: String::new(),
        kind: pb::ActivityKind::AdatDeliberation as i32,
        approach: pb::ActivityApproach::Study as i32,
        title: "Musyawarah adat kampung".to_owned(),
        place: Some(pb::record_activity_request::Place::Community(
            pb::CommunityGroup {
                village_code: VILLAGE.to_owned(),
                name: "Kampung Karang Pilang".to_owned(),
            },
        )),
        held_on: today,
        leader_person_ids: vec![leader],
        household_ids: households.to_vec(),
        other_participants: 3,
        value_ids: vec![term.term_id.clone()],
        notes: String::new(),
    };
    let lw = site.local_wisdom(&site.host().admin_token).await;
    eventually(|| {
        let mut lw = lw.clone();
        let request = request.clone();
        async move { lw.record_activity(request).await }
    })
    .await
    .expect("record an activity once the households are known over NATS");
    wait_for(
        &reporting,
        "capacity.activities",
        &[("ADAT_DELIBERATION", 1)],
    )
    .await;
    wait_for(&reporting, "capacity.households_reached", &[("", 2)]).await;
    wait_for(&reporting, "capacity.leaders_involved", &[("", 1)]).await;
    wait_for(
        &reporting,
        "capacity.activity_values",
        &[(term.term_id.as_str(), 1)],
    )
    .await;
}

/// Under `berdaya up` the projection follows `capacity.db` in the same process.
#[tokio::test]
async fn capacity_events_reach_reporting_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let site = Site::up(dir.path());
    let mut admin = site.admin().await;
    person(
        &mut admin,
        "s-1",
        pb::PersonRole::PendampingPkh,
        "35.78",
        "Nur",
    )
    .await;
    person(&mut admin, "s-2", pb::PersonRole::Tksk, "35.78.01", "Heru").await;
    wait_for(
        &site.households,
        "capacity.people",
        &[("PENDAMPING_PKH", 1), ("TKSK", 1)],
    )
    .await;
}
