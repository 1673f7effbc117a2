//! Month, quarter and year views of the monthly series: flows are summed over the
//! months of a period, a stock shows its level at the period's last month.

use crate::catalog::{Indicator, Kind};
use crate::grpc::valid_month;
use crate::i18n::{self, Arg, Lang};
use crate::query::Series;

/// How the months of a page are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    /// One column per month.
    #[default]
    Month,
    /// Per quarter (triwulan): January–March, April–June, ...
    Quarter,
    /// Per calendar year.
    Year,
}

impl Period {
    /// Every view, the default first.
    pub const ALL: [Period; 3] = [Period::Month, Period::Quarter, Period::Year];

    /// `month`, `quarter` or `year`, as in the page's `view=` parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    /// The view named `name`, if any.
    pub fn parse(name: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// The key of the period a month (`YYYY-MM`) falls in: the month itself,
    /// `2026-Q1` or `2026`.
    fn key(self, month: &str) -> String {
        match self {
            Period::Month => month.to_owned(),
            Period::Quarter => {
                let number: u32 = month.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
                format!("{}-Q{}", &month[..4.min(month.len())], number.div_ceil(3))
            }
            Period::Year => month[..4.min(month.len())].to_owned(),
        }
    }

    /// The periods covering `months` (in order), each with the positions of its months.
    pub fn buckets(self, months: &[String]) -> Vec<(String, Vec<usize>)> {
        let mut out: Vec<(String, Vec<usize>)> = Vec::new();
        for (index, month) in months.iter().enumerate() {
            let key = self.key(month);
            match out.last_mut() {
                Some((last, positions)) if *last == key => positions.push(index),
                _ => out.push((key, vec![index])),
            }
        }
        out
    }

    /// A period's key for people: `2026-03`, `Triwulan 1 2026` / `Q1 2026`, `2026`.
    pub fn label(self, lang: Lang, key: &str) -> String {
        match (self, key.split_once("-Q")) {
            (Period::Quarter, Some((year, quarter))) => i18n::text_with(
                lang,
                "quarter-label",
                &[
                    ("quarter", Arg::Text(quarter.to_owned())),
                    ("year", Arg::Text(year.to_owned())),
                ],
            ),
            _ => key.to_owned(),
        }
    }
}

/// The months of a page or an export: `from`/`to` when valid, else the twelve months up
/// to this month (in WIB); at most ten years, the latest kept.
pub fn page_range(from: Option<&str>, to: Option<&str>) -> (String, String) {
    let now = crate::facts::month_of(chrono::Utc::now());
    let to = to.filter(|m| valid_month(m)).map_or(now, ToOwned::to_owned);
    let from = from
        .filter(|m| valid_month(m) && *m <= to.as_str())
        .map_or_else(
            || {
                let year: i32 = to[..4].parse().unwrap_or(2026);
                let month: i32 = to[5..].parse().unwrap_or(1);
                let index = year * 12 + (month - 1) - 11;
                format!("{:04}-{:02}", index / 12, index % 12 + 1)
            },
            ToOwned::to_owned,
        );
    let months = crate::query::months(&from, &to);
    let from = if months.len() > 120 {
        months[months.len() - 120].clone()
    } else {
        from
    };
    (from, to)
}

/// A series' value in each bucket: flows summed (saturating), stocks at the bucket's
/// last month.
pub fn fold(indicator: &Indicator, series: &Series, buckets: &[(String, Vec<usize>)]) -> Vec<i64> {
    buckets
        .iter()
        .map(|(_, positions)| {
            let mut values = positions
                .iter()
                .filter_map(|&i| series.points.get(i).map(|(_, v)| *v));
            match indicator.kind {
                Kind::Flow => values.fold(0i64, i64::saturating_add),
                Kind::Stock => values.next_back().unwrap_or(0),
            }
        })
        .collect()
}

/// The figure of a whole period: a flow's sum, a stock's level at its end.
pub fn over_period(indicator: &Indicator, series: &Series) -> i64 {
    match indicator.kind {
        Kind::Flow => series
            .points
            .iter()
            .map(|(_, v)| *v)
            .fold(0i64, i64::saturating_add),
        Kind::Stock => series.points.last().map_or(0, |(_, v)| *v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use crate::query::months;

    fn series(indicator: &str, values: &[i64]) -> Series {
        Series {
            indicator: indicator.into(),
            dimension: String::new(),
            points: months("2025-11", "2026-04")
                .into_iter()
                .zip(values.iter().copied())
                .collect(),
        }
    }

    #[test]
    fn quarters_sum_flows_and_keep_the_last_level_of_stocks() {
        let range = months("2025-11", "2026-04");
        let quarters = Period::Quarter.buckets(&range);
        let keys: Vec<&str> = quarters.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["2025-Q4", "2026-Q1", "2026-Q2"]);
        let deposits = catalog::find("savings.deposits").unwrap();
        let balance = catalog::find("savings.balance").unwrap();
        let flow = series(deposits.id, &[1, 2, 3, 4, 5, 6]);
        let stock = series(balance.id, &[10, 20, 30, 40, 50, 60]);
        assert_eq!(fold(deposits, &flow, &quarters), [3, 12, 6]);
        assert_eq!(fold(balance, &stock, &quarters), [20, 50, 60]);
        let years = Period::Year.buckets(&range);
        assert_eq!(fold(deposits, &flow, &years), [3, 18]);
        assert_eq!(fold(balance, &stock, &years), [20, 60]);
        assert_eq!(over_period(deposits, &flow), 21);
        assert_eq!(over_period(balance, &stock), 60);
        assert_eq!(Period::Month.buckets(&range).len(), 6);
    }

    #[test]
    fn periods_are_named_for_people() {
        assert_eq!(
            Period::Quarter.label(Lang::Id, "2026-Q2"),
            "Triwulan 2 2026"
        );
        assert_eq!(Period::Quarter.label(Lang::En, "2026-Q2"), "Q2 2026");
        assert_eq!(Period::Month.label(Lang::Id, "2026-03"), "2026-03");
        assert_eq!(Period::parse("year"), Some(Period::Year));
        assert_eq!(Period::parse("week"), None);
    }

    #[test]
    fn a_page_shows_the_asked_months_or_the_last_twelve_and_never_more_than_ten_years() {
        assert_eq!(
            page_range(Some("2026-01"), Some("2026-06")),
            ("2026-01".to_owned(), "2026-06".to_owned())
        );
        assert_eq!(
            page_range(None, Some("2026-03")),
            ("2025-04".to_owned(), "2026-03".to_owned())
        );
        assert_eq!(page_range(Some("2026-05"), Some("2026-03")).0, "2025-04");
        assert_eq!(page_range(Some("2001-01"), Some("2026-03")).0, "2016-04");
        assert_eq!(page_range(Some("2026-13"), Some("2026-03")).0, "2025-04");
    }
}
