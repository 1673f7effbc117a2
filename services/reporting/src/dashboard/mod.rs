//! The HTML dashboard for provincial officers, in Bahasa Indonesia (English on request):
//! a region's page opens with the table of its child regions (the key figure of each
//! strategy as columns, sortable, linking down), then a chart per indicator grouped by
//! strategy, by month, quarter or year; exports as CSV and Excel; a print layout.
//! Served by the reporting service itself; Chart.js is compiled into the binary, so it
//! works without an internet connection.
//!
//! Access needs a session ([`session`]: sign in on `/login` with an access token) or an
//! `Authorization: Bearer` header.

mod serve;
mod session;
pub mod settings;
mod templates;
mod view;

pub use serve::{DASHBOARD_MAX_CONNECTIONS, serve_dashboard};
pub use session::{COOKIE, LANG_COOKIE};

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use berdaya_platform::auth::ALL_REGIONS;
use berdaya_platform::{JwtKeys, Principal, RegionDirectory};
use serde::Deserialize;

use self::settings::DashboardSettings;
use self::templates::{Chrome, render};
use crate::export;
use crate::i18n::{self, Arg, Lang};
use crate::period::{Period, page_range};
use crate::store::ReadModel;

const CHART_JS: &str = include_str!("../../assets/chart.umd.min.js");
const SCRIPT: &str = include_str!("../../assets/dashboard.js");
const STYLE: &str = include_str!("../../assets/dashboard.css");

#[derive(Clone)]
struct Dashboard {
    model: ReadModel,
    jwt: Arc<JwtKeys>,
    regions: &'static RegionDirectory,
    settings: DashboardSettings,
}

/// Query parameters of the pages.
#[derive(Debug, Default, Deserialize)]
struct Params {
    token: Option<String>,
    from: Option<String>,
    to: Option<String>,
    view: Option<String>,
    lang: Option<String>,
}

/// The dashboard's routes.
pub fn router(model: ReadModel, jwt: Arc<JwtKeys>, settings: DashboardSettings) -> Router {
    let state = Dashboard {
        model,
        jwt,
        regions: RegionDirectory::embedded(),
        settings,
    };
    Router::new()
        .route("/", get(overview))
        .route("/region/{code}", get(region))
        .route("/export.csv", get(export_csv))
        .route("/export.xlsx", get(export_xlsx))
        .route("/login", get(session::show_login).post(session::sign_in))
        .route("/logout", axum::routing::post(session::sign_out))
        .route(
            "/assets/chart.umd.min.js",
            get(|| asset("application/javascript", CHART_JS, 86400)),
        )
        .route(
            "/assets/dashboard.js",
            get(|| asset("application/javascript", SCRIPT, 3600)),
        )
        .route(
            "/assets/dashboard.css",
            get(|| asset("text/css", STYLE, 3600)),
        )
        .fallback(not_found)
        .layer(axum::middleware::from_fn(session::remember_language))
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

async fn asset(content_type: &'static str, body: &'static str, max_age: u32) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                format!("{content_type}; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, format!("max-age={max_age}")),
        ],
        body,
    )
        .into_response()
}

/// A page that only says something (403, 404, 500, ...), in the reader's language.
fn message(lang: Lang, status: StatusCode, text: &str, reference: &str) -> Response {
    let title = i18n::text(lang, &format!("error-title-{}", status.as_u16()));
    let chrome = Chrome::new(lang, title, "/", "", false);
    let page = minijinja::context! { message => text, reference => reference };
    match render("message.html", &chrome, &page) {
        Ok(html) => (status, Html(html)).into_response(),
        // The message page itself failed: plain text, still no internals.
        Err(_) => (status, text.to_owned()).into_response(),
    }
}

