//! What the pages show, assembled from the figures for the templates: the drill-down
//! table first, then the cards and charts of each strategy, in the reader's language.

use std::collections::BTreeMap;

use berdaya_platform::{RegionDirectory, RegionLevel};
use serde::Serialize;

use super::templates::{Chrome, render};
use crate::catalog::{self, Indicator, Kind, STRATEGIES};
use crate::i18n::{self, Arg, Lang};
use crate::period::{self, Period};
use crate::query::{Series, months};
use crate::store::Freshness;

/// The key figure of each strategy (0 = the registry), the columns of the drill-down
/// table: what a province asks of each region first.
const KEY_FIGURES: [&str; 8] = [
    "registry.households_active",
    "participation.activities_held",
    "enterprise.groups",
    "savings.balance",
    "partnerships.agreements_in_force",
    "advocacy.open_cases",
    "capacity.trained_by_role",
    "capacity.activities",
];

#[derive(Serialize)]
struct Crumb {
    href: String,
    name: String,
}

#[derive(Serialize)]
struct KeyColumn {
    strategy: i32,
    title: String,
    unit: String,
}

#[derive(Serialize)]
struct Cell {
    raw: i64,
    text: String,
}

#[derive(Serialize)]
struct ChildRow {
    code: String,
    href: String,
    name: String,
    level: String,
    values: Vec<Cell>,
}

#[derive(Serialize)]
struct CardRow {
    label: String,
    text: String,
}

#[derive(Serialize)]
struct Card {
    anchor: String,
    title: String,
    unit: String,
    kind: String,
    chart_id: String,
    rows: Vec<CardRow>,
    median: String,
}

#[derive(Serialize)]
struct Section {
    title: String,
    cards: Vec<Card>,
}

#[derive(Serialize)]
struct ViewOption {
    value: &'static str,
    label: String,
    selected: bool,
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
    money: bool,
    datasets: Vec<Dataset>,
}

#[derive(Serialize)]
struct ChartData {
    locale: &'static str,
    labels: Vec<String>,
    charts: Vec<Chart>,
}

#[derive(Serialize)]
struct RegionPage {
    crumbs: Vec<Crumb>,
    level: String,
    code: String,
    period_text: String,
    from: String,
    to: String,
    views: Vec<ViewOption>,
    csv_href: String,
    xlsx_href: String,
    freshness: String,
    printed: String,
    children: Vec<ChildRow>,
    has_child_level: bool,
    key_columns: Vec<KeyColumn>,
    strategies: Vec<Section>,
    data: ChartData,
}

/// What a region's page is made from.
pub(super) struct RegionInput<'a> {
    pub(super) lang: Lang,
    pub(super) code: &'a str,
    pub(super) from: &'a str,
    pub(super) to: &'a str,
    pub(super) period: Period,
    pub(super) series: &'a [Series],
    pub(super) children: &'a BTreeMap<String, Vec<Series>>,
    pub(super) freshness: Option<&'a Freshness>,
    pub(super) regions: &'a RegionDirectory,
    /// The page's query string (kept by the language switch).
    pub(super) query: &'a str,
}

fn wib(at: chrono::DateTime<chrono::Utc>) -> String {
    (at + chrono::Duration::hours(7))
        .format("%Y-%m-%d %H:%M WIB")
        .to_string()
}

/// How current the figures are: up to when each source's events are in, and what is
/// still missing.
pub(super) fn freshness_line(lang: Lang, freshness: &Freshness) -> String {
    let sources: Vec<String> = freshness
        .sources
        .iter()
        .map(|s| format!("{} {}", s.source, wib(s.recorded_at)))
        .collect();
    let sources = if sources.is_empty() {
        i18n::text(lang, "figures-none-yet")
    } else {
        sources.join(", ")
    };
    i18n::text_with(
        lang,
        "figures-up-to",
        &[
            ("sources", Arg::Text(sources)),
            ("pending", Arg::Number(freshness.pending)),
            ("parked", Arg::Number(freshness.parked)),
        ],
    )
}

