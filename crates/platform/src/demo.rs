//! What every context's demo seeding (`berdaya up --demo`) shares: requests sent through
//! the real service API as a named subject, and idempotency keys derived from a fixed
//! seed, so that seeding twice records nothing new.

use berdaya_proto::berdaya::common::v1::CommandContext;

use crate::{Principal, Role};

/// `message` as a request from the demo's administrator.
pub fn as_admin<T>(message: T) -> tonic::Request<T> {
    as_subject("demo-seeder", &[Role::Admin], message)
}

/// `message` as a request from `subject` holding `roles` everywhere (a maker and a
/// checker must be two people).
pub fn as_subject<T>(subject: &str, roles: &[Role], message: T) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    request.extensions_mut().insert(Principal::new(
        subject,
        roles.to_vec(),
        vec!["*".to_owned()],
    ));
    request
}

/// A command context with a fixed idempotency key.
pub fn context(key: String) -> Option<CommandContext> {
    Some(CommandContext {
        idempotency_key: key,
        ..CommandContext::default()
    })
}
