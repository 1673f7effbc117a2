//! `berdaya up --demo`, strategy 5: advocacy cases about the demo province's households
//! (see the households demo), seeded through the real advocacy API.
//!
//! Six cases, one in each state a case reaches: a whole village of Kota Surabaya denied
//! clean water (six households, in action after a hearing and a public dialogue); an
//! urgent health-insurance case never acted on, so overdue on its first action; an
//! identity-document case resolved after accompanying the family to Dukcapil; a labour
//! case closed unresolved; a social-assistance exclusion escalated to the regency, with
//! a confidential note; and a school case just reported. Dates, ids and idempotency
//! keys are fixed, so seeding twice records nothing new.

use std::time::Duration;

use berdaya_platform::Role;
use berdaya_platform::demo::{as_admin as admin, as_subject, context};
use berdaya_proto::berdaya::advocacy::v1 as pb;
use berdaya_proto::berdaya::advocacy::v1::advocacy_service_server::AdvocacyService;
use tonic::Request;
use uuid::Uuid;

use crate::AdvocacyApi;

/// How long seeding waits for the advocacy service to hear of the demo households.
const VIEW_WAIT: Duration = Duration::from_secs(30);
/// The supervisor who writes the demo's confidential note.
const SUPERVISOR: &str = "supervisor-demo";

/// The id the households demo gives its household number `n` (from 1; six per village).
fn household(n: u128) -> String {
    Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0000 | n).to_string()
}

fn case_id(n: u128) -> String {
    Uuid::from_u128(0x0000_0000_0000_7000_a000_0000_0000_0000 | n).to_string()
}

fn note_id(n: u128) -> String {
    Uuid::from_u128(0x0000_0000_0000_7000_a100_0000_0000_0000 | n).to_string()
}

/// A SHA-256 standing for a scanned document (the demo keeps no files).
fn document(n: u8) -> String {
    format!("{n:02x}").repeat(32)
}

/// Waits until the advocacy service has heard of household `id`.
async fn known(api: &AdvocacyApi, id: &str) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + VIEW_WAIT;
    loop {
        let asked = api
            .list_household_cases(admin(pb::ListHouseholdCasesRequest {
                household_id: id.to_owned(),
                page: None,
            }))
            .await;
        match asked {
            Ok(_) => return Ok(()),
            Err(status)
                if status.code() == tonic::Code::NotFound
                    && tokio::time::Instant::now() < deadline =>
            {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(status) => anyhow::bail!("demo household {id} is unknown to advocacy: {status}"),
        }
    }
}

/// One demo case being worked, its requests keyed by case and step.
struct Case<'a> {
    api: &'a AdvocacyApi,
    n: u128,
}

