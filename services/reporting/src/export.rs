//! Exports an officer opens directly: the figures the dashboard shows for a region and
//! each of its child regions, month by month (stocks as levels), with region names,
//! indicator titles and labels in the reader's language, as CSV (UTF-8 with a
//! byte-order mark, `;` by default for Indonesian, which is what Excel set to Indonesian
//! expects) or as an Excel workbook with one sheet per strategy.
//!
//! The machine form (codes only, the stored cells) is [`crate::store::ReadModel::csv`].

use berdaya_platform::{RegionDirectory, RegionLevel};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::catalog::{self, STRATEGIES};
use crate::i18n::{self, Lang};
use crate::query::Series;
use crate::store::{ReadModel, ReadModelError};

/// One row of an officers' export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Region code.
    pub region_code: String,
    /// Region name with its level (`Kecamatan Karang Pilang`).
    pub region_name: String,
    /// The level (`Kecamatan`).
    pub level: String,
    /// `YYYY-MM`.
    pub month: String,
    /// Strategy number (0 = the registry).
    pub strategy: i32,
    /// Indicator id.
    pub indicator: String,
    /// Indicator title.
    pub title: String,
    /// Dimension value (code), empty when unsplit.
    pub dimension: String,
    /// Its label.
    pub label: String,
    /// The figure: the month's flow, or a stock's level at the month's end.
    pub value: i64,
    /// Unit, for people.
    pub unit: String,
}

/// The rows of `region_prefix` (its own figures first) and of each child region, for
/// the months `from`..=`to`.
///
/// # Errors
/// On database failure.
pub async fn rows(
    model: &ReadModel,
    regions: &RegionDirectory,
    lang: Lang,
    region_prefix: &str,
    from: &str,
    to: &str,
) -> Result<Vec<Row>, ReadModelError> {
    let own = model.series(region_prefix, from, to, &[]).await?;
    let children = model.child_series(region_prefix, from, to).await?;
    let mut out = Vec::new();
    let mut push = |code: &str, series: &[Series]| {
        let (name, level) = if code.is_empty() {
            (i18n::text(lang, "national"), String::new())
        } else {
            (
                i18n::region_name(lang, regions, code),
                RegionLevel::of_code(code).map_or_else(String::new, |l| i18n::level(lang, l)),
            )
        };
        for s in series {
            let Some(indicator) = catalog::find(&s.indicator) else {
                continue;
            };
            let title = i18n::indicator_title(lang, indicator);
            let unit = i18n::indicator_unit(lang, indicator);
            let label = i18n::dimension_value(lang, indicator, &s.dimension);
            for (month, value) in &s.points {
                out.push(Row {
                    region_code: code.to_owned(),
                    region_name: name.clone(),
                    level: level.clone(),
                    month: month.clone(),
                    strategy: indicator.strategy,
                    indicator: indicator.id.to_owned(),
                    title: title.clone(),
                    dimension: s.dimension.clone(),
                    label: label.clone(),
                    value: *value,
                    unit: unit.clone(),
                });
            }
        }
    };
    push(region_prefix, &own);
    for (code, series) in &children {
        push(code, series);
    }
    Ok(out)
}

const HEADINGS: [&str; 11] = [
    "csv-region-code",
    "csv-region-name",
    "csv-region-level",
    "csv-month",
    "csv-strategy",
    "csv-indicator",
    "csv-indicator-title",
    "csv-dimension",
    "csv-dimension-label",
    "csv-value",
    "csv-unit",
];

/// A text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is
/// given a leading apostrophe: certificate names and right codes are typed by people.
fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn fields(row: &Row) -> [String; 11] {
    [
        row.region_code.clone(),
        inert(&row.region_name),
        row.level.clone(),
        row.month.clone(),
        row.strategy.to_string(),
        row.indicator.clone(),
        inert(&row.title),
        inert(&row.dimension),
        inert(&row.label),
        row.value.to_string(),
        inert(&row.unit),
    ]
}

/// The default separator of a language: `;` for Indonesian (Excel with Indonesian
/// regional settings uses the comma for decimals), `,` for English.
pub fn default_separator(lang: Lang) -> u8 {
    match lang {
        Lang::Id => b';',
        Lang::En => b',',
    }
}

/// The rows as CSV: UTF-8 with a byte-order mark (so Excel reads the names right),
/// headings in `lang`, fields separated by `separator`.
///
/// # Errors
/// Only if writing to memory fails (it does not).
pub fn csv(lang: Lang, separator: u8, rows: &[Row]) -> Result<Vec<u8>, csv::Error> {
    let mut buffer = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(separator)
            .from_writer(&mut buffer);
        writer.write_record(HEADINGS.iter().map(|key| i18n::text(lang, key)))?;
        for row in rows {
            writer.write_record(fields(row))?;
        }
        writer.flush()?;
    }
    Ok(buffer)
}

