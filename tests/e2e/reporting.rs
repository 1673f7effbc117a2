//! End-to-end: the demo province's events flow into the reporting projection of the real
//! binary; the figures come back over gRPC, as CSV and on the dashboard, and a rebuild
//! from the log gives the same bytes.

use crate::common;

use std::time::Duration;

use berdaya_proto::berdaya::common::v1::PageRequest;
use berdaya_proto::berdaya::households::v1 as hh;
use berdaya_proto::berdaya::reporting::v1 as pb;
use common::{Berdaya, this_month};
use tonic::Code;

async fn registered_in_province(berdaya: &Berdaya) -> usize {
    let mut client = berdaya.households(&berdaya.admin_token).await;
    client
        .list_households(hh::ListHouseholdsRequest {
            region_prefix: "35".into(),
            page: Some(PageRequest {
                page_size: 500,
                page_token: String::new(),
            }),
        })
        .await
        .expect("list")
        .into_inner()
        .households
        .len()
}

/// Waits until the projection shows `expected` households registered in East Java.
async fn wait_for_projection(berdaya: &Berdaya, expected: i64) -> pb::GetIndicatorsResponse {
    let mut client = berdaya.reporting(&berdaya.admin_token).await;
    let month = this_month();
    let mut last = None;
    for _ in 0..200 {
        let response = client
            .get_indicators(pb::GetIndicatorsRequest {
                region_prefix: "35".into(),
                from_month: month.clone(),
                to_month: month.clone(),
                indicators: vec![],
            })
            .await
            .expect("indicators")
            .into_inner();
        let registered = response
            .series
            .iter()
            .find(|s| s.indicator == "registry.households_registered")
            .map(|s| s.points[0].value);
        if registered == Some(expected) {
            return response;
        }
        last = registered;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("projection shows {last:?} households registered, expected {expected}");
}

/// Waits (bounded) until the figures of `indicator` for East Java in `from..=to` (its total
/// over every dimension, month by month) satisfy `done`; returns them.
async fn wait_for_months(
    berdaya: &Berdaya,
    indicator: &str,
    (from, to): (&str, &str),
    done: impl Fn(&[i64]) -> bool,
) -> Vec<i64> {
    let mut client = berdaya.reporting(&berdaya.admin_token).await;
    let mut months = Vec::new();
    for _ in 0..100 {
        let response = client
            .get_indicators(pb::GetIndicatorsRequest {
                region_prefix: "35".into(),
                from_month: from.into(),
                to_month: to.into(),
                indicators: vec![indicator.into()],
            })
            .await
            .unwrap_or_else(|s| panic!("{indicator}: {s}"))
            .into_inner();
        months = vec![0; response.series.first().map_or(0, |s| s.points.len())];
        for series in &response.series {
            for (total, point) in months.iter_mut().zip(&series.points) {
                *total += point.value;
            }
        }
        if done(&months) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    months
}

/// Waits (bounded) until `indicator` has a non-zero figure for East Java in the current
/// month; returns its total over every dimension.
async fn wait_for_indicator(berdaya: &Berdaya, indicator: &str) -> i64 {
    let month = this_month();
    let any = |months: &[i64]| months.iter().any(|m| *m != 0);
    wait_for_months(berdaya, indicator, (&month, &month), any)
        .await
        .iter()
        .sum()
}

/// The dashboard card titled `title`: from its heading to the next card.
fn card<'a>(html: &'a str, title: &str) -> &'a str {
    let heading = format!("<h3>{title}</h3>");
    let start = html
        .find(&heading)
        .unwrap_or_else(|| panic!("no {title:?} card"));
    let rest = &html[start..];
    let end = rest.find("<div class=\"card\"").unwrap_or(rest.len());
    &rest[..end]
}

