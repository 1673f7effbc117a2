//! The deployment under test and the helpers every scenario uses.

use std::time::Duration;

use berdaya_proto::berdaya::advocacy::v1 as pb;
use berdaya_proto::berdaya::common::v1::CommandContext;
use chrono::NaiveDate;
use tonic::Code;

use crate::common::cluster::Deployment;
use crate::common::fixtures;
use crate::common::{self, Berdaya, free_port, fresh_database};

/// Kelurahan Karang Pilang, Kota Surabaya.
pub(crate) const VILLAGE: &str = "35.78.01.1001";
/// A kelurahan of Kota Surabaya in another district.
pub(crate) const OTHER_VILLAGE: &str = "35.78.02.1001";

pub(crate) type Client = pb::advocacy_service_client::AdvocacyServiceClient<
    tonic::service::interceptor::InterceptedService<tonic::transport::Channel, common::Bearer>,
>;

/// One deployment: on SQLite one process hosts every service; on PostgreSQL the
/// advocacy service runs in a process of its own, joined to households by NATS.
pub(crate) struct Site {
    /// The process hosting the households service.
    pub(crate) households: Berdaya,
    /// The process hosting the advocacy service, when not the same one.
    pub(crate) advocacy: Option<Berdaya>,
    /// The process hosting the partnerships service, when not the households one.
    pub(crate) partnerships: Option<Berdaya>,
    /// The database and NATS server of the distributed deployment.
    pub(crate) deployment: Option<Deployment>,
}

impl Site {
    pub(crate) fn up(dir: &std::path::Path) -> Site {
        Site {
            households: Berdaya::up(dir, &[]),
            advocacy: None,
            partnerships: None,
            deployment: None,
        }
    }

    pub(crate) fn postgres() -> Site {
        Site::postgres_with_metrics(0)
    }

    /// [`Site::postgres`], the advocacy process serving its metrics on `metrics_port`
    /// (0: any) and counting overdue cases every second.
    pub(crate) fn postgres_with_metrics(metrics_port: u16) -> Site {
        let deployment = Deployment::new();
        let households = deployment.serve(free_port(), free_port());
        let advocacy = serve_advocacy(&deployment, metrics_port);
        Site {
            households,
            advocacy: Some(advocacy),
            partnerships: None,
            deployment: Some(deployment),
        }
    }

    /// [`Site::postgres`] with the partnerships service in a process of its own too, on
    /// its own database: its partner events reach the advocacy process over NATS.
    pub(crate) fn postgres_with_partnerships() -> Site {
        let mut site = Site::postgres();
        let deployment = site.deployment.as_ref().expect("a distributed site");
        let mut settings = deployment.nats_settings();
        settings.push(("BERDAYA_METRICS_ADDR", "127.0.0.1:0".to_owned()));
        site.partnerships = Some(Berdaya::serve_service_with(
            "partnerships",
            &fresh_database(),
            free_port(),
            &settings,
        ));
        site
    }

    /// The process hosting the partnerships service.
    pub(crate) fn partnerships_host(&self) -> &Berdaya {
        self.partnerships.as_ref().unwrap_or(&self.households)
    }

    pub(crate) fn host(&self) -> &Berdaya {
        self.advocacy.as_ref().unwrap_or(&self.households)
    }

    /// A token for `subject` with `roles` in `regions`.
    pub(crate) fn token(&self, roles: &[&str], regions: &[&str], subject: &str) -> String {
        self.households.token(roles, regions, subject)
    }

    /// An advocacy client for `subject` with `roles` in East Java.
    pub(crate) async fn client(&self, roles: &[&str], subject: &str) -> Client {
        let token = self.token(roles, &["35"], subject);
        self.host().advocacy(&token).await
    }

    pub(crate) async fn admin(&self) -> Client {
        let host = self.host();
        host.advocacy(&host.admin_token).await
    }

    /// Registers household `n` in `village` and waits (bounded) until the advocacy
    /// service has heard of it; returns its id.
    pub(crate) async fn household(&self, n: u32, village: &str) -> String {
        let id = fixtures::register(&self.households, village, n)
            .await
            .household_id;
        let mut client = self.admin().await;
        for _ in 0..300 {
            let asked = client
                .list_household_cases(pb::ListHouseholdCasesRequest {
                    household_id: id.clone(),
                    page: None,
                })
                .await;
            match asked {
                Ok(_) => return id,
                Err(status) if status.code() == Code::NotFound => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(status) => panic!("household {id}: {status}"),
            }
        }
        panic!("household {id} never reached the advocacy view");
    }
}

/// `berdaya serve --service advocacy` on a fresh PostgreSQL database, on `deployment`'s
/// NATS, its metrics on `metrics_port`.
pub(crate) fn serve_advocacy(deployment: &Deployment, metrics_port: u16) -> Berdaya {
    let mut settings = deployment.nats_settings();
    settings.push(("BERDAYA_METRICS_ADDR", format!("127.0.0.1:{metrics_port}")));
    settings.push((
        "BERDAYA_ADVOCACY__OVERDUE_METRIC_INTERVAL_SECS",
        "1".to_owned(),
    ));
    Berdaya::serve_service_with("advocacy", &fresh_database(), free_port(), &settings)
}

