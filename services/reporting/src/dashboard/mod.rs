//! The HTML dashboard: a region's indicators over time, a chart per indicator grouped by
//! strategy, and drill-down to child regions. Served by the reporting service itself;
//! Chart.js is compiled into the binary, so it works without an internet connection.
//!
//! Access needs a bearer token, like the gRPC API: an `Authorization` header, or once
//! `?token=...` (which sets an HttpOnly cookie and redirects to the clean URL).

mod page;
mod serve;

pub use serve::{DASHBOARD_MAX_CONNECTIONS, serve_dashboard};

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use berdaya_platform::auth::ALL_REGIONS;
use berdaya_platform::{JwtKeys, Principal, RegionDirectory};
use serde::Deserialize;

use crate::grpc::valid_month;
use crate::store::ReadModel;

/// The cookie that carries the token after `?token=`.
pub const COOKIE: &str = "berdaya_token";
const CHART_JS: &str = include_str!("../../assets/chart.umd.min.js");

#[derive(Clone)]
struct Dashboard {
    model: ReadModel,
    jwt: Arc<JwtKeys>,
    regions: &'static RegionDirectory,
}

/// Query parameters of the pages.
#[derive(Debug, Default, Deserialize)]
struct Params {
    token: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// The dashboard's routes.
pub fn router(model: ReadModel, jwt: Arc<JwtKeys>) -> Router {
    let state = Dashboard {
        model,
        jwt,
        regions: RegionDirectory::embedded(),
    };
    Router::new()
        .route("/", get(overview))
        .route("/region/{code}", get(region))
        .route("/export.csv", get(export))
        .route("/assets/chart.umd.min.js", get(chart_js))
        .route(
            "/assets/dashboard.js",
            get(|| asset("application/javascript", page::SCRIPT)),
        )
        .route(
            "/assets/dashboard.css",
            get(|| asset("text/css", page::STYLE)),
        )
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// What every answer carries: scripts and styles only from the dashboard itself (none
/// inline), no framing, no MIME sniffing, no referrer (links carry region codes).
const SECURITY_HEADERS: [(&str, &str); 4] = [
    (
        "content-security-policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
];

async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(name, axum::http::HeaderValue::from_static(value));
    }
    response
}

async fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                format!("{content_type}; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, "max-age=3600".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// A failure the reader cannot act on: logged in full under a reference, answered with
/// the reference only (database text never reaches the page).
fn internal(error: &dyn std::fmt::Display) -> Response {
    let reference = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
    tracing::error!(reference = %reference, error = %error, "dashboard failed");
    refusal(
        StatusCode::INTERNAL_SERVER_ERROR,
        &format!(
            "Terjadi kesalahan di server; coba lagi nanti. Sebutkan kode {reference} kepada \
             admin. / Something went wrong on the server; try again later. Give the \
             administrator the reference {reference}."
        ),
    )
}

async fn chart_js() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/javascript; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "max-age=86400"),
        ],
        CHART_JS,
    )
        .into_response()
}

fn token_from(headers: &HeaderMap) -> Option<String> {
    if let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        && let Some((scheme, token)) = value.trim().split_once(' ')
        && scheme.eq_ignore_ascii_case("bearer")
    {
        return Some(token.trim().to_owned());
    }
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
}

fn refusal(status: StatusCode, message: &str) -> Response {
    (status, Html(page::message_page(status.as_str(), message))).into_response()
}

/// Who is asking: the token's principal, or the answer to give instead (a redirect that
/// stores `?token=` in a cookie, or 401). The answer is boxed: it is large and rare.
fn principal(
    state: &Dashboard,
    headers: &HeaderMap,
    params: &Params,
    path: &str,
) -> Result<Principal, Box<Response>> {
    if let Some(token) = &params.token {
        return match state.jwt.verify(token) {
            Ok(_) => {
                let mut response = Redirect::to(path).into_response();
                let cookie = format!("{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/");
                if let Ok(value) = cookie.parse() {
                    response.headers_mut().insert(header::SET_COOKIE, value);
                }
                Err(Box::new(response))
            }
            Err(e) => {
                tracing::info!(reason = %e, "dashboard refused a token");
                Err(Box::new(refusal(
                    StatusCode::UNAUTHORIZED,
                    berdaya_platform::auth::INVALID_TOKEN,
                )))
            }
        };
    }
    let token = token_from(headers).ok_or_else(|| {
        Box::new(refusal(
            StatusCode::UNAUTHORIZED,
            "sign in: open this page with ?token=<bearer token> (berdaya token issue --role auditor --region 35)",
        ))
    })?;
    state.jwt.verify(&token).map_err(|e| {
        tracing::info!(reason = %e, "dashboard refused a token");
        Box::new(refusal(
            StatusCode::UNAUTHORIZED,
            berdaya_platform::auth::INVALID_TOKEN,
        ))
    })
}

