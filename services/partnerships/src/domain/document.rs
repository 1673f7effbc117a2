//! Signed documents: an agreement, amendment or renewal is a paper (or PDF) with a letter
//! number; its SHA-256 lets anyone holding the file prove it is the one that was signed.

use berdaya_domain::FieldViolation;

/// A document's SHA-256 digest, as 64 lowercase hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocumentHash(String);

impl DocumentHash {
    /// Parses 64 hexadecimal digits (either case; kept lowercase).
    ///
    /// # Errors
    /// A violation when the text is not exactly 64 hexadecimal digits.
    pub fn parse(text: &str) -> Result<Self, FieldViolation> {
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(FieldViolation::new(
                "",
                "is not a SHA-256 digest (64 hexadecimal digits)",
            ));
        }
        Ok(Self(text.to_ascii_lowercase()))
    }

    /// The 64 lowercase hexadecimal digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The signed document behind a signature, an amendment or a renewal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The document's reference: its letter number (nomor surat), e.g.
    /// `400.9/123/DINSOS/2026`.
    pub reference: String,
    /// SHA-256 of the signed file.
    pub sha256: DocumentHash,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_is_64_hex_digits_kept_lowercase() {
        let upper = "A".repeat(64);
        assert_eq!(
            DocumentHash::parse(&upper).unwrap().as_str(),
            "a".repeat(64)
        );
        for bad in ["", &"a".repeat(63), &"a".repeat(65), &"g".repeat(64)] {
            assert!(DocumentHash::parse(bad).is_err(), "{bad}");
        }
    }
}
