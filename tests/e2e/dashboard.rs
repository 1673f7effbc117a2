//! The dashboard as an officer's browser meets it, over HTTP against the real binary on
//! the demo province: signing in and out, the session's lifetime, the language, the
//! exports an officer opens in a spreadsheet (read back with the `csv` and `calamine`
//! crates), and the security headers. `browser.rs` drives the same pages in Chromium.

use std::io::Write as _;

use base64::Engine as _;
use berdaya_proto::berdaya::reporting::v1 as pb;
use calamine::Reader as _;
use reqwest::redirect::Policy;
use tonic::Code;

use crate::common::Berdaya;

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("http client")
}

/// `berdaya up --demo` with `[dashboard] session_hours = 2`.
fn demo(dir: &std::path::Path) -> Berdaya {
    let config = dir.join("berdaya.toml");
    let mut file = std::fs::File::create(&config).expect("config");
    writeln!(file, "[dashboard]\nsession_hours = 2").expect("write config");
    let data = dir.join("data");
    Berdaya::up(
        &data,
        &["--demo", "--config", config.to_str().expect("utf-8 path")],
    )
}

fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(ToOwned::to_owned)
}

fn max_age(cookie: &str) -> i64 {
    cookie
        .split(';')
        .find_map(|part| part.trim().strip_prefix("Max-Age="))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no Max-Age in {cookie}"))
}

/// The `exp - iat` of a JWT, in seconds (read without checking: the server checks).
fn lifetime(token: &str) -> i64 {
    let payload = token.split('.').nth(1).expect("a JWT");
    let json = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url");
    let claims: serde_json::Value = serde_json::from_slice(&json).expect("claims");
    claims["exp"].as_i64().expect("exp") - claims["iat"].as_i64().expect("iat")
}

