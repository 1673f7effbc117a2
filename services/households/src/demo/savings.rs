//! `berdaya up --demo`, strategy 3: savings accounts of the demo households (see
//! `demo.rs`), seeded through the real savings API.
//!
//! Two households in three open an account in May 2026: at the BRI unit of their
//! district, at a savings cooperative, with their P2K2 group's treasurer, or (KUBE
//! members, see `demo_kube.rs`) in their KUBE's savings fund. Each sets a goal at opening
//! and deposits every month from May to October (a few skip July); the first household
//! of most villages withdraws part of its savings for the new school year in July. Small
//! goals are reached along the way, large ones stay active; the configured incentive rule
//! credits its match as usual. Ids, dates and idempotency keys are fixed, so seeding twice
//! records nothing new.

use crate::{HouseholdsApi, SavingsApi};
use berdaya_platform::RegionDirectory;
use berdaya_proto::berdaya::households::v1 as pb;
use berdaya_proto::berdaya::households::v1::savings_service_server::SavingsService;
use uuid::Uuid;

use super::participation::date;
use super::registry::{VILLAGES, village};
use berdaya_platform::demo::{as_admin as admin, context};

/// What the savings demo recorded.
#[derive(Debug, Default)]
pub(super) struct Seeded {
    pub accounts: usize,
    pub deposits: usize,
    pub withdrawals: usize,
    pub goals: usize,
    pub goals_reached: usize,
}

impl std::fmt::Display for Seeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} accounts, {} deposits, {} withdrawals, {} goals ({} reached)",
            self.accounts, self.deposits, self.withdrawals, self.goals, self.goals_reached
        )
    }
}

/// Where household `n` of village `v` (its `i`-th, from 1) keeps its savings.
fn institution(
    v: u128,
    i: u128,
    n: u128,
    household: &pb::Household,
) -> (pb::InstitutionKind, String) {
    use pb::InstitutionKind as I;
    if v.is_multiple_of(2) && i <= 5 && n.is_multiple_of(2) {
        return (
            I::Kube,
            format!("KUBE Sejahtera {} (simpanan anggota)", v / 2 + 1),
        );
    }
    let village = &household.village_name;
    let district = RegionDirectory::embedded()
        .name(&household.village_code[..8])
        .unwrap_or(village);
    match n % 4 {
        0 | 2 => (I::Bank, format!("BRI Unit {district}")),
        1 => (
            I::Cooperative,
            format!("Koperasi Simpan Pinjam Mekar Sari {district}"),
        ),
        _ => (I::Group, format!("Kelompok P2K2 {village}")),
    }
}

/// What household `n` saves for first, and how much it aims at.
fn goal(n: u128) -> (pb::SavingsGoalPurpose, &'static str, i64, &'static str) {
    use pb::SavingsGoalPurpose as P;
    let (purpose, description) = match n % 5 {
        0 => (P::Education, "school fees and uniforms"),
        1 => (P::BusinessCapital, "a second-hand freezer for the stall"),
        2 => (P::Emergency, "an emergency fund of one month's spending"),
        3 => (P::Health, "check-ups and medicine not covered by JKN"),
        _ => (P::Housing, "a new roof before the rainy season"),
    };
    if n.is_multiple_of(2) {
        (purpose, description, 150_000, "2026-12-31")
    } else {
        (purpose, description, 2_000_000, "2027-06-30")
    }
}

/// Seeds the demo savings accounts.
///
/// # Errors
/// When a call fails for any reason other than having been made before.
pub(super) async fn seed(households: &HouseholdsApi, api: &SavingsApi) -> anyhow::Result<Seeded> {
    let mut seeded = Seeded::default();
    for v in 0..VILLAGES {
        for (i, household) in (1u128..).zip(village(households, v).await?) {
            let n = v * 6 + i;
            if n % 3 != 0 {
                account(api, v, i, n, &household, &mut seeded).await?;
            }
        }
    }
    Ok(seeded)
}

async fn account(
    api: &SavingsApi,
    v: u128,
    i: u128,
    n: u128,
    household: &pb::Household,
    seeded: &mut Seeded,
) -> anyhow::Result<()> {
    let id = Uuid::from_u128(0x0000_0000_0000_7000_b000_0000_0000_0000 | n).to_string();
    let key = |step: &str| context(format!("demo-savings-{n}-{step}"));
    let (kind, name) = institution(v, i, n, household);
    let opened_on = date(2026, 5, 1 + (n % 4) as u32);
    api.open_savings_account(admin(pb::OpenSavingsAccountRequest {
        context: key("open"),
        account_id: id.clone(),
        household_id: household.household_id.clone(),
        member_id: String::new(),
        institution_kind: kind as i32,
        institution_name: name,
        opened_on: opened_on.to_string(),
    }))
    .await?;
    seeded.accounts += 1;
    let (purpose, description, target, target_date) = goal(n);
    let mut last = api
        .set_savings_goal(admin(pb::SetSavingsGoalRequest {
            context: key("goal"),
            account_id: id.clone(),
            purpose: purpose as i32,
            description: description.to_owned(),
            target_amount: target,
            target_date: target_date.to_owned(),
            set_on: opened_on.to_string(),
        }))
        .await?
        .into_inner()
        .account;
    seeded.goals += 1;
    let channel = match kind {
        pb::InstitutionKind::Bank if n.is_multiple_of(2) => pb::SavingsChannel::BranchlessAgent,
        pb::InstitutionKind::Bank | pb::InstitutionKind::Cooperative => pb::SavingsChannel::Cash,
        _ => pb::SavingsChannel::GroupMeeting,
    };
    // The family's own money in the account: never more than the balance, which also
    // holds any incentives, so a withdrawal within it always fits.
    let mut own = 0i64;
    let day = 5 + (n % 20) as u32;
    let base = 25_000 * (1 + (n % 4) as i64);
    for month in 5..=10u32 {
        if n.is_multiple_of(5) && month == 7 {
            continue;
        }
        let amount = base + 5_000 * i64::from((month + n as u32) % 3);
        last = api
            .deposit(admin(pb::DepositRequest {
                context: key(&format!("deposit-2026-{month:02}")),
                account_id: id.clone(),
                amount,
                channel: channel as i32,
                reference: format!("KW-{n:03}-{month:02}"),
                deposited_on: date(2026, month, day).to_string(),
            }))
            .await?
            .into_inner()
            .account;
        own += amount;
        seeded.deposits += 1;
        let withdrawal = own / 2 / 5_000 * 5_000;
        if i == 1 && month == 7 && withdrawal > 0 {
            last = api
                .withdraw(admin(pb::WithdrawRequest {
                    context: key("withdraw-2026-07"),
                    account_id: id.clone(),
                    amount: withdrawal,
                    channel: channel as i32,
                    reference: format!("KW-{n:03}-07-T"),
                    withdrawn_on: date(2026, month, day + 2).to_string(),
                    purpose: "uniforms and books for the new school year".to_owned(),
                }))
                .await?
                .into_inner()
                .account;
            own -= withdrawal;
            seeded.withdrawals += 1;
        }
    }
    seeded.goals_reached += last.map_or(0, |account| {
        account
            .goals
            .iter()
            .filter(|g| g.status == pb::SavingsGoalStatus::Reached as i32)
            .count()
    });
    Ok(())
}
