//! The dashboard's HTML. Figures appear as text (tables) and as charts drawn by the
//! vendored Chart.js from data embedded in the page, so the page needs no other request.

use std::fmt::Write;

use berdaya_platform::RegionDirectory;
use serde::Serialize;

use crate::catalog::{self, Indicator, Kind, STRATEGIES};
use crate::query::{Series, months};
use crate::store::Freshness;

/// How current the figures are, Indonesian first: up to when each source's events are
/// in, and what is still missing.
pub(super) fn freshness_line(freshness: &Freshness) -> String {
    let wib = |at: chrono::DateTime<chrono::Utc>| {
        (at + chrono::Duration::hours(7))
            .format("%Y-%m-%d %H:%M WIB")
            .to_string()
    };
    let sources: Vec<String> = freshness
        .sources
        .iter()
        .map(|s| format!("{} {}", escape(&s.source), wib(s.recorded_at)))
        .collect();
    let sources = if sources.is_empty() {
        "belum ada / none yet".to_owned()
    } else {
        sources.join(", ")
    };
    format!(
        "<p class=\"unit\">Data sampai / Figures up to: {sources} · {} belum diterapkan / pending · {} diparkir / parked</p>",
        number(freshness.pending),
        number(freshness.parked)
    )
}

/// Escapes text for HTML element content and attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// A number in Indonesian style: 3.000.000.
pub(super) fn number(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    if value < 0 { format!("-{out}") } else { out }
}

/// The dashboard's style sheet, served at `/assets/dashboard.css` (no inline style, so
/// the Content-Security-Policy can forbid it).
pub(super) const STYLE: &str = "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1f2933;background:#f5f7fa}\
header{background:#0b6e4f;color:#fff;padding:16px 24px}header a{color:#d9f2e6}\
main{padding:16px 24px}h2{margin-top:28px;border-bottom:2px solid #0b6e4f;padding-bottom:4px}\
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:16px}\
.card{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 3px rgba(0,0,0,.12)}\
.card h3{font-size:15px;margin:0 0 6px}.unit{color:#616e7c;font-size:12px}\
.chart{position:relative;height:220px}table{border-collapse:collapse;font-size:13px;margin-top:6px}\
td,th{padding:3px 10px 3px 0;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}\
.empty{color:#616e7c;font-style:italic}form{display:inline}input{width:80px}";

fn shell(title: &str, body: &str, script: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{} · Berdaya</title><link rel=\"stylesheet\" href=\"/assets/dashboard.css\"></head><body>{body}{script}</body></html>",
        escape(title)
    )
}

/// A page that only says something (401, 403, 404, ...).
pub(super) fn message_page(title: &str, message: &str) -> String {
    shell(
        title,
        &format!(
            "<header><h1>Berdaya</h1></header><main><h2>{}</h2><p>{}</p></main>",
            escape(title),
            escape(message)
        ),
        "",
    )
}

/// Provinces with figures, for national readers.
pub(super) fn national_page(provinces: &[(String, i64)], regions: &RegionDirectory) -> String {
    let mut body =
        String::from("<header><h1>Berdaya · Indonesia</h1></header><main><h2>Provinces</h2>");
    if provinces.is_empty() {
        body.push_str("<p class=\"empty\">No households are registered yet.</p>");
    } else {
        body.push_str("<table><tr><th>Province</th><th>Active households</th></tr>");
        for (code, value) in provinces {
            let _ = write!(
                body,
                "<tr><td><a href=\"/region/{code}\">{} ({code})</a></td><td class=\"n\">{}</td></tr>",
                escape(regions.name(code).unwrap_or(code)),
                number(*value)
            );
        }
        body.push_str("</table>");
    }
    body.push_str("</main>");
    shell("Indonesia", &body, "")
}

#[derive(Serialize)]
struct Dataset {
    label: String,
    data: Vec<i64>,
}

#[derive(Serialize)]
struct Chart {
    id: String,
    kind: &'static str,
    datasets: Vec<Dataset>,
}

#[derive(Serialize)]
struct ChartData {
    months: Vec<String>,
    charts: Vec<Chart>,
}

fn breadcrumbs(code: &str, regions: &RegionDirectory) -> String {
    let mut parts = Vec::new();
    let mut end = 0;
    for segment in code.split('.') {
        end += segment.len();
        let prefix = &code[..end];
        parts.push(format!(
            "<a href=\"/region/{prefix}\">{}</a>",
            escape(regions.name(prefix).unwrap_or(prefix))
        ));
        end += 1;
    }
    parts.join(" › ")
}

