//! Reads: one case (from its aggregate), lists by region, right, status and urgency (the
//! store's region listing, each case loaded and filtered), the overdue cases (the
//! overdue index), a household's cases (the household index), and the histories
//! auditors stream and verify.

use std::collections::BTreeMap;
use std::sync::Arc;

use berdaya_eventstore::IndexHit;
use berdaya_platform::Principal;
use berdaya_platform::aggregate_store::Loaded;
use berdaya_platform::grpc_error::{command_status, store_status};
use berdaya_platform::history::{self, HistoryStream};
use berdaya_platform::validate::today;
use berdaya_proto::berdaya::advocacy::v1 as pb;
use berdaya_proto::berdaya::common::v1 as common;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::index::{HOUSEHOLD_INDEX, OVERDUE_INDEX, overdue_range};
use super::{AdvocacyApi, CATEGORY, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, case_stream, view};
use crate::convert;
use crate::domain::{AdvocacyCase, CaseStatus, Urgency, deadlines};

/// How many cases a list reads from the store at a time while filling a page.
const SCAN_BATCH: i64 = 200;

/// What a list keeps.
struct Filter {
    right_code: Option<String>,
    status: Option<CaseStatus>,
    urgency: Option<Urgency>,
    overdue_only: bool,
    include_closed: bool,
}

impl Filter {
    fn keeps(&self, case: &AdvocacyCase, today: chrono::NaiveDate) -> bool {
        if self
            .right_code
            .as_ref()
            .is_some_and(|r| *r != case.right_code)
            || self.status.is_some_and(|s| s != case.status)
            || self.urgency.is_some_and(|u| u != case.urgency)
        {
            return false;
        }
        if self.status.is_none() && !self.include_closed && case.status.is_closed() {
            return false;
        }
        !self.overdue_only || deadlines(case, today).is_some_and(|d| d.overdue())
    }
}

/// A page of cases; `more` when another follows it (its token: the last case's id).
fn case_page(cases: Vec<pb::CaseSummary>, more: bool) -> pb::ListCasesResponse {
    let next_page_token = match cases.last() {
        Some(last) if more => last.case_id.clone(),
        _ => String::new(),
    };
    pb::ListCasesResponse {
        cases,
        page: Some(common::PageResponse { next_page_token }),
    }
}

/// The answer for an unknown case, and for one outside the caller's regions.
fn case_not_found(id: Uuid) -> Status {
    Status::not_found(format!("advocacy case {id} not found"))
}

/// The case id after the stream prefix.
fn case_id_of(stream_id: &str) -> Option<&str> {
    stream_id
        .strip_prefix(CATEGORY)
        .and_then(|s| s.strip_prefix('-'))
}

impl AdvocacyApi {
    /// The streams of the cases in `prefix` filed as overdue on `today`, in id order.
    ///
    /// # Errors
    /// A store failure.
    pub(crate) async fn overdue_streams(
        &self,
        prefix: &str,
        today: chrono::NaiveDate,
    ) -> Result<Vec<String>, Status> {
        let (from, to) = overdue_range(prefix, today);
        let mut streams = Vec::new();
        let mut after: Option<IndexHit> = None;
        loop {
            let hits = self
                .events()
                .find_streams(OVERDUE_INDEX, &from, &to, after.as_ref(), SCAN_BATCH)
                .await
                .map_err(|e| store_status(&e))?;
            streams.extend(hits.iter().map(|h| h.stream_id.clone()));
            if (hits.len() as i64) < SCAN_BATCH {
                break;
            }
            after = hits.last().cloned();
        }
        streams.sort();
        streams.dedup();
        Ok(streams)
    }

