//! `berdaya up --demo`: a realistic demo province, seeded through the real API.
//!
//! East Java (35): households in villages of Kota Surabaya, Kabupaten Malang and
//! Kabupaten Jember, with heads, spouses, children and elders, DTSEN deciles 1 to 6, and
//! PKH, PIP and Sembako enrolments where the deciles allow. Ids and idempotency keys are
//! derived from a fixed seed, so seeding twice records nothing new.

use berdaya_platform::RegionDirectory;
use berdaya_platform::demo::{as_admin as admin, context};
use berdaya_proto::berdaya::households::v1 as pb;
use berdaya_proto::berdaya::households::v1::households_service_server::HouseholdsService;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use crate::HouseholdsApi;

/// The regencies of the demo province, with how many villages of each to use.
const REGENCIES: &[(&str, usize)] = &[("35.78", 4), ("35.07", 4), ("35.09", 3)];
/// Households per village.
const HOUSEHOLDS_PER_VILLAGE: usize = 6;
/// How many demo villages there are, in seeding order.
pub(crate) const VILLAGES: u128 = {
    let (mut sum, mut i) = (0, 0);
    while i < REGENCIES.len() {
        sum += REGENCIES[i].1;
        i += 1;
    }
    sum as u128
};

const MALE_NAMES: &[&str] = &[
    "Budi", "Agus", "Slamet", "Joko", "Heru", "Wahyu", "Eko", "Bambang", "Sugeng", "Dedi", "Rudi",
    "Hadi",
];
const FEMALE_NAMES: &[&str] = &[
    "Siti", "Sri", "Dewi", "Wati", "Ani", "Yuli", "Rina", "Lestari", "Nur", "Endang", "Tutik",
    "Sumiati",
];
const FAMILY_NAMES: &[&str] = &[
    "Santoso",
    "Wijaya",
    "Prasetyo",
    "Hidayat",
    "Setiawan",
    "Susanto",
    "Purnomo",
    "Rahayu",
    "Kurniawan",
    "Saputra",
];
const STREETS: &[&str] = &[
    "Jl. Kenanga",
    "Jl. Melati",
    "Jl. Mawar",
    "Gg. Masjid",
    "Jl. Pahlawan",
    "Dusun Krajan",
    "Jl. Kartini",
];

/// A NIK for someone born on `(y, m, d)`, first registered in `district` (`35.78.01`).
fn nik(district: &str, female: bool, (y, m, d): (i32, u32, u32), serial: u32) -> String {
    let day = if female { d + 40 } else { d };
    format!(
        "{}{day:02}{m:02}{:02}{serial:04}",
        district.replace('.', ""),
        y.rem_euclid(100)
    )
}

fn birth(rng: &mut StdRng, from: i32, to: i32) -> (i32, u32, u32) {
    (
        rng.gen_range(from..=to),
        rng.gen_range(1..=12),
        rng.gen_range(1..=28),
    )
}

