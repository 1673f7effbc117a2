//! Kemendagri region reference data: the codes and names of Indonesia's provinces,
//! regencies and cities (kabupaten/kota), districts (kecamatan) and villages (kelurahan,
//! desa and desa adat).
//!
//! Codes are dotted, one segment per level: `35` (Jawa Timur), `35.78` (Kota Surabaya),
//! `35.78.01` (a kecamatan), `35.78.01.1001` (a kelurahan). A village number starts with
//! 1 for a kelurahan, 2 for a desa and 3 for a desa adat.
//!
//! The data ships inside the binary (`idn-area-data`, under the Open Database License 1.0:
//! see `data/regions/README.md`) and is parsed once, on first use. Codes change over time
//! (splits, renames), so the version in force is recorded as [`DATA_VERSION`].

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use berdaya_domain::error::FieldViolation;

/// Which release of the reference data is embedded.
pub const DATA_VERSION: &str = "idn-area-data 4.0.1 (Kemendagri 300.2.2-2138/2025)";

const PROVINCES_CSV: &str = include_str!("../../../data/regions/provinces.csv");
const REGENCIES_CSV: &str = include_str!("../../../data/regions/regencies.csv");
const DISTRICTS_CSV: &str = include_str!("../../../data/regions/districts.csv");
const VILLAGES_CSV: &str = include_str!("../../../data/regions/villages.csv");

const VILLAGE_SHAPE: &str = "must be a village code like 33.73.04.1001";
const REGION_SHAPE: &str = "must be a region code like 35, 35.78, 35.78.01 or 35.78.01.1001";
const VILLAGE_KIND: &str =
    "village number must start with 1 (kelurahan), 2 (desa) or 3 (desa adat)";

/// The four levels of Indonesian administration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RegionLevel {
    /// Provinsi, code `PP`.
    Province,
    /// Kabupaten (regency) or kota (city), code `PP.RR`.
    Regency,
    /// Kecamatan, code `PP.RR.DD`.
    District,
    /// Kelurahan, desa or desa adat, code `PP.RR.DD.VVVV`.
    Village,
}

impl RegionLevel {
    /// The level a code has by its shape (`PP`, `PP.RR`, `PP.RR.DD`, `PP.RR.DD.VVVV`, all
    /// digits), or `None` when it has none of them. Says nothing about whether it exists.
    pub fn of_code(code: &str) -> Option<RegionLevel> {
        const WIDTHS: [usize; 4] = [2, 2, 2, 4];
        let segments: Vec<&str> = code.split('.').collect();
        if segments.len() > WIDTHS.len() {
            return None;
        }
        let well_formed = segments.iter().zip(WIDTHS).all(|(segment, width)| {
            segment.len() == width && segment.bytes().all(|b| b.is_ascii_digit())
        });
        if !well_formed {
            return None;
        }
        match segments.len() {
            1 => Some(RegionLevel::Province),
            2 => Some(RegionLevel::Regency),
            3 => Some(RegionLevel::District),
            _ => Some(RegionLevel::Village),
        }
    }

    /// The lowercase name of the level.
    pub fn as_str(self) -> &'static str {
        match self {
            RegionLevel::Province => "province",
            RegionLevel::Regency => "regency",
            RegionLevel::District => "district",
            RegionLevel::Village => "village",
        }
    }
}

impl fmt::Display for RegionLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One region of the reference data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Dotted Kemendagri code, e.g. `35.78`.
    pub code: String,
    /// Official name, e.g. `Kota Surabaya`.
    pub name: String,
    /// Its level.
    pub level: RegionLevel,
    /// The code of the region it belongs to (`None` for a province).
    pub parent: Option<String>,
}

/// Every region of one release of the reference data, by code.
#[derive(Debug)]
pub struct RegionDirectory {
    regions: HashMap<String, Region>,
    /// Child codes by parent code, sorted; provinces are the children of `""`.
    children: HashMap<String, Vec<String>>,
}

