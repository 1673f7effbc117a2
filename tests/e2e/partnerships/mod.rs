//! End-to-end: the real `berdaya` binary over gRPC. Households are registered through
//! the households service; the partnerships service learns of them from their events
//! (on SQLite: the same process follows the households store; under `serve`: over NATS
//! JetStream), then partners, agreements, a network and referrals live their lives, and
//! bad requests are refused with the right code and field, changing nothing.

mod distributed;
mod groups;
mod lifecycle;
mod refusals;
mod site;
