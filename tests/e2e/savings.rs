//! End-to-end: savings accounts over gRPC against the real `berdaya` binary, on the
//! embedded default (SQLite) and on PostgreSQL: deposits with matching incentives up to
//! the monthly cap, withdrawals that never overdraw, goals, statements, the savings
//! streak, bad input that changes nothing, and a burst of concurrent calls on one account.

use crate::common;

use berdaya_proto::berdaya::households::v1 as pb;
use common::Berdaya;
use common::fixtures::{Registered, bad_fields, close, context, register, rule_fields};
use tonic::Code;

const VILLAGE: &str = "35.78.01.1001";

fn open(key: &str, household: &Registered, member: Option<&str>) -> pb::OpenSavingsAccountRequest {
    pb::OpenSavingsAccountRequest {
        context: context(key),
        account_id: String::new(),
        household_id: household.household_id.clone(),
        member_id: member.unwrap_or_default().to_owned(),
        institution_kind: pb::InstitutionKind::Bank as i32,
        institution_name: "BRI Unit Karang Pilang".to_owned(),
        opened_on: "2025-01-02".to_owned(),
    }
}

fn deposit(key: &str, account: &str, amount: i64, on: &str) -> pb::DepositRequest {
    pb::DepositRequest {
        context: context(key),
        account_id: account.to_owned(),
        amount,
        channel: pb::SavingsChannel::Cash as i32,
        reference: format!("KW-{key}"),
        deposited_on: on.to_owned(),
    }
}

fn withdraw(key: &str, account: &str, amount: i64, on: &str) -> pb::WithdrawRequest {
    pb::WithdrawRequest {
        context: context(key),
        account_id: account.to_owned(),
        amount,
        channel: pb::SavingsChannel::Cash as i32,
        reference: format!("KW-{key}"),
        withdrawn_on: on.to_owned(),
        purpose: "modal warung".to_owned(),
    }
}

fn statement(account: &str, from: &str, to: &str) -> pb::GetSavingsStatementRequest {
    pb::GetSavingsStatementRequest {
        account_id: account.to_owned(),
        from: from.to_owned(),
        to: to.to_owned(),
    }
}

