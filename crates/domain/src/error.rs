//! Domain errors: why a command was refused, in terms a caller can act on.
//!
//! Each kind maps to exactly one gRPC status code at the edge (see the platform crate),
//! so the kind is chosen for what the caller should do next, not for where it happened.

use std::fmt;

/// Most field violations one refusal lists: a request with thousands of bad items gets
/// the first few and a count, not megabytes of error metadata.
pub const MAX_VIOLATIONS: usize = 20;

/// Most characters of a client's input an error message repeats (see [`echo`]).
pub const MAX_ECHO_CHARS: usize = 64;

/// A client's input as an error message repeats it: quoted, control and invisible
/// characters escaped, and cut after [`MAX_ECHO_CHARS`] characters with the full length
/// said, so a 4 MiB id never becomes 35 MB of error metadata. Every message that echoes
/// a request value goes through here.
pub fn echo(text: &str) -> String {
    let mut shown = String::from("\"");
    for c in text.chars().take(MAX_ECHO_CHARS) {
        shown.extend(c.escape_debug());
    }
    shown.push('"');
    let length = text.chars().count();
    if length > MAX_ECHO_CHARS {
        shown.push_str(&format!("... ({length} characters)"));
    }
    shown
}

/// One field that failed validation, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldViolation {
    /// Dotted path of the field in the request, e.g. `head.nik` or `members[2].birth_date`.
    pub field: String,
    /// What is wrong, lowercase, no trailing period.
    pub description: String,
}

impl FieldViolation {
    /// A violation of `field` for `description`.
    pub fn new(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            description: description.into(),
        }
    }

    /// The same violation nested under `prefix` (`head` + `nik` = `head.nik`).
    #[must_use]
    pub fn under(mut self, prefix: &str) -> Self {
        self.field = if self.field.is_empty() {
            prefix.to_owned()
        } else {
            format!("{prefix}.{}", self.field)
        };
        self
    }
}

impl fmt::Display for FieldViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.description)
    }
}

/// Why a command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// The request itself is malformed (gRPC `INVALID_ARGUMENT`).
    #[error("invalid request: {}", join(.0))]
    Invalid(Vec<FieldViolation>),
    /// The thing acted on does not exist (gRPC `NOT_FOUND`).
    #[error("{what} not found")]
    NotFound {
        /// What was looked for, e.g. `household 0190...`.
        what: String,
    },
    /// Creating it would duplicate something unique (gRPC `ALREADY_EXISTS`).
    #[error("{field}: {reason}")]
    AlreadyExists {
        /// The request field that carries the duplicate value.
        field: String,
        /// What it duplicates.
        reason: String,
    },
    /// A business rule refuses the command in the current state (gRPC `FAILED_PRECONDITION`).
    #[error("{field}: {reason}")]
    Rule {
        /// The request field the rule is about (may be empty when it is about the whole state).
        field: String,
        /// The rule, lowercase, no trailing period.
        reason: String,
    },
}

