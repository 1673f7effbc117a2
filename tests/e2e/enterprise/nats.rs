//! The distributed mode's own transport: household events reach the enterprise service
//! over NATS JetStream (the households relay publishes, the enterprise service's durable
//! consumer applies them to its view), with no link between the two databases.

use berdaya_proto::berdaya::enterprise::v1 as pb;

use crate::common::cluster::Deployment;
use crate::common::{Berdaya, free_port, fresh_database};
use crate::enterprise::site::*;

#[tokio::test]
async fn household_events_reach_the_enterprise_service_over_nats() {
    let deployment = Deployment::new();
    let mut settings = deployment.nats_settings();
    settings.push(("BERDAYA_METRICS_ADDR", "127.0.0.1:0".to_owned()));
    let households = Berdaya::serve_households_with(&deployment.database, free_port(), &settings);
    let enterprise =
        Berdaya::serve_service_with("enterprise", &fresh_database(), free_port(), &settings);
    let site = Site {
        households,
        enterprise: Some(enterprise),
    };

    let members = registered(&site, 1..=5).await;
    let host = site.enterprise_host();
    let group = host
        .enterprise(&host.admin_token)
        .await
        .form_group(form_request("nats-form", &members))
        .await
        .expect("form a group of households heard of over NATS")
        .into_inner()
        .group
        .expect("group");
    assert_eq!(group.members.len(), 5);
    assert_eq!(group.stage, pb::Stage::Tumbuh as i32);
}
