//! Who reads the dashboard, and in which language.
//!
//! Sign-in: an officer pastes the access token an administrator issued on `/login`; the
//! dashboard checks it and answers with a session cookie holding a new token for the
//! same subject, roles and regions that lives for the configured session length (never
//! longer than the token it came from). The cookie is `HttpOnly` and `SameSite=Strict`,
//! and `Secure` when the dashboard is reached over TLS. Because the session is itself a
//! signed token, every replica of the dashboard accepts it and none keeps state;
//! `/logout` removes it. An `Authorization: Bearer` header works too, for scripts.
//!
//! Language: `?lang=id|en` (remembered in a cookie for a year), else that cookie, else
//! the browser's `Accept-Language`, else Bahasa Indonesia.

use axum::extract::{Form, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use berdaya_platform::Principal;
use chrono::Utc;
use serde::Deserialize;

use super::templates::{Chrome, render};
use super::{Dashboard, internal};
use crate::i18n::{self, Arg, Lang};

/// The cookie that carries the session token.
pub const COOKIE: &str = "berdaya_session";
/// The cookie that remembers the language.
pub const LANG_COOKIE: &str = "berdaya_lang";

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The language of a request: `lang` (from the query or a form), the remembered
/// choice, the browser's, Indonesian.
pub(super) fn language(headers: &HeaderMap, asked: Option<&str>) -> Lang {
    asked
        .and_then(Lang::parse)
        .or_else(|| cookie(headers, LANG_COOKIE).and_then(Lang::parse))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

/// Remembers `?lang=` for a year (a middleware: every page takes the parameter).
pub(super) async fn remember_language(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let chosen = request.uri().query().and_then(|q| {
        q.split('&')
            .filter_map(|pair| pair.strip_prefix("lang="))
            .find_map(Lang::parse)
    });
    let mut response = next.run(request).await;
    if let Some(lang) = chosen {
        let value = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        );
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// True when the request reached us over TLS (directly or through the ingress, which
/// says so in `X-Forwarded-Proto`), or the settings say cookies are always `Secure`.
fn secure(state: &Dashboard, headers: &HeaderMap) -> bool {
    state.settings.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// The reader of a page, or the answer instead: the sign-in page (401) when there is no
/// valid session, so the officer can sign in where they are.
pub(super) fn reader(
    state: &Dashboard,
    headers: &HeaderMap,
    lang: Lang,
    path: &str,
) -> Result<Principal, Box<Response>> {
    let token = bearer(headers).or_else(|| cookie(headers, COOKIE));
    let refused = |expired: bool| {
        Box::new(login_page(
            state,
            lang,
            StatusCode::UNAUTHORIZED,
            path,
            expired,
            None,
        ))
    };
    let Some(token) = token else {
        return Err(refused(false));
    };
    state.jwt.verify(token).map_err(|e| {
        tracing::info!(reason = %e, "dashboard refused a token");
        refused(true)
    })
}

/// Where to go after signing in: a path on this site only (never `//host` or a URL).
fn local_path(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/"
    }
}

fn login_page(
    state: &Dashboard,
    lang: Lang,
    status: StatusCode,
    next: &str,
    refused: bool,
    notice: Option<String>,
) -> Response {
    let hours = i64::try_from(state.settings.session_hours).unwrap_or(i64::MAX);
    let intro = i18n::text_with(lang, "login-intro", &[("hours", Arg::Number(hours))]);
    let chrome = Chrome::new(lang, i18n::text(lang, "login-title"), "/login", "", false);
    let page = minijinja::context! {
        intro => intro,
        next => local_path(next),
        refused => refused,
        notice => notice.unwrap_or_default(),
    };
    match render("login.html", &chrome, &page) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => internal(lang, &e),
    }
}

/// The sign-in page's parameters.
#[derive(Debug, Default, Deserialize)]
pub(super) struct LoginQuery {
    next: Option<String>,
    lang: Option<String>,
    bye: Option<String>,
}

/// `GET /login`.
pub(super) async fn show_login(
    State(state): State<Dashboard>,
    headers: HeaderMap,
    axum::extract::Query(query): axum::extract::Query<LoginQuery>,
) -> Response {
    let lang = language(&headers, query.lang.as_deref());
    let notice = query.bye.map(|_| i18n::text(lang, "logged-out"));
    login_page(
        &state,
        lang,
        StatusCode::OK,
        query.next.as_deref().unwrap_or("/"),
        false,
        notice,
    )
}

/// What the sign-in form sends.
#[derive(Debug, Deserialize)]
pub(super) struct LoginForm {
    token: String,
    #[serde(default)]
    next: String,
    #[serde(default)]
    lang: String,
}

/// `POST /login`: exchanges a valid token for a session cookie.
pub(super) async fn sign_in(
    State(state): State<Dashboard>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let lang = language(&headers, Some(&form.lang));
    exchange(&state, &headers, form.token.trim(), &form.next, lang)
}

/// Opens a session for `token` and sends the browser on to `next`; the sign-in page
/// again (401) when the token is not valid.
pub(super) fn exchange(
    state: &Dashboard,
    headers: &HeaderMap,
    token: &str,
    next: &str,
    lang: Lang,
) -> Response {
    let refused = || login_page(state, lang, StatusCode::UNAUTHORIZED, next, true, None);
    let (principal, expires) = match state.jwt.verify_until(token) {
        Ok(verified) => verified,
        Err(e) => {
            tracing::info!(reason = %e, "dashboard sign-in refused");
            return refused();
        }
    };
    let session_hours = i64::try_from(state.settings.session_hours).unwrap_or(i64::MAX);
    let ttl = chrono::Duration::hours(session_hours)
        .min(expires - Utc::now())
        .min(state.jwt.max_lifetime());
    if ttl <= chrono::Duration::zero() {
        return refused();
    }
    let session = match state.jwt.issue(
        &principal.subject,
        &principal.roles,
        &principal.regions,
        ttl,
    ) {
        Ok(token) => token,
        Err(e) => return internal(lang, &e),
    };
    tracing::info!(subject = %principal.subject, minutes = ttl.num_minutes(), "dashboard session opened");
    let mut cookie = format!(
        "{COOKIE}={session}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}",
        ttl.num_seconds()
    );
    if secure(state, headers) {
        cookie.push_str("; Secure");
    }
    let mut response = Redirect::to(local_path(next)).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// `POST /logout`: ends the session in this browser.
pub(super) async fn sign_out(State(state): State<Dashboard>, headers: HeaderMap) -> Response {
    let mut cookie = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    if secure(&state, &headers) {
        cookie.push_str("; Secure");
    }
    let mut response = Redirect::to("/login?bye=1").into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_sign_in_only_a_path_of_this_site_is_followed() {
        assert_eq!(local_path("/region/35"), "/region/35");
        assert_eq!(local_path("//evil.example/x"), "/");
        assert_eq!(local_path("https://evil.example"), "/");
        assert_eq!(local_path("/\\evil.example"), "/");
        assert_eq!(local_path(""), "/");
    }

    #[test]
    fn the_language_is_asked_remembered_or_the_browsers() {
        let mut headers = HeaderMap::new();
        assert_eq!(language(&headers, None), Lang::Id);
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("en-US,en;q=0.9"),
        );
        assert_eq!(language(&headers, None), Lang::En);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=b; berdaya_lang=id"),
        );
        assert_eq!(language(&headers, None), Lang::Id);
        assert_eq!(language(&headers, Some("en")), Lang::En);
        assert_eq!(language(&headers, Some("xx")), Lang::Id);
    }
}
