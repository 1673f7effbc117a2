//! Subject names: `<prefix>.<context>.<EventType>`, e.g.
//! `berdaya.households.HouseholdRegistered`.
//!
//! The context is the publishing service's bounded context; the last token is the short
//! name of the event's protobuf message (`berdaya.households.v1.HouseholdRegistered` →
//! `HouseholdRegistered`), so a consumer can subscribe to one event type of one context,
//! to a whole context (`berdaya.households.>`) or to everything (`berdaya.>`) without
//! decoding payloads.

/// The subject an event of `event_type` from `context` is published on.
pub fn event_subject(prefix: &str, context: &str, event_type: &str) -> String {
    format!("{prefix}.{context}.{}", short_type_name(event_type))
}

/// Every subject of the deployment's stream: `<prefix>.>`.
pub fn stream_subjects(prefix: &str) -> String {
    format!("{prefix}.>")
}

/// Every subject of one context: `<prefix>.<context>.>`.
pub fn context_subjects(prefix: &str, context: &str) -> String {
    format!("{prefix}.{context}.>")
}

/// The last segment of a full protobuf message name, made safe as a subject token.
pub fn short_type_name(event_type: &str) -> String {
    let short = event_type.rsplit('.').next().unwrap_or(event_type);
    let token: String = short
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if token.is_empty() {
        "_".to_owned()
    } else {
        token
    }
}

/// True for a subject of one or more non-empty tokens without wildcards or whitespace.
pub fn is_literal_subject(subject: &str) -> bool {
    !subject.is_empty()
        && subject.split('.').all(|token| {
            !token.is_empty()
                && token
                    .chars()
                    .all(|c| !c.is_whitespace() && c != '*' && c != '>')
        })
}

/// True for a valid subscription filter: tokens, `*` for one token, `>` as the last.
pub fn is_filter_subject(filter: &str) -> bool {
    let tokens: Vec<&str> = filter.split('.').collect();
    !filter.is_empty()
        && tokens.iter().enumerate().all(|(i, token)| match *token {
            ">" => i == tokens.len() - 1,
            "*" => true,
            token => is_literal_subject(token),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_use_the_short_type_name() {
        assert_eq!(
            event_subject(
                "berdaya",
                "households",
                "berdaya.households.v1.HouseholdRegistered"
            ),
            "berdaya.households.HouseholdRegistered"
        );
        assert_eq!(short_type_name("Plain"), "Plain");
        assert_eq!(short_type_name("odd name*>"), "odd_name__");
        assert_eq!(stream_subjects("t1"), "t1.>");
        assert_eq!(context_subjects("t1", "households"), "t1.households.>");
    }

    #[test]
    fn filters() {
        for ok in ["berdaya.>", "berdaya.*.HouseholdRegistered", "a", "a.b.c"] {
            assert!(is_filter_subject(ok), "{ok}");
        }
        for bad in ["", "a.>.b", "a..b", "a b", "a.b*"] {
            assert!(!is_filter_subject(bad), "{bad}");
        }
    }
}
