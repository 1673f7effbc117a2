//! The one command path of every service's gRPC edge.
//!
//! A service describes each aggregate type once, as an [`Edge`] (its store, how it is
//! found and filed, the facts it looks up elsewhere, what a decision writes besides its
//! events, and its answer), and each mutating request as a [`CommandMessage`] (its RPC
//! name, where its id and context are, and how it becomes a domain command). [`run`]
//! does the rest, in this order, for every command of every service:
//!
//! 1. authenticate and validate the command context (idempotency key, version guard);
//! 2. validate every field, so a caller learns about all bad fields at once, before any
//!    lookup or permission check;
//! 3. check what does not depend on the aggregate: a role that writes, the roles the
//!    request needs, and the regions the request names;
//! 4. look up the facts the decision needs in other aggregates or views, as the caller
//!    may know them;
//! 5. in the aggregate store: authorise against the loaded state (an aggregate outside
//!    the caller's regions answers exactly as one that does not exist), decide, seal,
//!    append, answer from the emitted events;
//! 6. turn a failure into its gRPC status, at this edge only.

use async_trait::async_trait;
use berdaya_domain::{Aggregate, DomainError};
use berdaya_proto::berdaya::common::v1::CommandContext;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use crate::aggregate_store::{
    AggregateStore, CommandError, Emitted, EventCodec, Execution, SideEffects,
};
use crate::auth::{Principal, Role};
use crate::command_context::{Incoming, incoming};
use crate::grpc_error::command_status;
use crate::validate::Validator;

/// The domain command of an edge's aggregate.
pub type CommandOf<E> = <<E as Edge>::Aggregate as Aggregate>::Command;
/// The domain event of an edge's aggregate.
pub type EventOf<E> = <<E as Edge>::Aggregate as Aggregate>::Event;

/// Everything the command path needs to know about one type of aggregate that is the
/// same for all of its commands.
#[async_trait]
pub trait Edge: Send + Sync + 'static {
    /// The aggregate.
    type Aggregate: Aggregate;
    /// How its events are stored.
    type Codec: EventCodec<Event = EventOf<Self>>;
    /// What every command on it answers.
    type Response: Send + 'static;

    /// The full gRPC service name: the idempotency operation's prefix.
    const SERVICE: &'static str;
    /// What the aggregate is called in an answer (`household`, `kube group`).
    const NOUN: &'static str;
    /// The request field that carries the aggregate's id (`household_id`).
    const ID_FIELD: &'static str;

    /// The aggregate store.
    fn aggregates(&self) -> &AggregateStore<Self::Aggregate, Self::Codec>;

    /// A validator for one request (today in WIB, the region reference data).
    fn validator(&self) -> Validator<'static>;

    /// The stream of the aggregate with `id`: `<category>-<id>`, the category declared
    /// by the aggregate (an aggregate kept in one fixed stream says which).
    fn stream_id(id: Uuid) -> String {
        berdaya_eventstore::stream_id(<Self::Aggregate as Aggregate>::CATEGORY, id)
    }

    /// The region a stored aggregate is filed under (authorised against the caller's
    /// regions); `None` while it does not exist.
    fn region(state: &Self::Aggregate) -> Option<String>;

    /// Fills in the facts `command` on aggregate `id` needs from other aggregates or views,
    /// as `principal`
    /// may know them (a record outside the caller's regions is looked up as unknown).
    /// Returns the region a new aggregate is filed under when it comes from a record
    /// looked up here rather than from the request.
    ///
    /// # Errors
    /// The status to answer with (the facts' store failed, or the looked-up record is
    /// one the command cannot act on at all).
    async fn look_up(
        &self,
        _principal: &Principal,
        _id: Uuid,
        _command: &mut CommandOf<Self>,
    ) -> Result<Option<String>, Status> {
        Ok(None)
    }

    /// What a decision writes besides its events (claims, index entries, the region).
    fn side_effects(
        &self,
        before: &Self::Aggregate,
        events: &[EventOf<Self>],
        after: &Self::Aggregate,
    ) -> SideEffects;

    /// The answer, built from the state after the command and the events it recorded.
    fn respond(&self, answer: Answer<'_, Self>) -> Self::Response;
}

/// What a command's answer is built from.
#[allow(missing_debug_implementations)]
pub struct Answer<'a, E: Edge + ?Sized> {
    /// The aggregate's id.
    pub id: Uuid,
    /// Its state after the command.
    pub after: &'a E::Aggregate,
    /// Its stream version after the command.
    pub version: i64,
    /// The region its events were recorded under, when one was.
    pub region: Option<&'a str>,
    /// The events the command recorded, in order.
    pub emitted: &'a [Emitted<EventOf<E>>],
    /// The caller, for answers that show each caller only what it may see (an advocacy
    /// case's confidential notes).
    pub principal: &'a Principal,
}

