//! The distributed path: households, advocacy and reporting each in a `berdaya serve`
//! process of their own, each on its own PostgreSQL database, joined only by NATS
//! JetStream. Household events reach the advocacy view over NATS; case events reach the
//! reporting projection over NATS, into the strategy-5 indicators.

use std::time::{Duration, Instant};

use berdaya_proto::berdaya::advocacy::v1 as pb;
use berdaya_proto::berdaya::reporting::v1 as rpb;

use crate::advocacy::site::*;
use crate::common::cluster::{TIMEOUT, wait_metric};
use crate::common::{Berdaya, figure, free_port, fresh_database, month_days_ago, this_month};

/// The indicator's figure in Surabaya over the last month or two, where the case's
/// dates (up to ten days back) put its facts (None while reporting does not answer).
async fn indicator(reporting: &Berdaya, id: &str) -> Option<i64> {
    let mut client = reporting.reporting(&reporting.admin_token).await;
    let asked = client
        .get_indicators(rpb::GetIndicatorsRequest {
            region_prefix: "35.78".into(),
            from_month: month_days_ago(31),
            to_month: this_month(),
            indicators: vec![id.to_owned()],
        })
        .await
        .ok()?;
    Some(figure(&asked.into_inner().series))
}

async fn wait_indicator(reporting: &Berdaya, id: &str, expected: i64) {
    let deadline = Instant::now() + TIMEOUT;
    let mut last = None;
    while Instant::now() < deadline {
        last = indicator(reporting, id).await;
        if last == Some(expected) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{id} shows {last:?}, expected {expected}");
}

#[tokio::test]
async fn case_events_reach_the_reporting_process_over_nats() {
    let metrics_port = free_port();
    let site = Site::postgres_with_metrics(metrics_port);
    let deployment = site.deployment.as_ref().expect("a distributed site");
    let mut settings = deployment.nats_settings();
    settings.push(("BERDAYA_METRICS_ADDR", "127.0.0.1:0".to_owned()));
    settings.push(("BERDAYA_DASHBOARD_ADDR", "127.0.0.1:0".to_owned()));
    let reporting =
        Berdaya::serve_service_with("reporting", &fresh_database(), free_port(), &settings);

    let h1 = site.household(31, VILLAGE).await;
    let h2 = site.household(32, OTHER_VILLAGE).await;
    let mut ani = site.client(&["caseworker"], "pendamping-ani").await;
    let case = reported(&mut ani, "nats-report", &[h1.clone(), h2.clone()]).await;
    assert_eq!(
        case.region_code, "35.78",
        "the region the two villages share"
    );
    let id = case.case_id;
    ani.assess_case(assess("nats-assess", &id, 9))
        .await
        .expect("assess");
    ani.adopt_action_plan(plan("nats-plan", &id, 8))
        .await
        .expect("plan");
    ani.take_action(act("nats-act", &id, std::slice::from_ref(&h1), 7))
        .await
        .expect("act");
    ani.resolve_case(pb::ResolveCaseRequest {
        context: context("nats-resolve"),
        case_id: id.clone(),
        resolved_on: days_ago(3),
        remedy: "PBI-JK aktif kembali".to_owned(),
        restored: vec![
            pb::RestoredAccess {
                household_id: h1,
                regained_on: days_ago(3),
            },
            pb::RestoredAccess {
                household_id: h2,
                regained_on: days_ago(3),
            },
        ],
    })
    .await
    .expect("resolve");

    // An urgent case left without action for ten days: overdue since its fourth day.
    let h3 = site.household(33, VILLAGE).await;
    reported(&mut ani, "nats-report-overdue", &[h3]).await;

    wait_indicator(&reporting, "advocacy.cases_opened", 2).await;
    wait_indicator(&reporting, "advocacy.cases_resolved", 1).await;
    wait_indicator(&reporting, "advocacy.households_restored", 2).await;
    wait_indicator(&reporting, "advocacy.actions", 1).await;
    wait_indicator(&reporting, "advocacy.open_cases", 1).await;
    wait_indicator(&reporting, "advocacy.days_to_resolution", 1).await;
    wait_indicator(&reporting, "advocacy.overdue_cases", 1).await;
    // The same case in the advocacy process's metric.
    wait_metric(
        metrics_port,
        "berdaya_advocacy_overdue_cases{urgency=\"urgent\"}",
        1.0,
    )
    .await;
}