impl Case<'_> {
    fn id(&self) -> String {
        case_id(self.n)
    }

    fn key(&self, step: &str) -> Option<berdaya_proto::berdaya::common::v1::CommandContext> {
        context(format!("demo-advocacy-{}-{step}", self.n))
    }

    #[allow(clippy::too_many_arguments)]
    async fn report(
        &self,
        households: &[String],
        right: &str,
        summary: &str,
        responsible: (pb::PartyKind, &str),
        channel: pb::IntakeChannel,
        urgency: pb::Urgency,
        on: &str,
        description: &str,
    ) -> anyhow::Result<()> {
        for h in households {
            known(self.api, h).await?;
        }
        self.api
            .report_case(admin(pb::ReportCaseRequest {
                context: self.key("report"),
                case_id: self.id(),
                household_ids: households.to_vec(),
                right_code: right.to_owned(),
                summary: summary.to_owned(),
                responsible: Some(pb::ResponsibleParty {
                    kind: responsible.0 as i32,
                    name: responsible.1.to_owned(),
                }),
                channel: channel as i32,
                urgency: urgency as i32,
                reported_on: on.to_owned(),
                caseworker_ids: vec!["pendamping-demo".to_owned()],
                reporter_name: "Warga pelapor".to_owned(),
                description: description.to_owned(),
                ..pb::ReportCaseRequest::default()
            }))
            .await?;
        Ok(())
    }

    async fn assess(&self, on: &str, facts: &str, document_no: u8) -> anyhow::Result<()> {
        self.api
            .assess_case(admin(pb::AssessCaseRequest {
                context: self.key("assess"),
                case_id: self.id(),
                assessed_on: on.to_owned(),
                facts: facts.to_owned(),
                evidence: vec![pb::Evidence {
                    evidence_id: String::new(),
                    description: "berita acara pengaduan".to_owned(),
                    reference: format!("ADV/DEMO/{}/{document_no}", self.n),
                    sha256: document(document_no),
                    collected_on: on.to_owned(),
                }],
                risk: pb::RiskLevel::Medium as i32,
            }))
            .await?;
        Ok(())
    }

    async fn plan(&self, on: &str, objective: &str, kind: pb::ActionKind) -> anyhow::Result<()> {
        self.api
            .adopt_action_plan(admin(pb::AdoptActionPlanRequest {
                context: self.key("plan"),
                case_id: self.id(),
                adopted_on: on.to_owned(),
                objective: objective.to_owned(),
                steps: vec![pb::PlannedStep {
                    kind: kind as i32,
                    description: objective.to_owned(),
                    due_on: String::new(),
                }],
            }))
            .await?;
        Ok(())
    }

    async fn act(
        &self,
        step: &str,
        kind: pb::ActionKind,
        on: &str,
        households: &[String],
        description: &str,
        outcome: &str,
    ) -> anyhow::Result<()> {
        self.api
            .take_action(admin(pb::TakeActionRequest {
                context: self.key(step),
                case_id: self.id(),
                kind: kind as i32,
                taken_on: on.to_owned(),
                description: description.to_owned(),
                household_ids: households.to_vec(),
                outcome: outcome.to_owned(),
                ..pb::TakeActionRequest::default()
            }))
            .await?;
        Ok(())
    }
}