impl DomainError {
    /// A single invalid field.
    pub fn invalid(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldViolation::new(field, description)])
    }

    /// A business-rule refusal about `field`.
    pub fn rule(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Rule {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// A missing thing.
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound { what: what.into() }
    }

    /// A duplicate of something unique.
    pub fn already_exists(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::AlreadyExists {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

fn join(violations: &[FieldViolation]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Collects field violations while validating a request, so a caller learns about every
/// bad field at once instead of one per round trip; after [`MAX_VIOLATIONS`] it only
/// counts the rest (see [`bounded`]).
#[derive(Debug, Default)]
pub struct Violations {
    listed: Vec<FieldViolation>,
    more: usize,
}

impl Violations {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a violation.
    pub fn push(&mut self, violation: FieldViolation) {
        if self.listed.len() < MAX_VIOLATIONS {
            self.listed.push(violation);
        } else {
            self.more += 1;
        }
    }

    /// Records `field: description`.
    pub fn add(&mut self, field: impl Into<String>, description: impl Into<String>) {
        self.push(FieldViolation::new(field, description));
    }

    /// Keeps the value of a validation, or records its violation under `field`.
    pub fn check<T>(&mut self, field: &str, result: Result<T, FieldViolation>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(violation) => {
                self.push(violation.under(field));
                None
            }
        }
    }

    /// `Ok` when nothing was recorded, else the list as [`DomainError::Invalid`].
    ///
    /// # Errors
    /// [`DomainError::Invalid`] with the recorded violations (at most
    /// [`MAX_VIOLATIONS`], then one that counts the rest).
    pub fn finish(self) -> Result<(), DomainError> {
        if self.is_empty() {
            Ok(())
        } else {
            let mut listed = self.listed;
            if self.more > 0 {
                listed.push(more_violations(self.more));
            }
            Err(DomainError::Invalid(listed))
        }
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }
}

/// The violation that stands for `count` more that are not listed.
fn more_violations(count: usize) -> FieldViolation {
    FieldViolation::new("", format!("{count} more violations not listed"))
}

/// At most [`MAX_VIOLATIONS`] of `violations`, then one that counts the rest: for lists
/// built without [`Violations`] (a list [`Violations`] finished, with its count, passes
/// unchanged).
pub fn bounded(violations: &[FieldViolation]) -> Vec<FieldViolation> {
    if violations.len() <= MAX_VIOLATIONS + 1 {
        return violations.to_vec();
    }
    let mut listed: Vec<FieldViolation> = violations.iter().take(MAX_VIOLATIONS).cloned().collect();
    listed.push(more_violations(violations.len() - MAX_VIOLATIONS));
    listed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoed_input_is_quoted_escaped_and_cut() {
        assert_eq!(echo("abc"), "\"abc\"");
        assert_eq!(echo("a\u{0}\nb\u{202e}"), "\"a\\0\\nb\\u{202e}\"");
        let long = "x".repeat(4 * 1024 * 1024);
        let shown = echo(&long);
        assert_eq!(
            shown,
            format!("\"{}\"... (4194304 characters)", "x".repeat(64))
        );
        let controls = "\u{1}".repeat(1_000_000);
        assert!(echo(&controls).len() < 64 * 8, "escaping stays bounded");
    }

    #[test]
    fn violations_stop_listing_after_the_limit() {
        let mut v = Violations::new();
        for i in 0..100_000 {
            v.add(format!("ids[{i}]"), "is not an id");
        }
        let Err(DomainError::Invalid(listed)) = v.finish() else {
            panic!("expected violations")
        };
        assert_eq!(listed.len(), MAX_VIOLATIONS + 1);
        assert_eq!(listed[19].field, "ids[19]");
        assert_eq!(listed[20].description, "99980 more violations not listed");
        let list: Vec<_> = (0..25)
            .map(|i| FieldViolation::new(format!("f{i}"), "bad"))
            .collect();
        let shown = bounded(&list);
        assert_eq!(shown.len(), 21);
        assert_eq!(shown[20].description, "5 more violations not listed");
        assert_eq!(bounded(&list[..21]).len(), 21);
        assert_eq!(bounded(&list[..3]).len(), 3);
    }

    #[test]
    fn input_of_exactly_the_limit_is_echoed_whole() {
        let limit = "y".repeat(MAX_ECHO_CHARS);
        assert_eq!(echo(&limit), format!("\"{limit}\""));
        let over = "y".repeat(MAX_ECHO_CHARS + 1);
        assert!(echo(&over).ends_with(&format!("... ({} characters)", MAX_ECHO_CHARS + 1)));
    }

    #[test]
    fn exactly_the_limit_of_violations_is_listed_without_a_count() {
        let mut v = Violations::new();
        assert!(v.is_empty());
        for i in 0..MAX_VIOLATIONS {
            v.add(format!("f{i}"), "bad");
        }
        assert!(!v.is_empty());
        let Err(DomainError::Invalid(listed)) = v.finish() else {
            panic!("expected violations")
        };
        assert_eq!(listed.len(), MAX_VIOLATIONS);
        assert!(listed.iter().all(|l| !l.description.contains("more")));
        assert_eq!(Violations::new().finish(), Ok(()));
    }

    #[test]
    fn a_checked_value_is_kept_and_a_violation_recorded_under_its_field() {
        let mut v = Violations::new();
        assert_eq!(v.check("amount", Ok::<_, FieldViolation>(7)), Some(7));
        assert!(v.is_empty());
        let bad: Result<u8, _> = Err(FieldViolation::new("", "must be positive"));
        assert_eq!(v.check("amount", bad), None);
        assert_eq!(
            v.finish(),
            Err(DomainError::Invalid(vec![FieldViolation::new(
                "amount",
                "must be positive"
            )]))
        );
    }

    #[test]
    fn a_list_one_over_the_limit_passes_unchanged_and_two_over_is_counted() {
        let list: Vec<_> = (0..MAX_VIOLATIONS + 2)
            .map(|i| FieldViolation::new(format!("f{i}"), "bad"))
            .collect();
        let one_over = bounded(&list[..=MAX_VIOLATIONS]);
        assert_eq!(one_over, list[..=MAX_VIOLATIONS].to_vec());
        let two_over = bounded(&list);
        assert_eq!(two_over.len(), MAX_VIOLATIONS + 1);
        assert_eq!(
            two_over[MAX_VIOLATIONS].description,
            "2 more violations not listed"
        );
    }

    #[test]
    fn an_invalid_request_says_every_field_and_why() {
        let error = DomainError::Invalid(vec![
            FieldViolation::new("head.nik", "must be exactly 16 digits"),
            FieldViolation::new("decile", "must be 1 to 10"),
        ]);
        let text = error.to_string();
        assert!(
            text.contains("head.nik: must be exactly 16 digits; decile: must be 1 to 10"),
            "{text}"
        );
    }
}