/// Opens, saves, earns incentives, reaches a goal, withdraws, reads statements and the
/// streak, and closes: a family's year of saving.
async fn saving_year(berdaya: &Berdaya) {
    let household = register(berdaya, VILLAGE, 1).await;
    let mut client = berdaya.savings(&berdaya.admin_token).await;
    let account = client
        .open_savings_account(open("open", &household, None))
        .await
        .expect("open")
        .into_inner()
        .account
        .expect("account");
    assert_eq!(account.status, pb::SavingsAccountStatus::Open as i32);
    assert_eq!(account.village_code, VILLAGE);
    let id = account.account_id.clone();
    let second = client
        .open_savings_account(open("open-again", &household, None))
        .await
        .expect_err("one open account per household");
    assert_eq!(second.code(), Code::AlreadyExists);
    assert_eq!(bad_fields(&second), ["household_id"]);
    let member = client
        .open_savings_account(open("open-member", &household, Some(&household.members[1])))
        .await
        .expect("a member's own account")
        .into_inner()
        .account
        .unwrap();

    let goal = client
        .set_savings_goal(pb::SetSavingsGoalRequest {
            context: context("goal"),
            account_id: id.clone(),
            purpose: pb::SavingsGoalPurpose::BusinessCapital as i32,
            description: "gerobak bakso".to_owned(),
            target_amount: 300_000,
            target_date: "2025-06-30".to_owned(),
            set_on: "2025-01-03".to_owned(),
        })
        .await
        .expect("goal")
        .into_inner()
        .account
        .unwrap();
    assert_eq!(goal.goals[0].status, pb::SavingsGoalStatus::Active as i32);

    // 10 % matched, at most Rp 50.000 a month: 10 000, then only 40 000 of 60 000.
    let first = client
        .deposit(deposit("d1", &id, 100_000, "2025-01-05"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first.incentive_credited, 10_000);
    assert_eq!(first.account.as_ref().unwrap().balance, 110_000);
    let second = client
        .deposit(deposit("d2", &id, 600_000, "2025-01-20"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(second.incentive_credited, 40_000, "the monthly cap");
    let second = second.account.unwrap();
    assert_eq!(second.balance, 750_000);
    assert_eq!(
        (second.deposits_total, second.incentives_total),
        (700_000, 50_000)
    );
    assert_eq!(
        second.goals[0].status,
        pb::SavingsGoalStatus::Reached as i32
    );
    assert!(second.goals[0].reached_on_time);
    let capped = client
        .deposit(deposit("d3", &id, 50_000, "2025-01-31"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(capped.incentive_credited, 0);
    let february = client
        .deposit(deposit("d4", &id, 20_000, "2025-02-14"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(february.incentive_credited, 2_000, "a new month, a new cap");

    // Overdraft refused, nothing written; then a real withdrawal.
    let before = client
        .get_savings_account(pb::GetSavingsAccountRequest {
            account_id: id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(before.balance, 822_000);
    let refused = client
        .withdraw(withdraw("w0", &id, 822_001, "2025-03-01"))
        .await
        .expect_err("overdraft");
    assert_eq!(refused.code(), Code::FailedPrecondition);
    assert_eq!(rule_fields(&refused), ["amount"]);
    let after = client
        .get_savings_account(pb::GetSavingsAccountRequest {
            account_id: id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (after.balance, after.version),
        (before.balance, before.version)
    );
    client
        .withdraw(withdraw("w1", &id, 700_000, "2025-03-01"))
        .await
        .expect("withdraw");
    client
        .deposit(deposit("d5", &id, 10_000, "2025-04-02"))
        .await
        .expect("deposit");

    // A statement for any period: opening and closing balances, incentives apart.
    let s = client
        .get_savings_statement(statement(&id, "2025-01-25", "2025-03-31"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(s.opening_balance, 750_000);
    assert_eq!(s.closing_balance, 122_000);
    assert_eq!(
        (s.deposits_total, s.incentives_total, s.withdrawals_total),
        (70_000, 2_000, 700_000)
    );
    let kinds: Vec<i32> = s.entries.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            pb::SavingsEntryKind::Deposit as i32,
            pb::SavingsEntryKind::Deposit as i32,
            pb::SavingsEntryKind::Incentive as i32,
            pb::SavingsEntryKind::Withdrawal as i32,
        ]
    );
    let quiet = client
        .get_savings_statement(statement(&id, "2025-05-01", "2025-05-31"))
        .await
        .unwrap()
        .into_inner();
    assert!(quiet.entries.is_empty());
    assert_eq!(
        (quiet.opening_balance, quiet.closing_balance),
        (133_000, 133_000)
    );

    // The streak counts months with a deposit over every account of the household.
    let mut member_client = berdaya.savings(&berdaya.admin_token).await;
    member_client
        .deposit(deposit("m1", &member.account_id, 5_000, "2025-03-20"))
        .await
        .expect("member deposit");
    let streak = client
        .get_savings_streak(pb::GetSavingsStreakRequest {
            household_id: household.household_id.clone(),
            as_of_month: "2025-05".to_owned(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (streak.current_streak_months, streak.longest_streak_months),
        (4, 4)
    );
    assert_eq!(
        (streak.last_deposit_month.as_str(), streak.accounts),
        ("2025-04", 2)
    );
    let later = client
        .get_savings_streak(pb::GetSavingsStreakRequest {
            household_id: household.household_id.clone(),
            as_of_month: "2025-06".to_owned(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(later.current_streak_months, 0, "May had no deposit");
    let listed = client
        .list_household_savings_accounts(pb::ListHouseholdSavingsAccountsRequest {
            household_id: household.household_id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.accounts.len(), 2);

    // Closing needs an empty account; then the holder may open a new one.
    let status = client
        .close_savings_account(pb::CloseSavingsAccountRequest {
            context: context("close-early"),
            account_id: id.clone(),
            reason: "pindah".to_owned(),
            closed_on: "2025-05-01".to_owned(),
        })
        .await
        .expect_err("balance left");
    assert_eq!(status.code(), Code::FailedPrecondition);
    client
        .withdraw(withdraw("w2", &id, 133_000, "2025-05-01"))
        .await
        .expect("empty it");
    let closed = client
        .close_savings_account(pb::CloseSavingsAccountRequest {
            context: context("close"),
            account_id: id.clone(),
            reason: "pindah ke koperasi".to_owned(),
            closed_on: "2025-05-01".to_owned(),
        })
        .await
        .expect("close")
        .into_inner()
        .account
        .unwrap();
    assert_eq!(
        (closed.status, closed.balance),
        (pb::SavingsAccountStatus::Closed as i32, 0)
    );
    client
        .open_savings_account(open("reopen", &household, None))
        .await
        .expect("a new account after closing");

    // Auditors read every event, the family's money and the programme's apart.
    let auditor = berdaya.token(&["auditor"], &["35.78"], "inspektorat-1");
    let mut audit = berdaya.savings(&auditor).await;
    let mut history = audit
        .stream_savings_history(pb::StreamSavingsHistoryRequest { account_id: id })
        .await
        .expect("history")
        .into_inner();
    let mut incentives = 0;
    while let Some(event) = history.message().await.expect("event") {
        if event.event_type == "berdaya.households.v1.SavingsIncentiveCredited" {
            incentives += 1;
        }
    }
    assert_eq!(incentives, 4);
}

#[tokio::test]
async fn a_saving_year_on_the_embedded_default() {
    let dir = tempfile::tempdir().unwrap();
    let berdaya = Berdaya::up(dir.path(), &[]);
    saving_year(&berdaya).await;
}

#[tokio::test]
async fn a_saving_year_on_postgresql() {
    let url = common::fresh_database();
    let berdaya = Berdaya::serve_households(&url);
    saving_year(&berdaya).await;
}

#[tokio::test]
async fn bad_savings_input_gets_the_right_code_and_field_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let berdaya = Berdaya::up(dir.path(), &[]);
    let household = register(&berdaya, VILLAGE, 1).await;
    let gone = register(&berdaya, VILLAGE, 2).await;
    close(&berdaya, &gone.household_id).await;
    let caseworker = berdaya.token(&["caseworker"], &["35.78.01"], "pendamping-7");
    let mut client = berdaya.savings(&caseworker).await;
    let account = client
        .open_savings_account(open("open", &household, None))
        .await
        .unwrap()
        .into_inner()
        .account
        .unwrap();
    let id = account.account_id.clone();
    client
        .deposit(deposit("d1", &id, 10_000, "2025-02-01"))
        .await
        .expect("deposit");

    let invalid = |status: tonic::Status, fields: &[&str]| {
        assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
        assert_eq!(bad_fields(&status), fields, "{status:?}");
    };
    for amount in [0, -10_000] {
        invalid(
            client
                .deposit(deposit(&format!("z{amount}"), &id, amount, "2025-02-02"))
                .await
                .unwrap_err(),
            &["amount"],
        );
        invalid(
            client
                .withdraw(withdraw(&format!("w{amount}"), &id, amount, "2025-02-02"))
                .await
                .unwrap_err(),
            &["amount"],
        );
    }
    invalid(
        client
            .deposit(deposit("huge", &id, 10_000_000_001, "2025-02-02"))
            .await
            .unwrap_err(),
        &["amount"],
    );
    let mut bad = deposit("bad", &id, -1, "2099-01-01");
    bad.channel = 0;
    invalid(
        client.deposit(bad).await.unwrap_err(),
        &["amount", "channel", "deposited_on"],
    );
    invalid(
        client
            .deposit(deposit("bad-id", "nope", 1_000, "2025-02-02"))
            .await
            .unwrap_err(),
        &["account_id"],
    );
    let mut goal = pb::SetSavingsGoalRequest {
        context: context("goal"),
        account_id: id.clone(),
        purpose: pb::SavingsGoalPurpose::Education as i32,
        description: String::new(),
        target_amount: 0,
        target_date: "2025-01-01".to_owned(),
        set_on: "2025-02-01".to_owned(),
    };
    invalid(
        client.set_savings_goal(goal.clone()).await.unwrap_err(),
        &["target_amount", "target_date"],
    );
    goal.target_amount = 100_000;
    goal.target_date = "2026-01-01".to_owned();
    goal.purpose = pb::SavingsGoalPurpose::Other as i32;
    invalid(
        client.set_savings_goal(goal).await.unwrap_err(),
        &["description"],
    );

    let rule = |status: tonic::Status, field: &str| {
        assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}");
        assert_eq!(rule_fields(&status), [field], "{status:?}");
    };
    rule(
        client
            .withdraw(withdraw("over", &id, 11_001, "2025-02-02"))
            .await
            .unwrap_err(),
        "amount",
    );
    rule(
        client
            .deposit(deposit("early", &id, 1_000, "2025-01-31"))
            .await
            .unwrap_err(),
        "deposited_on",
    );
    rule(
        client
            .open_savings_account(open("gone", &gone, None))
            .await
            .unwrap_err(),
        "household_id",
    );
    rule(
        client
            .open_savings_account(open("stranger", &household, Some(&gone.members[0])))
            .await
            .unwrap_err(),
        "member_id",
    );
    let missing = client
        .deposit(deposit(
            "nobody",
            &uuid::Uuid::now_v7().to_string(),
            1_000,
            "2025-02-02",
        ))
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Code::NotFound);
    let mut unknown = open("unknown", &household, None);
    unknown.household_id = uuid::Uuid::now_v7().to_string();
    assert_eq!(
        client
            .open_savings_account(unknown)
            .await
            .unwrap_err()
            .code(),
        Code::NotFound
    );
    let status = client
        .get_savings_statement(statement(&id, "2025-03-01", "2025-02-01"))
        .await
        .unwrap_err();
    assert_eq!(bad_fields(&status), ["to"]);
    let status = client
        .get_savings_streak(pb::GetSavingsStreakRequest {
            household_id: household.household_id.clone(),
            as_of_month: "2025-13".to_owned(),
        })
        .await
        .unwrap_err();
    assert_eq!(bad_fields(&status), ["as_of_month"]);

    let elsewhere = berdaya.token(&["caseworker"], &["35.78.02"], "pendamping-9");
    let mut outsider = berdaya.savings(&elsewhere).await;
    // An account outside the caller's regions reads as unknown (fc99cb1).
    assert_eq!(
        outsider
            .deposit(deposit("x1", &id, 1_000, "2025-02-02"))
            .await
            .unwrap_err()
            .code(),
        Code::NotFound
    );
    assert_eq!(
        outsider
            .get_savings_account(pb::GetSavingsAccountRequest {
                account_id: id.clone()
            })
            .await
            .unwrap_err()
            .code(),
        Code::NotFound
    );
    let auditor = berdaya.token(&["auditor"], &["35"], "bpk-1");
    let mut audit = berdaya.savings(&auditor).await;
    assert_eq!(
        audit
            .deposit(deposit("x2", &id, 1_000, "2025-02-02"))
            .await
            .unwrap_err()
            .code(),
        Code::PermissionDenied
    );

    // A retry answers as the first time; nothing else was recorded.
    let retried = client
        .deposit(deposit("d1", &id, 10_000, "2025-02-01"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(retried.incentive_credited, 1_000);
    let current = audit
        .get_savings_account(pb::GetSavingsAccountRequest { account_id: id })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (current.balance, current.version, current.deposit_count),
        (11_000, 3, 1)
    );
}

/// 40 deposits and withdrawals at once on one account: every call either lands or is
/// refused whole, the balance never goes negative, and it equals what was accepted.
async fn concurrent_calls_keep_the_balance_whole(berdaya: &Berdaya) {
    const DEPOSIT: i64 = 10_000;
    const WITHDRAWAL: i64 = 30_000;
    let household = register(berdaya, VILLAGE, 1).await;
    let mut client = berdaya.savings(&berdaya.admin_token).await;
    let id = client
        .open_savings_account(open("open", &household, None))
        .await
        .unwrap()
        .into_inner()
        .account
        .unwrap()
        .account_id;
    let start = client
        .deposit(deposit("seed", &id, 50_000, "2025-06-15"))
        .await
        .unwrap()
        .into_inner();
    let opening = start.account.unwrap().balance;

    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let mut client = client.clone();
            let id = id.clone();
            tokio::spawn(async move {
                let key = format!("burst-{i}");
                let result = if i % 2 == 0 {
                    client
                        .deposit(deposit(&key, &id, DEPOSIT, "2025-06-15"))
                        .await
                } else {
                    client
                        .withdraw(withdraw(&key, &id, WITHDRAWAL, "2025-06-15"))
                        .await
                };
                match result {
                    Ok(answer) => {
                        let answer = answer.into_inner();
                        assert!(answer.account.unwrap().balance >= 0);
                        Some(if i % 2 == 0 {
                            DEPOSIT + answer.incentive_credited
                        } else {
                            -WITHDRAWAL
                        })
                    }
                    // One process runs the commands of one account in turn, so none is
                    // aborted by a concurrent one: each lands or is refused whole.
                    Err(status) => {
                        assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}");
                        assert!(i % 2 == 1, "only withdrawals are refused: {status:?}");
                        assert_eq!(rule_fields(&status), ["amount"]);
                        None
                    }
                }
            })
        })
        .collect();
    let mut accepted = Vec::new();
    for task in tasks {
        accepted.push(task.await.expect("task"));
    }
    let moved: i64 = accepted.iter().flatten().sum();
    let account = client
        .get_savings_account(pb::GetSavingsAccountRequest {
            account_id: id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(account.balance, opening + moved);
    assert!(account.balance >= 0);
    let deposits = accepted.iter().step_by(2).flatten().count();
    assert_eq!(deposits, 20, "deposits are never refused");
    let withdrawals = accepted.iter().skip(1).step_by(2).flatten().count();
    assert!(withdrawals > 0, "some withdrawals went through");
    // 55 000 + 20 x 11 000 covers at most 9 withdrawals of 30 000: the rest were refused.
    assert!(withdrawals <= 9, "{withdrawals} withdrawals would overdraw");

    // The recorded history agrees, line by line, and never dips below zero.
    let s = client
        .get_savings_statement(statement(&id, "2025-06-01", "2025-06-30"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(s.closing_balance, account.balance);
    assert!(s.entries.iter().all(|e| e.balance_after >= 0));
    let withdrawn = s
        .entries
        .iter()
        .filter(|e| e.kind == pb::SavingsEntryKind::Withdrawal as i32)
        .count();
    assert_eq!(withdrawn, withdrawals);
    let mut running = 0;
    for entry in &s.entries {
        running += if entry.kind == pb::SavingsEntryKind::Withdrawal as i32 {
            -entry.amount
        } else {
            entry.amount
        };
        assert_eq!(running, entry.balance_after);
    }
}

#[tokio::test]
async fn concurrent_deposits_and_withdrawals_on_the_embedded_default() {
    let dir = tempfile::tempdir().unwrap();
    let berdaya = Berdaya::up(dir.path(), &[]);
    concurrent_calls_keep_the_balance_whole(&berdaya).await;
}

#[tokio::test]
async fn concurrent_deposits_and_withdrawals_on_postgresql() {
    let url = common::fresh_database();
    let berdaya = Berdaya::serve_households(&url);
    concurrent_calls_keep_the_balance_whole(&berdaya).await;
}
