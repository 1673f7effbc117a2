//! The one schema mechanism: sqlx migrations, embedded from each component's
//! `migrations/<engine>/` directory.
//!
//! A service's database holds the tables of several components (its event store, the
//! inbox of the views it keeps, ...), and sqlx keeps one migration record per database
//! (`_sqlx_migrations`). So each component owns a range of versions (the event store
//! 1 to 999, the inbox from 1001, its portable variant from 1101, a service's own view
//! tables from 2001: enterprise 2001, capacity 2101) and each migrator leaves the
//! versions it does not know to their owners instead of refusing them.

use sqlx::migrate::Migrator;

/// `migrator`, set to share its database's migration record with the other components'
/// migrators: versions applied by another component are not an error.
pub fn sharing(mut migrator: Migrator) -> Migrator {
    migrator.set_ignore_missing(true);
    migrator
}