impl RegionDirectory {
    /// The directory embedded in the binary ([`DATA_VERSION`]), parsed on first use.
    pub fn embedded() -> &'static RegionDirectory {
        static EMBEDDED: OnceLock<RegionDirectory> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            let mut regions = Vec::with_capacity(92_000);
            for (level, text) in [
                (RegionLevel::Province, PROVINCES_CSV),
                (RegionLevel::Regency, REGENCIES_CSV),
                (RegionLevel::District, DISTRICTS_CSV),
                (RegionLevel::Village, VILLAGES_CSV),
            ] {
                parse_level(level, text, &mut regions);
            }
            RegionDirectory::from_regions(regions)
        })
    }

    /// A directory of `regions` (children are indexed by each region's `parent`).
    pub fn from_regions(regions: impl IntoIterator<Item = Region>) -> RegionDirectory {
        let mut children: HashMap<String, Vec<String>> = HashMap::new();
        let regions: HashMap<String, Region> = regions
            .into_iter()
            .map(|region| {
                children
                    .entry(region.parent.clone().unwrap_or_default())
                    .or_default()
                    .push(region.code.clone());
                (region.code.clone(), region)
            })
            .collect();
        for codes in children.values_mut() {
            codes.sort_unstable();
        }
        RegionDirectory { regions, children }
    }

    /// The region with this code.
    pub fn get(&self, code: &str) -> Option<&Region> {
        self.regions.get(code)
    }

    /// The official name of the region with this code.
    pub fn name(&self, code: &str) -> Option<&str> {
        self.get(code).map(|region| region.name.as_str())
    }

    /// The regions directly below `code`, sorted by code; the provinces for `""`, nothing
    /// for a village or an unknown code.
    pub fn children(&self, code: &str) -> Vec<&Region> {
        self.children
            .get(code)
            .map(|codes| codes.iter().filter_map(|c| self.get(c)).collect())
            .unwrap_or_default()
    }

    /// How many regions of `level` the directory holds.
    pub fn count(&self, level: RegionLevel) -> usize {
        self.regions.values().filter(|r| r.level == level).count()
    }

    /// Checks that `code` is a village code (`PP.RR.DD.VVVV`) that exists.
    ///
    /// # Errors
    /// A [`FieldViolation`] with an empty field name (nest it with
    /// [`FieldViolation::under`]): the code is malformed, or its village number does not
    /// start with 1, 2 or 3 (in a district that exists), or it is unknown.
    pub fn validate_village(&self, code: &str) -> Result<(), FieldViolation> {
        if RegionLevel::of_code(code) != Some(RegionLevel::Village) {
            return Err(FieldViolation::new("", VILLAGE_SHAPE));
        }
        if self.get(code).is_some() {
            return Ok(());
        }
        // The most specific reason: a village number of no kind in a district that exists
        // is a typo in the number; anything else is simply not a village we know. The shape
        // check guarantees 13 ASCII bytes: the district is bytes 0..8, the kind is byte 9.
        let district_known = self.get(&code[..8]).is_some();
        if district_known && !matches!(code.as_bytes()[9], b'1'..=b'3') {
            return Err(FieldViolation::new("", VILLAGE_KIND));
        }
        Err(FieldViolation::new(
            "",
            format!("unknown village code {code}"),
        ))
    }

    /// Checks that `prefix` is the code of a province, regency, district or village that
    /// exists. The whole country (an empty prefix) is for the caller to allow or not.
    ///
    /// # Errors
    /// A [`FieldViolation`] with an empty field name when the prefix is malformed or
    /// unknown.
    pub fn validate_prefix(&self, prefix: &str) -> Result<(), FieldViolation> {
        if RegionLevel::of_code(prefix).is_none() {
            return Err(FieldViolation::new("", REGION_SHAPE));
        }
        if self.get(prefix).is_none() {
            return Err(FieldViolation::new(
                "",
                format!("unknown region code {prefix}"),
            ));
        }
        Ok(())
    }
}

