//! The gRPC codec of every Berdaya service: prost, plus two refusals a client's bytes
//! deserve before any handler sees them.
//!
//! - A body that is not a valid message (random bytes, truncated, wrong wire type,
//!   invalid UTF-8) answers `INVALID_ARGUMENT`: it is the client's garbage, not a server
//!   error (tonic's own codec answers `INTERNAL`, which pages whoever watches errors).
//! - A varint that does not fit its 32-bit field (an `int32`, `uint32` or enum; a
//!   `bool` other than 0 or 1) answers `INVALID_ARGUMENT` naming the field, where prost
//!   would silently truncate it (decile 4294967298 would be recorded as 2). The check
//!   walks the wire bytes with the field types of the compiled descriptor set
//!   ([`crate::FILE_DESCRIPTOR_SET`]), nested messages included.
//!
//! Generated clients use it too; for them the same refusals describe a bad answer.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::LazyLock;

use prost::Message;
use prost_types::field_descriptor_proto::Type;
use tonic::Status;
use tonic::codec::{BufferSettings, Codec, DecodeBuf, Decoder};

/// The codec (`tonic_prost_build`'s `codec_path` points here).
#[derive(Debug, Clone)]
pub struct StrictCodec<T, U> {
    _types: PhantomData<(T, U)>,
}

impl<T, U> Default for StrictCodec<T, U> {
    fn default() -> Self {
        Self {
            _types: PhantomData,
        }
    }
}

impl<T, U> Codec for StrictCodec<T, U>
where
    T: Message + Send + 'static,
    U: Message + prost::Name + Default + Send + 'static,
{
    type Encode = T;
    type Decode = U;
    type Encoder = tonic_prost::ProstEncoder<T>;
    type Decoder = StrictDecoder<U>;

    fn encoder(&mut self) -> Self::Encoder {
        tonic_prost::ProstEncoder::new(BufferSettings::default())
    }

    fn decoder(&mut self) -> Self::Decoder {
        StrictDecoder { _type: PhantomData }
    }
}

/// Decodes `U`, refusing what [the module](self) says.
#[derive(Debug, Clone)]
pub struct StrictDecoder<U> {
    _type: PhantomData<U>,
}

impl<U: Message + prost::Name + Default> Decoder for StrictDecoder<U> {
    type Item = U;
    type Error = Status;

    fn decode(&mut self, buf: &mut DecodeBuf<'_>) -> Result<Option<U>, Status> {
        use bytes::Buf;
        let bytes = buf.copy_to_bytes(buf.remaining());
        let message = U::decode(bytes.as_ref()).map_err(|e| {
            Status::invalid_argument(format!(
                "the request body is not a valid {} message: {e}",
                U::full_name()
            ))
        })?;
        if let Err(reason) = check(&U::full_name(), &bytes, 0) {
            return Err(Status::invalid_argument(reason));
        }
        Ok(Some(message))
    }

    fn buffer_settings(&self) -> BufferSettings {
        BufferSettings::default()
    }
}

/// How deep nested messages are followed (prost itself stops at 100).
const MAX_DEPTH: usize = 100;

/// The 32-bit kinds whose varints prost truncates, by message and field number.
type Schema = HashMap<String, HashMap<u32, Field>>;

#[derive(Debug, Clone)]
struct Field {
    name: String,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    /// `int32` or an enum: a sign-extended 32-bit value.
    Signed32,
    /// `uint32` or `sint32` (zig-zag): at most `u32::MAX`.
    Unsigned32,
    /// `bool`: 0 or 1.
    Bool,
    /// A nested message, by full name.
    Message(String),
    /// Anything else prost reads without loss.
    Other,
}

static SCHEMA: LazyLock<Schema> = LazyLock::new(|| {
    let mut schema = Schema::new();
    let Ok(set) = prost_types::FileDescriptorSet::decode(crate::FILE_DESCRIPTOR_SET) else {
        return schema;
    };
    for file in &set.file {
        for message in &file.message_type {
            collect(&mut schema, file.package(), message);
        }
    }
    schema
});

fn collect(schema: &mut Schema, scope: &str, message: &prost_types::DescriptorProto) {
    let name = format!("{scope}.{}", message.name());
    for nested in &message.nested_type {
        collect(schema, &name, nested);
    }
    let fields = message
        .field
        .iter()
        .map(|f| {
            let kind = match f.r#type() {
                Type::Int32 | Type::Enum => Kind::Signed32,
                Type::Uint32 | Type::Sint32 => Kind::Unsigned32,
                Type::Bool => Kind::Bool,
                Type::Message => Kind::Message(f.type_name().trim_start_matches('.').to_owned()),
                _ => Kind::Other,
            };
            let field = Field {
                name: f.name().to_owned(),
                kind,
            };
            (u32::try_from(f.number()).unwrap_or(0), field)
        })
        .collect();
    schema.insert(name, fields);
}

