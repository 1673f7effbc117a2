//! The deployment under test and the helpers every scenario uses: registering
//! households through the households service and waiting (bounded) until the
//! enterprise service has heard of them.

use std::time::Duration;

use berdaya_proto::berdaya::common::v1::CommandContext;
use berdaya_proto::berdaya::enterprise::v1 as pb;
use berdaya_proto::berdaya::households::v1 as hpb;
use chrono::{Datelike, NaiveDate};
use tonic::{Code, Status};
use tonic_types::StatusExt;

use crate::common::{self, Berdaya};

/// The village of every test household: Kelurahan Karang Pilang, Kota Surabaya.
pub(crate) const VILLAGE: &str = "35.78.01.1001";

/// One deployment: on SQLite one process hosts both services; on PostgreSQL the
/// enterprise service runs in a process of its own.
pub(crate) struct Site {
    /// The process hosting the households service.
    pub(crate) households: Berdaya,
    /// The process hosting the enterprise service, when not the same one.
    pub(crate) enterprise: Option<Berdaya>,
}

impl Site {
    pub(crate) fn up(dir: &std::path::Path) -> Site {
        Site {
            households: Berdaya::up(dir, &[]),
            enterprise: None,
        }
    }

    pub(crate) fn postgres() -> Site {
        let households_url = common::fresh_database();
        let enterprise_url = common::fresh_database();
        Site {
            households: Berdaya::serve_households(&households_url),
            enterprise: Some(Berdaya::serve_enterprise(&enterprise_url, &households_url)),
        }
    }

    pub(crate) fn enterprise_host(&self) -> &Berdaya {
        self.enterprise.as_ref().unwrap_or(&self.households)
    }

    pub(crate) fn token(&self, roles: &[&str], subject: &str) -> String {
        self.households.token(roles, &["35"], subject)
    }
}

pub(crate) fn context(key: &str) -> Option<CommandContext> {
    Some(CommandContext {
        idempotency_key: key.to_owned(),
        ..CommandContext::default()
    })
}

pub(crate) fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

pub(crate) fn days_ago(days: i64) -> String {
    (today() - chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

pub(crate) fn last_month() -> String {
    let first = today().with_day(1).expect("first of month");
    (first - chrono::Duration::days(1))
        .format("%Y-%m")
        .to_string()
}

/// The field a refusal names, from its BadRequest or PreconditionFailure details.
pub(crate) fn field(status: &Status) -> String {
    let details = status.get_error_details();
    if let Some(bad) = details.bad_request() {
        return bad.field_violations[0].field.clone();
    }
    if let Some(failure) = details.precondition_failure() {
        return failure.violations[0].subject.clone();
    }
    String::new()
}

/// Registers household `n` (a head only) in `village`; returns its id.
pub(crate) async fn register(site: &Site, n: u32, village: &str) -> String {
    let mut client = site
        .households
        .households(&site.households.admin_token)
        .await;
    let request = hpb::RegisterHouseholdRequest {
        context: context(&format!("register-{n}")),
        village_code: village.to_owned(),
        kk_number: format!("357801010123{:04}", n + 1),
        kk_valid_from: "2023-01-01".to_owned(),
        address: format!("Jl. Mawar {n}"),
        phone: String::new(),
        decile: 2,
        ranking_round: "2026-Q1".to_owned(),
        members: vec![hpb::NewMember {
            nik: format!("3578010101800{:03}", n),
            full_name: format!("Kepala {n}"),
            sex: hpb::Sex::Male as i32,
            birth_date: "1980-01-01".to_owned(),
            relationship: hpb::Relationship::Head as i32,
            phone: String::new(),
        }],
        household_id: String::new(),
    };
    client
        .register_household(request)
        .await
        .expect("register household")
        .into_inner()
        .household
        .expect("household")
        .household_id
}

/// Waits (bounded) until the enterprise service has heard of every household.
pub(crate) async fn wait_until_known(site: &Site, households: &[String]) {
    let host = site.enterprise_host();
    let mut client = host.enterprise(&host.admin_token).await;
    for id in households {
        let mut tries = 0;
        loop {
            let asked = client
                .get_household_standing(pb::GetHouseholdStandingRequest {
                    household_id: id.clone(),
                })
                .await;
            match asked {
                Ok(_) => break,
                Err(status) if status.code() == Code::NotFound && tries < 150 => {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(status) => panic!("household {id} never reached the enterprise view: {status}"),
            }
        }
    }
}

pub(crate) async fn registered(site: &Site, range: std::ops::RangeInclusive<u32>) -> Vec<String> {
    let mut ids = Vec::new();
    for n in range {
        ids.push(register(site, n, VILLAGE).await);
    }
    wait_until_known(site, &ids).await;
    ids
}

pub(crate) fn form_request(key: &str, members: &[String]) -> pb::FormGroupRequest {
    pb::FormGroupRequest {
        context: context(key),
        group_id: String::new(),
        name: "KUBE Mawar Lestari".to_owned(),
        village_code: VILLAGE.to_owned(),
        business_type: pb::BusinessType::Uep as i32,
        sector: "ternak kambing".to_owned(),
        formed_on: days_ago(60),
        member_household_ids: members.to_vec(),
        facilitator_id: String::new(),
    }
}

pub(crate) type Client = pb::enterprise_service_client::EnterpriseServiceClient<
    tonic::service::interceptor::InterceptedService<tonic::transport::Channel, common::Bearer>,
>;

pub(crate) async fn version(client: &mut Client, group_id: &str) -> i64 {
    client
        .get_group(pb::GetGroupRequest {
            group_id: group_id.to_owned(),
        })
        .await
        .expect("get group")
        .into_inner()
        .version
}

/// Polls the group index (it trails the log by moments) until `check` holds.
pub(crate) async fn list_until(
    client: &mut Client,
    request: pb::ListGroupsRequest,
    check: impl Fn(&[pb::GroupSummary]) -> bool,
) -> Vec<pb::GroupSummary> {
    for _ in 0..150 {
        let groups = client
            .list_groups(request.clone())
            .await
            .expect("list groups")
            .into_inner()
            .groups;
        if check(&groups) {
            return groups;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the group index never showed what {request:?} expected");
}
