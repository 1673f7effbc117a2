//! The deployment under test and the helpers every scenario uses.

use std::time::Duration;

use berdaya_proto::berdaya::capacity::v1 as pb;
use berdaya_proto::berdaya::capacity::v1::capacity_service_client::CapacityServiceClient;
use berdaya_proto::berdaya::capacity::v1::local_wisdom_service_client::LocalWisdomServiceClient;
use chrono::NaiveDate;
use tonic::Code;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

use crate::common::cluster::Deployment;
pub(crate) use crate::common::fixtures::{bad_fields, context, rule_fields};
use crate::common::{self, Bearer, Berdaya, free_port, fresh_database};

/// Kelurahan Karang Pilang, Kota Surabaya.
pub(crate) const VILLAGE: &str = "35.78.01.1001";

pub(crate) type Capacity = CapacityServiceClient<InterceptedService<Channel, Bearer>>;
pub(crate) type LocalWisdom = LocalWisdomServiceClient<InterceptedService<Channel, Bearer>>;

/// One deployment: on SQLite one process; on PostgreSQL the households and capacity
/// services in processes of their own, sharing a NATS server.
pub(crate) struct Site {
    /// The process hosting the households service.
    pub(crate) households: Berdaya,
    /// The process hosting the capacity service, when not the same one.
    pub(crate) capacity: Option<Berdaya>,
    /// The distributed deployment's database and NATS server.
    pub(crate) deployment: Option<Deployment>,
}

impl Site {
    pub(crate) fn up(dir: &std::path::Path) -> Site {
        Site {
            households: Berdaya::up(dir, &[]),
            capacity: None,
            deployment: None,
        }
    }

    /// Households and capacity as `berdaya serve` processes on PostgreSQL over NATS.
    pub(crate) fn distributed() -> Site {
        let deployment = Deployment::new();
        let mut settings = deployment.nats_settings();
        settings.push(("BERDAYA_METRICS_ADDR", "127.0.0.1:0".to_owned()));
        let households =
            Berdaya::serve_households_with(&deployment.database, free_port(), &settings);
        let capacity =
            Berdaya::serve_service_with("capacity", &fresh_database(), free_port(), &settings);
        Site {
            households,
            capacity: Some(capacity),
            deployment: Some(deployment),
        }
    }

    pub(crate) fn host(&self) -> &Berdaya {
        self.capacity.as_ref().unwrap_or(&self.households)
    }

    /// A token for `roles` in the province of Jawa Timur.
    pub(crate) fn token(&self, roles: &[&str], subject: &str) -> String {
        self.households.token(roles, &["35"], subject)
    }

    pub(crate) async fn capacity(&self, token: &str) -> Capacity {
        self.host().capacity(token).await
    }

    pub(crate) async fn local_wisdom(&self, token: &str) -> LocalWisdom {
        self.host().local_wisdom(token).await
    }

    pub(crate) async fn admin(&self) -> Capacity {
        self.capacity(&self.host().admin_token).await
    }
}

pub(crate) fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

pub(crate) fn days_ago(days: i64) -> String {
    (today() - chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// Registers a person; returns their id.
pub(crate) async fn person(
    client: &mut Capacity,
    key: &str,
    role: pb::PersonRole,
    region: &str,
    name: &str,
) -> String {
    client
        .register_person(pb::RegisterPersonRequest {
            context: context(key),
            role: role as i32,
            region_code: region.to_owned(),
            registered_on: days_ago(400),
            full_name: name.to_owned(),
            ..pb::RegisterPersonRequest::default()
        })
        .await
        .expect("register person")
        .into_inner()
        .person
        .expect("person")
        .person_id
}

/// The training programme of the tests: three modules, 80 % attendance, pass mark 70,
/// a certificate valid 36 months.
pub(crate) fn programme_request(key: &str) -> pb::DefineProgrammeRequest {
    let module = |code: &str| pb::Module {
        code: code.to_owned(),
        title: format!("Modul {code}"),
        hours: 8,
    };
    pb::DefineProgrammeRequest {
        context: context(key),
        programme_id: String::new(),
        title: "Diklat Pendamping KUBE".to_owned(),
        description: String::new(),
        method: pb::ProgrammeMethod::Training as i32,
        target_roles: vec![pb::PersonRole::PendampingKube as i32],
        modules: vec![
            module("M1"),
            module("M2"),
            module("M3"),
            module("M4"),
            module("M5"),
        ],
        required_attendance_percent: 80,
        pass_mark: Some(70),
        certificate: Some(pb::CertificateSpec {
            name: "Sertifikat Pendamping KUBE".to_owned(),
            validity_months: 36,
        }),
    }
}

/// Retries `call` while it answers NOT_FOUND (a view that trails another context's log
/// by moments), for at most 30 s.
pub(crate) async fn eventually<T, F, Fut>(mut call: F) -> Result<T, tonic::Status>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, tonic::Status>>,
{
    for _ in 0..300 {
        match call().await {
            Err(status) if status.code() == Code::NotFound => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            other => return other,
        }
    }
    call().await
}

/// Registers a household through the households service; returns its id.
pub(crate) async fn household(site: &Site, n: u32) -> String {
    common::fixtures::register(&site.households, VILLAGE, n)
        .await
        .household_id
}