/// Walks `bytes`, a message of type `message`, refusing a varint that does not fit its
/// 32-bit field. Malformed bytes are left to prost, which has already accepted them.
fn check(message: &str, mut bytes: &[u8], depth: usize) -> Result<(), String> {
    let Some(fields) = SCHEMA.get(message) else {
        return Ok(());
    };
    if depth > MAX_DEPTH {
        return Ok(());
    }
    while !bytes.is_empty() {
        let Ok(key) = prost::encoding::decode_varint(&mut bytes) else {
            return Ok(());
        };
        let field = fields.get(&u32::try_from(key >> 3).unwrap_or(0));
        match key & 7 {
            0 => {
                let Ok(value) = prost::encoding::decode_varint(&mut bytes) else {
                    return Ok(());
                };
                if let Some(field) = field {
                    in_range(message, field, value)?;
                }
            }
            1 => bytes = bytes.get(8..).unwrap_or_default(),
            5 => bytes = bytes.get(4..).unwrap_or_default(),
            2 => {
                let Ok(length) = prost::encoding::decode_varint(&mut bytes) else {
                    return Ok(());
                };
                let length = usize::try_from(length)
                    .unwrap_or(usize::MAX)
                    .min(bytes.len());
                let (inner, rest) = bytes.split_at(length);
                bytes = rest;
                match field.map(|f| &f.kind) {
                    Some(Kind::Message(name)) => check(name, inner, depth + 1)?,
                    // A packed repeated scalar.
                    Some(Kind::Signed32 | Kind::Unsigned32 | Kind::Bool) => {
                        let mut packed = inner;
                        while let Ok(value) = prost::encoding::decode_varint(&mut packed) {
                            #[allow(clippy::expect_used, reason = "this arm matched a field")]
                            in_range(message, field.expect("matched"), value)?;
                        }
                    }
                    _ => {}
                }
            }
            _ => return Ok(()),
        }
    }
    Ok(())
}

fn in_range(message: &str, field: &Field, value: u64) -> Result<(), String> {
    // The wire value as the sender meant it (a negative int32 is sign-extended to 64 bits).
    let signed = i64::from_ne_bytes(value.to_ne_bytes());
    let fits = match field.kind {
        Kind::Signed32 => i32::try_from(signed).is_ok(),
        Kind::Unsigned32 => u32::try_from(value).is_ok(),
        Kind::Bool => value <= 1,
        Kind::Message(_) | Kind::Other => true,
    };
    if fits {
        Ok(())
    } else {
        Err(format!(
            "{}: {signed} does not fit the field (a 32-bit number in {message})",
            field.name
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::berdaya::households::v1 as pb;

    #[test]
    fn a_truncating_varint_is_refused_naming_its_field() {
        let request = pb::UpdateDecileRequest {
            decile: 2,
            ..pb::UpdateDecileRequest::default()
        };
        let name = <pb::UpdateDecileRequest as prost::Name>::full_name();
        assert_eq!(check(&name, &request.encode_to_vec(), 0), Ok(()));
        // decile is field 3: 4294967298 as a varint decodes to 2 in an int32.
        let mut bytes = Vec::new();
        prost::encoding::encode_key(3, prost::encoding::WireType::Varint, &mut bytes);
        prost::encoding::encode_varint(4_294_967_298, &mut bytes);
        assert_eq!(
            pb::UpdateDecileRequest::decode(bytes.as_slice())
                .unwrap()
                .decile,
            2
        );
        let refused = check(&name, &bytes, 0).unwrap_err();
        assert!(
            refused.starts_with("decile: 4294967298 does not fit"),
            "{refused}"
        );
        // A negative int32 is a valid 10-byte varint.
        let negative = pb::UpdateDecileRequest {
            decile: -1,
            ..pb::UpdateDecileRequest::default()
        };
        assert_eq!(check(&name, &negative.encode_to_vec(), 0), Ok(()));
    }

    #[test]
    fn nested_enums_are_checked_too() {
        let name = <pb::RegisterHouseholdRequest as prost::Name>::full_name();
        let mut member = Vec::new();
        // NewMember.sex (field 3) is an enum.
        prost::encoding::encode_key(3, prost::encoding::WireType::Varint, &mut member);
        prost::encoding::encode_varint(1 << 40, &mut member);
        let mut bytes = Vec::new();
        let members = 9; // RegisterHouseholdRequest.members
        prost::encoding::encode_key(
            members,
            prost::encoding::WireType::LengthDelimited,
            &mut bytes,
        );
        prost::encoding::encode_varint(member.len() as u64, &mut bytes);
        bytes.extend_from_slice(&member);
        let refused = check(&name, &bytes, 0);
        assert!(refused.is_err(), "{refused:?}");
    }
}