async fn sign_in(berdaya: &Berdaya, token: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = client()
        .post(format!("{}/login", berdaya.dashboard))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("token={token}&next=%2Fregion%2F35&lang=id"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("sign in")
}

#[tokio::test]
async fn an_officer_signs_in_for_a_session_that_ends_on_time_and_on_sign_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = demo(dir.path());
    let http = client();

    // Without a session the page is the sign-in form, in Indonesian, not a CLI hint.
    let anonymous = http
        .get(format!("{}/region/35", berdaya.dashboard))
        .send()
        .await
        .expect("anonymous");
    assert_eq!(anonymous.status(), 401);
    assert_eq!(anonymous.headers()["x-frame-options"], "DENY");
    let html = anonymous.text().await.expect("html");
    assert!(html.contains("<html lang=\"id\">"), "{html}");
    assert!(html.contains("name=\"token\""), "{html}");
    assert!(html.contains("Sesi berlaku 2 jam"), "{html}");
    assert!(html.contains("value=\"/region/35\""), "{html}");
    assert!(!html.contains("berdaya token issue"), "{html}");

    // A wrong token is refused on the same form.
    let refused = sign_in(&berdaya, "not-a-token", &[]).await;
    assert_eq!(refused.status(), 401);
    assert!(set_cookie(&refused, "berdaya_session").is_none());
    let html = refused.text().await.expect("html");
    assert!(html.contains("Token tidak berlaku"), "{html}");

    // A good one opens a session of the configured two hours.
    let signed_in = sign_in(&berdaya, &berdaya.admin_token, &[]).await;
    assert_eq!(signed_in.status(), 303);
    assert_eq!(signed_in.headers()["location"], "/region/35");
    let cookie = set_cookie(&signed_in, "berdaya_session").expect("session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    let age = max_age(&cookie);
    assert!((7000..=7200).contains(&age), "{cookie}");
    let session = cookie
        .split(';')
        .next()
        .and_then(|pair| pair.split_once('='))
        .map(|(_, value)| value.to_owned())
        .expect("value");
    assert_eq!(lifetime(&session), 7200, "the server ends the session too");
    let page = http
        .get(format!("{}/region/35", berdaya.dashboard))
        .header("cookie", format!("berdaya_session={session}"))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    assert!(page.text().await.expect("html").contains("id=\"logout\""));

    // Over TLS (the ingress says so) the cookie is Secure.
    let tls = sign_in(
        &berdaya,
        &berdaya.admin_token,
        &[("x-forwarded-proto", "https")],
    )
    .await;
    let cookie = set_cookie(&tls, "berdaya_session").expect("session cookie");
    assert!(cookie.contains("; Secure"), "{cookie}");

    // A session never outlives the token it was opened with.
    let short = berdaya.token_for_hours(&["auditor"], &["35"], "auditor-1", 1);
    let response = sign_in(&berdaya, &short, &[]).await;
    let cookie = set_cookie(&response, "berdaya_session").expect("session cookie");
    assert!(max_age(&cookie) <= 3600, "{cookie}");

    // Sign-out removes the cookie and says so.
    let out = http
        .post(format!("{}/logout", berdaya.dashboard))
        .header("cookie", format!("berdaya_session={session}"))
        .send()
        .await
        .expect("logout");
    assert_eq!(out.status(), 303);
    assert_eq!(out.headers()["location"], "/login?bye=1");
    let cleared = set_cookie(&out, "berdaya_session").expect("cleared cookie");
    assert_eq!(max_age(&cleared), 0, "{cleared}");
    let bye = http
        .get(format!("{}/login?bye=1", berdaya.dashboard))
        .send()
        .await
        .expect("bye");
    assert!(
        bye.text()
            .await
            .expect("html")
            .contains("Anda sudah keluar.")
    );
}

#[tokio::test]
async fn the_page_speaks_english_when_asked_and_remembers_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = demo(dir.path());
    let http = client();
    let get = |query: &str, headers: Vec<(&'static str, String)>| {
        let mut request = http
            .get(format!("{}/region/35{query}", berdaya.dashboard))
            .bearer_auth(&berdaya.admin_token);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        request.send()
    };
    let indonesian = get("", vec![]).await.expect("page");
    let html = indonesian.text().await.expect("html");
    assert!(html.contains("<html lang=\"id\">"));
    assert!(html.contains("Wilayah di bawahnya"), "drill-down first");
    assert!(html.contains("<h1>Provinsi Jawa Timur</h1>"), "{html}");

    let english = get("?lang=en", vec![]).await.expect("page");
    let remembered = set_cookie(&english, "berdaya_lang").expect("language cookie");
    assert!(remembered.starts_with("berdaya_lang=en;"), "{remembered}");
    let html = english.text().await.expect("html");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Regions below"), "{html}");
    assert!(html.contains("<h1>Jawa Timur Province</h1>"), "{html}");
    assert!(html.contains("Kota Surabaya"), "{html}");

    let by_cookie = get("", vec![("cookie", "berdaya_lang=en".to_owned())])
        .await
        .expect("page");
    assert!(
        by_cookie
            .text()
            .await
            .expect("html")
            .contains("<html lang=\"en\">")
    );
    let by_browser = get("", vec![("accept-language", "en-GB,en;q=0.9".to_owned())])
        .await
        .expect("page");
    assert!(
        by_browser
            .text()
            .await
            .expect("html")
            .contains("<html lang=\"en\">")
    );

    // A quarter view groups the months; an unknown region is a plain 404 page.
    let quarters = get("?view=quarter&from=2026-01&to=2026-12", vec![])
        .await
        .expect("page");
    let html = quarters.text().await.expect("html");
    assert!(
        html.contains("Triwulan 4 2026"),
        "quarter labels in the chart data"
    );
    let missing = http
        .get(format!("{}/region/99", berdaya.dashboard))
        .bearer_auth(&berdaya.admin_token)
        .send()
        .await
        .expect("404");
    assert_eq!(missing.status(), 404);
    assert!(missing.headers().contains_key("content-security-policy"));
    assert!(
        missing
            .text()
            .await
            .expect("html")
            .contains("Wilayah 99 tidak dikenal")
    );
}

