//! The JetStream side: connecting, and creating or checking the one stream of domain
//! events at start-up with explicit settings.
//!
//! Only what NATS Server 2.9 offers is used (Debian's server on these machines): one
//! filter subject per consumer, `Nats-Msg-Id` de-duplication, NAK with delay, limits
//! retention, file storage.

use std::time::Duration;

use async_nats::jetstream::stream::{Config, DiscardPolicy, RetentionPolicy, StorageType};
use async_nats::jetstream::{self, Context};
use async_nats::{Client, ConnectOptions};

use crate::error::MessagingError;
use crate::settings::NatsSettings;
use crate::subject::stream_subjects;

/// How long a JetStream API request or publish acknowledgement may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

/// Connects to the configured server(s) as `client_name`.
///
/// With `wait_for_server`, the call returns at once and the client keeps trying in the
/// background (for consumers that must start while NATS is down); without it, an
/// unreachable server is an error (the relay then retries on its own schedule).
///
/// # Errors
/// [`MessagingError::Nats`] when the server cannot be reached (without
/// `wait_for_server`) or the URL is malformed.
pub async fn connect(
    settings: &NatsSettings,
    client_name: &str,
    wait_for_server: bool,
) -> Result<Client, MessagingError> {
    let mut options = ConnectOptions::new()
        .name(client_name)
        .connection_timeout(REQUEST_TIMEOUT)
        .request_timeout(Some(REQUEST_TIMEOUT))
        // Reconnect quickly at first, then at most every 2 s.
        .reconnect_delay_callback(|attempts| {
            Duration::from_millis((100 * attempts as u64).min(2_000))
        });
    if wait_for_server {
        options = options.retry_on_initial_connect();
    }
    let urls: Vec<&str> = settings.url.split(',').map(str::trim).collect();
    let shown = redacted(&settings.url);
    let addrs = urls
        .iter()
        .map(|u| u.parse::<async_nats::ServerAddr>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| MessagingError::Nats(format!("bad nats.url {shown:?}: {e}")))?;
    // The client does not take a password from the URL by itself: the first URL that
    // names a user (nats://user:password@host:4222) gives the credentials.
    if let Some(addr) = addrs.iter().find(|a| a.has_user_pass())
        && let (Some(user), Some(password)) = (addr.username(), addr.password())
    {
        options = options.user_and_password(user.to_owned(), password.to_owned());
    }
    options
        .connect(addrs)
        .await
        .map_err(|e| MessagingError::Nats(format!("connecting to {shown}: {e}")))
}

/// `urls` (comma-separated NATS URLs) with any password replaced by `***`, for messages.
pub fn redacted(urls: &str) -> String {
    urls.split(',')
        .map(|url| {
            let url = url.trim();
            match (url.find("://"), url.rfind('@')) {
                (Some(scheme), Some(at)) if at > scheme => {
                    let credentials = &url[scheme + 3..at];
                    let user = credentials.split(':').next().unwrap_or_default();
                    format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
                }
                _ => url.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// A JetStream context on `client` with [`REQUEST_TIMEOUT`].
pub fn context(client: Client) -> Context {
    let mut js = jetstream::new(client);
    js.set_timeout(REQUEST_TIMEOUT);
    js
}

/// The stream configuration the settings ask for.
pub fn stream_config(settings: &NatsSettings) -> Config {
    Config {
        name: settings.stream.clone(),
        description: Some("Berdaya domain events, relayed from each service's log".to_owned()),
        subjects: vec![stream_subjects(&settings.subject_prefix)],
        retention: RetentionPolicy::Limits,
        storage: StorageType::File,
        discard: DiscardPolicy::Old,
        num_replicas: settings.replicas,
        max_age: Duration::from_secs(settings.max_age_days * 86_400),
        max_bytes: settings.max_bytes,
        max_messages: -1,
        max_messages_per_subject: -1,
        duplicate_window: Duration::from_secs(settings.duplicate_window_secs),
        ..Config::default()
    }
}

/// Who may change an existing stream's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamChange {
    /// Bring the limits in line with the settings (the services' relays: they own the
    /// stream).
    Align,
    /// Only create a missing stream; leave an existing one as it is and warn when it
    /// differs (consumers and tools, so that a tool run with default settings never
    /// shrinks a production stream).
    CheckOnly,
}

/// Creates the stream, or checks an existing one and (with [`StreamChange::Align`])
/// brings its limits in line.
///
/// Subjects, retention, replicas, age and size limits and the duplicate window are
/// updated in place when they differ; the storage type cannot change, so a stream on
/// memory storage is refused with a clear error rather than silently used.
///
/// # Errors
/// [`MessagingError::Nats`] when JetStream cannot be reached or refuses the
/// configuration; [`MessagingError::StreamMismatch`] for a difference that cannot be
/// updated.
pub async fn ensure_stream(
    js: &Context,
    settings: &NatsSettings,
    change: StreamChange,
) -> Result<jetstream::stream::Info, MessagingError> {
    let wanted = stream_config(settings);
    match js.get_stream(&settings.stream).await {
        Ok(stream) => {
            let current = stream.cached_info().config.clone();
            if current.storage != wanted.storage {
                return Err(MessagingError::StreamMismatch {
                    stream: settings.stream.clone(),
                    problem: format!(
                        "storage is {:?}, the settings ask for file storage; recreate it",
                        current.storage
                    ),
                });
            }
            if differs(&current, &wanted) && change == StreamChange::CheckOnly {
                tracing::warn!(stream = %settings.stream, "the stream's limits differ from these settings; left as they are (the relays own them)");
            } else if differs(&current, &wanted) {
                tracing::info!(stream = %settings.stream, "updating stream limits to the settings");
                return js
                    .update_stream(&wanted)
                    .await
                    .map_err(|e| MessagingError::Nats(format!("updating stream: {e}")));
            }
            Ok(stream.cached_info().clone())
        }
        Err(error) if is_not_found(&error) => {
            tracing::info!(stream = %settings.stream, "creating stream");
            let mut stream = js
                .create_stream(wanted)
                .await
                .map_err(|e| MessagingError::Nats(format!("creating stream: {e}")))?;
            stream
                .info()
                .await
                .cloned()
                .map_err(|e| MessagingError::Nats(format!("reading stream info: {e}")))
        }
        Err(error) => Err(MessagingError::Nats(format!(
            "looking up stream {}: {error}",
            settings.stream
        ))),
    }
}

fn is_not_found(error: &jetstream::context::GetStreamError) -> bool {
    matches!(
        error.kind(),
        jetstream::context::GetStreamErrorKind::JetStream(e)
            if e.error_code() == jetstream::ErrorCode::STREAM_NOT_FOUND
    )
}

fn differs(current: &Config, wanted: &Config) -> bool {
    current.subjects != wanted.subjects
        || current.retention != wanted.retention
        || current.discard != wanted.discard
        || current.num_replicas != wanted.num_replicas
        || current.max_age != wanted.max_age
        || current.max_bytes != wanted.max_bytes
        || current.duplicate_window != wanted.duplicate_window
}

#[cfg(test)]
mod tests {
    use super::redacted;

    #[test]
    fn passwords_are_hidden_and_the_rest_kept() {
        assert_eq!(
            redacted("nats://u:p@a:4222, nats://b:4222,tls://v:x@c:4222"),
            "nats://u:***@a:4222,nats://b:4222,tls://v:***@c:4222"
        );
        assert_eq!(redacted("nats://nats:4222"), "nats://nats:4222");
    }
}
