//! The OpenAPI 3.0 document of the HTTP/JSON API, generated from the descriptor set: a
//! path per RPC, a schema per message in its proto3 JSON form (JSON names, enums as
//! strings, 64-bit integers as strings, `Timestamp` as a date-time string), bearer auth,
//! and the proto comments as descriptions — the protos stay the one API reference.

use std::collections::BTreeMap;

use prost_reflect::{FieldDescriptor, FileDescriptor, Kind, MessageDescriptor, ServiceDescriptor};
use serde_json::{Value, json};

/// Where the document says what is not served over HTTP/JSON, and how errors look.
const DESCRIPTION: &str = "Every unary and server-streaming RPC of this Berdaya process as \
`POST /v1/<package>.<Service>/<Method>` with the request message in proto3 JSON, with the \
same bearer token, roles, regions and rate limit as over gRPC. A server-streaming RPC \
answers a JSON array of its messages. Client-streaming RPCs are served over gRPC only. \
A refusal answers the HTTP status of its gRPC code with a body \
`{\"code\": \"INVALID_ARGUMENT\", \"message\": ..., \"details\": [...]}`, the details \
holding the google.rpc field violations; over the rate limit is 429 with Retry-After. \
(Setiap RPC unary dan server-streaming sebagai POST JSON; lihat README.)";

/// The document for `services`.
pub(super) fn document(services: &[ServiceDescriptor]) -> Value {
    let mut schemas = BTreeMap::new();
    let mut paths = serde_json::Map::new();
    for service in services {
        for method in service.methods().filter(|m| !m.is_client_streaming()) {
            collect(&method.input(), &mut schemas);
            collect(&method.output(), &mut schemas);
            let answer = message_schema(&method.output());
            let answer = if method.is_server_streaming() {
                json!({"type": "array", "items": answer})
            } else {
                answer
            };
            let description = comment(&method.parent_file(), method.path()).unwrap_or_default();
            paths.insert(
                format!("/v1/{}/{}", service.full_name(), method.name()),
                json!({"post": {
                    "operationId": format!("{}.{}", service.full_name(), method.name()),
                    "tags": [service.full_name()],
                    "summary": method.name(),
                    "description": description,
                    "requestBody": {"required": true, "content": {"application/json": {
                        "schema": message_schema(&method.input()),
                    }}},
                    "responses": {
                        "200": {"description": "the answer", "content": {"application/json": {
                            "schema": answer,
                        }}},
                        "429": {
                            "description": "over the rate limit of this token",
                            "headers": {"Retry-After": {
                                "description": "seconds to wait",
                                "schema": {"type": "integer"},
                            }},
                            "content": {"application/json": {"schema": error_ref()}},
                        },
                        "default": {"description": "a refusal", "content": {"application/json": {
                            "schema": error_ref(),
                        }}},
                    },
                }}),
            );
        }
    }
    let mut components: serde_json::Map<String, Value> = schemas.into_iter().collect();
    components.insert("Error".to_owned(), error_schema());
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Berdaya HTTP/JSON API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": DESCRIPTION,
        },
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
            "schemas": components,
        },
    })
}

fn error_ref() -> Value {
    json!({"$ref": "#/components/schemas/Error"})
}

fn error_schema() -> Value {
    json!({
        "type": "object",
        "description": "a refused call: the gRPC code, a message for people, and the status details",
        "required": ["code", "message", "details"],
        "properties": {
            "code": {"type": "string", "example": "INVALID_ARGUMENT"},
            "message": {"type": "string"},
            "details": {"type": "array", "items": {"type": "object", "additionalProperties": true}},
        },
    })
}

/// Adds the schema of `message` and of every message it reaches to `schemas`.
fn collect(message: &MessageDescriptor, schemas: &mut BTreeMap<String, Value>) {
    if well_known(message.full_name()).is_some() || schemas.contains_key(message.full_name()) {
        return;
    }
    // Placed before the fields are walked, so a message that contains itself ends.
    schemas.insert(message.full_name().to_owned(), Value::Null);
    let mut properties = serde_json::Map::new();
    for field in message.fields() {
        let mut schema = field_schema(&field);
        if let Some(text) = comment(&field.parent_file(), field.path()) {
            // A `$ref` takes no siblings in OpenAPI 3.0: the description goes around it.
            if schema.get("$ref").is_some() {
                schema = json!({"allOf": [schema]});
            }
            schema["description"] = Value::String(text);
        }
        properties.insert(field.json_name().to_owned(), schema);
        reached(&field.kind(), schemas);
    }
    let mut schema = json!({"type": "object", "properties": properties});
    if let Some(text) = comment(&message.parent_file(), message.path()) {
        schema["description"] = Value::String(text);
    }
    schemas.insert(message.full_name().to_owned(), schema);
}

/// Collects the message behind `kind` (a map's value type included).
fn reached(kind: &Kind, schemas: &mut BTreeMap<String, Value>) {
    if let Kind::Message(message) = kind {
        if message.is_map_entry() {
            reached(&message.map_entry_value_field().kind(), schemas);
        } else {
            collect(message, schemas);
        }
    }
}

