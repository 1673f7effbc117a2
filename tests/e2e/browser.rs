//! The dashboard in a real browser: Debian's Chromium, headless, driven through
//! ChromeDriver (W3C WebDriver, with the `fantoccini` client) against `berdaya up
//! --demo`. An officer signs in on the form, the charts draw under the page's
//! Content-Security-Policy, the drill-down table sorts and links down, the export
//! downloads with the session, the language switches, and sign-out ends it.
//!
//! Set `SCREENSHOT_DIR=<dir>` to keep screenshots of the province page in both
//! languages at desktop and phone width (for checking by eye; never committed).

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::common::{self, Berdaya};

/// A ChromeDriver on a free port, stopped on drop.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start() -> Driver {
        let port = common::free_port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (scripts/services.sh installs chromium-driver)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }

    async fn browser(&self) -> Client {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1280,900",
                         "--lang=id-ID"],
                // An officer's browser set to Indonesian.
                "prefs": {"intl.accept_languages": "id-ID,id"}
            }),
        );
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a Chromium session")
    }
}

async fn text(browser: &Client, css: &str) -> String {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .expect("text")
}

async fn script(browser: &Client, source: &str) -> serde_json::Value {
    browser.execute(source, vec![]).await.expect(source)
}

/// Waits (bounded) until the page at `path` is loaded.
async fn wait_for_path(browser: &Client, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let url = browser.current_url().await.expect("url");
        let ready = script(browser, "return document.readyState").await;
        if url.path() == path && ready == "complete" {
            return;
        }
        assert!(Instant::now() < deadline, "still at {url}, not {path}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn screenshots(browser: &Client, name: &str) {
    let Ok(dir) = std::env::var("SCREENSHOT_DIR") else {
        return;
    };
    for (width, height, size) in [(1280, 900, "desktop"), (390, 844, "phone")] {
        browser
            .set_window_size(width, height)
            .await
            .expect("resize");
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = browser.screenshot().await.expect("screenshot");
        std::fs::write(format!("{dir}/{name}-{size}.png"), png).expect("write screenshot");
    }
    browser.set_window_size(1280, 900).await.expect("resize");
}

#[tokio::test]
async fn an_officer_signs_in_drills_down_exports_and_signs_out_in_chromium() {
    let dir = tempfile::tempdir().expect("tempdir");
    let berdaya = Berdaya::up(dir.path(), &["--demo"]);
    let driver = Driver::start();
    let browser = driver.browser().await;
    let base = &berdaya.dashboard;

    // The province page asks for sign-in first, in Bahasa Indonesia.
    browser
        .goto(&format!("{base}/region/35"))
        .await
        .expect("goto");
    assert_eq!(
        script(&browser, "return document.documentElement.lang").await,
        "id"
    );
    browser
        .find(Locator::Id("token"))
        .await
        .expect("token field")
        .send_keys(&berdaya.admin_token)
        .await
        .expect("type the token");
    browser
        .find(Locator::Id("sign-in"))
        .await
        .expect("button")
        .click()
        .await
        .expect("sign in");
    wait_for_path(&browser, "/region/35").await;
    assert_eq!(text(&browser, "h1").await, "Provinsi Jawa Timur");

    // The charts drew: the script ran under the CSP, with counts as whole numbers.
    let charts = script(
        &browser,
        "return window.Chart ? Object.keys(window.Chart.instances).length : -1",
    )
    .await;
    assert!(charts.as_i64().unwrap_or(0) > 10, "charts drawn: {charts}");
    let precision = script(
        &browser,
        "var c = Object.values(window.Chart.instances)[0]; return c.options.scales.y.ticks.precision",
    )
    .await;
    assert_eq!(precision, 0, "integer axes");

    // The drill-down table sorts by a figure, then links down.
    let heading = browser
        .find(Locator::Css("#children th:nth-child(3)"))
        .await
        .expect("key figure column");
    heading.click().await.expect("sort ascending");
    heading.click().await.expect("sort descending");
    let values = script(
        &browser,
        "return Array.from(document.querySelectorAll('#children tbody tr td:nth-child(3)')).map(td => Number(td.dataset.value))",
    )
    .await;
    let values: Vec<f64> = values
        .as_array()
        .expect("array")
        .iter()
        .filter_map(serde_json::Value::as_f64)
        .collect();
    assert!(values.len() >= 3, "{values:?}");
    assert!(
        values.windows(2).all(|w| w[0] >= w[1]),
        "descending: {values:?}"
    );
    screenshots(&browser, "province-id").await;
    let first = browser
        .find(Locator::Css("#children tbody tr:first-child a"))
        .await
        .expect("first child");
    let href = first.attr("href").await.expect("href").expect("a link");
    let name = first.text().await.expect("name");
    first.click().await.expect("drill down");
    wait_for_path(&browser, &href).await;
    assert_eq!(text(&browser, "h1").await, name);
    assert!(
        text(&browser, ".crumbs")
            .await
            .contains("Provinsi Jawa Timur")
    );

    // The export downloads with the session: a CSV for Excel set to Indonesian.
    let download = browser
        .execute_async(
            "var done = arguments[arguments.length - 1];\
             fetch(document.getElementById('export-csv').href)\
               .then(r => r.arrayBuffer().then(b => done({status: r.status,\
                  type: r.headers.get('content-type'),\
                  head: Array.from(new Uint8Array(b).slice(0, 3)),\
                  text: new TextDecoder().decode(b).slice(0, 200)})));",
            vec![],
        )
        .await
        .expect("fetch the export");
    assert_eq!(download["status"], 200, "{download}");
    assert_eq!(
        download["head"],
        json!([0xEF, 0xBB, 0xBF]),
        "BOM: {download}"
    );
    assert!(
        download["text"]
            .as_str()
            .unwrap_or_default()
            .contains("kode_wilayah;nama_wilayah"),
        "{download}"
    );

    // English on request, remembered on the next page.
    browser
        .goto(&format!("{base}/region/35"))
        .await
        .expect("goto");
    browser
        .find(Locator::Id("switch-language"))
        .await
        .expect("switch")
        .click()
        .await
        .expect("to English");
    wait_for_path(&browser, "/region/35").await;
    assert_eq!(
        script(&browser, "return document.documentElement.lang").await,
        "en"
    );
    assert_eq!(text(&browser, "h1").await, "Jawa Timur Province");
    screenshots(&browser, "province-en").await;
    browser
        .goto(&format!("{base}/region/35.78"))
        .await
        .expect("goto");
    assert_eq!(
        script(&browser, "return document.documentElement.lang").await,
        "en"
    );

    // Sign-out ends the session: the page asks for sign-in again.
    browser
        .find(Locator::Id("logout"))
        .await
        .expect("sign-out button")
        .click()
        .await
        .expect("sign out");
    wait_for_path(&browser, "/login").await;
    assert!(text(&browser, "#notice").await.contains("signed out"));
    browser
        .goto(&format!("{base}/region/35"))
        .await
        .expect("goto");
    assert!(browser.find(Locator::Id("login-form")).await.is_ok());
    browser.close().await.expect("close");
    drop(driver);
}
