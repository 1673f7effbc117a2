//! E-mail addresses of partners' contact people: personal data, checked for shape only
//! (whether the mailbox exists is not knowable without sending mail).

use berdaya_domain::FieldViolation;

/// Longest address SMTP can carry (RFC 5321 path limit less the angle brackets).
const MAX_LEN: usize = 254;
/// Longest local part (before the `@`) RFC 5321 allows.
const MAX_LOCAL_LEN: usize = 64;

/// A well-formed e-mail address, `local@domain.tld`, without spaces or display names.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

// Personal data: keep it out of logs and panic messages.
impl std::fmt::Debug for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Email(..)")
    }
}

impl Email {
    /// Parses an address; surrounding spaces are trimmed and the domain is lowercased.
    ///
    /// # Errors
    /// A violation when the text is not `local@domain.tld` within the SMTP lengths.
    pub fn parse(text: &str) -> Result<Self, FieldViolation> {
        let text = text.trim();
        let bad = || {
            FieldViolation::new(
                "",
                "is not an e-mail address like nama@contoh.co.id (at most 254 characters)",
            )
        };
        if text.is_empty() || text.len() > MAX_LEN {
            return Err(bad());
        }
        let (local, domain) = text.split_once('@').ok_or_else(bad)?;
        let local_ok = !local.is_empty()
            && local.len() <= MAX_LOCAL_LEN
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if !local_ok || !domain_ok {
            return Err(bad());
        }
        Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_need_a_local_part_and_a_dotted_domain() {
        assert_eq!(
            Email::parse(" Siti.Rahma@Dinsos.Jatimprov.GO.ID ")
                .unwrap()
                .as_str(),
            "Siti.Rahma@dinsos.jatimprov.go.id"
        );
        for bad in [
            "",
            "siti",
            "siti@",
            "@dinsos.go.id",
            "siti@localhost",
            "siti rahma@dinsos.go.id",
            "siti@@dinsos.go.id",
            "siti@dinsos..go.id",
            ".siti@dinsos.go.id",
            "Siti <siti@dinsos.go.id>",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
        let long = format!("{}@contoh.id", "a".repeat(65));
        assert!(Email::parse(&long).is_err());
    }

    #[test]
    fn an_address_may_be_254_characters_and_not_one_more() {
        // 64 + 1 + 189: every part within its own limit.
        let domain =
            |last: usize| format!("{}.{}.{}", "a".repeat(63), "b".repeat(63), "c".repeat(last));
        let longest = format!("{}@{}", "s".repeat(64), domain(61));
        assert_eq!(longest.len(), 254);
        assert!(Email::parse(&longest).is_ok());
        let over = format!("{}@{}", "s".repeat(64), domain(62));
        assert!(Email::parse(&over).is_err());
    }

    #[test]
    fn debug_output_hides_the_address() {
        let email = Email::parse("siti@dinsos.go.id").unwrap();
        assert!(!format!("{email:?}").contains("siti"));
    }
}
