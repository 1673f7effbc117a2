//! `berdaya.reporting.v1.ReportingService`.

use berdaya_domain::FieldViolation;
use berdaya_domain::error::echo;
use berdaya_platform::grpc_error::{internal, invalid_argument};
use berdaya_platform::{Principal, RegionDirectory};
use berdaya_proto::berdaya::reporting::v1 as pb;
use berdaya_proto::berdaya::reporting::v1::reporting_service_server::ReportingService;
use tonic::{Request, Response, Status};

use crate::catalog::{self, Kind};
use crate::export;
use crate::i18n::{self, Lang};
use crate::store::{Freshness, ReadModel, ReadModelError};

/// The full gRPC service name.
pub const SERVICE_NAME: &str = "berdaya.reporting.v1.ReportingService";
/// Most indicator ids one `GetIndicators` request may name (the catalogue holds fewer).
pub const MAX_INDICATORS: usize = 64;
/// Most months one series request may span.
pub const MAX_MONTHS: usize = 121;
/// Bytes per CSV chunk.
const CSV_CHUNK: usize = 64 * 1024;

/// The reporting gRPC service over a read model.
#[derive(Debug, Clone)]
pub struct ReportingApi {
    model: ReadModel,
    regions: &'static RegionDirectory,
}

impl ReportingApi {
    /// The service over `model`.
    pub fn new(model: ReadModel) -> Self {
        Self {
            model,
            regions: RegionDirectory::embedded(),
        }
    }
}

fn model_status(error: ReadModelError) -> Status {
    internal(error)
}

/// Checks a `YYYY-MM` month.
pub fn valid_month(text: &str) -> bool {
    text.len() == 7
        && text.as_bytes()[4] == b'-'
        && text[..4]
            .parse::<u16>()
            .is_ok_and(|y| (2000..=2100).contains(&y))
        && text[5..].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
}

/// Validates a region prefix (empty allowed only when `allow_empty`).
fn check_prefix(
    regions: &RegionDirectory,
    prefix: &str,
    allow_empty: bool,
    violations: &mut Vec<FieldViolation>,
) {
    if prefix.is_empty() {
        if !allow_empty {
            violations.push(FieldViolation::new(
                "region_prefix",
                "is required (e.g. 35 or 35.78)",
            ));
        }
    } else if let Err(v) = regions.validate_prefix(prefix) {
        violations.push(v.under("region_prefix"));
    }
}

fn check_month(field: &str, text: &str, required: bool, violations: &mut Vec<FieldViolation>) {
    if text.is_empty() {
        if required {
            violations.push(FieldViolation::new(field, "is required (YYYY-MM)"));
        }
    } else if !valid_month(text) {
        violations.push(FieldViolation::new(
            field,
            format!("{} is not a month (YYYY-MM)", echo(text)),
        ));
    }
}

fn finish(violations: Vec<FieldViolation>) -> Result<(), Status> {
    if violations.is_empty() {
        Ok(())
    } else {
        Err(invalid_argument(&violations))
    }
}

/// The API form of how current the figures are.
pub fn freshness_message(freshness: Freshness) -> pb::Freshness {
    use berdaya_platform::history::timestamp;
    pb::Freshness {
        sources: freshness
            .sources
            .into_iter()
            .map(|s| pb::SourcePosition {
                source: s.source,
                position: s.position,
                recorded_at: Some(timestamp(s.recorded_at)),
                applied_at: Some(timestamp(s.applied_at)),
            })
            .collect(),
        pending_events: freshness.pending,
        parked_events: freshness.parked,
    }
}

/// The API form of an indicator, with its title and unit in `lang`.
pub fn definition(indicator: &catalog::Indicator, lang: Lang) -> pb::IndicatorDefinition {
    pb::IndicatorDefinition {
        id: indicator.id.to_owned(),
        strategy: indicator.strategy,
        title: i18n::indicator_title(lang, indicator),
        unit_label: i18n::indicator_unit(lang, indicator),
        unit: indicator.unit.to_owned(),
        kind: match indicator.kind {
            Kind::Flow => pb::IndicatorKind::Flow,
            Kind::Stock => pb::IndicatorKind::Stock,
        } as i32,
        dimension: indicator.dimension.to_owned(),
    }
}

#[tonic::async_trait]
impl ReportingService for ReportingApi {
    async fn list_indicators(
        &self,
        request: Request<pb::ListIndicatorsRequest>,
    ) -> Result<Response<pb::ListIndicatorsResponse>, Status> {
        Principal::from_request(&request)?;
        let message = request.into_inner();
        let lang = if message.language.is_empty() {
            Lang::En
        } else {
            language("language", &message.language).map_err(|v| invalid_argument(&[v]))?
        };
        Ok(Response::new(pb::ListIndicatorsResponse {
            indicators: catalog::all()
                .into_iter()
                .map(|i| definition(i, lang))
                .collect(),
        }))
    }