pub(crate) fn context(key: &str) -> Option<CommandContext> {
    fixtures::context(key)
}

pub(crate) fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

pub(crate) fn days_ago(days: i64) -> String {
    (today() - chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// A report of households `ids` about health insurance, `days` days ago, with
/// `pendamping-ani` on the team; region left to the households' shared one.
pub(crate) fn report(key: &str, ids: &[String], days: i64) -> pb::ReportCaseRequest {
    pb::ReportCaseRequest {
        context: context(key),
        household_ids: ids.to_vec(),
        right_code: "health_insurance".to_owned(),
        summary: "PBI-JK dinonaktifkan untuk keluarga miskin".to_owned(),
        responsible: Some(pb::ResponsibleParty {
            kind: pb::PartyKind::Agency as i32,
            name: "BPJS Kesehatan Cabang Surabaya".to_owned(),
        }),
        channel: pb::IntakeChannel::Facilitator as i32,
        urgency: pb::Urgency::Urgent as i32,
        reported_on: days_ago(days),
        caseworker_ids: vec!["pendamping-ani".to_owned()],
        reporter_name: "Siti Aminah".to_owned(),
        reporter_phone: "081234567890".to_owned(),
        description: "Kartu KIS dinonaktifkan tanpa pemberitahuan".to_owned(),
        ..pb::ReportCaseRequest::default()
    }
}

pub(crate) fn assess(key: &str, case_id: &str, days: i64) -> pb::AssessCaseRequest {
    pb::AssessCaseRequest {
        context: context(key),
        case_id: case_id.to_owned(),
        assessed_on: days_ago(days),
        facts: "Kepesertaan dinonaktifkan dalam pemutakhiran DTSEN".to_owned(),
        evidence: vec![pb::Evidence {
            evidence_id: String::new(),
            description: "surat penolakan rumah sakit".to_owned(),
            reference: "ADV/2026/001".to_owned(),
            sha256: "ab".repeat(32),
            collected_on: days_ago(days),
        }],
        risk: pb::RiskLevel::High as i32,
    }
}

pub(crate) fn plan(key: &str, case_id: &str, days: i64) -> pb::AdoptActionPlanRequest {
    pb::AdoptActionPlanRequest {
        context: context(key),
        case_id: case_id.to_owned(),
        adopted_on: days_ago(days),
        objective: "Kepesertaan PBI-JK diaktifkan kembali".to_owned(),
        steps: vec![pb::PlannedStep {
            kind: pb::ActionKind::Hearing as i32,
            description: "Audiensi dengan Dinas Sosial".to_owned(),
            due_on: String::new(),
        }],
    }
}

pub(crate) fn act(
    key: &str,
    case_id: &str,
    households: &[String],
    days: i64,
) -> pb::TakeActionRequest {
    pb::TakeActionRequest {
        context: context(key),
        case_id: case_id.to_owned(),
        kind: pb::ActionKind::Hearing as i32,
        taken_on: days_ago(days),
        description: "Audiensi dengan Dinas Sosial Kota Surabaya".to_owned(),
        household_ids: households.to_vec(),
        institutions: vec!["Dinas Sosial Kota Surabaya".to_owned()],
        outcome: "Dinas berjanji mengusulkan reaktivasi".to_owned(),
        ..pb::TakeActionRequest::default()
    }
}

/// Reports a case of `ids` and returns it.
pub(crate) async fn reported(client: &mut Client, key: &str, ids: &[String]) -> pb::AdvocacyCase {
    client
        .report_case(report(key, ids, 10))
        .await
        .expect("report a case")
        .into_inner()
        .case
        .expect("case")
}

/// The case as `client` sees it now.
pub(crate) async fn get(client: &mut Client, case_id: &str) -> pb::AdvocacyCase {
    client
        .get_case(pb::GetCaseRequest {
            case_id: case_id.to_owned(),
        })
        .await
        .expect("get case")
        .into_inner()
}

/// The case's version now.
pub(crate) async fn version(client: &mut Client, case_id: &str) -> i64 {
    get(client, case_id).await.version
}

/// A scenario as two tests, one on each store: `berdaya up` on SQLite, and `berdaya
/// serve` on PostgreSQL with the advocacy service in a process of its own.
macro_rules! on_both_stores {
    ($scenario:ident, $sqlite:ident, $postgres:ident) => {
        #[tokio::test]
        async fn $sqlite() {
            let dir = tempfile::tempdir().expect("tempdir");
            $scenario($crate::advocacy::site::Site::up(dir.path())).await;
        }

        #[tokio::test]
        async fn $postgres() {
            $scenario($crate::advocacy::site::Site::postgres()).await;
        }
    };
}
pub(crate) use on_both_stores;