#[tokio::test]
async fn exports_open_in_a_spreadsheet_with_names_titles_and_a_sheet_per_strategy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = demo(dir.path());
    let http = client();
    let download = |query: String| {
        http.get(format!("{}{query}", berdaya.dashboard))
            .bearer_auth(&berdaya.admin_token)
            .send()
    };
    let range = "region=35&from=2026-01&to=2026-12";

    // CSV for Excel set to Indonesian: byte-order mark, `;`, names and titles.
    let response = download(format!("/export.csv?{range}")).await.expect("csv");
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.expect("bytes").to_vec();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(headers.len(), 11);
    assert_eq!(&headers[1], "nama_wilayah");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert!(rows.len() > 100, "{} rows", rows.len());
    assert!(
        rows.iter()
            .any(|r| &r[1] == "Kota Surabaya" && &r[2] == "Kabupaten/Kota"),
        "child regions by name and level"
    );
    assert!(rows.iter().any(|r| &r[1] == "Provinsi Jawa Timur"));
    assert!(
        rows.iter()
            .any(|r| &r[6] == "Rumah tangga aktif menurut desil DTSEN")
    );
    assert!(rows.iter().any(|r| r[8].starts_with("Desil ")));
    assert!(
        rows.iter()
            .all(|r| !r[8].contains("FAMILY_DEVELOPMENT_SESSION")),
        "labels, not enum names"
    );

    // In English, comma-separated, unless `;` is asked for.
    let english = download(format!("/export.csv?{range}&lang=en"))
        .await
        .expect("csv")
        .bytes()
        .await
        .expect("bytes");
    let text = String::from_utf8(english[3..].to_vec()).expect("utf-8");
    assert!(
        text.starts_with("region_code,region_name,level,month"),
        "{}",
        &text[..80]
    );
    assert!(text.contains("Jawa Timur Province"));
    let semicolons = download(format!("/export.csv?{range}&lang=en&sep=;"))
        .await
        .expect("csv")
        .text()
        .await
        .expect("text");
    assert!(semicolons.contains("region_code;region_name"));

    // The machine form is unchanged: codes only.
    let codes = download(format!("/export.csv?{range}&form=codes"))
        .await
        .expect("csv")
        .text()
        .await
        .expect("text");
    assert!(codes.starts_with("region,month,indicator,dimension,value\n"));

    // The workbook: one sheet per strategy, figures as numbers.
    let response = download(format!("/export.xlsx?{range}"))
        .await
        .expect("xlsx");
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .expect("ascii")
            .contains("berdaya-35-2026-01-2026-12.xlsx")
    );
    let bytes = response.bytes().await.expect("bytes").to_vec();
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.clone())).expect("xlsx");
    assert_eq!(book.sheet_names().len(), 8);
    let registry = book.worksheet_range("Registrasi").expect("registry sheet");
    assert!(registry.height() > 10);
    assert!(
        registry.rows().any(|row| row
            .get(9)
            .and_then(calamine::DataType::as_f64)
            .is_some_and(|v| v > 0.0)),
        "figures are numbers"
    );

    // The same over gRPC, and bad options are named.
    let mut reporting = berdaya.reporting(&berdaya.admin_token).await;
    let mut stream = reporting
        .export_workbook(pb::ExportWorkbookRequest {
            region_prefix: "35".into(),
            from_month: "2026-01".into(),
            to_month: "2026-12".into(),
            language: "en".into(),
        })
        .await
        .expect("ExportWorkbook")
        .into_inner();
    let mut grpc_bytes = Vec::new();
    while let Some(chunk) = stream.message().await.expect("chunk") {
        grpc_bytes.extend(chunk.data);
    }
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(grpc_bytes)).expect("xlsx");
    assert!(book.sheet_names().contains(&"3 Savings".to_owned()));
    assert!(book.worksheet_range("3 Savings").expect("sheet").height() > 1);
    let mut stream = reporting
        .export_csv(pb::ExportCsvRequest {
            region_prefix: "35".into(),
            from_month: "2026-01".into(),
            to_month: "2026-12".into(),
            language: "id".into(),
            separator: String::new(),
        })
        .await
        .expect("ExportCsv")
        .into_inner();
    let mut grpc_csv = Vec::new();
    while let Some(chunk) = stream.message().await.expect("chunk") {
        grpc_csv.extend(chunk.data);
    }
    let page_csv = download(format!("/export.csv?{range}"))
        .await
        .expect("csv")
        .bytes()
        .await
        .expect("bytes");
    assert_eq!(
        grpc_csv,
        page_csv.to_vec(),
        "gRPC and the page give the same file"
    );
    for (request, field) in [
        (
            pb::ExportCsvRequest {
                region_prefix: "35".into(),
                separator: ";".into(),
                ..Default::default()
            },
            "separator",
        ),
        (
            pb::ExportCsvRequest {
                region_prefix: "35".into(),
                language: "fr".into(),
                ..Default::default()
            },
            "language",
        ),
    ] {
        let status = reporting.export_csv(request).await.expect_err("refused");
        assert_eq!(status.code(), Code::InvalidArgument);
        assert!(status.message().contains(field), "{}", status.message());
    }
    let titles = reporting
        .list_indicators(pb::ListIndicatorsRequest {
            language: "id".into(),
        })
        .await
        .expect("ListIndicators")
        .into_inner();
    let deposits = titles
        .indicators
        .iter()
        .find(|i| i.id == "savings.deposits")
        .expect("deposits");
    assert_eq!(deposits.title, "Setoran");
    assert_eq!(deposits.unit, "rupiah");
}
