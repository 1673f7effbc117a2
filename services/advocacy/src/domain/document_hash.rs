//! The SHA-256 hash that ties an evidence reference to one exact document.

use berdaya_domain::FieldViolation;

/// The SHA-256 of an evidence document, as 64 lowercase hex digits. The document itself
/// stays where it is kept (a document store, a paper file); the hash proves later that
/// the document shown is the one assessed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentHash(String);

impl DocumentHash {
    /// Parses 64 hex digits, either case (stored lowercase).
    ///
    /// # Errors
    /// A violation (with an empty field name, for the caller to nest) when `text` is not
    /// 64 hex digits.
    pub fn parse(text: &str) -> Result<Self, FieldViolation> {
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(FieldViolation::new(
                "",
                format!(
                    "must be a SHA-256 hash of the document: 64 hex digits, got {} characters",
                    text.chars().count()
                ),
            ));
        }
        Ok(Self(text.to_ascii_lowercase()))
    }

    /// The 64 lowercase hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DocumentHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixty_four_hex_digits_parse_and_read_back_lowercase() {
        let upper = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
        assert_eq!(
            DocumentHash::parse(upper).unwrap().as_str(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            DocumentHash::parse(upper).unwrap().to_string(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "printed as stored"
        );
    }

    #[test]
    fn anything_else_is_refused() {
        let short = "e3b0c44298fc1c149afbf4c8996fb924";
        let not_hex = "g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        for bad in ["", short, not_hex] {
            let violation = DocumentHash::parse(bad).unwrap_err();
            assert!(violation.description.contains("SHA-256"), "{bad}");
        }
    }
}
