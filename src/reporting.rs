//! `berdaya reporting rebuild` on the embedded default (every context's log in the data
//! directory replayed into the read model) and `berdaya reporting as-of` in both modes
//! (the logs of the data directory, or each context's PostgreSQL store).

use std::path::Path;

/// `berdaya reporting rebuild` on the embedded default: replays every log into shadow
/// tables with a progress bar, then swaps them in.
///
/// # Errors
/// When a store or the read model fails; the live figures are untouched then.
pub(crate) async fn rebuild(data_dir: &Path) -> anyhow::Result<()> {
    let model = berdaya_reporting::module::embedded_model(data_dir).await?;
    let sources = crate::contexts::embedded_sources(data_dir).await?;
    // Events committed during the rebuild are replayed too, so the bar may pass its
    // length by a little: it is a guide, not a promise.
    let bar = indicatif::ProgressBar::new(berdaya_reporting::rebuild::total(&sources).await?);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "rebuilding reporting [{bar:40}] {pos}/{len} events ({per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let replayed =
        berdaya_reporting::rebuild::rebuild(&model, &sources, |n| bar.inc(n as u64)).await?;
    bar.finish_and_clear();
    println!("rebuilt reporting from {replayed} events and swapped it in");
    Ok(())
}

/// `berdaya reporting as-of`: the figures under `region` as they stood at `at`, as CSV
/// on standard output.
///
/// # Errors
/// When a store cannot be read or the region is malformed.
pub(crate) async fn as_of(
    sources: &[berdaya_reporting::follow::Source],
    at: chrono::DateTime<chrono::Utc>,
    region: &str,
) -> anyhow::Result<()> {
    if !region.is_empty() {
        berdaya_platform::RegionDirectory::embedded()
            .validate_prefix(region)
            .map_err(|v| anyhow::anyhow!("--region: {}", v.description))?;
    }
    let model = berdaya_reporting::as_of::as_of(sources, at).await?;
    print!("{}", model.csv(region, "", "").await?);
    Ok(())
}
