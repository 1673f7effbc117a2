//! `berdaya up --demo`, strategy 1: participation activities in every demo village (see
//! `demo.rs`), seeded through the real participation API.
//!
//! Each village gets one activity a month from May to October 2026: a PKH information
//! session, two P2K2 / FDS family development sessions, an awareness session, a Musdes
//! deliberation and a P2K2 session on family finance. The village's demo households are
//! invited (the PKH families to the P2K2 sessions); most come, a few send apologies and a
//! few stay away. Every activity is held with outcomes and agreed actions, except one
//! cancelled session; some are evaluated and some agreed actions are done. Ids, dates and
//! idempotency keys are fixed, so seeding twice records nothing new.

use crate::{HouseholdsApi, ParticipationApi};
use berdaya_proto::berdaya::households::v1 as pb;
use berdaya_proto::berdaya::households::v1::participation_service_server::ParticipationService;
use chrono::{Days, NaiveDate};
use uuid::Uuid;

use super::registry::{VILLAGES, village};
use berdaya_platform::demo::{as_admin as admin, context};

/// The one activity that is cancelled (village, month index).
const CANCELLED: (u128, usize) = (3, 5);

pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn after(on: NaiveDate, days: u64) -> NaiveDate {
    on.checked_add_days(Days::new(days)).unwrap_or(on)
}

/// An agreed action: what, and who does it. Each is due a month after the meeting.
type Action = (&'static str, &'static str);

const KKS: Action = ("Check every PKH family's KKS card", "Pendamping PKH");
const POSYANDU: Action = ("Weigh every toddler at the Posyandu", "Kader Posyandu");
const LANSIA: Action = ("Register the elderly at Posyandu Lansia", "Kader desa");
const ARISAN: Action = ("Start an arisan instead of rentenir loans", "Ketua RT");
const RTLH: Action = ("Survey houses in need of repair (RTLH)", "Kader desa");
const WATER: Action = ("Put water connections in APBDes 2027", "Sekdes");
const ACCOUNT: Action = ("Open a savings account", "Each family");

/// One month's activity: what it is, what came out of it, what was agreed, how many days
/// after the meeting the first action was done (in about half the villages), and its
/// evaluation (achievements, a follow-up, days after the meeting).
struct Spec {
    kind: pb::ActivityKind,
    module: pb::FdsModule,
    topic: &'static str,
    outcomes: &'static [&'static str],
    actions: &'static [Action],
    done_after: Option<u64>,
    evaluation: Option<(&'static str, &'static str, u64)>,
}

fn spec(v: u128, k: usize) -> Spec {
    use pb::{ActivityKind as K, FdsModule as M};
    let meeting = |kind, topic, outcomes, actions, done_after, evaluation| Spec {
        kind,
        module: M::Unspecified,
        topic,
        outcomes,
        actions,
        done_after,
        evaluation,
    };
    let p2k2 = |module, topic, outcomes, actions, done_after| Spec {
        kind: K::FamilyDevelopmentSession,
        module,
        topic,
        outcomes,
        actions,
        done_after,
        evaluation: None,
    };
    match (k, v.is_multiple_of(2)) {
        (0, _) => meeting(
            K::ProgrammeInformation,
            "Sosialisasi PKH 2026: rights and duties of participating families",
            &[
                "Families know the PKH conditions: health checks, school, monthly P2K2",
                "Questions on the disbursement calendar and the KKS card answered",
            ],
            &[KKS],
            Some(10),
            Some((
                "Every family present can name the PKH conditions",
                "Repeat the session for the families who were absent",
                30,
            )),
        ),
        (1, true) => p2k2(
            M::HealthAndNutrition,
            "P2K2 kesehatan dan gizi: feeding toddlers, preventing stunting",
            &["Mothers agreed a weekly menu with local protein (eggs, tempe, fish)"],
            &[POSYANDU],
            Some(20),
        ),
        (1, false) => p2k2(
            M::SocialWelfare,
            "P2K2 kesejahteraan sosial: caring for elderly family members",
            &["Families listed the elderly who need a home visit"],
            &[LANSIA],
            None,
        ),
        (2, _) => meeting(
            K::Awareness,
            "The true cost of loans from moneylenders (rentenir)",
            &["Households compared moneylender interest with koperasi and KUR rates"],
            &[ARISAN],
            None,
            None,
        ),
        (3, true) => p2k2(
            M::ParentingAndEducation,
            "P2K2 pengasuhan: supporting children's learning at home",
            &["Parents agreed on a fixed study hour after maghrib"],
            &[],
            None,
        ),
        (3, false) => p2k2(
            M::ChildProtection,
            "P2K2 perlindungan anak: keeping children safe at home and online",
            &["Parents learnt where to report violence against children (UPTD PPA)"],
            &[],
            None,
        ),
        (4, _) => meeting(
            K::Deliberation,
            "Musdes: 2027 village priorities for poor households (Dana Desa)",
            &[
                "Clean-water connections for poor households are the first priority",
                "The village BUMDes will buy produce from the KUBE groups",
            ],
            &[RTLH, WATER],
            Some(18),
            Some((
                "The RTLH survey is done; the water proposal is in the draft APBDes",
                "Follow the proposal up at the Musrenbang Kecamatan",
                21,
            )),
        ),
        _ => p2k2(
            M::FamilyFinance,
            "P2K2 keuangan keluarga: budgeting, debt and saving",
            &["Each family wrote a monthly budget and a savings target"],
            &[ACCOUNT],
            Some(14),
        ),
    }
}

/// What the participation demo recorded.
#[derive(Debug, Default)]
pub(super) struct Seeded {
    pub activities: usize,
    pub held: usize,
    pub evaluated: usize,
    pub cancelled: usize,
    pub actions_done: usize,
}

