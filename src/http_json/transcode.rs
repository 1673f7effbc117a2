//! proto3 JSON to the request message, a call to the process's own gRPC server over
//! loopback with the encoded bytes, and the answer back to proto3 JSON: the mapping is
//! `prost-reflect`'s, from the descriptor set, never written by hand.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use anyhow::Context;
use axum::http::HeaderMap;
use berdaya_domain::error::FieldViolation;
use bytes::{Buf, BufMut, Bytes};
use prost_reflect::prost::Message;
use prost_reflect::{
    DescriptorPool, DeserializeOptions, DynamicMessage, MessageDescriptor, MethodDescriptor,
    ServiceDescriptor,
};
use tonic::Status;
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::codegen::http::uri::PathAndQuery;
use tonic::metadata::{MetadataKey, MetadataValue};
use tonic::transport::{Channel, Endpoint};

/// The HTTP headers a call carries on to gRPC: the bearer token, the deadline, and the
/// W3C trace context.
const FORWARDED: [&str; 4] = ["authorization", "grpc-timeout", "traceparent", "tracestate"];

/// Turns HTTP/JSON calls into calls of the local gRPC server.
#[derive(Debug)]
pub(super) struct Transcoder {
    services: Vec<ServiceDescriptor>,
    channel: Channel,
}