/// A failure the reader cannot act on: logged in full under a reference, answered with
/// a plain message and the reference only (database text never reaches the page).
fn internal(lang: Lang, error: &dyn std::fmt::Display) -> Response {
    let reference = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
    tracing::error!(reference = %reference, error = %error, "dashboard failed");
    let text = i18n::text_with(
        lang,
        "error-internal",
        &[("reference", Arg::Text(reference.clone()))],
    );
    message(lang, StatusCode::INTERNAL_SERVER_ERROR, &text, "")
}

async fn not_found(headers: HeaderMap, uri: axum::http::Uri) -> Response {
    let lang = session::language(&headers, None);
    let text = i18n::text_with(
        lang,
        "error-unknown-region",
        &[("code", Arg::Text(uri.path().chars().take(80).collect()))],
    );
    message(lang, StatusCode::NOT_FOUND, &text, "")
}

/// The reader of a page; `?token=` (the link `berdaya up` prints) is exchanged for a
/// session like a sign-in and the browser sent on to the clean URL.
fn reader(
    state: &Dashboard,
    headers: &HeaderMap,
    params: &Params,
    lang: Lang,
    path: &str,
) -> Result<Principal, Box<Response>> {
    if let Some(token) = &params.token {
        return Err(Box::new(session::exchange(
            state, headers, token, path, lang,
        )));
    }
    session::reader(state, headers, lang, path)
}

/// The entry page: the provinces with figures for a national reader (straight to the
/// province when there is one), else the reader's own first region.
async fn overview(
    State(state): State<Dashboard>,
    headers: HeaderMap,
    Query(params): Query<Params>,
) -> Response {
    let lang = session::language(&headers, params.lang.as_deref());
    let principal = match reader(&state, &headers, &params, lang, "/") {
        Ok(principal) => principal,
        Err(response) => return *response,
    };
    if !principal.regions.iter().any(|r| r == ALL_REGIONS) {
        return match principal.regions.first() {
            Some(region) => Redirect::to(&format!("/region/{region}")).into_response(),
            None => message(
                lang,
                StatusCode::FORBIDDEN,
                &i18n::text(lang, "error-no-region"),
                "",
            ),
        };
    }
    let (_, to) = page_range(None, params.to.as_deref());
    match state
        .model
        .breakdown("", &to, crate::contexts::households::ACTIVE)
        .await
    {
        Ok(provinces) if provinces.len() == 1 => {
            Redirect::to(&format!("/region/{}", provinces[0].0)).into_response()
        }
        Ok(provinces) => view::national(lang, &provinces, state.regions)
            .map_or_else(|e| internal(lang, &e), |html| Html(html).into_response()),
        Err(e) => internal(lang, &e),
    }
}

async fn region(
    State(state): State<Dashboard>,
    Path(code): Path<String>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    Query(params): Query<Params>,
) -> Response {
    let lang = session::language(&headers, params.lang.as_deref());
    if state.regions.validate_prefix(&code).is_err() {
        let text = i18n::text_with(
            lang,
            "error-unknown-region",
            &[("code", Arg::Text(code.chars().take(40).collect()))],
        );
        return message(lang, StatusCode::NOT_FOUND, &text, "");
    }
    let path = format!("/region/{code}");
    let principal = match reader(&state, &headers, &params, lang, &path) {
        Ok(principal) => principal,
        Err(response) => return *response,
    };
    if principal.can_read(&code, "region").is_err() {
        let text = i18n::text_with(lang, "error-forbidden", &[("code", Arg::Text(code))]);
        return message(lang, StatusCode::FORBIDDEN, &text, "");
    }
    let (from, to) = page_range(params.from.as_deref(), params.to.as_deref());
    let period = params
        .view
        .as_deref()
        .and_then(Period::parse)
        .unwrap_or_default();
    let series = match state.model.series(&code, &from, &to, &[]).await {
        Ok(series) => series,
        Err(e) => return internal(lang, &e),
    };
    let children = match state.model.child_series(&code, &from, &to).await {
        Ok(children) => children,
        Err(e) => return internal(lang, &e),
    };
    let freshness = state.model.freshness().await.ok();
    let page = view::RegionInput {
        lang,
        code: &code,
        from: &from,
        to: &to,
        period,
        series: &series,
        children: &children,
        freshness: freshness.as_ref(),
        regions: state.regions,
        query: uri.query().unwrap_or_default(),
    };
    view::region(&page).map_or_else(|e| internal(lang, &e), |html| Html(html).into_response())
}

