//! KUBE groups as another context knows them: id, village, active or dissolved. Fed by
//! the enterprise context's events (`KubeGroupFormed`, `KubeGroupDissolved`).

use berdaya_messaging::{EventEnvelope, HandlerError};
use berdaya_proto::berdaya::enterprise::v1 as epb;
use berdaya_proto::category::enterprise::KUBE;
use prost::{Message, Name};
use uuid::Uuid;

use crate::table::{Known, record_id};

/// One KUBE group as a service knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    /// The group.
    pub group_id: Uuid,
    /// Its village.
    pub village_code: String,
    /// False once dissolved.
    pub active: bool,
    /// The last version of its stream applied.
    pub version: i64,
}

/// The pure update: the row after `event`, or `None` for another aggregate of the
/// enterprise context (support records).
///
/// # Errors
/// [`HandlerError::Reject`] for a payload that does not decode, or a group whose first
/// event is not its formation.
pub fn apply(
    row: Option<&GroupRow>,
    event: &EventEnvelope,
) -> Result<Option<GroupRow>, HandlerError> {
    let Some(group_id) = record_id(event, KUBE)? else {
        return Ok(None);
    };
    let name = event.event_type.rsplit('.').next().unwrap_or_default();
    let mut next = match row {
        _ if name == epb::KubeGroupFormed::NAME => {
            let e = epb::KubeGroupFormed::decode(event.payload.as_slice())
                .map_err(|e| HandlerError::Reject(format!("{}: {e}", event.event_type)))?;
            GroupRow {
                group_id,
                village_code: e.village_code,
                active: true,
                version: 0,
            }
        }
        Some(row) => row.clone(),
        None => {
            return Err(HandlerError::Reject(format!(
                "kube group {group_id}: first event is {name}, not KubeGroupFormed"
            )));
        }
    };
    if name == epb::KubeGroupDissolved::NAME {
        next.active = false;
    }
    next.version = event.version;
    Ok(Some(next))
}

crate::village_record!(GroupRow, group_id, KUBE);

/// A service's view of KUBE groups, in its table, fed through the inbox of its consumer:
/// `KnownGroups::new("partnerships_groups", "partnerships-groups")`.
pub type KnownGroups = Known<GroupRow>;

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(id: Uuid, version: i64, message: &str, payload: Vec<u8>) -> EventEnvelope {
        crate::table::envelope(
            "enterprise",
            format!("kube-{id}"),
            version,
            message,
            payload,
        )
    }

    #[test]
    fn formed_and_dissolved_groups_are_tracked_and_support_records_ignored() {
        let id = Uuid::now_v7();
        let formed = epb::KubeGroupFormed {
            group_id: id.to_string(),
            village_code: "35.78.01.1001".into(),
            ..Default::default()
        };
        let row = apply(
            None,
            &envelope(id, 1, "KubeGroupFormed", formed.encode_to_vec()),
        )
        .unwrap()
        .unwrap();
        assert!(row.active);
        assert_eq!(row.village_code, "35.78.01.1001");
        let row = apply(Some(&row), &envelope(id, 2, "MeetingRecorded", Vec::new()))
            .unwrap()
            .unwrap();
        assert_eq!(row.version, 2);
        let row = apply(
            Some(&row),
            &envelope(id, 3, "KubeGroupDissolved", Vec::new()),
        )
        .unwrap()
        .unwrap();
        assert!(!row.active);
        let mut support = envelope(id, 1, "SupportSessionRecorded", Vec::new());
        support.stream_id = format!("support-{id}");
        support.category = "support".into();
        assert_eq!(apply(None, &support).unwrap(), None);
        let orphan = envelope(Uuid::now_v7(), 1, "KubeGroupDissolved", Vec::new());
        assert!(matches!(apply(None, &orphan), Err(HandlerError::Reject(_))));
    }
}