fn indicator_card(indicator: &Indicator, series: &[&Series], charts: &mut Vec<Chart>) -> String {
    let chart_id = format!("chart-{}", indicator.id.replace('.', "-"));
    let mut card = format!(
        "<div class=\"card\"><h3>{}</h3><div class=\"unit\">{} · {}</div>",
        escape(indicator.title),
        escape(indicator.unit),
        if indicator.kind == Kind::Stock {
            "level at month end"
        } else {
            "per month"
        }
    );
    if series.is_empty() {
        card.push_str("<p class=\"empty\">No figures in this period.</p></div>");
        return card;
    }
    let _ = write!(
        card,
        "<div class=\"chart\"><canvas id=\"{chart_id}\"></canvas></div><table>"
    );
    for s in series {
        let label = if s.dimension.is_empty() {
            "total".to_owned()
        } else {
            format!("{} {}", indicator.dimension, s.dimension)
        };
        let latest = s.points.last().map_or(0, |(_, v)| *v);
        let _ = write!(
            card,
            "<tr><td>{}</td><td class=\"n\">{}</td></tr>",
            escape(&label),
            number(latest)
        );
    }
    card.push_str("</table>");
    if indicator.dimension == "days"
        && let Some((median, cases)) = median_days(series)
    {
        let _ = write!(
            card,
            "<p><strong>Median: {} hari / days</strong> ({} kasus / cases in this period)</p>",
            number(median),
            number(cases)
        );
    }
    card.push_str("</div>");
    charts.push(Chart {
        id: chart_id,
        kind: if indicator.kind == Kind::Stock {
            "line"
        } else {
            "bar"
        },
        datasets: series
            .iter()
            .map(|s| Dataset {
                label: if s.dimension.is_empty() {
                    indicator.title.to_owned()
                } else {
                    s.dimension.clone()
                },
                data: s.points.iter().map(|(_, v)| *v).collect(),
            })
            .collect(),
    });
    card
}

/// The median of a distribution by day count (series whose dimension is a number of
/// days, each point a count of cases in a month), over the whole period, and how many
/// cases it covers; `None` when there are none. With an even count it is the lower of
/// the two middle values, a whole number of days.
fn median_days(series: &[&Series]) -> Option<(i64, i64)> {
    let mut counts: Vec<(i64, i64)> = series
        .iter()
        .filter_map(|s| {
            let days = s.dimension.trim().parse::<i64>().ok()?;
            let cases: i64 = s.points.iter().map(|(_, v)| *v).sum();
            (cases > 0).then_some((days, cases))
        })
        .collect();
    counts.sort_unstable();
    let total: i64 = counts.iter().map(|(_, c)| c).sum();
    if total == 0 {
        return None;
    }
    let middle = (total + 1) / 2;
    let mut seen = 0;
    for (days, cases) in counts {
        seen += cases;
        if seen >= middle {
            return Some((days, total));
        }
    }
    None
}

