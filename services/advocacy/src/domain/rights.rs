//! The rights an advocacy case can be about: reference data, not an enum, so a province
//! can add the rights its own regulations name without a new release.
//!
//! The built-in list is `rights.tsv` beside this file (code, Indonesian label, English
//! label); a province's additions come in a file of the same shape.

use std::collections::HashSet;

/// The built-in list.
const BUILT_IN: &str = include_str!("rights.tsv");

/// The longest code accepted.
const MAX_CODE_LEN: usize = 64;

/// One right (or basic service) whose violation or denial a case records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Right {
    /// Stable code recorded in events, e.g. `health_insurance`.
    pub code: String,
    /// Label in Indonesian, shown first.
    pub label_id: String,
    /// Label in English.
    pub label_en: String,
}

/// A malformed line in a rights file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rights reference data, line {line}: {reason}")]
pub struct CatalogueError {
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// The rights known to a deployment, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RightsCatalogue {
    rights: Vec<Right>,
}

impl Default for RightsCatalogue {
    fn default() -> Self {
        Self::built_in()
    }
}

impl RightsCatalogue {
    /// The built-in list shipped with Berdaya.
    ///
    /// # Panics
    /// Never in a released build: a test parses the embedded file.
    #[allow(
        clippy::expect_used,
        reason = "the list is embedded at build time and parsed by a test"
    )]
    pub fn built_in() -> Self {
        Self::parse(BUILT_IN).expect("the built-in rights list parses")
    }

    /// Parses a rights file: one right per line as `code<TAB>label_id<TAB>label_en`;
    /// blank lines and lines starting with `#` are skipped.
    ///
    /// # Errors
    /// [`CatalogueError`] for the first malformed line or repeated code.
    pub fn parse(text: &str) -> Result<Self, CatalogueError> {
        let mut rights = Vec::new();
        let mut seen = HashSet::new();
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |reason: String| CatalogueError {
                line: index + 1,
                reason,
            };
            let right = parse_line(line).map_err(error)?;
            if !seen.insert(right.code.clone()) {
                return Err(error(format!("code {} appears twice", right.code)));
            }
            rights.push(right);
        }
        Ok(Self { rights })
    }

    /// This list with a province's additions appended.
    ///
    /// # Errors
    /// [`CatalogueError`] when an addition is malformed or repeats a known code.
    pub fn extended_with(mut self, additions: &str) -> Result<Self, CatalogueError> {
        let added = Self::parse(additions)?;
        for (index, right) in added.rights.into_iter().enumerate() {
            if self.get(&right.code).is_some() {
                return Err(CatalogueError {
                    line: index + 1,
                    reason: format!("code {} is already in the list", right.code),
                });
            }
            self.rights.push(right);
        }
        Ok(self)
    }

    /// The right with `code`, if known.
    pub fn get(&self, code: &str) -> Option<&Right> {
        self.rights.iter().find(|right| right.code == code)
    }

    /// Every right, in file order.
    pub fn iter(&self) -> impl Iterator<Item = &Right> {
        self.rights.iter()
    }
}

/// One `code<TAB>label_id<TAB>label_en` line.
fn parse_line(line: &str) -> Result<Right, String> {
    let columns: Vec<&str> = line.split('\t').map(str::trim).collect();
    let [code, label_id, label_en] = columns[..] else {
        return Err(format!(
            "expected 3 tab-separated columns (code, Indonesian label, English label), got {}",
            columns.len()
        ));
    };
    let well_formed = !code.is_empty()
        && code.len() <= MAX_CODE_LEN
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !well_formed {
        return Err(format!(
            "code {code:?} must be lowercase snake_case, at most {MAX_CODE_LEN} characters"
        ));
    }
    if label_id.is_empty() || label_en.is_empty() {
        return Err(format!(
            "right {code} needs both an Indonesian and an English label"
        ));
    }
    Ok(Right {
        code: code.to_owned(),
        label_id: label_id.to_owned(),
        label_en: label_en.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_list_has_the_rights_the_issue_names_in_both_languages() {
        let catalogue = RightsCatalogue::built_in();
        let codes: Vec<&str> = catalogue.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "health_insurance",
                "education",
                "identity_documents",
                "social_assistance",
                "water_sanitation",
                "housing_land",
                "labour",
                "protection_from_violence",
                "other",
            ]
        );
        let health = catalogue.get("health_insurance").unwrap();
        assert_eq!(health.label_id, "Jaminan kesehatan (PBI-JK / KIS)");
        assert_eq!(health.label_en, "Health insurance (PBI-JK / KIS card)");
    }

    #[test]
    fn a_province_adds_its_own_rights_after_the_built_in_ones() {
        let catalogue = RightsCatalogue::built_in()
            .extended_with(
                "# Jawa Timur\ndisability_services\tLayanan disabilitas\tDisability services\n",
            )
            .unwrap();
        assert_eq!(catalogue.iter().last().unwrap().code, "disability_services");
        assert_eq!(
            catalogue.get("disability_services").unwrap().label_id,
            "Layanan disabilitas"
        );
    }

    #[test]
    fn a_province_cannot_redefine_a_known_code() {
        let error = RightsCatalogue::built_in()
            .extended_with("labour\tBuruh\tWorkers\n")
            .unwrap_err();
        assert!(error.reason.contains("already in the list"), "{error}");
    }

    #[test]
    fn malformed_lines_are_refused_with_their_line_number() {
        for (text, line, words) in [
            ("ok\tBaik\tGood\nbad line\n", 2, "3 tab-separated columns"),
            ("Water\tAir\tWater\n", 1, "snake_case"),
            (
                "water\t\tWater\n",
                1,
                "both an Indonesian and an English label",
            ),
            ("water\tAir\tWater\nwater\tAir\tWater\n", 2, "twice"),
        ] {
            let error = RightsCatalogue::parse(text).unwrap_err();
            assert_eq!(error.line, line, "{text:?}");
            assert!(error.reason.contains(words), "{error}");
        }
    }
}
