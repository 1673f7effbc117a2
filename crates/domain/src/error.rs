//! Domain errors: why a command was refused, in terms a caller can act on.
//!
//! Each kind maps to exactly one gRPC status code at the edge (see the platform crate),
//! so the kind is chosen for what the caller should do next, not for where it happened.

use std::fmt;

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
/// bad field at once instead of one per round trip.
#[derive(Debug, Default)]
pub struct Violations(Vec<FieldViolation>);

impl Violations {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a violation.
    pub fn push(&mut self, violation: FieldViolation) {
        self.0.push(violation);
    }

    /// Records `field: description`.
    pub fn add(&mut self, field: impl Into<String>, description: impl Into<String>) {
        self.0.push(FieldViolation::new(field, description));
    }

    /// Keeps the value of a validation, or records its violation under `field`.
    pub fn check<T>(&mut self, field: &str, result: Result<T, FieldViolation>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(violation) => {
                self.0.push(violation.under(field));
                None
            }
        }
    }

    /// `Ok` when nothing was recorded, else the whole list as [`DomainError::Invalid`].
    ///
    /// # Errors
    /// [`DomainError::Invalid`] with every recorded violation.
    pub fn finish(self) -> Result<(), DomainError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(self.0))
        }
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
