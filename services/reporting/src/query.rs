//! Reading the figures back: series by month, child-region breakdowns, and CSV.

use std::collections::BTreeMap;

use sqlx::Row;

use crate::catalog::{self, Kind};
use crate::store::{ReadModel, ReadModelError};

/// One indicator/dimension, month by month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// Indicator id.
    pub indicator: String,
    /// Dimension value.
    pub dimension: String,
    /// (month, value) for every month of the range.
    pub points: Vec<(String, i64)>,
}

/// Every month from `from` to `to` inclusive (`YYYY-MM`).
pub fn months(from: &str, to: &str) -> Vec<String> {
    let parse = |m: &str| -> Option<(i32, u32)> {
        let (y, mo) = m.split_once('-')?;
        Some((y.parse().ok()?, mo.parse().ok()?))
    };
    let (Some(mut current), Some(end)) = (parse(from), parse(to)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while current <= end && out.len() <= 1200 {
        out.push(format!("{:04}-{:02}", current.0, current.1));
        current = if current.1 == 12 {
            (current.0 + 1, 1)
        } else {
            (current.0, current.1 + 1)
        };
    }
    out
}

/// The SQL of a sum of `value` that cannot overflow in either engine: the high and low
/// 32 bits of every value are summed apart (each part stays far inside `i64` for any
/// realistic number of cells), to be put together by [`joined`]. A plain `SUM(value)`
/// fails on overflow (SQLite: "integer overflow"; PostgreSQL: bigint out of range), and
/// one huge cell would then break every read of its province.
const SPLIT_SUM: &str =
    "CAST(SUM(value / 4294967296) AS BIGINT), CAST(SUM(value % 4294967296) AS BIGINT)";

/// The sum [`SPLIT_SUM`] took apart, from its two columns at `at` and `at + 1`.
fn joined(row: &sqlx::any::AnyRow, at: usize) -> Result<i128, sqlx::Error> {
    let high: i64 = row.try_get(at)?;
    let low: i64 = row.try_get(at + 1)?;
    Ok(i128::from(high) * 4_294_967_296 + i128::from(low))
}

/// A figure as the API carries it: a sum beyond `i64` (which the bounds on every amount
/// make unreachable in practice) reads as the nearest `i64` instead of failing the read.
fn saturate(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}

/// The length of a child code of `prefix` (`35` → 5 for `35.78`); `None` for a village.
fn child_length(prefix: &str) -> Option<i64> {
    match prefix.len() {
        0 => Some(2),
        2 => Some(5),
        5 => Some(8),
        8 => Some(13),
        _ => None,
    }
}

/// Series from rows `(child, indicator, dimension, month, split sum)` ordered by child,
/// indicator, dimension and month, by child. Stocks carry their level from before
/// `from`; series that are zero throughout are left out.
fn assemble(
    rows: &[sqlx::any::AnyRow],
    from: &str,
    to: &str,
    indicators: &[String],
) -> Result<BTreeMap<String, Vec<Series>>, ReadModelError> {
    type Cells = BTreeMap<(String, String, String), BTreeMap<String, i128>>;
    let mut cells: Cells = BTreeMap::new();
    for row in rows {
        let indicator: String = row.try_get(1)?;
        if !indicators.is_empty() && !indicators.contains(&indicator) {
            continue;
        }
        let child: String = row.try_get(0)?;
        let dimension: String = row.try_get(2)?;
        let month: String = row.try_get(3)?;
        let value = joined(row, 4)?;
        cells
            .entry((child, indicator, dimension))
            .or_default()
            .insert(month, value);
    }
    let range = months(from, to);
    let mut out: BTreeMap<String, Vec<Series>> = BTreeMap::new();
    for ((child, indicator, dimension), by_month) in cells {
        let stock = catalog::find(&indicator).is_some_and(|i| i.kind == Kind::Stock);
        // i128: every cell fits in i64, so a sum of them fits here by far.
        let mut level: i128 = if stock {
            by_month.range(..from.to_owned()).map(|(_, v)| v).sum()
        } else {
            0
        };
        let points: Vec<(String, i64)> = range
            .iter()
            .map(|month| {
                let value = by_month.get(month).copied().unwrap_or(0);
                if stock {
                    level += value;
                    (month.clone(), saturate(level))
                } else {
                    (month.clone(), saturate(value))
                }
            })
            .collect();
        // A stock that was always zero, or a flow with nothing in range, adds noise.
        if points.iter().any(|(_, v)| *v != 0) || stock && level != 0 {
            out.entry(child).or_default().push(Series {
                indicator,
                dimension,
                points,
            });
        }
    }
    Ok(out)
}

/// `region = prefix OR region LIKE 'prefix.%'` (everything when the prefix is empty).
fn region_filter(prefix: &str) -> (String, String) {
    if prefix.is_empty() {
        ("%".to_owned(), "%".to_owned())
    } else {
        (prefix.to_owned(), format!("{prefix}.%"))
    }
}

impl ReadModel {
    /// Series for `region_prefix` from `from` to `to` (`YYYY-MM`), for `indicators` (all
    /// when empty). Stocks carry their level: each month is the sum of every delta up to
    /// its end. Ordered by indicator then dimension.
    ///
    /// # Errors
    /// On database failure.
    pub async fn series(
        &self,
        region_prefix: &str,
        from: &str,
        to: &str,
        indicators: &[String],
    ) -> Result<Vec<Series>, ReadModelError> {
        let (exact, below) = region_filter(region_prefix);
        let rows = sqlx::query(&format!(
            "SELECT '' AS child, indicator, dimension, month, {SPLIT_SUM} FROM {} \
             WHERE (region LIKE $1 OR region LIKE $2) AND month <= $3 \
             GROUP BY indicator, dimension, month ORDER BY indicator, dimension, month",
            self.table("facts")
        ))
        .bind(exact)
        .bind(below)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        let mut by_child = assemble(&rows, from, to, indicators)?;
        Ok(by_child.remove("").unwrap_or_default())
    }

    /// The series of every child region of `region_prefix` (provinces when empty), by
    /// child code, as [`ReadModel::series`] gives them for one region: what the
    /// drill-down table and the officers' exports show. A village has no children.
    ///
    /// # Errors
    /// On database failure.
    pub async fn child_series(
        &self,
        region_prefix: &str,
        from: &str,
        to: &str,
    ) -> Result<BTreeMap<String, Vec<Series>>, ReadModelError> {
        let Some(child_len) = child_length(region_prefix) else {
            return Ok(BTreeMap::new());
        };
        // Only what lies below the region: facts filed at the region itself (a provincial
        // officer's training) are in its own totals, not a child's.
        let (_, below) = region_filter(region_prefix);
        let rows = sqlx::query(&format!(
            "SELECT substr(region, 1, CAST($1 AS INTEGER)) AS child, indicator, dimension, month, \
             {SPLIT_SUM} FROM {} WHERE region LIKE $2 AND month <= $3 \
             GROUP BY child, indicator, dimension, month ORDER BY child, indicator, dimension, month",
            self.table("facts")
        ))
        .bind(child_len)
        .bind(below)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        assemble(&rows, from, to, &[])
    }

    /// One month's value of `indicator` (summed over dimensions) for each child region of
    /// `region_prefix` (provinces when empty), ordered by code.
    ///
    /// # Errors
    /// On database failure.
    pub async fn breakdown(
        &self,
        region_prefix: &str,
        month: &str,
        indicator: &str,
    ) -> Result<Vec<(String, i64)>, ReadModelError> {
        let child_len = child_length(region_prefix).unwrap_or(13);
        let stock = catalog::find(indicator).is_some_and(|i| i.kind == Kind::Stock);
        let (exact, below) = region_filter(region_prefix);
        let month_cond = if stock { "month <= $4" } else { "month = $4" };
        let rows = sqlx::query(&format!(
            "SELECT substr(region, 1, CAST($1 AS INTEGER)) AS child, {SPLIT_SUM} FROM {} \
             WHERE (region LIKE $2 OR region LIKE $3) AND {month_cond} AND indicator = $5 \
             GROUP BY child ORDER BY child",
            self.table("facts")
        ))
        .bind(child_len)
        .bind(exact)
        .bind(below)
        .bind(month)
        .bind(indicator)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|row| Ok((row.try_get::<String, _>(0)?, saturate(joined(&row, 1)?))))
            .filter(|r: &Result<(String, i64), sqlx::Error>| {
                r.as_ref().map_or(true, |(_, v)| *v != 0)
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    /// Every stored cell under `region_prefix` between the months (inclusive; empty for
    /// open ends) as CSV `region,month,indicator,dimension,value`, sorted, so that two
    /// read models with the same figures give the same bytes.
    ///
    /// # Errors
    /// On database failure.
    pub async fn csv(
        &self,
        region_prefix: &str,
        from: &str,
        to: &str,
    ) -> Result<String, ReadModelError> {
        let (exact, below) = region_filter(region_prefix);
        let to = if to.is_empty() { "9999-12" } else { to };
        let rows = sqlx::query(&format!(
            // The CAST reads a cell that an older version let SQLite turn into a REAL
            // as the nearest integer, so the export still answers until a rebuild.
            "SELECT region, month, indicator, dimension, CAST(value AS BIGINT) FROM {} \
             WHERE (region LIKE $1 OR region LIKE $2) AND month >= $3 AND month <= $4 AND value <> 0 \
             ORDER BY region, month, indicator, dimension",
            self.table("facts")
        ))
        .bind(exact)
        .bind(below)
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        let mut out = String::from("region,month,indicator,dimension,value\n");
        for row in rows {
            let fields: [String; 4] = [
                row.try_get(0)?,
                row.try_get(1)?,
                row.try_get(2)?,
                row.try_get(3)?,
            ];
            let value: i64 = row.try_get(4)?;
            for field in &fields {
                out.push_str(&csv_field(field));
                out.push(',');
            }
            out.push_str(&value.to_string());
            out.push('\n');
        }
        Ok(out)
    }
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_ranges_cross_years() {
        assert_eq!(
            months("2025-11", "2026-02"),
            vec!["2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert!(months("2026-03", "2026-02").is_empty());
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("PKH"), "PKH");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