#[derive(Debug, Deserialize)]
struct ExportParams {
    region: String,
    from: Option<String>,
    to: Option<String>,
    lang: Option<String>,
    /// `;` or `,` (CSV only).
    sep: Option<String>,
    /// `codes` for the machine form (CSV only).
    form: Option<String>,
}

/// The checked reader and months of an export, or the answer instead.
fn export_request(
    state: &Dashboard,
    headers: &HeaderMap,
    params: &ExportParams,
    lang: Lang,
    path: &str,
) -> Result<(String, String), Box<Response>> {
    if state.regions.validate_prefix(&params.region).is_err() {
        let text = i18n::text_with(
            lang,
            "error-unknown-region",
            &[("code", Arg::Text(params.region.chars().take(40).collect()))],
        );
        return Err(Box::new(message(lang, StatusCode::BAD_REQUEST, &text, "")));
    }
    let principal = session::reader(state, headers, lang, path)?;
    if principal.can_read(&params.region, "region").is_err() {
        let text = i18n::text_with(
            lang,
            "error-forbidden",
            &[("code", Arg::Text(params.region.clone()))],
        );
        return Err(Box::new(message(lang, StatusCode::FORBIDDEN, &text, "")));
    }
    Ok(page_range(params.from.as_deref(), params.to.as_deref()))
}

fn download(content_type: &str, name: String, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

async fn export_csv(
    State(state): State<Dashboard>,
    headers: HeaderMap,
    Query(params): Query<ExportParams>,
) -> Response {
    let lang = session::language(&headers, params.lang.as_deref());
    let (from, to) = match export_request(&state, &headers, &params, lang, "/export.csv") {
        Ok(range) => range,
        Err(response) => return *response,
    };
    let name = format!("berdaya-{}-{from}-{to}.csv", params.region);
    if params.form.as_deref() == Some("codes") {
        return match state.model.csv(&params.region, &from, &to).await {
            Ok(csv) => download("text/csv; charset=utf-8", name, csv.into_bytes()),
            Err(e) => internal(lang, &e),
        };
    }
    let separator = match params.sep.as_deref() {
        Some(",") => b',',
        Some(";") => b';',
        _ => export::default_separator(lang),
    };
    let rows = match export::rows(
        &state.model,
        state.regions,
        lang,
        &params.region,
        &from,
        &to,
    )
    .await
    {
        Ok(rows) => rows,
        Err(e) => return internal(lang, &e),
    };
    match export::csv(lang, separator, &rows) {
        Ok(bytes) => download("text/csv; charset=utf-8", name, bytes),
        Err(e) => internal(lang, &e),
    }
}

async fn export_xlsx(
    State(state): State<Dashboard>,
    headers: HeaderMap,
    Query(params): Query<ExportParams>,
) -> Response {
    let lang = session::language(&headers, params.lang.as_deref());
    let (from, to) = match export_request(&state, &headers, &params, lang, "/export.xlsx") {
        Ok(range) => range,
        Err(response) => return *response,
    };
    let rows = match export::rows(
        &state.model,
        state.regions,
        lang,
        &params.region,
        &from,
        &to,
    )
    .await
    {
        Ok(rows) => rows,
        Err(e) => return internal(lang, &e),
    };
    match export::workbook(lang, &rows) {
        Ok(bytes) => download(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            format!("berdaya-{}-{from}-{to}.xlsx", params.region),
            bytes,
        ),
        Err(e) => internal(lang, &e),
    }
}