fn field_schema(field: &FieldDescriptor) -> Value {
    if let (true, Kind::Message(entry)) = (field.is_map(), field.kind()) {
        return json!({
            "type": "object",
            "additionalProperties": kind_schema(&entry.map_entry_value_field().kind()),
        });
    }
    let one = kind_schema(&field.kind());
    if field.is_list() {
        json!({"type": "array", "items": one})
    } else {
        one
    }
}

/// A value of `kind` in proto3 JSON.
fn kind_schema(kind: &Kind) -> Value {
    match kind {
        Kind::Double | Kind::Float => json!({"type": "number"}),
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => {
            json!({"type": "integer", "format": "int32"})
        }
        Kind::Uint32 | Kind::Fixed32 => json!({"type": "integer", "minimum": 0}),
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => json!({"type": "string", "format": "int64"}),
        Kind::Uint64 | Kind::Fixed64 => json!({"type": "string", "format": "uint64"}),
        Kind::Bool => json!({"type": "boolean"}),
        Kind::String => json!({"type": "string"}),
        Kind::Bytes => json!({"type": "string", "format": "byte"}),
        Kind::Enum(e) => json!({
            "type": "string",
            "enum": e.values().map(|v| v.name().to_owned()).collect::<Vec<_>>(),
        }),
        Kind::Message(message) => message_schema(message),
    }
}

/// A `$ref` to the message's schema, or the JSON form of a well-known type.
fn message_schema(message: &MessageDescriptor) -> Value {
    well_known(message.full_name())
        .unwrap_or_else(|| json!({"$ref": format!("#/components/schemas/{}", message.full_name())}))
}

/// The proto3 JSON form of the well-known types.
fn well_known(full_name: &str) -> Option<Value> {
    Some(match full_name {
        "google.protobuf.Timestamp" => json!({"type": "string", "format": "date-time"}),
        "google.protobuf.Duration" => json!({"type": "string", "example": "1.5s"}),
        "google.protobuf.Empty" | "google.protobuf.Struct" => json!({"type": "object"}),
        "google.protobuf.Value" => json!({}),
        "google.protobuf.ListValue" => json!({"type": "array", "items": {}}),
        "google.protobuf.FieldMask" => json!({"type": "string"}),
        "google.protobuf.Any" => json!({"type": "object", "additionalProperties": true,
            "properties": {"@type": {"type": "string"}}}),
        "google.protobuf.DoubleValue" | "google.protobuf.FloatValue" => json!({"type": "number"}),
        "google.protobuf.Int64Value" | "google.protobuf.UInt64Value" => {
            json!({"type": "string", "format": "int64"})
        }
        "google.protobuf.Int32Value" | "google.protobuf.UInt32Value" => json!({"type": "integer"}),
        "google.protobuf.BoolValue" => json!({"type": "boolean"}),
        "google.protobuf.StringValue" => json!({"type": "string"}),
        "google.protobuf.BytesValue" => json!({"type": "string", "format": "byte"}),
        _ => return None,
    })
}

/// The comment above (or else after) the element at `path` in `file`, as one text.
fn comment(file: &FileDescriptor, path: &[i32]) -> Option<String> {
    let location = file
        .file_descriptor_proto()
        .source_code_info
        .as_ref()?
        .location
        .iter()
        .find(|l| l.path == path)?;
    let text = location
        .leading_comments
        .as_deref()
        .or(location.trailing_comments.as_deref())?;
    let text = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use prost_reflect::DescriptorPool;

    fn households() -> Value {
        let pool = DescriptorPool::decode(berdaya_proto::FILE_DESCRIPTOR_SET).unwrap();
        let service = pool
            .get_service_by_name("berdaya.households.v1.HouseholdsService")
            .unwrap();
        document(&[service])
    }

    #[test]
    fn every_rpc_has_a_path_with_its_messages_in_proto3_json() {
        let doc = households();
        let path = &doc["paths"]["/v1/berdaya.households.v1.HouseholdsService/RegisterHousehold"];
        assert_eq!(
            path["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/berdaya.households.v1.RegisterHouseholdRequest"
        );
        let request =
            &doc["components"]["schemas"]["berdaya.households.v1.RegisterHouseholdRequest"];
        // JSON names, and the proto comment as the description.
        assert_eq!(request["properties"]["villageCode"]["type"], "string");
        assert!(
            request["properties"]["villageCode"]["description"]
                .as_str()
                .unwrap()
                .contains("Kemendagri village code")
        );
        assert_eq!(request["properties"]["members"]["type"], "array");
        // A streaming RPC answers an array.
        let history =
            &doc["paths"]["/v1/berdaya.households.v1.HouseholdsService/StreamHouseholdHistory"];
        assert_eq!(
            history["post"]["responses"]["200"]["content"]["application/json"]["schema"]["type"],
            "array"
        );
        // Every $ref points at a schema in the document.
        let text = doc.to_string();
        for piece in text.split("\"#/components/schemas/").skip(1) {
            let name = piece.split('"').next().unwrap();
            assert!(doc["components"]["schemas"].get(name).is_some(), "{name}");
        }
    }

    #[test]
    fn enums_are_strings_and_timestamps_date_times() {
        let doc = households();
        let text = doc.to_string();
        assert!(text.contains(r#""format":"date-time""#));
        assert!(text.contains(r#""enum":["#));
        assert!(!text.contains("null"), "a schema left unfinished");
    }
}