impl std::fmt::Display for Seeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} activities ({} held, {} evaluated, {} cancelled), {} agreed actions done",
            self.activities, self.held, self.evaluated, self.cancelled, self.actions_done
        )
    }
}

/// Seeds the demo activities.
///
/// # Errors
/// When a call fails for any reason other than having been made before.
pub(super) async fn seed(
    households: &HouseholdsApi,
    api: &ParticipationApi,
) -> anyhow::Result<Seeded> {
    let mut seeded = Seeded::default();
    for v in 0..VILLAGES {
        let village = village(households, v).await?;
        for k in 0..6 {
            activity(api, v, k, &village, &mut seeded).await?;
        }
    }
    Ok(seeded)
}

async fn activity(
    api: &ParticipationApi,
    v: u128,
    k: usize,
    village: &[pb::Household],
    seeded: &mut Seeded,
) -> anyhow::Result<()> {
    let spec = spec(v, k);
    let id = Uuid::from_u128(0x0000_0000_0000_7000_a000_0000_0000_0000 | (v * 16 + k as u128));
    let id = id.to_string();
    let n = v * 6 + k as u128 + 1;
    let key = |step: &str| context(format!("demo-activity-{n}-{step}"));
    let fds = spec.kind == pb::ActivityKind::FamilyDevelopmentSession;
    let pkh = |h: &&pb::Household| {
        h.enrolments
            .iter()
            .any(|e| e.active && e.programme == pb::Programme::Pkh as i32)
    };
    let mut invited: Vec<&pb::Household> = village.iter().filter(pkh).collect();
    if !fds || invited.len() < 2 {
        invited = village.iter().collect();
    }
    let regency = &village[0].village_code[..5];
    let scheduled = date(2026, 5 + k as u32, 3 + v as u32);
    api.plan_activity(admin(pb::PlanActivityRequest {
        context: key("plan"),
        activity_id: id.clone(),
        region_code: village[0].village_code.clone(),
        kind: spec.kind as i32,
        fds_module: spec.module as i32,
        topic: spec.topic.to_owned(),
        programme: if k == 0 { pb::Programme::Pkh as i32 } else { 0 },
        facilitator: if k == 4 {
            "Kepala Desa".to_owned()
        } else {
            format!("pendamping-{}", regency.replace('.', ""))
        },
        scheduled_on: scheduled.to_string(),
        location: (if fds { "Rumah kader" } else { "Balai Desa" }).to_owned(),
        invited_household_ids: invited.iter().map(|h| h.household_id.clone()).collect(),
    }))
    .await?;
    seeded.activities += 1;
    if (v, k) == CANCELLED {
        api.cancel_activity(admin(pb::CancelActivityRequest {
            context: key("cancel"),
            activity_id: id,
            reason: "The balai desa is a flood evacuation post; moved to next month".to_owned(),
            cancelled_on: date(2026, 10, 1).to_string(),
        }))
        .await?;
        seeded.cancelled += 1;
        return Ok(());
    }
    let held_on = scheduled;
    let attendance = invited
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let status = match (v as usize * 5 + k * 3 + i * 7) % 10 {
                0 => return None,
                1 => pb::AttendanceStatus::Excused,
                _ => pb::AttendanceStatus::Present,
            };
            // Mothers come to P2K2, heads of household to the other meetings (active or
            // not today: the request must stay the same when seeding again).
            let first = |r: pb::Relationship| h.members.iter().find(|m| m.relationship == r as i32);
            let (head, spouse) = (pb::Relationship::Head, pb::Relationship::Spouse);
            let came = first(if fds { spouse } else { head }).or_else(|| first(head));
            Some(pb::HouseholdAttendance {
                household_id: h.household_id.clone(),
                status: status as i32,
                member_ids: came
                    .filter(|_| status == pb::AttendanceStatus::Present)
                    .map(|m| m.member_id.clone())
                    .into_iter()
                    .collect(),
            })
        })
        .collect();
    let held = api
        .hold_activity(admin(pb::HoldActivityRequest {
            context: key("hold"),
            activity_id: id.clone(),
            held_on: held_on.to_string(),
            attendance,
            outcomes: spec.outcomes.iter().map(|o| (*o).to_owned()).collect(),
            agreed_actions: spec
                .actions
                .iter()
                .map(|(description, owner)| pb::NewAgreedAction {
                    description: (*description).to_owned(),
                    owner: (*owner).to_owned(),
                    due_on: after(held_on, 30).to_string(),
                })
                .collect(),
        }))
        .await?
        .into_inner()
        .activity
        .unwrap_or_default();
    seeded.held += 1;
    if let Some((achievements, follow_up, days)) = spec.evaluation {
        api.evaluate_activity(admin(pb::EvaluateActivityRequest {
            context: key("evaluate"),
            activity_id: id.clone(),
            evaluated_on: after(held_on, days).to_string(),
            achievements: achievements.to_owned(),
            follow_ups: vec![follow_up.to_owned()],
        }))
        .await?;
        seeded.evaluated += 1;
    }
    let done_after = spec
        .done_after
        .filter(|_| (v as usize / 2 + k).is_multiple_of(2));
    if let (Some(action), Some(days)) = (held.agreed_actions.first(), done_after) {
        api.complete_agreed_action(admin(pb::CompleteAgreedActionRequest {
            context: key("action-0-done"),
            activity_id: id.clone(),
            action_id: action.action_id.clone(),
            done_on: after(held_on, days).to_string(),
            note: "checked by the pendamping on the next visit".to_owned(),
        }))
        .await?;
        seeded.actions_done += 1;
    }
    Ok(())
}