/// Appends the regions of one embedded CSV (`code,name` for provinces, otherwise
/// `code,parent_code,name`).
#[allow(
    clippy::expect_used,
    reason = "the data is embedded at build time and parsed by a test"
)]
fn parse_level(level: RegionLevel, text: &str, into: &mut Vec<Region>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    for record in reader.records() {
        let record = record.expect("embedded region data is valid csv");
        let field = |i: usize| {
            record
                .get(i)
                .expect("embedded region data has every column")
                .to_owned()
        };
        let (parent, name) = if level == RegionLevel::Province {
            (None, field(1))
        } else {
            (Some(field(1)), field(2))
        };
        into.push(Region {
            code: field(0),
            name,
            level,
            parent,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directory() -> &'static RegionDirectory {
        RegionDirectory::embedded()
    }

    #[test]
    fn counts_match_the_release() {
        let d = directory();
        assert_eq!(d.count(RegionLevel::Province), 38);
        assert_eq!(d.count(RegionLevel::Regency), 514);
        assert_eq!(d.count(RegionLevel::District), 7285);
        assert_eq!(d.count(RegionLevel::Village), 83762);
    }

    #[test]
    fn names_are_looked_up_by_code() {
        let d = directory();
        assert_eq!(d.name("35"), Some("Jawa Timur"));
        assert_eq!(d.name("35.78"), Some("Kota Surabaya"));
        assert_eq!(d.name("11.01.01.2001"), Some("Keude Bakongan"));
        assert_eq!(d.name("35.78.99"), None);
        let surabaya = d.get("35.78").unwrap();
        assert_eq!(surabaya.level, RegionLevel::Regency);
        assert_eq!(surabaya.parent.as_deref(), Some("35"));
    }

    #[test]
    fn quoted_names_keep_their_commas_and_quotes() {
        let d = directory();
        assert_eq!(d.name("12.07.28.1007"), Some("Lubuk Pakam I,II"));
        assert_eq!(d.name("35.13.15.2017"), Some("Soka\"an"));
    }

    #[test]
    fn children_are_the_next_level_down_in_code_order() {
        let d = directory();
        let provinces = d.children("");
        assert_eq!(provinces.len(), 38);
        assert_eq!(provinces[0].code, "11");
        let districts = d.children("35.78");
        assert!(!districts.is_empty());
        assert!(districts.windows(2).all(|w| w[0].code < w[1].code));
        assert!(
            districts.iter().all(|r| {
                r.level == RegionLevel::District && r.parent.as_deref() == Some("35.78")
            })
        );
        assert!(d.children("35.78.01.1001").is_empty());
        assert!(d.children("99").is_empty());
    }

    #[test]
    fn every_region_sits_inside_an_existing_parent() {
        let d = directory();
        for region in d.regions.values() {
            assert_eq!(RegionLevel::of_code(&region.code), Some(region.level));
            if let Some(parent) = &region.parent {
                assert!(d.get(parent).is_some(), "{} has no parent", region.code);
                assert!(crate::auth::region_matches(parent, &region.code));
            }
        }
    }

    #[test]
    fn a_real_village_validates() {
        let d = directory();
        assert_eq!(d.validate_village("11.01.01.2001"), Ok(()));
        assert_eq!(d.validate_village("35.78.01.1001"), Ok(()));
        assert_eq!(d.validate_village("91.03.01.3007"), Ok(()));
    }

    #[test]
    fn malformed_village_codes_are_refused_by_shape() {
        let d = directory();
        for code in [
            "",
            "35.78.01",
            "3578011001",
            "35.78.01.100",
            "35.78.01.10011",
            "35.78.1.1001",
            "35.78.01.1001.1",
            "35.78.0a.1001",
            "35-78-01-1001",
            "٣٥.78.01.1001",
        ] {
            let violation = d.validate_village(code).unwrap_err();
            assert_eq!(violation.field, "", "{code}");
            assert_eq!(violation.description, VILLAGE_SHAPE, "{code}");
        }
    }

    #[test]
    fn village_numbers_must_name_a_kind_of_village() {
        let violation = directory().validate_village("35.78.01.5001").unwrap_err();
        assert_eq!(violation.description, VILLAGE_KIND);
    }

    #[test]
    fn unknown_villages_are_refused_by_code() {
        let d = directory();
        for code in ["35.78.99.9999", "35.78.99.1001", "35.78.01.1999"] {
            let violation = d.validate_village(code).unwrap_err();
            assert_eq!(
                violation.description,
                format!("unknown village code {code}")
            );
        }
        assert_eq!(
            d.validate_village("35.78.99.9999")
                .unwrap_err()
                .under("village_code")
                .to_string(),
            "village_code: unknown village code 35.78.99.9999"
        );
    }

    #[test]
    fn prefixes_of_every_level_validate() {
        let d = directory();
        for prefix in ["35", "35.78", "35.78.01", "11.01.01.2001"] {
            assert_eq!(d.validate_prefix(prefix), Ok(()), "{prefix}");
        }
    }

    #[test]
    fn malformed_and_unknown_prefixes_are_refused() {
        let d = directory();
        for prefix in ["", "*", "3", "35.7", "35.78.", "35.78.01.1"] {
            assert_eq!(
                d.validate_prefix(prefix).unwrap_err().description,
                REGION_SHAPE,
                "{prefix}"
            );
        }
        assert_eq!(
            d.validate_prefix("99").unwrap_err().description,
            "unknown region code 99"
        );
        assert_eq!(
            d.validate_prefix("35.78.99").unwrap_err().description,
            "unknown region code 35.78.99"
        );
    }

    #[test]
    fn a_directory_can_be_built_from_test_data() {
        let d = RegionDirectory::from_regions([
            Region {
                code: "35".into(),
                name: "Jawa Timur".into(),
                level: RegionLevel::Province,
                parent: None,
            },
            Region {
                code: "35.78".into(),
                name: "Kota Surabaya".into(),
                level: RegionLevel::Regency,
                parent: Some("35".into()),
            },
        ]);
        assert_eq!(d.children("35")[0].name, "Kota Surabaya");
        assert_eq!(d.count(RegionLevel::Village), 0);
    }
}
