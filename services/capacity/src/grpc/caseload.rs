//! `GetCaseload`: facilitators' caseloads in a region against the configured ratios,
//! from the caseload view (KUBE groups and PKH households with the `facilitator_id` the
//! enterprise and households contexts record) and the people registry.

use std::collections::BTreeMap;

use berdaya_platform::Principal;
use berdaya_platform::grpc_error::store_status;
use berdaya_proto::berdaya::capacity::v1 as pb;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::lookup::person_region;
use super::queries::{page, paging, readable};
use super::{CapacityApi, PERSON_CATEGORY};
use crate::convert;
use crate::domain::caseload::{FacilitatorCount, RegionCounts};
use crate::domain::person::PersonStatus;
use crate::domain::roles::PersonRole;
use crate::domain::{facilitator_loads, region_capacity};
use crate::views;

fn number(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// Households and groups recorded under one facilitator id.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    households: u32,
    groups: u32,
}

impl CapacityApi {
    pub(super) async fn caseload_query(
        &self,
        request: Request<pb::GetCaseloadRequest>,
    ) -> Result<Response<pb::Caseload>, Status> {
        let principal = Principal::from_request(&request)?;
        let m = request.into_inner();
        let inner = &self.inner;
        let mut v = inner.validator();
        let prefix = v.region_prefix("region_prefix", m.region_prefix.trim());
        let role = match convert::role(m.role) {
            _ if m.role == 0 => Some(None),
            Some(role) if role.is_facilitator() => Some(Some(role)),
            _ => {
                v.violations.add(
                    "role",
                    "must be a facilitator role (PENDAMPING_PKH, PENDAMPING_KUBE, TKSK, PSM, SOCIAL_WORKER)",
                );
                None
            }
        };
        let paging = paging(&mut v, m.page.as_ref());
        v.finish()?;
        let (Some(prefix), Some(role)) = (prefix, role) else {
            return Err(Status::invalid_argument("invalid request"));
        };
        readable(&principal, &prefix)?;

        let rows = views::caseload(&inner.views, &prefix)
            .await
            .map_err(|e| store_status(&e))?;
        let mut counts = RegionCounts::default();
        let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
        for row in &rows {
            let is_group = row.kind == views::GROUP;
            if is_group {
                counts.kube_groups += 1;
            } else {
                counts.pkh_households += 1;
            }
            if row.facilitator_id.is_empty() {
                if is_group {
                    counts.groups_without_facilitator += 1;
                } else {
                    counts.households_without_facilitator += 1;
                }
                continue;
            }
            let tally = tallies.entry(row.facilitator_id.clone()).or_default();
            if is_group {
                tally.groups += 1;
            } else {
                tally.households += 1;
            }
        }

        // Facilitators registered in the region, with or without a caseload.
        let mut facilitators: BTreeMap<Uuid, (PersonRole, String)> = BTreeMap::new();
        for (_, loaded) in inner.scan(&inner.people, PERSON_CATEGORY, &prefix).await? {
            let p = &loaded.state;
            let (Some(id), Some(placement)) = (p.id, &p.placement) else {
                continue;
            };
            let region = person_region(p).unwrap_or_default();
            if p.status != PersonStatus::Active
                || !placement.role.is_facilitator()
                || !principal.sees(&region)
            {
                continue;
            }
            match placement.role {
                PersonRole::PendampingPkh => counts.pendamping_pkh += 1,
                PersonRole::PendampingKube => counts.pendamping_kube += 1,
                _ => {}
            }
            facilitators.insert(id, (placement.role, region));
        }
        // Facilitator ids recorded here that are people registered elsewhere, or no one.
        let mut unresolved = Vec::new();
        for (recorded, tally) in &tallies {
            let person = match Uuid::parse_str(recorded) {
                Ok(id) if facilitators.contains_key(&id) => continue,
                Ok(id) => inner.visible_person(&principal, id).await?,
                Err(_) => None,
            };
            match person.as_ref().and_then(|p| {
                Some((
                    p.state.id?,
                    p.state.placement.clone()?,
                    person_region(&p.state)?,
                ))
            }) {
                Some((id, placement, region)) => {
                    facilitators.insert(id, (placement.role, region));
                }
                None => unresolved.push(pb::UnresolvedFacilitator {
                    facilitator_id: recorded.clone(),
                    households: number(tally.households),
                    kube_groups: number(tally.groups),
                }),
            }
        }

        let facilitator_counts: Vec<FacilitatorCount> = facilitators
            .iter()
            .filter(|(_, (r, _))| role.is_none_or(|wanted| wanted == *r))
            .map(|(id, (r, _))| {
                let tally = tallies.get(&id.to_string()).copied().unwrap_or_default();
                FacilitatorCount {
                    person_id: *id,
                    role: *r,
                    households: tally.households,
                    kube_groups: tally.groups,
                }
            })
            .collect();
        let loads: Vec<(String, pb::FacilitatorLoad)> =
            facilitator_loads(&facilitator_counts, &inner.caseload)
                .into_iter()
                .filter(|l| !m.over_ratio_only || l.over_ratio)
                .map(|l| {
                    let region = facilitators
                        .get(&l.person_id)
                        .map(|(_, r)| r.clone())
                        .unwrap_or_default();
                    (
                        l.person_id.to_string(),
                        pb::FacilitatorLoad {
                            person_id: l.person_id.to_string(),
                            role: convert::role_pb(l.role) as i32,
                            region_code: region,
                            households: number(l.households),
                            kube_groups: number(l.kube_groups),
                            households_percent: number(l.households_percent),
                            kube_groups_percent: number(l.kube_groups_percent),
                            over_ratio: l.over_ratio,
                        },
                    )
                })
                .collect();
        let (facilitators, page) = page(loads, &paging);
        let region = region_capacity(counts, &inner.caseload);
        Ok(Response::new(pb::Caseload {
            kube_groups_per_facilitator: number(inner.caseload.kube_groups_per_facilitator),
            pkh_households_per_facilitator: number(inner.caseload.pkh_households_per_facilitator),
            facilitators,
            region: Some(pb::RegionCapacity {
                pkh_households: number(region.counts.pkh_households),
                kube_groups: number(region.counts.kube_groups),
                households_without_facilitator: number(
                    region.counts.households_without_facilitator,
                ),
                groups_without_facilitator: number(region.counts.groups_without_facilitator),
                pendamping_pkh: number(region.counts.pendamping_pkh),
                pendamping_kube: number(region.counts.pendamping_kube),
                pendamping_pkh_needed: number(region.pendamping_pkh_needed),
                pendamping_kube_needed: number(region.pendamping_kube_needed),
                pendamping_pkh_short: number(region.pendamping_pkh_short),
                pendamping_kube_short: number(region.pendamping_kube_short),
            }),
            unresolved,
            page: Some(page),
        }))
    }
}
