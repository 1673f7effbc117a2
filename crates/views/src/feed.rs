//! How a view is fed, in either mode: a local follower of the other context's log
//! (`berdaya up`, or a direct database link), or a durable JetStream consumer of its
//! subjects (`berdaya serve`). Both deliver to the view's inbox.

use std::sync::Arc;

use berdaya_eventstore::EventStore;
use berdaya_messaging::inbox::InboxDatabase;
use berdaya_messaging::{
    ConsumerSettings, EventHandler, Inbox, JetStreamConsumer, LocalSource, MessagingError,
    NatsSettings,
};
use berdaya_runtime::{Context, Mode};
use sqlx::{Pool, Postgres, Sqlite};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::ViewDb;

/// Where a view hears of another context's records.
#[derive(Debug, Clone)]
pub enum Source {
    /// Follow the context's event store directly.
    Store(Arc<dyn EventStore>),
    /// A durable JetStream consumer of the context's subjects.
    Nats(NatsSettings),
}

impl Source {
    /// Where `context`'s events come from in `mode`: its log, started earlier in the same
    /// process (`berdaya up`), or NATS (`berdaya serve`).
    ///
    /// # Errors
    /// When `context` has not started before the one asking (a wrong module order).
    pub fn of(mode: &Mode, context: Context) -> anyhow::Result<Self> {
        match mode {
            Mode::Embedded { logs, .. } => logs
                .get(&context)
                .cloned()
                .map(Source::Store)
                .ok_or_else(|| {
                    anyhow::anyhow!("{context} must start before the contexts that follow it")
                }),
            Mode::Distributed { nats, .. } => Ok(Source::Nats((**nats).clone())),
        }
    }
}

/// Feeds `handler` (the view, consumer `consumer`, in `pool`) with `context`'s events
/// from `source` until `stop`.
///
/// # Errors
/// [`MessagingError`] when the inbox's tables cannot be created or the consumer's
/// settings are invalid.
pub async fn spawn<DB: InboxDatabase>(
    pool: Pool<DB>,
    consumer: &'static str,
    handler: Arc<dyn EventHandler<DB>>,
    context: Context,
    source: Source,
    stop: CancellationToken,
) -> Result<JoinHandle<()>, MessagingError> {
    let inbox = Inbox::new(pool, consumer, handler).await?;
    Ok(match source {
        Source::Store(store) => {
            let follower =
                LocalSource::new(store, context.as_str(), inbox, ConsumerSettings::default());
            tokio::spawn(async move {
                if let Err(error) = follower.run(stop).await {
                    tracing::error!(%consumer, %error, "view feed stopped");
                }
            })
        }
        Source::Nats(settings) => {
            let filter = berdaya_messaging::subject::context_subjects(
                &settings.subject_prefix,
                context.as_str(),
            );
            let jetstream =
                JetStreamConsumer::new(settings, consumer, Some(&filter), Arc::new(inbox))?;
            tokio::spawn(async move {
                if let Err(error) = jetstream.run(stop).await {
                    tracing::error!(%consumer, %error, "view consumer stopped");
                }
            })
        }
    })
}

/// [`spawn`] into `views`, whichever engine holds them: a view that handles events on
/// both (every view of this crate) needs no feed function of its own per engine.
///
/// # Errors
/// As [`spawn`].
pub async fn spawn_into<H>(
    views: &ViewDb,
    consumer: &'static str,
    handler: H,
    context: Context,
    source: Source,
    stop: CancellationToken,
) -> Result<JoinHandle<()>, MessagingError>
where
    H: EventHandler<Sqlite> + EventHandler<Postgres>,
{
    let handler = Arc::new(handler);
    match views {
        ViewDb::Sqlite { writer, .. } => {
            spawn(writer.clone(), consumer, handler, context, source, stop).await
        }
        ViewDb::Postgres(pool) => {
            spawn(pool.clone(), consumer, handler, context, source, stop).await
        }
    }
}