/// The month range of a page: `from`/`to` when valid, else the 12 months up to now.
fn range(params: &Params) -> (String, String) {
    let now = crate::facts::month_of(chrono::Utc::now());
    let to = params.to.clone().filter(|m| valid_month(m)).unwrap_or(now);
    let from = params
        .from
        .clone()
        .filter(|m| valid_month(m) && m.as_str() <= to.as_str())
        .unwrap_or_else(|| {
            let year: i32 = to[..4].parse().unwrap_or(2026);
            let month: i32 = to[5..].parse().unwrap_or(1);
            let index = year * 12 + (month - 1) - 11;
            format!("{:04}-{:02}", index / 12, index % 12 + 1)
        });
    (from, to)
}

/// The entry page: the provinces with figures for a national reader (straight to the
/// province when there is one), else the reader's own first region.
async fn overview(
    State(state): State<Dashboard>,
    headers: HeaderMap,
    Query(params): Query<Params>,
) -> Response {
    let principal = match principal(&state, &headers, &params, "/") {
        Ok(principal) => principal,
        Err(response) => return *response,
    };
    if !principal.regions.iter().any(|r| r == ALL_REGIONS) {
        return match principal.regions.first() {
            Some(region) => Redirect::to(&format!("/region/{region}")).into_response(),
            None => refusal(StatusCode::FORBIDDEN, "this token grants no region"),
        };
    }
    let (_, to) = range(&params);
    match state
        .model
        .breakdown("", &to, crate::contexts::households::ACTIVE)
        .await
    {
        Ok(provinces) if provinces.len() == 1 => {
            Redirect::to(&format!("/region/{}", provinces[0].0)).into_response()
        }
        Ok(provinces) => Html(page::national_page(&provinces, state.regions)).into_response(),
        Err(e) => internal(&e),
    }
}

async fn region(
    State(state): State<Dashboard>,
    Path(code): Path<String>,
    headers: HeaderMap,
    Query(params): Query<Params>,
) -> Response {
    if state.regions.validate_prefix(&code).is_err() {
        return refusal(StatusCode::NOT_FOUND, &format!("unknown region {code}"));
    }
    let principal = match principal(&state, &headers, &params, &format!("/region/{code}")) {
        Ok(principal) => principal,
        Err(response) => return *response,
    };
    if let Err(status) = principal.can_read(&code, "region") {
        return refusal(StatusCode::FORBIDDEN, status.message());
    }
    let (from, to) = range(&params);
    let series = match state.model.series(&code, &from, &to, &[]).await {
        Ok(series) => series,
        Err(e) => return internal(&e),
    };
    let children = if code.len() < 13 {
        state
            .model
            .breakdown(&code, &to, crate::contexts::households::ACTIVE)
            .await
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let freshness = state.model.freshness().await.ok();
    Html(page::region_page(
        &code,
        &from,
        &to,
        &series,
        &children,
        freshness.as_ref(),
        state.regions,
    ))
    .into_response()
}

#[derive(Debug, Deserialize)]
struct ExportParams {
    region: String,
    from: Option<String>,
    to: Option<String>,
}

async fn export(
    State(state): State<Dashboard>,
    headers: HeaderMap,
    Query(params): Query<ExportParams>,
) -> Response {
    if state.regions.validate_prefix(&params.region).is_err() {
        return refusal(StatusCode::BAD_REQUEST, "region: unknown region code");
    }
    let principal = match principal(&state, &headers, &Params::default(), "/export.csv") {
        Ok(principal) => principal,
        Err(response) => return *response,
    };
    if let Err(status) = principal.can_read(&params.region, "region") {
        return refusal(StatusCode::FORBIDDEN, status.message());
    }
    let from = params.from.filter(|m| valid_month(m)).unwrap_or_default();
    let to = params.to.filter(|m| valid_month(m)).unwrap_or_default();
    match state.model.csv(&params.region, &from, &to).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"berdaya-{}.csv\"", params.region),
                ),
            ],
            csv,
        )
            .into_response(),
        Err(e) => internal(&e),
    }
}