#[tokio::test]
async fn the_demo_province_shows_on_the_api_the_csv_and_the_dashboard() {
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = Berdaya::up(dir.path(), &["--demo"]);
    let households = registered_in_province(&berdaya).await;
    assert!(households >= 50);
    let response = wait_for_projection(&berdaya, households as i64).await;
    assert_eq!(response.region_name, "Jawa Timur");
    let active: i64 = response
        .series
        .iter()
        .filter(|s| s.indicator == "registry.households_active")
        .map(|s| s.points[0].value)
        .sum();
    assert_eq!(
        active, households as i64,
        "every demo household is active, spread over deciles"
    );

    // The demo's KUBE groups reach strategy 2 through the enterprise log.
    let groups = wait_for_indicator(&berdaya, "enterprise.groups").await;
    assert!(groups >= 5, "demo KUBE groups in the projection: {groups}");

    // The demo's activities (strategy 1) and savings (strategy 3) are dated May to
    // October 2026, one activity a month per village and monthly deposits, though all
    // recorded today: each counts in the month it happened, so the months from May to
    // October have figures and the month they were recorded has none of them.
    let every = |months: &[i64]| months.iter().all(|m| *m > 0);
    for indicator in [
        "participation.activities_planned",
        "participation.activities_held",
        "participation.attendance",
        "participation.households_reached",
        "savings.deposits",
        "savings.households_saving",
    ] {
        let months = wait_for_months(&berdaya, indicator, ("2026-05", "2026-10"), every).await;
        assert!(
            every(&months),
            "{indicator} for 35 in each month from 2026-05 to 2026-10: {months:?}"
        );
    }
    let some = |months: &[i64]| months.iter().any(|m| *m > 0);
    for (indicator, range) in [
        ("participation.actions_completed", ("2026-05", "2026-12")),
        ("savings.goals", ("2026-05", "2026-10")),
        ("savings.accounts_open", ("2026-05", "2026-05")),
        // The school-year withdrawals are July's.
        ("savings.withdrawals", ("2026-07", "2026-07")),
    ] {
        let months = wait_for_months(&berdaya, indicator, range, some).await;
        assert!(some(&months), "{indicator} in {range:?}: {months:?}");
    }
    let recorded = this_month();
    let mut client = berdaya.reporting(&berdaya.admin_token).await;
    let response = client
        .get_indicators(pb::GetIndicatorsRequest {
            region_prefix: "35".into(),
            from_month: recorded.clone(),
            to_month: recorded.clone(),
            indicators: vec![
                "participation.activities_held".into(),
                "savings.deposits".into(),
            ],
        })
        .await
        .expect("indicators")
        .into_inner();
    assert!(
        response.series.iter().all(|s| s.points[0].value == 0),
        "nothing dated earlier counts in {recorded}, the month it was recorded: {:?}",
        response.series
    );

    // Drill-down: the three demo regencies.
    let mut client = berdaya.reporting(&berdaya.admin_token).await;
    let breakdown = client
        .get_region_breakdown(pb::GetRegionBreakdownRequest {
            region_prefix: "35".into(),
            month: this_month(),
            indicator: "registry.households_active".into(),
        })
        .await
        .expect("breakdown")
        .into_inner();
    let codes: Vec<&str> = breakdown
        .regions
        .iter()
        .map(|r| r.region_code.as_str())
        .collect();
    assert_eq!(codes, vec!["35.07", "35.09", "35.78"]);
    assert_eq!(breakdown.regions[2].region_name, "Kota Surabaya");

    // Bad input is named.
    let status = client
        .get_indicators(pb::GetIndicatorsRequest {
            region_prefix: "35".into(),
            from_month: "2026-13".into(),
            to_month: this_month(),
            indicators: vec![],
        })
        .await
        .expect_err("bad month");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert!(
        status.message().contains("from_month"),
        "{}",
        status.message()
    );
    let caseworker = berdaya.token(&["caseworker"], &["35.78"], "cw");
    let status = berdaya
        .reporting(&caseworker)
        .await
        .get_indicators(pb::GetIndicatorsRequest {
            region_prefix: "35".into(),
            from_month: this_month(),
            to_month: this_month(),
            indicators: vec![],
        })
        .await
        .expect_err("outside region");
    assert_eq!(status.code(), Code::PermissionDenied);

    // The dashboard shows the same figures, without a browser.
    let http = reqwest::Client::new();
    let page = http
        .get(format!("{}/region/35", berdaya.dashboard))
        .bearer_auth(&berdaya.admin_token)
        .send()
        .await
        .expect("dashboard");
    assert_eq!(page.status(), 200);
    // Scripts and styles come only from the dashboard itself, none inline, and the page
    // cannot be framed.
    let csp = page
        .headers()
        .get("content-security-policy")
        .unwrap_or_else(|| panic!("no CSP on {:?}: {:?}", page.url(), page.headers()))
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
    let html = page.text().await.expect("html");
    assert!(!html.contains("<style>"), "inline style");
    for script in html.split("<script").skip(1) {
        assert!(
            script.starts_with(" src=") || script.starts_with(" type=\"application/json\""),
            "inline script: <script{}",
            &script[..script.len().min(80)]
        );
    }
    for (asset, marker) in [
        ("dashboard.js", "new window.Chart("),
        ("dashboard.css", "font-family"),
    ] {
        let served = http
            .get(format!("{}/assets/{asset}", berdaya.dashboard))
            .send()
            .await
            .expect(asset);
        assert_eq!(served.status(), 200, "{asset}");
        assert!(
            served.text().await.expect(asset).contains(marker),
            "{asset}"
        );
    }
    assert!(html.contains("Jawa Timur"));
    // The demo's resolved advocacy case took 22 days; the card says the median.
    assert!(
        html.contains("Median: 22 hari ("),
        "{}",
        card(&html, "Lama penyelesaian kasus")
    );
    // In Bahasa Indonesia, with labels instead of enum names.
    assert!(html.contains("<html lang=\"id\">"));
    assert!(html.contains("Rumah tangga terdaftar"));
    assert!(
        html.contains("Kelompok KUBE menurut tahap"),
        "strategy 2 has figures"
    );
    for title in ["Kegiatan terlaksana", "Setoran"] {
        let card = card(&html, title);
        assert!(
            card.contains("<td class=\"n\">") && !card.contains("Tidak ada angka pada periode ini"),
            "the {title:?} card has figures: {card}"
        );
    }
    assert!(
        html.contains(&format!("<td class=\"n\">{households}</td>")),
        "the registered count is on the page"
    );
    assert!(
        html.contains("Kota Surabaya"),
        "drill-down lists the regencies"
    );
    assert!(html.contains("/assets/chart.umd.min.js"));
    let script = http
        .get(format!("{}/assets/chart.umd.min.js", berdaya.dashboard))
        .send()
        .await
        .expect("chart.js");
    assert_eq!(script.status(), 200);
    assert!(script.text().await.expect("js").contains("Chart.js v4"));
    let anonymous = http
        .get(format!("{}/region/35", berdaya.dashboard))
        .send()
        .await
        .expect("anonymous");
    assert_eq!(anonymous.status(), 401);
    let outside = http
        .get(format!("{}/region/33", berdaya.dashboard))
        .bearer_auth(&caseworker)
        .send()
        .await
        .expect("outside");
    assert_eq!(outside.status(), 403);

    // A rebuild from the log, while the server runs, gives byte-identical figures.
    let live = berdaya.machine_csv().await;
    assert!(live.lines().count() > 20);
    let output = std::process::Command::new(common::binary())
        .args(["reporting", "rebuild", "--data-dir"])
        .arg(dir.path())
        .output()
        .expect("rebuild");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("rebuilt reporting from"));
    assert_eq!(berdaya.machine_csv().await, live, "live == rebuilt");

    // Auditors: the figures as they stood at a moment. Now, they are today's; before
    // anything was recorded, there are none.
    let as_of = |at: &str| {
        let output = std::process::Command::new(common::binary())
            .args([
                "reporting",
                "as-of",
                "--region",
                "35",
                "--at",
                at,
                "--data-dir",
            ])
            .arg(dir.path())
            .output()
            .expect("as-of");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("utf8")
    };
    let now = chrono::Utc::now().to_rfc3339();
    assert_eq!(as_of(&now), live, "as of now == live");
    assert_eq!(
        as_of("2000-01-01T00:00:00+07:00"),
        "region,month,indicator,dimension,value\n"
    );
}
