//! Generated code for the Berdaya public API: every gRPC service and every domain event,
//! as defined under `proto/berdaya/<context>/v1/`.
//!
//! The `.proto` files are the API reference for other agencies; the Rust code here is
//! generated at build time and re-exported module by module, mirroring the proto packages
//! (`berdaya::households::v1`, `berdaya::common::v1`, ...).

#![allow(
    missing_docs,
    missing_debug_implementations,
    clippy::all,
    clippy::pedantic
)]

include!(concat!(env!("OUT_DIR"), "/berdaya.rs"));

pub mod category;
pub mod codec;

/// The encoded `FileDescriptorSet` of every Berdaya proto, for gRPC reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/berdaya_descriptor.bin"));

/// Builds the `type_url` of a message as `google.protobuf.Any` spells it.
pub fn type_url(full_name: &str) -> String {
    format!("type.googleapis.com/{full_name}")
}