    /// The cases overdue today, by urgency (every urgency present, zero when none).
    ///
    /// # Errors
    /// A store or codec failure.
    pub async fn overdue_counts(&self) -> Result<BTreeMap<Urgency, i64>, Status> {
        let today = today();
        let mut counts: BTreeMap<Urgency, i64> = Urgency::ALL.iter().map(|u| (*u, 0)).collect();
        for stream in self.overdue_streams("", today).await? {
            let case = &self.load(&stream).await?.state;
            if deadlines(case, today).is_some_and(|d| d.overdue()) {
                *counts.entry(case.urgency).or_default() += 1;
            }
        }
        Ok(counts)
    }

    async fn load(&self, stream: &str) -> Result<Arc<Loaded<AdvocacyCase>>, Status> {
        self.inner.cases.load(stream).await.map_err(command_status)
    }

    /// The case `case_id` names, when it is reported and inside the caller's regions.
    pub(super) async fn readable(
        &self,
        principal: &Principal,
        case_id: &str,
    ) -> Result<(String, Arc<Loaded<AdvocacyCase>>), Status> {
        let mut v = self.inner.validator();
        let id = v.id("case_id", case_id);
        v.finish()?;
        let id = id.unwrap_or_default();
        let stream = case_stream(id);
        let loaded = self.load(&stream).await?;
        let visible = loaded.state.status != CaseStatus::Unreported
            && loaded
                .state
                .region
                .as_ref()
                .is_some_and(|r| principal.sees(r.as_str()));
        if !visible {
            return Err(case_not_found(id));
        }
        Ok((stream, loaded))
    }

    pub(super) async fn get_case_query(
        &self,
        request: Request<pb::GetCaseRequest>,
    ) -> Result<Response<pb::AdvocacyCase>, Status> {
        let principal = Principal::from_request(&request)?;
        let (_, loaded) = self
            .readable(&principal, &request.get_ref().case_id)
            .await?;
        let caller = view::caller(&principal, &loaded.state);
        Ok(Response::new(view::case_pb(
            &loaded.state,
            loaded.version,
            today(),
            &caller,
            self.inner.regions,
            &self.inner.cases.rules().rights,
        )))
    }

    pub(super) async fn history_query(
        &self,
        request: Request<pb::StreamCaseHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        let principal = Principal::from_request(&request)?;
        let (stream, _) = self
            .readable(&principal, &request.get_ref().case_id)
            .await?;
        Ok(Response::new(history::stream(
            self.events().clone(),
            stream,
        )))
    }

    pub(super) async fn verify_query(
        &self,
        request: Request<pb::VerifyCaseHistoryRequest>,
    ) -> Result<Response<common::ChainVerification>, Status> {
        let principal = Principal::from_request(&request)?;
        let (stream, _) = self
            .readable(&principal, &request.get_ref().case_id)
            .await?;
        Ok(Response::new(
            history::verify(self.events().as_ref(), &stream).await?,
        ))
    }