/// The rows as an Excel workbook, one sheet per strategy (headings frozen, filters on,
/// figures as numbers with thousands grouping).
///
/// # Errors
/// When the workbook cannot be assembled.
pub fn workbook(lang: Lang, rows: &[Row]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let grouped = Format::new().set_num_format("#,##0");
    let widths = [
        14.0, 32.0, 16.0, 9.0, 8.0, 30.0, 44.0, 22.0, 30.0, 14.0, 16.0,
    ];
    for strategy in STRATEGIES {
        let sheet = workbook.add_worksheet();
        sheet.set_name(i18n::text(lang, &format!("xlsx-sheet-{strategy}")))?;
        for (col, key) in (0u16..).zip(HEADINGS) {
            sheet.write_string_with_format(0, col, i18n::text(lang, key), &bold)?;
            sheet.set_column_width(col, widths[usize::from(col)])?;
        }
        let mut line: u32 = 0;
        for row in rows.iter().filter(|r| r.strategy == strategy) {
            line += 1;
            let texts = fields(row);
            for (col, text) in (0u16..).zip(texts.iter()) {
                if col == 9 {
                    // Exact up to 2^53 rupiah, far beyond any figure here.
                    #[allow(clippy::cast_precision_loss)]
                    sheet.write_number_with_format(line, col, row.value as f64, &grouped)?;
                } else if col == 4 {
                    sheet.write_number(line, col, f64::from(row.strategy))?;
                } else {
                    sheet.write_string(line, col, text)?;
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, line.max(1), 10)?;
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use calamine::Reader;

    use super::*;

    fn row(strategy: i32, indicator: &str, region: &str, value: i64) -> Row {
        Row {
            region_code: region.into(),
            region_name: "Kecamatan Karang Pilang".into(),
            level: "Kecamatan".into(),
            month: "2026-03".into(),
            strategy,
            indicator: indicator.into(),
            title: "Setoran".into(),
            dimension: String::new(),
            label: "jumlah".into(),
            value,
            unit: "rupiah".into(),
        }
    }

    #[test]
    fn the_csv_has_a_bom_indonesian_headings_and_semicolons() {
        let rows = [row(3, "savings.deposits", "35.78.01", 1_250_000)];
        let bytes = csv(Lang::Id, default_separator(Lang::Id), &rows).unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(&bytes[3..]);
        let headers = reader.headers().unwrap().clone();
        assert_eq!(&headers[0], "kode_wilayah");
        assert_eq!(&headers[6], "judul_indikator");
        let record = reader.records().next().unwrap().unwrap();
        assert_eq!(&record[1], "Kecamatan Karang Pilang");
        assert_eq!(&record[9], "1250000");
        let english = csv(Lang::En, default_separator(Lang::En), &rows).unwrap();
        let text = String::from_utf8(english[3..].to_vec()).unwrap();
        assert!(
            text.starts_with("region_code,region_name,level,month"),
            "{text}"
        );
    }

    #[test]
    fn a_text_that_would_be_a_formula_stays_text() {
        let mut evil = row(6, "capacity.certified", "35", 1);
        evil.dimension = "=HYPERLINK(\"http://x\")".into();
        evil.label = evil.dimension.clone();
        let bytes = csv(Lang::Id, b';', &[evil]).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("'=HYPERLINK"), "{text}");
    }

    #[test]
    fn the_workbook_has_a_sheet_per_strategy_with_its_rows() {
        let rows = [
            row(3, "savings.deposits", "35.78.01", 1_250_000),
            row(3, "savings.deposits", "35.78.02", 50_000),
            row(0, "registry.households_active", "35.78.01", 12),
        ];
        let bytes = workbook(Lang::Id, &rows).unwrap();
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let names = book.sheet_names();
        assert_eq!(names.len(), 8);
        assert_eq!(names[3], "3 Menabung");
        let sheet = book.worksheet_range("3 Menabung").unwrap();
        assert_eq!(sheet.height(), 3, "headings and two rows");
        assert_eq!(
            sheet.get_value((0, 0)).map(ToString::to_string).as_deref(),
            Some("kode_wilayah")
        );
        assert_eq!(
            sheet.get_value((1, 9)).and_then(calamine::DataType::as_f64),
            Some(1_250_000.0)
        );
        let registry = book.worksheet_range("Registrasi").unwrap();
        assert_eq!(registry.height(), 2);
        let empty = book.worksheet_range("5 Advokasi").unwrap();
        assert_eq!(empty.height(), 1, "headings only");
    }
}
