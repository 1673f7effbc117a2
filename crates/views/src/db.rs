//! The database a service keeps its views in: the same as its event log's (the SQLite
//! file of `berdaya up`, or its PostgreSQL database), so a view's writes and its inbox
//! records commit together.

use berdaya_eventstore::postgres::PostgresStore;
use berdaya_eventstore::sqlite::SqliteStore;
use berdaya_eventstore::{StoreError, sharing};
use sqlx::migrate::Migrator;
use sqlx::{PgPool, SqlitePool};

/// The database the views live in.
#[derive(Debug, Clone)]
pub enum ViewDb {
    /// A SQLite file of `berdaya up`: writes through the event store's one writer
    /// connection (so they serialise with appends), reads through its read-only pool.
    Sqlite {
        /// The one writer connection.
        writer: SqlitePool,
        /// Read-only connections.
        reader: SqlitePool,
    },
    /// A service's PostgreSQL database under `berdaya serve`.
    Postgres(PgPool),
}

impl ViewDb {
    /// The views beside `store`'s log.
    pub fn sqlite(store: &SqliteStore) -> Self {
        ViewDb::Sqlite {
            writer: store.writer_pool().clone(),
            reader: store.reader_pool().clone(),
        }
    }

    /// The views beside `store`'s log.
    pub fn postgres(store: &PostgresStore) -> Self {
        ViewDb::Postgres(store.pool().clone())
    }

    /// Brings a service's fixed view tables up to date with its migrations, `postgres`
    /// or `sqlite` as the engine is (`sqlx::migrate!("./migrations/postgres")` in the
    /// service's crate), sharing the database's migration record with its event store.
    ///
    /// # Errors
    /// [`StoreError`] when the database fails or a migration does not apply.
    pub async fn migrate(&self, postgres: Migrator, sqlite: Migrator) -> Result<(), StoreError> {
        match self {
            ViewDb::Sqlite { writer, .. } => sharing(sqlite).run(writer).await?,
            ViewDb::Postgres(pool) => sharing(postgres).run(pool).await?,
        }
        Ok(())
    }

    /// Runs `statements` (`CREATE TABLE IF NOT EXISTS ...`: idempotent, safe from several
    /// processes), in order: the tables of views whose names and columns are generated
    /// at run time ([`crate::table::Known`]). Fixed tables belong in sqlx migrations, as
    /// the event store's and the inbox's are.
    ///
    /// # Errors
    /// [`StoreError`] when the database fails.
    pub async fn ensure(&self, statements: &[String]) -> Result<(), StoreError> {
        for statement in statements {
            match self {
                ViewDb::Sqlite { writer, .. } => {
                    sqlx::query(statement).execute(writer).await?;
                }
                ViewDb::Postgres(pool) => {
                    sqlx::query(statement).execute(pool).await?;
                }
            }
        }
        Ok(())
    }
}

/// Runs `$body` with `$pool` bound to the pool queries read from, for either engine.
#[macro_export]
macro_rules! on_reader {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::ViewDb::Sqlite { reader: $pool, .. } => $body,
            $crate::ViewDb::Postgres($pool) => $body,
        }
    };
}
