//! What the server knows of each gRPC method before it reads a request body: whether it
//! writes (its request carries a `berdaya.common.v1.CommandContext`), and the largest
//! request it takes. Both come from the file descriptor set the protos compile to, so a
//! new RPC is classified without anyone remembering to list it.

use std::collections::HashMap;

use prost::Message;
use prost_types::FileDescriptorSet;

/// The largest request of most methods: every field within its validated bounds fits in
/// a fraction of it (the longest is a household of 30 members: about 30 KiB).
pub const DEFAULT_METHOD_BYTES: usize = 64 * 1024;

/// Methods whose largest valid request is larger than [`DEFAULT_METHOD_BYTES`], with
/// their own limit: recording attendance of 500 households with up to 30 members each,
/// plus 50 outcomes and actions of 500 characters, is about 700 KiB.
const LARGER_METHODS: [(&str, usize); 1] = [(
    "/berdaya.households.v1.ParticipationService/HoldActivity",
    1024 * 1024,
)];

/// The request message of every mutating RPC carries the command context in this type.
const COMMAND_CONTEXT: &str = ".berdaya.common.v1.CommandContext";

/// What is known of one method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodInfo {
    /// True when the method changes state (an auditor may never call it).
    pub writes: bool,
    /// The largest request body accepted, in bytes (protobuf message, without the
    /// 5-byte gRPC frame header).
    pub max_request_bytes: usize,
}

/// Every method of the served protos, by path (`/package.Service/Method`).
#[derive(Debug, Clone, Default)]
pub struct MethodTable {
    methods: HashMap<String, MethodInfo>,
}

impl MethodTable {
    /// The table of the services in `descriptor_set` (an encoded `FileDescriptorSet`),
    /// every limit at most `ceiling` bytes (the `grpc.max_request_bytes` setting).
    ///
    /// # Errors
    /// When `descriptor_set` does not decode.
    pub fn new(descriptor_set: &[u8], ceiling: usize) -> Result<Self, prost::DecodeError> {
        let set = FileDescriptorSet::decode(descriptor_set)?;
        let mut inputs_with_context = std::collections::HashSet::new();
        for file in &set.file {
            let package = file.package();
            for message in &file.message_type {
                if message
                    .field
                    .iter()
                    .any(|f| f.type_name() == COMMAND_CONTEXT)
                {
                    inputs_with_context.insert(format!(".{package}.{}", message.name()));
                }
            }
        }
        let mut methods = HashMap::new();
        for file in &set.file {
            for service in &file.service {
                // A client-streaming method may send its first message late: its body is
                // not held back for a look at its header (tonic's limit still applies).
                for method in service.method.iter().filter(|m| !m.client_streaming()) {
                    let path = format!("/{}.{}/{}", file.package(), service.name(), method.name());
                    let limit = LARGER_METHODS
                        .iter()
                        .find(|(p, _)| *p == path)
                        .map_or(DEFAULT_METHOD_BYTES, |(_, limit)| *limit);
                    let info = MethodInfo {
                        writes: inputs_with_context.contains(method.input_type()),
                        max_request_bytes: limit.min(ceiling),
                    };
                    methods.insert(path, info);
                }
            }
        }
        Ok(Self { methods })
    }

    /// What is known of the Berdaya method at `path`; `None` for health, reflection
    /// (whose requests tonic's own limit bounds) and paths no service serves.
    pub fn get(&self, path: &str) -> Option<MethodInfo> {
        self.methods.get(path).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> MethodTable {
        MethodTable::new(berdaya_proto::FILE_DESCRIPTOR_SET, 4 * 1024 * 1024).unwrap()
    }

    #[test]
    fn commands_write_and_queries_read() {
        let table = table();
        for path in [
            "/berdaya.households.v1.HouseholdsService/RegisterHousehold",
            "/berdaya.households.v1.SavingsService/Deposit",
            "/berdaya.enterprise.v1.EnterpriseService/ReportProgress",
            "/berdaya.households.v1.ParticipationService/HoldActivity",
        ] {
            assert!(table.get(path).unwrap().writes, "{path}");
        }
        for path in [
            "/berdaya.households.v1.HouseholdsService/GetHousehold",
            "/berdaya.households.v1.HouseholdsService/StreamHouseholdHistory",
            "/berdaya.reporting.v1.ReportingService/GetIndicators",
        ] {
            assert!(!table.get(path).unwrap().writes, "{path}");
        }
        assert_eq!(table.get("/grpc.health.v1.Health/Check"), None);
    }

    #[test]
    fn limits_fit_the_method_and_never_pass_the_ceiling() {
        let table = table();
        let hold = "/berdaya.households.v1.ParticipationService/HoldActivity";
        assert_eq!(table.get(hold).unwrap().max_request_bytes, 1024 * 1024);
        let register = "/berdaya.households.v1.HouseholdsService/RegisterHousehold";
        assert_eq!(
            table.get(register).unwrap().max_request_bytes,
            DEFAULT_METHOD_BYTES
        );
        let small = MethodTable::new(berdaya_proto::FILE_DESCRIPTOR_SET, 1000).unwrap();
        assert_eq!(small.get(hold).unwrap().max_request_bytes, 1000);
        assert_eq!(small.get("/unknown/Method"), None);
    }
}
