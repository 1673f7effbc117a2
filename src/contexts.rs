//! The contexts this binary runs, in start order: the one list that `berdaya up`,
//! `berdaya serve --service`, health, the reporting projection's sources, the settings
//! sections and the reporting commands iterate. Adding a context is one line here (see
//! `docs/adding-a-context.md`).

use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use berdaya_eventstore::EventStore;
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