/// A region's page: every strategy's indicators over the months, and the child regions.
pub(super) fn region_page(
    code: &str,
    from: &str,
    to: &str,
    series: &[Series],
    children: &[(String, i64)],
    freshness: Option<&Freshness>,
    regions: &RegionDirectory,
) -> String {
    let name = regions.name(code).unwrap_or(code);
    let mut body = format!(
        "<header><h1>{}</h1><div>{} · {code}</div></header><main>\
         <p><form method=\"get\">From <input name=\"from\" value=\"{from}\"> to <input name=\"to\" value=\"{to}\"> \
         <button>Show</button></form> · <a href=\"/export.csv?region={code}&amp;from={from}&amp;to={to}\">Download CSV</a></p>",
        escape(name),
        breadcrumbs(code, regions)
    );
    if let Some(freshness) = freshness {
        body.push_str(&freshness_line(freshness));
    }
    let mut charts = Vec::new();
    let indicators = catalog::all();
    for (strategy, title) in STRATEGIES.iter().enumerate() {
        let _ = write!(body, "<h2>{}</h2>", escape(title));
        let of_strategy: Vec<&&Indicator> = indicators
            .iter()
            .filter(|i| i.strategy as usize == strategy)
            .collect();
        if of_strategy.is_empty() {
            body.push_str("<p class=\"empty\">No indicators yet: the service for this strategy records no events in this deployment.</p>");
            continue;
        }
        body.push_str("<div class=\"grid\">");
        for indicator in of_strategy {
            let matching: Vec<&Series> = series
                .iter()
                .filter(|s| s.indicator == indicator.id)
                .collect();
            body.push_str(&indicator_card(indicator, &matching, &mut charts));
        }
        body.push_str("</div>");
    }
    if !children.is_empty() {
        body.push_str(
            "<h2>By region</h2><table><tr><th>Region</th><th>Active households</th></tr>",
        );
        for (child, value) in children {
            let _ = write!(
                body,
                "<tr><td><a href=\"/region/{child}\">{} ({child})</a></td><td class=\"n\">{}</td></tr>",
                escape(regions.name(child).unwrap_or(child)),
                number(*value)
            );
        }
        body.push_str("</table>");
    }
    body.push_str("</main>");
    let data = ChartData {
        months: months(from, to),
        charts,
    };
    // `</` inside the JSON would end the script element early.
    let json = serde_json::to_string(&data)
        .unwrap_or_else(|_| "{}".to_owned())
        .replace("</", "<\\/");
    let script = format!(
        "<script src=\"/assets/chart.umd.min.js\"></script>\
         <script type=\"application/json\" id=\"berdaya-data\">{json}</script>\
         <script src=\"/assets/dashboard.js\"></script>"
    );
    shell(name, &body, &script)
}

/// The script that draws the charts from the page's `berdaya-data` block, served at
/// `/assets/dashboard.js` (no inline script, so the Content-Security-Policy can forbid
/// it).
pub(super) const SCRIPT: &str = "(function(){var d=JSON.parse(document.getElementById('berdaya-data').textContent);\
var colours=['#0b6e4f','#e07a1f','#2f6fde','#c0392b','#8e44ad','#16a085','#7f8c8d','#d4ac0d','#34495e','#e84393'];\
d.charts.forEach(function(c){var el=document.getElementById(c.id);if(!el||!window.Chart)return;\
new Chart(el,{type:c.kind,data:{labels:d.months,datasets:c.datasets.map(function(s,i){\
return {label:s.label,data:s.data,borderColor:colours[i%10],backgroundColor:colours[i%10],tension:0.2,pointRadius:2};})},\
options:{animation:false,responsive:true,maintainAspectRatio:false,plugins:{legend:{display:c.datasets.length>1}},\
scales:{y:{beginAtZero:true}}}});});})();";

#[cfg(test)]
mod tests {
    use super::*;

    fn days(dimension: &str, monthly: &[i64]) -> Series {
        Series {
            indicator: "advocacy.days_to_resolution".into(),
            dimension: dimension.into(),
            points: monthly
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("2026-{:02}", i + 1), *v))
                .collect(),
        }
    }

    #[test]
    fn the_median_of_days_counts_every_case_of_the_period() {
        // 3 cases at 5 days, 1 at 12, 3 at 40: the 4th of 7 is 12.
        let a = days("0005", &[2, 1]);
        let b = days("0012", &[0, 1]);
        let c = days("0040", &[3, 0]);
        assert_eq!(median_days(&[&c, &a, &b]), Some((12, 7)));
        // An even count takes the lower middle: 2 at 5, 2 at 40 -> 5.
        let d = days("0005", &[2]);
        let e = days("0040", &[2]);
        assert_eq!(median_days(&[&d, &e]), Some((5, 4)));
        assert_eq!(median_days(&[&days("0009", &[0, 0])]), None);
        assert_eq!(median_days(&[]), None);
    }

    #[test]
    fn the_page_says_how_current_its_figures_are() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-03-01T17:30:00Z")
            .unwrap()
            .to_utc();
        let freshness = Freshness {
            sources: vec![berdaya_messaging::SourcePosition {
                source: "households".into(),
                position: 1042,
                recorded_at: at,
                applied_at: at,
            }],
            pending: 3,
            parked: 1200,
        };
        let line = freshness_line(&freshness);
        assert!(line.contains("households 2026-03-02 00:30 WIB"), "{line}");
        assert!(line.contains("3 belum diterapkan / pending"), "{line}");
        assert!(line.contains("1.200 diparkir / parked"), "{line}");
    }

    #[test]
    fn text_is_escaped_and_numbers_grouped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(number(3_000_000), "3.000.000");
        assert_eq!(number(-1500), "-1.500");
        assert_eq!(number(7), "7");
    }
}
