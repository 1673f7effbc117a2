//! `berdaya up --demo` seeds KUBE groups from the demo households, once.

use berdaya_proto::berdaya::enterprise::v1 as pb;

use crate::common::Berdaya;
use crate::enterprise::site::*;

#[tokio::test]
async fn the_demo_seeds_kube_groups_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let all = pb::ListGroupsRequest {
        region_prefix: "35".to_owned(),
        ..Default::default()
    };
    let berdaya = Berdaya::up(dir.path(), &["--demo"]);
    let mut client = berdaya.enterprise(&berdaya.admin_token).await;
    let groups = list_until(&mut client, all.clone(), |g| g.len() == 6).await;
    assert_eq!(
        groups
            .iter()
            .filter(|g| g.stage == pb::Stage::Berkembang as i32)
            .count(),
        1
    );
    assert!(
        groups
            .iter()
            .all(|g| g.member_count == 5 && !g.facilitator_id.is_empty())
    );
    let first = client
        .get_group(pb::GetGroupRequest {
            group_id: groups[0].group_id.clone(),
        })
        .await
        .expect("get")
        .into_inner();
    drop(client);
    drop(berdaya);

    let berdaya = Berdaya::up(dir.path(), &["--demo"]);
    let mut client = berdaya.enterprise(&berdaya.admin_token).await;
    let again = list_until(&mut client, all, |g| g.len() == 6).await;
    assert_eq!(again.len(), 6, "seeding again adds nothing");
    assert_eq!(
        version(&mut client, &first.group_id).await,
        first.version,
        "nor changes a group"
    );
}
