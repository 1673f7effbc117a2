//! The contexts this binary runs, in start order: the one list that `berdaya up`,
//! `berdaya serve --service`, health, the reporting projection's sources, the settings
//! sections and the reporting commands iterate. Adding a context is one line here (see
//! `docs/adding-a-context.md`).

use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use berdaya_eventstore::EventStore;
use berdaya_eventstore::postgres::PostgresStore;
use berdaya_eventstore::sqlite::SqliteStore;
use berdaya_reporting::follow::Source;
use berdaya_runtime::{Context, Module};

/// Every context's module, each after those whose events it follows.
pub(crate) static MODULES: [&dyn Module; 6] = [
    &berdaya_households::MODULE,
    &berdaya_enterprise::MODULE,
    &berdaya_partnerships::MODULE,
    &berdaya_advocacy::MODULE,
    &berdaya_capacity::MODULE,
    &berdaya_reporting::MODULE,
];

/// The module of `context`.
///
/// # Errors
/// When no module serves it (a context declared but not built into this binary).
pub(crate) fn module(context: Context) -> anyhow::Result<&'static dyn Module> {
    MODULES
        .iter()
        .copied()
        .find(|m| m.context() == context)
        .with_context(|| format!("{context} is not built into this binary"))
}

/// The event logs `berdaya up` keeps in `data_dir`, one per context that keeps one, for
/// `berdaya reporting rebuild` and `as-of`.
///
/// # Errors
/// When a store cannot be opened.
pub(crate) async fn embedded_sources(data_dir: &Path) -> anyhow::Result<Vec<Source>> {
    let mut sources = Vec::new();
    for module in MODULES.iter().filter(|m| m.keeps_log()) {
        let context = module.context();
        let path = data_dir.join(format!("{context}.db"));
        let store: Arc<dyn EventStore> = Arc::new(
            SqliteStore::open(&path)
                .await
                .with_context(|| format!("opening {}", path.display()))?,
        );
        sources.push(Source {
            name: context.as_str().to_owned(),
            store,
        });
    }
    Ok(sources)
}

/// The event logs of `berdaya serve`: each `CONTEXT=postgres://...` opened read-only
/// (no migration runs: an auditor's replay changes nothing).
///
/// # Errors
/// A malformed entry, a context that keeps no log, a database that cannot be reached.
pub(crate) async fn postgres_sources(entries: &[String]) -> anyhow::Result<Vec<Source>> {
    let mut sources = Vec::new();
    for entry in entries {
        let (name, url) = entry
            .split_once('=')
            .with_context(|| format!("--source {entry:?}: expected CONTEXT=postgres://..."))?;
        let context: Context = name
            .parse()
            .map_err(|e| anyhow::anyhow!("--source {name}: {e}"))?;
        if !MODULES
            .iter()
            .any(|m| m.context() == context && m.keeps_log())
        {
            anyhow::bail!("--source {name}: this context keeps no event log");
        }
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(2)
            .acquire_timeout(std::time::Duration::from_secs(10))
            .connect(url)
            .await
            .with_context(|| format!("--source {name}: connecting to its database"))?;
        sources.push(Source {
            name: context.as_str().to_owned(),
            store: Arc::new(PostgresStore::from_pool(pool)),
        });
    }
    Ok(sources)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_context_has_one_module_and_starts_after_what_it_follows() {
        for context in Context::ALL {
            let count = MODULES.iter().filter(|m| m.context() == context).count();
            assert_eq!(count, 1, "{context}");
        }
        let order: Vec<Context> = MODULES.iter().map(|m| m.context()).collect();
        assert_eq!(order, Context::ALL, "modules start in the contexts' order");
        assert_eq!(
            order.last(),
            Some(&Context::Reporting),
            "reporting follows them all"
        );
    }

    #[test]
    fn no_two_modules_claim_a_settings_section() {
        let mut seen = std::collections::BTreeSet::new();
        for module in MODULES {
            for section in module.sections() {
                assert!(seen.insert(*section), "{section} claimed twice");
            }
        }
    }
}
