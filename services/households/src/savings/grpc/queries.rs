//! The savings queries. Each reads only what it answers: a statement reads the versions
//! of the months its period touches (the account's monthly ledger says which), and a
//! household's accounts come from the event store's index of accounts by household.

use std::collections::BTreeSet;
use std::sync::Arc;

use berdaya_eventstore::IndexHit;
use berdaya_platform::aggregate_store::{EventCodec, Loaded};
use berdaya_platform::auth::Principal;
use berdaya_platform::grpc_error::{internal, store_status};
use berdaya_platform::keyring::KeyRing;
use berdaya_platform::validate::today;
use berdaya_proto::berdaya::households::v1 as pb;
use tonic::{Response, Status};
use uuid::Uuid;

use super::{HOUSEHOLD_INDEX, SavingsApi, view};

use crate::savings::domain::{Month, SavingsAccount, statement, streak};

/// Index hits read per round while gathering a household's accounts.
const ACCOUNTS_BATCH: i64 = 100;

impl SavingsApi {
    /// Every account of a household the principal may read.
    async fn household_accounts(
        &self,
        principal: &Principal,
        household_id: &str,
    ) -> Result<(Uuid, Vec<Arc<Loaded<SavingsAccount>>>), Status> {
        let mut v = self.validator();
        let household = v.id("household_id", household_id);
        v.finish()?;
        let household = household.unwrap_or_default();
        self.inner.registry.village_of(principal, household).await?;
        let key = household.to_string();
        let mut accounts = Vec::new();
        let mut after: Option<IndexHit> = None;
        loop {
            let hits = self
                .inner
                .accounts
                .events()
                .find_streams(HOUSEHOLD_INDEX, &key, &key, after.as_ref(), ACCOUNTS_BATCH)
                .await
                .map_err(|e| store_status(&e))?;
            for hit in &hits {
                accounts.push(self.load(&hit.stream_id).await?);
            }
            if (hits.len() as i64) < ACCOUNTS_BATCH {
                break;
            }
            after = hits.last().cloned();
        }
        Ok((household, accounts))
    }

    /// `ListHouseholdSavingsAccounts`.
    pub(super) async fn list_for_household(
        &self,
        principal: &Principal,
        message: pb::ListHouseholdSavingsAccountsRequest,
    ) -> Result<Response<pb::ListHouseholdSavingsAccountsResponse>, Status> {
        let (_, accounts) = self
            .household_accounts(principal, &message.household_id)
            .await?;
        let today = today();
        Ok(Response::new(pb::ListHouseholdSavingsAccountsResponse {
            accounts: accounts
                .iter()
                .map(|a| view::account(&a.state, a.version, today))
                .collect(),
        }))
    }

    /// `GetSavingsStatement`.
    pub(super) async fn statement(
        &self,
        principal: &Principal,
        message: pb::GetSavingsStatementRequest,
    ) -> Result<Response<pb::SavingsStatement>, Status> {
        let mut v = self.validator();
        v.id("account_id", &message.account_id);
        let period = v.period(&message.from, &message.to);
        v.finish()?;
        let Some((from, to)) = period else {
            return Err(Status::invalid_argument("invalid request"));
        };
        let (stream, loaded) = self.readable(principal, &message.account_id).await?;
        let (opening, span) = loaded.state.statement_span(from, to);
        let mut events = Vec::new();
        if let Some((first, last)) = span {
            let recorded = self
                .inner
                .accounts
                .events()
                .read_stream(&stream, first - 1, Some(last - first + 1))
                .await
                .map_err(|e| store_status(&e))?;
            let codec = self.inner.accounts.codec();
            let keys = KeyRing::default();
            for r in &recorded {
                events.push((r.version, codec.decode(r, &keys).map_err(internal)?));
            }
        }
        let statement = statement(opening, &events, from, to);
        Ok(Response::new(view::statement(
            message.account_id,
            (from, to),
            &statement,
        )))
    }

    /// `GetSavingsStreak`.
    pub(super) async fn streak(
        &self,
        principal: &Principal,
        message: pb::GetSavingsStreakRequest,
    ) -> Result<Response<pb::SavingsStreak>, Status> {
        let mut v = self.validator();
        v.id("household_id", &message.household_id);
        let as_of = if message.as_of_month.is_empty() {
            Some(Month::of(today()))
        } else {
            match Month::parse(&message.as_of_month) {
                Ok(month) => Some(month),
                Err(violation) => {
                    v.fail("as_of_month", violation);
                    None
                }
            }
        };
        v.finish()?;
        let Some(as_of) = as_of else {
            return Err(Status::invalid_argument("invalid request"));
        };
        let (household, accounts) = self
            .household_accounts(principal, &message.household_id)
            .await?;
        let months: BTreeSet<Month> = accounts
            .iter()
            .flat_map(|a| {
                a.state
                    .months
                    .iter()
                    .filter(|(_, m)| m.deposit_count > 0)
                    .map(|(month, _)| *month)
            })
            .collect();
        Ok(Response::new(view::streak(
            household.to_string(),
            as_of,
            &streak(&months, as_of),
            accounts.len(),
        )))
    }
}