    pub(super) async fn list_cases_query(
        &self,
        request: Request<pb::ListCasesRequest>,
    ) -> Result<Response<pb::ListCasesResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        let message = request.into_inner();
        let page = message.page.unwrap_or_default();
        let mut v = self.inner.validator();
        let prefix = v.region_prefix("region_prefix", message.region_prefix.trim());
        let right_code = message.right_code.trim();
        let rights = &self.inner.cases.rules().rights;
        if !right_code.is_empty() && rights.get(right_code).is_none() {
            v.violations.add(
                "right_code",
                format!("unknown right {right_code:?} (see ListRights)"),
            );
        }
        let status = v.optional_enum(
            "status",
            message.status,
            convert::status(message.status),
            "CaseStatus",
        );
        let urgency = v.optional_enum(
            "urgency",
            message.urgency,
            convert::urgency(message.urgency),
            "Urgency",
        );
        let size = v.page_size(page.page_size, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE) as usize;
        let after = v.page_token(&page.page_token, |t| Uuid::parse_str(t).ok());
        v.finish()?;
        let (Some(prefix), Some(status), Some(urgency), Some(after)) =
            (prefix, status, urgency, after)
        else {
            return Err(Status::invalid_argument("invalid request"));
        };
        principal.can_read(&prefix, "region_prefix")?;
        let filter = Filter {
            right_code: (!right_code.is_empty()).then(|| right_code.to_owned()),
            status,
            urgency,
            overdue_only: message.overdue_only,
            include_closed: message.include_closed,
        };
        let today = today();
        if filter.overdue_only {
            // The overdue index holds only what is overdue: read it all, in id order.
            let after = after.map(case_stream);
            let mut cases = Vec::new();
            let mut more = false;
            for stream in self.overdue_streams(&prefix, today).await? {
                if after.as_ref().is_some_and(|a| stream <= *a) {
                    continue;
                }
                let loaded = self.load(&stream).await?;
                if filter.keeps(&loaded.state, today) {
                    if cases.len() == size {
                        more = true;
                        break;
                    }
                    cases.push(view::summary(&loaded.state, today));
                }
            }
            return Ok(Response::new(case_page(cases, more)));
        }
        let mut cursor = after.map(case_stream);
        let mut cases = Vec::new();
        let mut more = false;
        'scan: loop {
            let streams = self
                .events()
                .list_streams(CATEGORY, &prefix, cursor.as_deref(), SCAN_BATCH)
                .await
                .map_err(|e| store_status(&e))?;
            for info in &streams {
                cursor = Some(info.stream_id.clone());
                let loaded = self.load(&info.stream_id).await?;
                if filter.keeps(&loaded.state, today) {
                    if cases.len() == size {
                        more = true;
                        break 'scan;
                    }
                    cases.push(view::summary(&loaded.state, today));
                }
            }
            if (streams.len() as i64) < SCAN_BATCH {
                break;
            }
        }
        Ok(Response::new(case_page(cases, more)))
    }

    pub(super) async fn household_cases_query(
        &self,
        request: Request<pb::ListHouseholdCasesRequest>,
    ) -> Result<Response<pb::ListCasesResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        let message = request.into_inner();
        let page = message.page.unwrap_or_default();
        let mut v = self.inner.validator();
        let household = v.id("household_id", &message.household_id);
        let size = v.page_size(page.page_size, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE) as usize;
        let after = v.page_token(&page.page_token, |t| Uuid::parse_str(t).ok());
        v.finish()?;
        let (Some(household), Some(after)) = (household, after) else {
            return Err(Status::invalid_argument("invalid request"));
        };
        let known = crate::views::households::get(&self.inner.views, household)
            .await
            .map_err(|e| store_status(&e))?
            .is_some_and(|row| principal.sees(&row.village_code));
        if !known {
            return Err(Status::not_found(format!(
                "household {household} is not known to the advocacy service: it is not registered, or its registration has not arrived yet"
            )));
        }
        let key = household.to_string();
        let mut resume = after.map(|id| IndexHit {
            key: key.clone(),
            stream_id: case_stream(id),
        });
        let today = today();
        let mut cases = Vec::new();
        let mut more = false;
        'scan: loop {
            let hits = self
                .events()
                .find_streams(HOUSEHOLD_INDEX, &key, &key, resume.as_ref(), SCAN_BATCH)
                .await
                .map_err(|e| store_status(&e))?;
            for hit in &hits {
                resume = Some(hit.clone());
                let loaded = self.load(&hit.stream_id).await?;
                // A case filed above the caller's regions stays out of sight.
                let visible = loaded
                    .state
                    .region
                    .as_ref()
                    .is_some_and(|r| principal.sees(r.as_str()));
                if visible && case_id_of(&hit.stream_id).is_some() {
                    if cases.len() == size {
                        more = true;
                        break 'scan;
                    }
                    cases.push(view::summary(&loaded.state, today));
                }
            }
            if (hits.len() as i64) < SCAN_BATCH {
                break;
            }
        }
        Ok(Response::new(case_page(cases, more)))
    }
}