impl Transcoder {
    /// A transcoder for `services` (full names) of the gRPC server at `grpc`.
    ///
    /// # Errors
    /// When the descriptor set does not decode or names none of `services`.
    pub(super) fn new(grpc: SocketAddr, services: &[&str]) -> anyhow::Result<Self> {
        let pool = DescriptorPool::decode(berdaya_proto::FILE_DESCRIPTOR_SET)
            .context("decoding the file descriptor set")?;
        let services = services
            .iter()
            .filter_map(|name| pool.get_service_by_name(name))
            .collect();
        // A server on every interface is reached on loopback.
        let ip = match grpc.ip() {
            ip if ip.is_unspecified() && ip.is_ipv4() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            ip if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        let channel = Endpoint::from_shared(format!("http://{}", SocketAddr::new(ip, grpc.port())))
            .context("the gRPC address as a URI")?
            .tcp_nodelay(true)
            .connect_lazy();
        Ok(Self { services, channel })
    }

    /// The services offered.
    pub(super) fn services(&self) -> &[ServiceDescriptor] {
        &self.services
    }

    /// The method `method` of `service`, when this process serves it.
    fn method(&self, service: &str, method: &str) -> Option<MethodDescriptor> {
        self.services
            .iter()
            .find(|s| s.full_name() == service)?
            .methods()
            .find(|m| m.name() == method)
    }

    /// Calls `service`/`method` with the JSON `body` and `headers`; the answer as JSON
    /// (an array of the messages for a server-streaming method).
    ///
    /// # Errors
    /// The gRPC status of the refusal, or `INVALID_ARGUMENT` for a body that is not the
    /// request message in proto3 JSON.
    pub(super) async fn call(
        &self,
        service: &str,
        method: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Vec<u8>, Status> {
        let Some(descriptor) = self.method(service, method) else {
            return Err(Status::not_found(format!(
                "no method {service}/{method} here: see /openapi.json"
            )));
        };
        if descriptor.is_client_streaming() {
            return Err(Status::unimplemented(
                "client-streaming methods are served over gRPC only",
            ));
        }
        let message = from_json(descriptor.input(), body)?;
        let mut request = tonic::Request::new(Bytes::from(message.encode_to_vec()));
        for name in FORWARDED {
            let value = headers.get(name).and_then(|v| v.to_str().ok());
            if let Some(value) = value.and_then(|v| MetadataValue::try_from(v).ok()) {
                request
                    .metadata_mut()
                    .insert(MetadataKey::from_static(name), value);
            }
        }
        let path = PathAndQuery::try_from(format!("/{service}/{method}"))
            .map_err(|_| Status::invalid_argument("the method path is not a valid URI path"))?;
        let mut grpc = tonic::client::Grpc::new(self.channel.clone());
        grpc.ready()
            .await
            .map_err(|_| Status::unavailable("the gRPC server is not reachable"))?;
        let output = descriptor.output();
        let answer = if descriptor.is_server_streaming() {
            let mut stream = grpc
                .server_streaming(request, path, RawCodec)
                .await?
                .into_inner();
            let mut items = Vec::new();
            while let Some(bytes) = stream.message().await? {
                items.push(to_json(&output, bytes)?);
            }
            serde_json::Value::Array(items)
        } else {
            to_json(
                &output,
                grpc.unary(request, path, RawCodec).await?.into_inner(),
            )?
        };
        serde_json::to_vec(&answer).map_err(|e| berdaya_platform::grpc_error::internal(&e))
    }
}

/// The request message from its proto3 JSON (an empty body is the empty message).
/// Unknown fields are refused, naming them.
fn from_json(descriptor: MessageDescriptor, body: &[u8]) -> Result<DynamicMessage, Status> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    let mut json = serde_json::Deserializer::from_slice(body);
    DynamicMessage::deserialize_with_options(descriptor, &mut json, &DeserializeOptions::new())
        .and_then(|message| json.end().map(|()| message))
        .map_err(|error| invalid_json(&error))
}

/// `INVALID_ARGUMENT` for a body that is not the request in proto3 JSON: the unknown
/// field's name, or "body" with what is wrong (a string value is never repeated back: it
/// may be a NIK).
fn invalid_json(error: &serde_json::Error) -> Status {
    let text = redact_strings(&error.to_string());
    let field = text
        .strip_prefix("unrecognized field name '")
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or("body");
    let description = if field == "body" {
        format!("not the request message in proto3 JSON: {text}")
    } else {
        format!(
            "unknown field (at line {}, column {})",
            error.line(),
            error.column()
        )
    };
    berdaya_platform::grpc_error::invalid_argument(&[FieldViolation::new(field, description)])
}

/// `text` with every quoted string value serde names (`string "..."`) left out.
fn redact_strings(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("string \"") {
        let (before, after) = rest.split_at(start + "string \"".len());
        out.push_str(before);
        out.push_str("…\"");
        rest = match after.find("\", expected") {
            Some(end) => &after[end + 1..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// The answer message as proto3 JSON.
fn to_json(descriptor: &MessageDescriptor, bytes: Bytes) -> Result<serde_json::Value, Status> {
    let message = DynamicMessage::decode(descriptor.clone(), bytes)
        .map_err(|e| berdaya_platform::grpc_error::internal(&e))?;
    serde_json::to_value(&message).map_err(|e| berdaya_platform::grpc_error::internal(&e))
}

/// A codec that passes encoded messages through: the bytes were made (and are read)
/// with the method's own descriptors.
#[derive(Debug, Clone, Copy)]
struct RawCodec;

impl Codec for RawCodec {
    type Encode = Bytes;
    type Decode = Bytes;
    type Encoder = RawCodec;
    type Decoder = RawCodec;

    fn encoder(&mut self) -> Self::Encoder {
        RawCodec
    }

    fn decoder(&mut self) -> Self::Decoder {
        RawCodec
    }
}

impl Encoder for RawCodec {
    type Item = Bytes;
    type Error = Status;

    fn encode(&mut self, item: Bytes, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.put(item);
        Ok(())
    }
}

impl Decoder for RawCodec {
    type Item = Bytes;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Bytes>, Status> {
        Ok(Some(src.copy_to_bytes(src.remaining())))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use tonic_types::StatusExt;

    fn register() -> MessageDescriptor {
        DescriptorPool::decode(berdaya_proto::FILE_DESCRIPTOR_SET)
            .unwrap()
            .get_message_by_name("berdaya.households.v1.RegisterHouseholdRequest")
            .unwrap()
    }

    fn violations(status: &Status) -> Vec<(String, String)> {
        status
            .get_details_bad_request()
            .unwrap()
            .field_violations
            .into_iter()
            .map(|v| (v.field, v.description))
            .collect()
    }

    #[test]
    fn an_unknown_field_is_refused_by_name() {
        let status = from_json(register(), br#"{"villageCode": "3578", "nikk": "1"}"#).unwrap_err();
        assert_eq!(status.code(), tonic::Code::InvalidArgument);
        assert_eq!(violations(&status)[0].0, "nikk", "{status:?}");
    }

    #[test]
    fn malformed_json_names_the_body_and_never_echoes_a_string_value() {
        let status = from_json(register(), br#"{"villageCode": "3578"#).unwrap_err();
        assert_eq!(violations(&status)[0].0, "body");
        let status = from_json(register(), br#"{"decile": "3171012345678901"}"#).unwrap_err();
        let (field, description) = violations(&status).remove(0);
        assert_eq!(field, "body");
        assert!(!description.contains("3171012345678901"), "{description}");
    }

    #[test]
    fn an_empty_body_is_the_empty_request() {
        let message = from_json(register(), b"").unwrap();
        assert!(message.encode_to_vec().is_empty());
    }
}