/// Seeds the demo cases; returns how many there are.
///
/// # Errors
/// When a call fails for any reason other than having been made before.
pub(crate) async fn seed(api: &AdvocacyApi) -> anyhow::Result<usize> {
    use pb::{ActionKind as A, IntakeChannel as C, PartyKind as P, Urgency as U};

    // A whole kelurahan of Kota Surabaya (the demo's second village) without clean water.
    let water = Case { api, n: 1 };
    let village: Vec<String> = (7..=12).map(household).collect();
    water
        .report(
            &village,
            "water_sanitation",
            "Sambungan air bersih satu RW diputus sejak Juni",
            (P::Company, "PDAM Surya Sembada Kota Surabaya"),
            C::CommunityMeeting,
            U::High,
            "2026-10-05",
            "Warga RW 03 tidak mendapat air PDAM sejak pemutusan massal",
        )
        .await?;
    water
        .assess(
            "2026-10-07",
            "Pemutusan tanpa pemberitahuan; warga mengandalkan sumur tercemar",
            1,
        )
        .await?;
    water
        .plan(
            "2026-10-08",
            "Sambungan air dipulihkan untuk seluruh RW",
            A::Hearing,
        )
        .await?;
    water
        .act(
            "hearing",
            A::Hearing,
            "2026-10-14",
            &village[..3],
            "Audiensi dengan Komisi C DPRD Kota Surabaya",
            "DPRD meminta PDAM meninjau pemutusan",
        )
        .await?;
    water
        .act(
            "dialogue",
            A::PublicDialogue,
            "2026-10-28",
            &village,
            "Dialog publik warga dengan PDAM di balai RW",
            "PDAM berjanji memasang kembali sambungan bertahap",
        )
        .await?;

    // Urgent and never acted on: overdue on its first action.
    let health = Case { api, n: 2 };
    health
        .report(
            &[household(1)],
            "health_insurance",
            "Kartu KIS dinonaktifkan saat anggota keluarga dirawat",
            (P::Agency, "BPJS Kesehatan Cabang Surabaya"),
            C::Hotline,
            U::Urgent,
            "2026-11-02",
            "Kepala keluarga ditolak rawat inap karena PBI-JK nonaktif",
        )
        .await?;

    // Resolved: the family got its birth certificates after accompaniment to Dukcapil.
    let identity = Case { api, n: 3 };
    let family = [household(25)];
    identity
        .report(
            &family,
            "identity_documents",
            "Tiga anak belum memiliki akta kelahiran",
            (P::Agency, "Dukcapil Kabupaten Malang"),
            C::Facilitator,
            U::Normal,
            "2026-06-02",
            "Permohonan akta ditolak karena KK lama",
        )
        .await?;
    identity
        .assess("2026-06-04", "KK belum diperbarui setelah pindah desa", 2)
        .await?;
    identity
        .plan(
            "2026-06-05",
            "Akta kelahiran terbit untuk ketiga anak",
            A::Accompaniment,
        )
        .await?;
    identity
        .act(
            "accompaniment",
            A::Accompaniment,
            "2026-06-10",
            &family,
            "Pendampingan ke Dukcapil untuk perbaikan KK dan akta",
            "Berkas diterima lengkap",
        )
        .await?;
    api.resolve_case(admin(pb::ResolveCaseRequest {
        context: identity.key("resolve"),
        case_id: identity.id(),
        resolved_on: "2026-06-24".to_owned(),
        remedy: "Akta kelahiran ketiga anak terbit".to_owned(),
        restored: vec![pb::RestoredAccess {
            household_id: family[0].clone(),
            regained_on: "2026-06-24".to_owned(),
        }],
    }))
    .await?;

    // Closed unresolved: the worker withdrew the complaint.
    let labour = Case { api, n: 4 };
    labour
        .report(
            &[household(31)],
            "labour",
            "Upah buruh tani tidak dibayar dua bulan",
            (P::Company, "Perkebunan demo"),
            C::WalkIn,
            U::Normal,
            "2026-07-01",
            "Upah Mei dan Juni belum dibayar",
        )
        .await?;
    labour
        .assess("2026-07-03", "Tidak ada kontrak tertulis", 3)
        .await?;
    api.close_case_unresolved(admin(pb::CloseCaseUnresolvedRequest {
        context: labour.key("close"),
        case_id: labour.id(),
        closed_on: "2026-08-15".to_owned(),
        reason: "pelapor mencabut pengaduan".to_owned(),
    }))
    .await?;

    // Escalated to the regency's Dinas Sosial, with a confidential note.
    let assistance = Case { api, n: 5 };
    let excluded = [household(55)];
    assistance
        .report(
            &excluded,
            "social_assistance",
            "Keluarga desil 1 dikeluarkan dari PKH",
            (P::Agency, "Pemerintah Desa demo"),
            C::Facilitator,
            U::High,
            "2026-09-01",
            "Nama keluarga hilang dari daftar penerima PKH tahap 3",
        )
        .await?;
    assistance
        .assess("2026-09-03", "Musdes mencoret tanpa verifikasi lapangan", 4)
        .await?;
    assistance
        .plan(
            "2026-09-04",
            "Keluarga dikembalikan ke DTSEN dan PKH",
            A::FormalComplaint,
        )
        .await?;
    assistance
        .act(
            "complaint",
            A::FormalComplaint,
            "2026-09-08",
            &excluded,
            "Surat pengaduan resmi ke kepala desa",
            "Tidak ada tanggapan",
        )
        .await?;
    api.escalate_case(admin(pb::EscalateCaseRequest {
        context: assistance.key("escalate"),
        case_id: assistance.id(),
        to: pb::EscalationLevel::Regency as i32,
        reason: "desa tidak menanggapi pengaduan dalam 30 hari".to_owned(),
        escalated_on: "2026-10-09".to_owned(),
    }))
    .await?;
    api.add_note(supervisor(pb::AddNoteRequest {
        context: assistance.key("note"),
        case_id: assistance.id(),
        note_id: note_id(5),
        confidential: true,
        text: "Pelapor mengaku ditekan perangkat desa agar mencabut pengaduan".to_owned(),
    }))
    .await?;

    // Just reported.
    let school = Case { api, n: 6 };
    school
        .report(
            &[household(61)],
            "education",
            "Anak tidak menerima PIP meski terdaftar",
            (P::Agency, "SMP Negeri demo"),
            C::PartnerReferral,
            U::Normal,
            "2026-11-20",
            "Dana PIP tahun ajaran ini tidak cair",
        )
        .await?;
    Ok(6)
}

fn supervisor<T>(message: T) -> Request<T> {
    as_subject(SUPERVISOR, &[Role::Supervisor], message)
}