    async fn get_indicators(
        &self,
        request: Request<pb::GetIndicatorsRequest>,
    ) -> Result<Response<pb::GetIndicatorsResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        let message = request.into_inner();
        let mut violations = Vec::new();
        check_prefix(self.regions, &message.region_prefix, false, &mut violations);
        check_month("from_month", &message.from_month, true, &mut violations);
        check_month("to_month", &message.to_month, true, &mut violations);
        if violations.is_empty() {
            let span = crate::query::months(&message.from_month, &message.to_month).len();
            if span == 0 {
                violations.push(FieldViolation::new(
                    "to_month",
                    "must not be before from_month",
                ));
            } else if span > MAX_MONTHS {
                violations.push(FieldViolation::new(
                    "to_month",
                    format!("at most {MAX_MONTHS} months per request"),
                ));
            }
        }
        if message.indicators.len() > MAX_INDICATORS {
            // Counted before any is looked at: the list is as long as the caller likes.
            violations.push(FieldViolation::new(
                "indicators",
                format!(
                    "at most {MAX_INDICATORS} entries, got {}",
                    message.indicators.len()
                ),
            ));
        } else {
            for (index, id) in message.indicators.iter().enumerate() {
                if catalog::find(id).is_none() {
                    violations.push(FieldViolation::new(
                        format!("indicators[{index}]"),
                        format!("unknown indicator {}", echo(id)),
                    ));
                }
            }
        }
        finish(violations)?;
        principal.can_read(&message.region_prefix, "region_prefix")?;
        let series = self
            .model
            .series(
                &message.region_prefix,
                &message.from_month,
                &message.to_month,
                &message.indicators,
            )
            .await
            .map_err(model_status)?;
        let freshness = self.model.freshness().await.map_err(model_status)?;
        Ok(Response::new(pb::GetIndicatorsResponse {
            region_name: self
                .regions
                .name(&message.region_prefix)
                .unwrap_or_default()
                .to_owned(),
            region_prefix: message.region_prefix,
            series: series
                .into_iter()
                .map(|s| pb::Series {
                    indicator: s.indicator,
                    dimension: s.dimension,
                    points: s
                        .points
                        .into_iter()
                        .map(|(month, value)| pb::Point { month, value })
                        .collect(),
                })
                .collect(),
            applied_positions: freshness
                .sources
                .iter()
                .map(|s| format!("{}={}", s.source, s.position))
                .collect(),
            freshness: Some(freshness_message(freshness)),
        }))
    }

    async fn get_region_breakdown(
        &self,
        request: Request<pb::GetRegionBreakdownRequest>,
    ) -> Result<Response<pb::GetRegionBreakdownResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        let message = request.into_inner();
        let mut violations = Vec::new();
        check_prefix(self.regions, &message.region_prefix, true, &mut violations);
        check_month("month", &message.month, true, &mut violations);
        if catalog::find(&message.indicator).is_none() {
            violations.push(FieldViolation::new(
                "indicator",
                format!("unknown indicator {}", echo(&message.indicator)),
            ));
        }
        if message.region_prefix.len() > 8 {
            violations.push(FieldViolation::new(
                "region_prefix",
                "a village has no child regions",
            ));
        }
        finish(violations)?;
        principal.can_read(&message.region_prefix, "region_prefix")?;
        let rows = self
            .model
            .breakdown(&message.region_prefix, &message.month, &message.indicator)
            .await
            .map_err(model_status)?;
        let freshness = self.model.freshness().await.map_err(model_status)?;
        Ok(Response::new(pb::GetRegionBreakdownResponse {
            freshness: Some(freshness_message(freshness)),
            regions: rows
                .into_iter()
                .map(|(code, value)| pb::RegionFigure {
                    region_name: self.regions.name(&code).unwrap_or_default().to_owned(),
                    region_code: code,
                    value,
                })
                .collect(),
        }))
    }

    type ExportCsvStream =
        std::pin::Pin<Box<dyn futures::Stream<Item = Result<pb::CsvChunk, Status>> + Send>>;

    async fn export_csv(
        &self,
        request: Request<pb::ExportCsvRequest>,
    ) -> Result<Response<Self::ExportCsvStream>, Status> {
        let principal = Principal::from_request(&request)?;
        let message = request.into_inner();
        let mut violations = Vec::new();
        let lang = check_export(
            self.regions,
            &message.region_prefix,
            (&message.from_month, &message.to_month),
            &message.language,
            &mut violations,
        );
        let separator = match (message.separator.as_str(), lang) {
            ("", Some(lang)) => Some(export::default_separator(lang)),
            (";", Some(_)) => Some(b';'),
            (",", Some(_)) => Some(b','),
            ("", None) => None,
            (_, Some(_)) => {
                violations.push(FieldViolation::new(
                    "separator",
                    format!("must be ; or , (got {})", echo(&message.separator)),
                ));
                None
            }
            (_, None) => {
                violations.push(FieldViolation::new(
                    "separator",
                    "only with language: the machine form is always comma-separated",
                ));
                None
            }
        };
        finish(violations)?;
        principal.can_read(&message.region_prefix, "region_prefix")?;
        let bytes = match (lang, separator) {
            (Some(lang), Some(separator)) => {
                let rows = self
                    .officer_rows(
                        lang,
                        &message.region_prefix,
                        &message.from_month,
                        &message.to_month,
                    )
                    .await?;
                export::csv(lang, separator, &rows).map_err(internal)?
            }
            _ => self
                .model
                .csv(
                    &message.region_prefix,
                    &message.from_month,
                    &message.to_month,
                )
                .await
                .map_err(model_status)?
                .into_bytes(),
        };
        Ok(Response::new(chunked(&bytes, |data| pb::CsvChunk { data })))
    }

    type ExportWorkbookStream =
        std::pin::Pin<Box<dyn futures::Stream<Item = Result<pb::FileChunk, Status>> + Send>>;

    async fn export_workbook(
        &self,
        request: Request<pb::ExportWorkbookRequest>,
    ) -> Result<Response<Self::ExportWorkbookStream>, Status> {
        let principal = Principal::from_request(&request)?;
        let message = request.into_inner();
        let mut violations = Vec::new();
        let lang = check_export(
            self.regions,
            &message.region_prefix,
            (&message.from_month, &message.to_month),
            &message.language,
            &mut violations,
        )
        .unwrap_or(Lang::Id);
        finish(violations)?;
        principal.can_read(&message.region_prefix, "region_prefix")?;
        let rows = self
            .officer_rows(
                lang,
                &message.region_prefix,
                &message.from_month,
                &message.to_month,
            )
            .await?;
        let bytes = export::workbook(lang, &rows).map_err(internal)?;
        Ok(Response::new(chunked(&bytes, |data| pb::FileChunk {
            data,
        })))
    }
}