fn crumbs(lang: Lang, code: &str, regions: &RegionDirectory) -> Vec<Crumb> {
    let mut out = vec![Crumb {
        href: "/".to_owned(),
        name: i18n::text(lang, "national"),
    }];
    let mut end = 0;
    for segment in code.split('.') {
        end += segment.len();
        let prefix = &code[..end];
        out.push(Crumb {
            href: format!("/region/{prefix}"),
            name: i18n::region_name(lang, regions, prefix),
        });
        end += 1;
    }
    out
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

fn card(
    input: &RegionInput<'_>,
    indicator: &Indicator,
    series: &[&Series],
    buckets: &[(String, Vec<usize>)],
    charts: &mut Vec<Chart>,
) -> Card {
    let lang = input.lang;
    let chart_id = format!("chart-{}", indicator.id.replace('.', "-"));
    let kind = match (indicator.kind, input.period) {
        (Kind::Stock, _) => i18n::text(lang, "level-at-end"),
        (Kind::Flow, Period::Month) => i18n::text(lang, "per-month"),
        (Kind::Flow, Period::Quarter) => i18n::text(lang, "per-quarter"),
        (Kind::Flow, Period::Year) => i18n::text(lang, "per-year"),
    };
    let rows = series
        .iter()
        .map(|s| CardRow {
            label: i18n::dimension_value(lang, indicator, &s.dimension),
            text: i18n::figure(lang, indicator, period::over_period(indicator, s)),
        })
        .collect::<Vec<_>>();
    let median = if indicator.dimension == "days" {
        median_days(series).map_or_else(String::new, |(days, cases)| {
            i18n::text_with(
                lang,
                "median-days",
                &[("days", Arg::Number(days)), ("cases", Arg::Number(cases))],
            )
        })
    } else {
        String::new()
    };
    if !rows.is_empty() {
        charts.push(Chart {
            id: chart_id.clone(),
            kind: if indicator.kind == Kind::Stock {
                "line"
            } else {
                "bar"
            },
            money: indicator.unit == "rupiah",
            datasets: series
                .iter()
                .map(|s| Dataset {
                    label: if s.dimension.is_empty() {
                        i18n::indicator_title(lang, indicator)
                    } else {
                        i18n::dimension_value(lang, indicator, &s.dimension)
                    },
                    data: period::fold(indicator, s, buckets),
                })
                .collect(),
        });
    }
    Card {
        anchor: indicator.id.replace('.', "-"),
        title: i18n::indicator_title(lang, indicator),
        unit: i18n::indicator_unit(lang, indicator),
        kind,
        chart_id,
        rows,
        median,
    }
}

fn children(input: &RegionInput<'_>, keys: &[&Indicator]) -> Vec<ChildRow> {
    let lang = input.lang;
    input
        .children
        .iter()
        .map(|(code, series)| ChildRow {
            code: code.clone(),
            href: format!("/region/{code}"),
            name: i18n::region_name(lang, input.regions, code),
            level: RegionLevel::of_code(code).map_or_else(String::new, |l| i18n::level(lang, l)),
            values: keys
                .iter()
                .map(|indicator| {
                    let raw = series
                        .iter()
                        .filter(|s| s.indicator == indicator.id)
                        .map(|s| period::over_period(indicator, s))
                        .fold(0i64, i64::saturating_add);
                    Cell {
                        raw,
                        text: i18n::figure(lang, indicator, raw),
                    }
                })
                .collect(),
        })
        .collect()
}

/// A region's page.
///
/// # Errors
/// When the template fails.
pub(super) fn region(input: &RegionInput<'_>) -> Result<String, minijinja::Error> {
    let lang = input.lang;
    let range = months(input.from, input.to);
    let buckets = input.period.buckets(&range);
    let keys: Vec<&Indicator> = KEY_FIGURES
        .iter()
        .filter_map(|id| catalog::find(id))
        .collect();
    let mut charts = Vec::new();
    let indicators = catalog::all();
    let strategies = STRATEGIES
        .map(|strategy| Section {
            title: i18n::strategy(lang, strategy),
            cards: indicators
                .iter()
                .filter(|i| i.strategy == strategy)
                .map(|indicator| {
                    let matching: Vec<&Series> = input
                        .series
                        .iter()
                        .filter(|s| s.indicator == indicator.id)
                        .collect();
                    card(input, indicator, &matching, &buckets, &mut charts)
                })
                .collect(),
        })
        .collect();
    let export_query = format!(
        "region={}&from={}&to={}&lang={}",
        input.code,
        input.from,
        input.to,
        lang.code()
    );
    let level = RegionLevel::of_code(input.code).map_or_else(String::new, |l| i18n::level(lang, l));
    let period_name = i18n::text(lang, &format!("view-{}", input.period.as_str()));
    let page = RegionPage {
        crumbs: crumbs(lang, input.code, input.regions),
        level,
        code: input.code.to_owned(),
        period_text: format!("{} – {} · {period_name}", input.from, input.to),
        from: input.from.to_owned(),
        to: input.to.to_owned(),
        views: Period::ALL
            .into_iter()
            .map(|p| ViewOption {
                value: p.as_str(),
                label: i18n::text(lang, &format!("view-{}", p.as_str())),
                selected: p == input.period,
            })
            .collect(),
        csv_href: format!("/export.csv?{export_query}"),
        xlsx_href: format!("/export.xlsx?{export_query}"),
        freshness: input
            .freshness
            .map_or_else(String::new, |f| freshness_line(lang, f)),
        printed: i18n::text_with(
            lang,
            "printed-on",
            &[("at", Arg::Text(wib(chrono::Utc::now())))],
        ),
        children: children(input, &keys),
        has_child_level: RegionLevel::of_code(input.code) != Some(RegionLevel::Village),
        key_columns: keys
            .iter()
            .map(|k| KeyColumn {
                strategy: k.strategy,
                title: i18n::indicator_title(lang, k),
                unit: i18n::indicator_unit(lang, k),
            })
            .collect(),
        strategies,
        data: ChartData {
            locale: lang.locale(),
            labels: buckets
                .iter()
                .map(|(key, _)| input.period.label(lang, key))
                .collect(),
            charts,
        },
    };
    let title = i18n::region_name(lang, input.regions, input.code);
    let chrome = Chrome::new(
        lang,
        title,
        &format!("/region/{}", input.code),
        input.query,
        true,
    );
    render("region.html", &chrome, &page)
}

#[derive(Serialize)]
struct Province {
    code: String,
    href: String,
    name: String,
    raw: i64,
    text: String,
}

/// The provinces with figures, for national readers.
///
/// # Errors
/// When the template fails.
pub(super) fn national(
    lang: Lang,
    provinces: &[(String, i64)],
    regions: &RegionDirectory,
) -> Result<String, minijinja::Error> {
    let provinces: Vec<Province> = provinces
        .iter()
        .map(|(code, value)| Province {
            code: code.clone(),
            href: format!("/region/{code}"),
            name: i18n::region_name(lang, regions, code),
            raw: *value,
            text: i18n::number(lang, *value),
        })
        .collect();
    let chrome = Chrome::new(lang, i18n::text(lang, "national"), "/", "", true);
    render(
        "national.html",
        &chrome,
        &minijinja::context! { provinces => provinces },
    )
}

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
        let line = freshness_line(Lang::Id, &freshness);
        assert!(line.contains("households 2026-03-02 00:30 WIB"), "{line}");
        assert!(line.contains("3 belum diterapkan"), "{line}");
        assert!(line.contains("1.200 diparkir"), "{line}");
        let english = freshness_line(Lang::En, &freshness);
        assert!(english.contains("1,200 parked"), "{english}");
    }

    fn demo_input<'a>(
        lang: Lang,
        series: &'a [Series],
        children: &'a BTreeMap<String, Vec<Series>>,
    ) -> RegionInput<'a> {
        RegionInput {
            lang,
            code: "35.78.01",
            from: "2026-01",
            to: "2026-03",
            period: Period::Month,
            series,
            children,
            freshness: None,
            regions: RegionDirectory::embedded(),
            query: "",
        }
    }

    #[test]
    fn a_region_page_opens_with_its_children_named_by_level_then_the_strategies() {
        let deposits = Series {
            indicator: "savings.balance".into(),
            dimension: String::new(),
            points: vec![
                ("2026-01".into(), 1_000_000),
                ("2026-02".into(), 1_500_000),
                ("2026-03".into(), 2_250_000),
            ],
        };
        let held = Series {
            indicator: "participation.activities_held".into(),
            dimension: "FAMILY_DEVELOPMENT_SESSION".into(),
            points: vec![
                ("2026-01".into(), 1),
                ("2026-02".into(), 0),
                ("2026-03".into(), 2),
            ],
        };
        let series = vec![deposits.clone(), held.clone()];
        let children = BTreeMap::from([("35.78.01.1001".to_owned(), vec![deposits, held])]);
        let html = region(&demo_input(Lang::Id, &series, &children)).unwrap();
        assert!(html.contains("<html lang=\"id\">"));
        assert!(
            html.contains("Provinsi Jawa Timur</a> › <a href=\"/region/35.78\">Kota Surabaya"),
            "{html}"
        );
        assert!(html.contains("<h1>Kecamatan Karang Pilang</h1>"), "{html}");
        let table = html.find("id=\"children\"").expect("drill-down table");
        let first_strategy = html.find("Registrasi rumah tangga").expect("strategy 0");
        assert!(table < first_strategy, "the drill-down table comes first");
        assert!(html.contains("Kelurahan Karang Pilang</a>"), "{html}");
        assert!(html.contains("<td>Kelurahan/Desa</td>"), "{html}");
        assert!(
            html.contains("data-value=\"2250000\">Rp 2.250.000</td>"),
            "{html}"
        );
        assert!(
            html.contains("<td>P2K2</td><td class=\"n\">3</td>"),
            "{html}"
        );
        assert!(html.contains("type=\"month\" name=\"from\" value=\"2026-01\""));
        assert!(
            html.contains(
                "/export.xlsx?region=35.78.01&amp;from=2026-01&amp;to=2026-03&amp;lang=id"
            )
        );
        assert!(
            !html.contains("FAMILY_DEVELOPMENT_SESSION<"),
            "raw enum names stay out"
        );
        let english = region(&demo_input(Lang::En, &series, &children)).unwrap();
        assert!(english.contains("<html lang=\"en\">"));
        assert!(english.contains("Karang Pilang District"), "{english}");
        assert!(english.contains("Rp 2,250,000"), "{english}");
        assert!(
            english.contains("P2K2 family development session"),
            "{english}"
        );
    }
}