fn date((y, m, d): (i32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

struct Person {
    member: pb::NewMember,
    born: (i32, u32, u32),
}

fn person(
    rng: &mut StdRng,
    district: &str,
    serial: &mut u32,
    female: bool,
    family: &str,
    years: (i32, i32),
    relationship: pb::Relationship,
) -> Person {
    let born = birth(rng, years.0, years.1);
    *serial += 1;
    let given = if female {
        FEMALE_NAMES[rng.gen_range(0..FEMALE_NAMES.len())]
    } else {
        MALE_NAMES[rng.gen_range(0..MALE_NAMES.len())]
    };
    Person {
        member: pb::NewMember {
            nik: nik(district, female, born, *serial),
            full_name: format!("{given} {family}"),
            sex: if female {
                pb::Sex::Female
            } else {
                pb::Sex::Male
            } as i32,
            birth_date: date(born),
            relationship: relationship as i32,
            phone: String::new(),
        },
        born,
    }
}

/// Seeds the demo province; returns how many households it holds.
///
/// # Errors
/// When a call fails for any reason other than having been made before.
pub(super) async fn seed(api: &HouseholdsApi) -> anyhow::Result<usize> {
    let regions = RegionDirectory::embedded();
    let mut rng = StdRng::seed_from_u64(2026);
    let mut count = 0usize;
    let mut serial = 0u32;
    for (regency, village_count) in REGENCIES {
        let villages: Vec<String> = regions
            .children(regency)
            .into_iter()
            .flat_map(|district| regions.children(&district.code))
            .step_by(7)
            .take(*village_count)
            .map(|v| v.code.clone())
            .collect();
        for village in villages {
            let district = &village[..8];
            for _ in 0..HOUSEHOLDS_PER_VILLAGE {
                count += 1;
                let n = count as u128;
                let household_id = Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0000 | n);
                let family = FAMILY_NAMES[rng.gen_range(0..FAMILY_NAMES.len())];
                let head = person(
                    &mut rng,
                    district,
                    &mut serial,
                    false,
                    family,
                    (1960, 1990),
                    pb::Relationship::Head,
                );
                let mut people = vec![head];
                if rng.gen_bool(0.85) {
                    people.push(person(
                        &mut rng,
                        district,
                        &mut serial,
                        true,
                        family,
                        (1965, 1995),
                        pb::Relationship::Spouse,
                    ));
                }
                for _ in 0..rng.gen_range(0..=4) {
                    let female = rng.gen_bool(0.5);
                    people.push(person(
                        &mut rng,
                        district,
                        &mut serial,
                        female,
                        family,
                        (2006, 2024),
                        pb::Relationship::Child,
                    ));
                }
                if rng.gen_bool(0.25) {
                    people.push(person(
                        &mut rng,
                        district,
                        &mut serial,
                        true,
                        family,
                        (1935, 1955),
                        pb::Relationship::Parent,
                    ));
                }
                let decile = rng.gen_range(1..=6);
                // District, issue date (ddmmyy), serial: the same layout as a NIK.
                let kk = format!("{}010123{:04}", district.replace('.', ""), n % 9999 + 1);
                let registered = api
                    .register_household(admin(pb::RegisterHouseholdRequest {
                        context: context(format!("demo-{n}-register")),
                        household_id: household_id.to_string(),
                        village_code: village.clone(),
                        kk_number: kk,
                        kk_valid_from: "2023-01-01".to_owned(),
                        address: format!(
                            "{} No. {} RT {:02} RW {:02}",
                            STREETS[rng.gen_range(0..STREETS.len())],
                            rng.gen_range(1..120),
                            rng.gen_range(1..10),
                            rng.gen_range(1..6)
                        ),
                        phone: String::new(),
                        decile,
                        ranking_round: "2026-Q1".to_owned(),
                        members: people.iter().map(|p| p.member.clone()).collect(),
                    }))
                    .await?
                    .into_inner();
                let household = registered.household.unwrap_or_default();
                enrol(api, n, &household, &people, decile).await?;
            }
        }
    }
    Ok(count)
}

async fn enrol(
    api: &HouseholdsApi,
    n: u128,
    household: &pb::Household,
    people: &[Person],
    decile: i32,
) -> anyhow::Result<()> {
    let enrol_in = |programme: pb::Programme, components: Vec<pb::PkhComponentClaim>| {
        pb::EnrolProgrammeRequest {
            context: context(format!("demo-{n}-enrol-{}", programme.as_str_name())),
            household_id: household.household_id.clone(),
            programme: programme as i32,
            enrolled_on: "2026-02-01".to_owned(),
            components,
        }
    };
    if decile <= 5 {
        api.enrol_programme(admin(enrol_in(pb::Programme::Sembako, vec![])))
            .await?;
    }
    let on = (2026, 2, 1);
    let age = |born: (i32, u32, u32)| on.0 - born.0 - i32::from((on.1, on.2) < (born.1, born.2));
    let mut components = Vec::new();
    let mut pupils = false;
    for (member, person) in household.members.iter().zip(people) {
        let component = match age(person.born) {
            0..=6 => Some(pb::PkhComponent::Child06),
            7..=12 => Some(pb::PkhComponent::Sd),
            13..=15 => Some(pb::PkhComponent::Smp),
            16..=18 => Some(pb::PkhComponent::Sma),
            70.. => Some(pb::PkhComponent::Elderly),
            _ => None,
        };
        pupils |= matches!(
            component,
            Some(pb::PkhComponent::Sd | pb::PkhComponent::Smp | pb::PkhComponent::Sma)
        );
        if let Some(component) = component {
            components.push(pb::PkhComponentClaim {
                member_id: member.member_id.clone(),
                component: component as i32,
            });
        }
    }
    if decile <= 4 && !components.is_empty() {
        api.enrol_programme(admin(enrol_in(pb::Programme::Pkh, components)))
            .await?;
    }
    if decile <= 4 && pupils {
        api.enrol_programme(admin(enrol_in(pb::Programme::Pip, vec![])))
            .await?;
    }
    Ok(())
}

/// The demo households of village `v` (from 0, in seeding order), as they stand.
///
/// # Errors
/// When one of them cannot be read.
pub(crate) async fn village(api: &HouseholdsApi, v: u128) -> anyhow::Result<Vec<pb::Household>> {
    let mut households = Vec::new();
    for i in 1..=HOUSEHOLDS_PER_VILLAGE as u128 {
        let n = v * HOUSEHOLDS_PER_VILLAGE as u128 + i;
        let household_id = Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0000 | n);
        let request = pb::GetHouseholdRequest {
            household_id: household_id.to_string(),
        };
        households.push(api.get_household(admin(request)).await?.into_inner());
    }
    Ok(households)
}