impl ReportingApi {
    /// The officers' rows of an export; open ends as on the dashboard (the twelve months
    /// up to this month).
    async fn officer_rows(
        &self,
        lang: Lang,
        prefix: &str,
        from: &str,
        to: &str,
    ) -> Result<Vec<export::Row>, Status> {
        let (from, to) = crate::period::page_range(
            Some(from).filter(|m| !m.is_empty()),
            Some(to).filter(|m| !m.is_empty()),
        );
        export::rows(&self.model, self.regions, lang, prefix, &from, &to)
            .await
            .map_err(model_status)
    }
}

/// A file as a stream of chunks of at most [`CSV_CHUNK`] bytes, each wrapped by `wrap`.
fn chunked<T: Send + 'static>(
    bytes: &[u8],
    wrap: fn(Vec<u8>) -> T,
) -> std::pin::Pin<Box<dyn futures::Stream<Item = Result<T, Status>> + Send>> {
    let chunks: Vec<Result<T, Status>> = bytes
        .chunks(CSV_CHUNK)
        .map(|c| Ok(wrap(c.to_vec())))
        .collect();
    Box::pin(futures::stream::iter(chunks))
}

/// Checks the region, months and language of an export; the language asked for, if
/// any (`None` when empty or refused).
fn check_export(
    regions: &RegionDirectory,
    prefix: &str,
    (from, to): (&str, &str),
    lang: &str,
    violations: &mut Vec<FieldViolation>,
) -> Option<Lang> {
    check_prefix(regions, prefix, false, violations);
    check_month("from_month", from, false, violations);
    check_month("to_month", to, false, violations);
    if violations.is_empty() && !from.is_empty() && !to.is_empty() && from > to {
        violations.push(FieldViolation::new(
            "to_month",
            format!("must not be before from_month ({from})"),
        ));
    }
    if lang.is_empty() {
        None
    } else {
        language("language", lang)
            .map_err(|v| violations.push(v))
            .ok()
    }
}

/// A language field: `id` or `en`.
fn language(field: &str, value: &str) -> Result<Lang, FieldViolation> {
    match value {
        "id" => Ok(Lang::Id),
        "en" => Ok(Lang::En),
        other => Err(FieldViolation::new(
            field,
            format!("must be id or en (got {})", echo(other)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_checked() {
        assert!(valid_month("2026-02"));
        for bad in ["2026-13", "2026-2", "26-02", "", "2026/02", "1999-01"] {
            assert!(!valid_month(bad), "{bad}");
        }
    }
}