/// What a request gives [`CommandMessage::to_command`] besides its own fields.
#[derive(Debug)]
pub struct Input<'a, E> {
    /// The service's edge (its configured rules and reference data).
    pub edge: &'a E,
    /// The aggregate's id: as sent, or chosen for a new aggregate.
    pub id: Uuid,
    /// The caller, e.g. the proposer recorded on a proposal.
    pub principal: &'a Principal,
}

/// Implements [`CommandMessage::context`] and [`CommandMessage::aggregate_id`] inside
/// an `impl CommandMessage<_> for Request` whose request has a `context` field and the
/// aggregate's id in `$field`: `command_accessors!(group_id);`.
#[macro_export]
macro_rules! command_accessors {
    ($field:ident) => {
        fn context(&mut self) -> &mut Option<berdaya_proto::berdaya::common::v1::CommandContext> {
            &mut self.context
        }
        fn aggregate_id(&self) -> &str {
            &self.$field
        }
    };
}

/// One mutating request of an edge's aggregate.
pub trait CommandMessage<E: Edge>: prost::Message + Clone + Default + Send + 'static {
    /// The RPC's method name.
    const METHOD: &'static str;
    /// True for a request that may act where the aggregate does not exist yet (it
    /// creates it).
    const CREATES: bool = false;
    /// True when the caller may leave the id empty and one is chosen (by default, for
    /// the requests that create). False for aggregates keyed by another record's id, such
    /// as a household's support record.
    const CHOOSES_ID: bool = Self::CREATES;
    /// Roles the request needs besides one that may write (empty: any writer).
    const ROLES: &'static [Role] = &[];

    /// The command context.
    fn context(&mut self) -> &mut Option<CommandContext>;

    /// The aggregate's id as sent.
    fn aggregate_id(&self) -> &str;

    /// The command, or `None` with the violations recorded in `v`.
    fn to_command(&self, v: &mut Validator<'static>, input: &Input<'_, E>) -> Option<CommandOf<E>>;

    /// Regions the request names (a village to register in, to move to) that the caller
    /// must be allowed to write in, with the fields that name them.
    fn regions(&self) -> Vec<(String, &'static str)> {
        Vec::new()
    }
}

/// Runs one mutating request through the command path (see the module docs).
///
/// # Errors
/// The status of whatever refused the command; nothing is written then.
pub async fn run<E: Edge, R: CommandMessage<E>>(
    edge: &E,
    request: Request<R>,
) -> Result<Response<E::Response>, Status> {
    let Incoming {
        principal,
        message,
        context,
    } = incoming(request, E::SERVICE, R::METHOD, R::context)?;

    let mut v = edge.validator();
    let new_stream = R::CHOOSES_ID && message.aggregate_id().is_empty();
    let id = if new_stream {
        Some(Uuid::now_v7())
    } else {
        v.id(E::ID_FIELD, message.aggregate_id())
    };
    let command = id.and_then(|id| {
        let input = Input {
            edge,
            id,
            principal: &principal,
        };
        message.to_command(&mut v, &input)
    });
    v.finish()?;
    let (Some(id), Some(mut command)) = (id, command) else {
        return Err(Status::invalid_argument("invalid request"));
    };

    // Nothing here depends on the aggregate, so the answers reveal nothing about it.
    principal.require_writer()?;
    if !R::ROLES.is_empty() {
        principal.require_role(R::ROLES)?;
    }
    for (region, field) in message.regions() {
        principal.can_write(&region, field)?;
    }
    let looked_up = edge.look_up(&principal, id, &mut command).await?;

    let authorise = |state: &E::Aggregate| match E::region(state) {
        Some(region) if principal.sees(&region) => Ok(Some(region)),
        None if R::CREATES => Ok(looked_up.clone()),
        _ => Err(CommandError::Domain(DomainError::not_found(format!(
            "{} {id}",
            E::NOUN
        )))),
    };
    let side_effects = |before: &E::Aggregate, events: &[EventOf<E>], after: &E::Aggregate| {
        edge.side_effects(before, events, after)
    };
    let respond = |after: &E::Aggregate,
                   version: i64,
                   region: Option<&str>,
                   emitted: &[Emitted<EventOf<E>>]| {
        edge.respond(Answer {
            id,
            after,
            version,
            region,
            emitted,
            principal: &principal,
        })
    };
    edge.aggregates()
        .execute(Execution {
            stream_id: E::stream_id(id),
            new_stream,
            command,
            expected_version: context.expected_version,
            metadata: context.metadata,
            idempotency: context.idempotency,
            authorise: &authorise,
            side_effects: &side_effects,
            respond: &respond,
        })
        .await
        .map(Response::new)
        .map_err(command_status)
}
