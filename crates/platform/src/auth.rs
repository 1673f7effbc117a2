//! Bearer-token authentication and the two questions every RPC asks: who is calling, and
//! may they act in this region?
//!
//! Tokens are JWTs signed with HS256 and a shared secret ([`JwtKeys`]). They carry the
//! subject, its [`Role`]s and the Kemendagri region prefixes it may act in. The gRPC
//! [`auth_interceptor`] verifies the token once per call and leaves a [`Principal`] in the
//! request extensions; handlers take it back with [`Principal::from_request`] and ask
//! [`Principal::can_write`], [`Principal::can_read`] or [`Principal::require_role`].
//!
//! Region prefixes are dotted codes (`35`, `35.78`, `35.78.01`, `35.78.01.1001`); `*` means
//! every region. A prefix covers a code when the code equals it or continues it after a
//! dot, so `35.7` does not cover `35.78`.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use tonic::{Request, Status};

/// The region prefix that covers every region.
pub const ALL_REGIONS: &str = "*";

/// The shortest HS256 secret a deployment should configure, in bytes (the size of the
/// SHA-256 output, as RFC 7518 section 3.2 asks).
pub const MIN_SECRET_LEN: usize = 32;

/// How far a verifier's clock may lag the issuer's before a fresh token looks expired
/// (or run ahead before a fresh one looks issued in the future).
const CLOCK_SKEW_LEEWAY_SECS: u64 = 30;

/// The longest lifetime (`exp` - `iat`) a token may have unless configured otherwise:
/// 30 days (`token_max_lifetime_hours`).
pub const DEFAULT_MAX_LIFETIME: Duration = Duration::days(30);

/// What a subject may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A pendamping (field caseworker) who registers and updates households.
    Caseworker,
    /// A caseworker's supervisor: approves and corrects.
    Supervisor,
    /// Reads everything in its regions, including history; never writes.
    Auditor,
    /// A system client of another agency (e.g. a DTSEN import).
    Integration,
    /// Operates the deployment.
    Admin,
}

impl Role {
    /// Every role, in declaration order.
    pub const ALL: [Role; 5] = [
        Role::Caseworker,
        Role::Supervisor,
        Role::Auditor,
        Role::Integration,
        Role::Admin,
    ];

    /// The lowercase name used in tokens and events.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Caseworker => "caseworker",
            Role::Supervisor => "supervisor",
            Role::Auditor => "auditor",
            Role::Integration => "integration",
            Role::Admin => "admin",
        }
    }

    /// True for the roles that may change state.
    pub fn writes(self) -> bool {
        !matches!(self, Role::Auditor)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not one of [`Role::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0} (expected caseworker, supervisor, auditor, integration or admin)")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// Why a token could not be issued or was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// The token's `exp` has passed.
    #[error("token has expired")]
    Expired,
    /// The signature does not match the configured secret.
    #[error("token signature is invalid")]
    BadSignature,
    /// The token was issued by someone else.
    #[error("token was issued by another issuer")]
    WrongIssuer,
    /// The token grants no role, so it could do nothing.
    #[error("token grants no roles")]
    NoRoles,
    /// The token names no subject, so nothing it did could be attributed.
    #[error("token names no subject")]
    NoSubject,
    /// The token is not a well-formed JWT with the claims Berdaya needs.
    #[error("malformed token: {0}")]
    Malformed(String),
    /// The token's `nbf` or `iat` lies in the future.
    #[error("token is not valid yet (nbf or iat in the future)")]
    NotYetValid,
    /// The token lives longer than the deployment allows (`exp` - `iat`).
    #[error("token lifetime exceeds the maximum of {0} hours")]
    TooLong(i64),
    /// A region the token names is neither `*` nor a region code.
    #[error("token region is not a region code or *")]
    BadRegion,
    /// Signing failed (issuing only).
    #[error("cannot sign token: {0}")]
    Signing(String),
}

/// The JWT claims Berdaya issues and expects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Who acts: a user id or a system client id.
    pub sub: String,
    /// What it may do.
    pub roles: Vec<Role>,
    /// Where it may act: region prefixes, or `*`.
    pub regions: Vec<String>,
    /// Who issued the token.
    pub iss: String,
    /// Issued at, seconds since the Unix epoch.
    pub iat: i64,
    /// Expires at, seconds since the Unix epoch.
    pub exp: i64,
}

/// Signs and verifies tokens with one HS256 secret and issuer name.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    issuer: String,
    validation: Validation,
    max_lifetime: Duration,
}

impl fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The secret stays out of logs.
        f.debug_struct("JwtKeys")
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

impl JwtKeys {
    /// Keys for `secret` (at least [`MIN_SECRET_LEN`] random bytes; settings validation
    /// enforces that) and tokens issued by `issuer`.
    pub fn new(secret: &[u8], issuer: &str) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[issuer]);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = CLOCK_SKEW_LEEWAY_SECS;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            issuer: issuer.to_owned(),
            validation,
            max_lifetime: DEFAULT_MAX_LIFETIME,
        }
    }

    /// The same keys, issuing and accepting tokens that live at most `max_lifetime`.
    #[must_use]
    pub fn with_max_lifetime(mut self, max_lifetime: Duration) -> Self {
        self.max_lifetime = max_lifetime;
        self
    }

    /// The longest lifetime a token may have.
    pub fn max_lifetime(&self) -> Duration {
        self.max_lifetime
    }

    /// The issuer name these keys sign with and accept.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// A signed token for `subject` with `roles` in `regions`, valid for `ttl` from now.
    ///
    /// # Errors
    /// [`AuthError::NoSubject`] or [`AuthError::NoRoles`] when the token would be useless
    /// (verification refuses such tokens), [`AuthError::Signing`] if signing fails.
    pub fn issue(
        &self,
        subject: &str,
        roles: &[Role],
        regions: &[String],
        ttl: Duration,
    ) -> Result<String, AuthError> {
        if subject.is_empty() {
            return Err(AuthError::NoSubject);
        }
        if roles.is_empty() {
            return Err(AuthError::NoRoles);
        }
        if ttl > self.max_lifetime {
            return Err(AuthError::TooLong(self.max_lifetime.num_hours()));
        }
        if !regions.iter().all(|r| valid_region(r)) {
            return Err(AuthError::BadRegion);
        }
        let now = Utc::now();
        let claims = Claims {
            sub: subject.to_owned(),
            roles: roles.to_vec(),
            regions: regions.to_vec(),
            iss: self.issuer.clone(),
            iat: now.timestamp(),
            exp: (now + ttl).timestamp(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| AuthError::Signing(e.to_string()))
    }

    /// The principal a token speaks for, after checking its signature, issuer and expiry.
    ///
    /// # Errors
    /// [`AuthError::Expired`], [`AuthError::BadSignature`], [`AuthError::WrongIssuer`],
    /// [`AuthError::NoSubject`], [`AuthError::NoRoles`], or [`AuthError::Malformed`] for
    /// anything else wrong with the token (bad encoding, missing claims, unknown roles,
    /// another algorithm).
    pub fn verify(&self, token: &str) -> Result<Principal, AuthError> {
        self.verify_until(token).map(|(principal, _)| principal)
    }

    /// [`JwtKeys::verify`], and when the token expires (so that a session opened with
    /// it can be made to end no later).
    ///
    /// # Errors
    /// As [`JwtKeys::verify`].
    pub fn verify_until(&self, token: &str) -> Result<(Principal, DateTime<Utc>), AuthError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => AuthError::Expired,
                ErrorKind::InvalidSignature => AuthError::BadSignature,
                ErrorKind::InvalidIssuer => AuthError::WrongIssuer,
                ErrorKind::ImmatureSignature => AuthError::NotYetValid,
                _ => AuthError::Malformed(e.to_string()),
            })?;
        let claims = data.claims;
        if claims.sub.is_empty() {
            return Err(AuthError::NoSubject);
        }
        if claims.roles.is_empty() {
            return Err(AuthError::NoRoles);
        }
        let leeway = i64::try_from(CLOCK_SKEW_LEEWAY_SECS).unwrap_or(0);
        if claims.iat > Utc::now().timestamp().saturating_add(leeway) {
            return Err(AuthError::NotYetValid);
        }
        if claims.exp.saturating_sub(claims.iat) > self.max_lifetime.num_seconds() {
            return Err(AuthError::TooLong(self.max_lifetime.num_hours()));
        }
        if !claims.regions.iter().all(|r| valid_region(r)) {
            return Err(AuthError::BadRegion);
        }
        let expires = DateTime::from_timestamp(claims.exp, 0).unwrap_or(DateTime::UNIX_EPOCH);
        Ok((
            Principal {
                subject: claims.sub,
                roles: claims.roles,
                regions: claims.regions,
            },
            expires,
        ))
    }
}

/// True for `*` and for a well-formed Kemendagri prefix (`35`, `35.78`, `35.78.01`,
/// `35.78.01.1001`): a token region is matched against codes and shown in messages, so
/// nothing else (CRLF, markup) may pass.
fn valid_region(region: &str) -> bool {
    region == ALL_REGIONS || berdaya_domain::id::RegionCode::parse(region).is_ok()
}

/// A gRPC interceptor that verifies `authorization: Bearer <jwt>` and puts the
/// [`Principal`] into the request extensions.
///
/// Wrap each business service with it (`XServer::with_interceptor(svc, auth_interceptor(keys))`);
/// health and reflection stay open so probes and grpcurl work without a token.
///
/// A call without a bearer token fails with `UNAUTHENTICATED` "missing bearer token"; an
/// invalid or expired one with `UNAUTHENTICATED` and the reason.
pub fn auth_interceptor(
    keys: Arc<JwtKeys>,
) -> impl Fn(Request<()>) -> Result<Request<()>, Status> + Clone + Send + Sync + 'static {
    move |mut request: Request<()>| {
        let principal = authenticate(&keys, request.metadata())?;
        request.extensions_mut().insert(principal);
        Ok(request)
    }
}

/// The principal of the bearer token in `metadata`.
///
/// # Errors
/// `UNAUTHENTICATED` "missing bearer token", or one generic reason for any token that
/// does not verify: why it failed goes to the log only, so a caller without a valid
/// token learns nothing of the parser.
pub fn authenticate(
    keys: &JwtKeys,
    metadata: &tonic::metadata::MetadataMap,
) -> Result<Principal, Status> {
    let token = metadata
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .and_then(bearer_token)
        .ok_or_else(|| Status::unauthenticated("missing bearer token"))?;
    keys.verify(token).map_err(|e| {
        tracing::info!(reason = %e, "refused bearer token");
        Status::unauthenticated(INVALID_TOKEN)
    })
}

/// What a caller hears of a token that does not verify, whatever the reason.
pub const INVALID_TOKEN: &str =
    "invalid bearer token: malformed, wrongly signed, expired or not yet valid";

/// The token of an `authorization` value `Bearer <token>` (scheme case-insensitive, RFC 7235).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// Who is calling: the verified content of a bearer token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The subject, recorded as the actor of every event it causes.
    pub subject: String,
    /// Its roles; the first is its primary role.
    pub roles: Vec<Role>,
    /// The region prefixes it may act in (`*` for all).
    pub regions: Vec<String>,
}

impl Principal {
    /// A principal (for tests and trusted in-process callers; RPCs get theirs from a token).
    pub fn new(subject: impl Into<String>, roles: Vec<Role>, regions: Vec<String>) -> Self {
        Self {
            subject: subject.into(),
            roles,
            regions,
        }
    }

    /// The principal the [`auth_interceptor`] left on this request.
    ///
    /// # Errors
    /// `UNAUTHENTICATED` when there is none (the service was not wrapped by the interceptor).
    pub fn from_request<T>(request: &Request<T>) -> Result<Principal, Status> {
        request
            .extensions()
            .get::<Principal>()
            .cloned()
            .ok_or_else(|| Status::unauthenticated("missing bearer token"))
    }

    /// True when the principal holds `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The first role; [`Role::Auditor`], the least privileged, for a principal with none
    /// (a verified token always has one).
    pub fn primary_role(&self) -> Role {
        self.roles.first().copied().unwrap_or(Role::Auditor)
    }

    /// May this principal change state in the region `region_code` (a full or partial
    /// Kemendagri code)? `field` names the request field that carries the code.
    ///
    /// A principal holding the auditor role never writes, whatever other roles it holds:
    /// audit stays separate from the work it audits.
    ///
    /// # Errors
    /// `PERMISSION_DENIED` for auditors, for principals without a writing role, and when
    /// no region prefix of the principal covers `region_code`.
    pub fn can_write(&self, region_code: &str, field: &str) -> Result<(), Status> {
        self.require_writer()?;
        if self.covers(region_code) {
            Ok(())
        } else {
            Err(self.outside_regions(field, region_code))
        }
    }

    /// May this principal read the region `region_prefix` and everything below it? The
    /// requested prefix must equal or narrow one of the principal's; an empty prefix means
    /// the whole country and needs `*`.
    ///
    /// # Errors
    /// `PERMISSION_DENIED` naming `field` when the prefix reaches outside the principal's
    /// regions.
    pub fn can_read(&self, region_prefix: &str, field: &str) -> Result<(), Status> {
        if self.covers(region_prefix) {
            Ok(())
        } else if region_prefix.is_empty() {
            Err(self.outside_regions(field, "the whole country"))
        } else {
            Err(self.outside_regions(field, region_prefix))
        }
    }

    /// May this principal write at all? (Where, the region checks say.)
    ///
    /// # Errors
    /// `PERMISSION_DENIED` for an auditor, or a subject with no role that writes.
    pub fn require_writer(&self) -> Result<(), Status> {
        if self.has_role(Role::Auditor) {
            return Err(Status::permission_denied(
                "auditors may read but never write",
            ));
        }
        if !self.roles.iter().any(|role| role.writes()) {
            return Err(Status::permission_denied(
                "this subject has no role that may write",
            ));
        }
        Ok(())
    }

    /// May this principal see a stored record filed under `region_code` (a household's
    /// village, an activity's region)? A record outside the principal's regions must be
    /// answered exactly as a record that does not exist: refusing it with its region, or
    /// with any answer of its own, would tell the caller where it is and that it exists.
    /// Regions the caller names in a request are checked with [`Principal::can_read`] and
    /// [`Principal::can_write`] instead, which name the field.
    pub fn sees(&self, region_code: &str) -> bool {
        self.covers(region_code)
    }

    /// Does the principal hold one of `allowed`?
    ///
    /// # Errors
    /// `PERMISSION_DENIED` listing the roles the call needs.
    pub fn require_role(&self, allowed: &[Role]) -> Result<(), Status> {
        if self.roles.iter().any(|role| allowed.contains(role)) {
            Ok(())
        } else {
            Err(Status::permission_denied(format!(
                "this call needs one of the roles {}",
                join(allowed.iter().map(|role| role.as_str()))
            )))
        }
    }

    /// True when one of the principal's prefixes covers `code` (empty `code`: the whole
    /// country, covered only by `*`).
    /// Does one of this principal's regions overlap `region`, one lying within the
    /// other? For records that serve a region rather than live in one (a partner serving
    /// the province `35` is known to a caller of `35.78`, and one serving `35.78` to a
    /// caller of `35`): a record none of whose regions the caller reaches must be
    /// answered as one that does not exist, as with [`Principal::sees`].
    pub fn reaches(&self, region: &str) -> bool {
        self.covers(region)
            || self
                .regions
                .iter()
                .any(|prefix| prefix != ALL_REGIONS && region_matches(region, prefix))
    }

    fn covers(&self, code: &str) -> bool {
        self.regions.iter().any(|prefix| {
            prefix == ALL_REGIONS || (!code.is_empty() && region_matches(prefix, code))
        })
    }

    fn outside_regions(&self, field: &str, what: &str) -> Status {
        let regions = if self.regions.is_empty() {
            "none".to_owned()
        } else {
            join(self.regions.iter().map(String::as_str))
        };
        Status::permission_denied(format!(
            "{field}: {what} is outside this subject's regions ({regions})"
        ))
    }
}

/// True when the dotted region `prefix` covers `code`: `code` equals it or continues it
/// after a dot (`35.78` covers `35.78.01.1001`; `35.7` does not cover `35.78`). An empty
/// prefix covers nothing; `*` is handled by the callers that accept it.
pub fn region_matches(prefix: &str, code: &str) -> bool {
    !prefix.is_empty()
        && code
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use tonic::Code;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn keys() -> JwtKeys {
        JwtKeys::new(SECRET, "berdaya-test")
    }

    fn principal(roles: &[Role], regions: &[&str]) -> Principal {
        Principal::new(
            "pendamping-7",
            roles.to_vec(),
            regions.iter().map(|r| (*r).to_owned()).collect(),
        )
    }

    fn regions(list: &[&str]) -> Vec<String> {
        list.iter().map(|r| (*r).to_owned()).collect()
    }

    #[test]
    fn a_region_served_is_reached_when_it_and_a_callers_region_overlap() {
        let surabaya = principal(&[Role::Caseworker], &["35.78"]);
        assert!(
            surabaya.reaches("35"),
            "a partner serving the whole province"
        );
        assert!(
            surabaya.reaches("35.78.01"),
            "a partner serving one district"
        );
        assert!(
            !surabaya.reaches("35.15"),
            "a partner serving another regency"
        );
        assert!(!surabaya.reaches("35.7"), "prefixes match whole segments");
        assert!(!surabaya.reaches(""), "no region served");
        let everywhere = principal(&[Role::Admin], &[ALL_REGIONS]);
        assert!(everywhere.reaches("91.01"));
    }

    #[test]
    fn prefixes_match_whole_dotted_segments_only() {
        assert!(region_matches("35", "35"));
        assert!(region_matches("35", "35.78"));
        assert!(region_matches("35.78", "35.78.01.1001"));
        assert!(region_matches("35.78.01.1001", "35.78.01.1001"));
        assert!(!region_matches("35.7", "35.78"));
        assert!(!region_matches("35.78", "35.7"));
        assert!(!region_matches("35.78", "35"));
        assert!(!region_matches("3", "35"));
        assert!(!region_matches("", "35"));
        assert!(!region_matches("35.78", "33.78.01"));
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
            assert_eq!(role.to_string(), role.as_str());
        }
        let err = "Caseworker".parse::<Role>().unwrap_err();
        assert!(err.to_string().starts_with("unknown role Caseworker"));
        assert_eq!(
            serde_json::to_string(&Role::Integration).unwrap(),
            "\"integration\""
        );
        assert_eq!(
            serde_json::from_str::<Role>("\"auditor\"").unwrap(),
            Role::Auditor
        );
    }

    #[test]
    fn caseworker_writes_inside_its_regions() {
        let p = principal(&[Role::Caseworker], &["35.78"]);
        assert!(p.can_write("35.78.01.1001", "village_code").is_ok());
        assert!(p.can_write("35.78", "village_code").is_ok());
    }

    #[test]
    fn writing_outside_the_regions_names_field_code_and_regions() {
        let p = principal(&[Role::Caseworker], &["35.78"]);
        let status = p.can_write("33.73.04.1001", "village_code").unwrap_err();
        assert_eq!(status.code(), Code::PermissionDenied);
        assert_eq!(
            status.message(),
            "village_code: 33.73.04.1001 is outside this subject's regions (35.78)"
        );
        let status = p.can_write("35.7", "village_code").unwrap_err();
        assert_eq!(status.code(), Code::PermissionDenied);
    }

    #[test]
    fn several_regions_are_listed_and_any_one_suffices() {
        let p = principal(&[Role::Supervisor], &["35.78", "33.73.04"]);
        assert!(p.can_write("33.73.04.1001", "village_code").is_ok());
        let status = p.can_write("11.01.01.2001", "village_code").unwrap_err();
        assert_eq!(
            status.message(),
            "village_code: 11.01.01.2001 is outside this subject's regions (35.78, 33.73.04)"
        );
    }

    #[test]
    fn a_subject_without_regions_is_told_so() {
        let p = principal(&[Role::Caseworker], &[]);
        let status = p.can_write("35.78.01.1001", "village_code").unwrap_err();
        assert_eq!(
            status.message(),
            "village_code: 35.78.01.1001 is outside this subject's regions (none)"
        );
    }

    #[test]
    fn auditors_never_write_even_everywhere_or_with_other_roles() {
        for roles in [&[Role::Auditor][..], &[Role::Admin, Role::Auditor][..]] {
            let status = principal(roles, &["*"])
                .can_write("35.78.01.1001", "village_code")
                .unwrap_err();
            assert_eq!(status.code(), Code::PermissionDenied);
            assert_eq!(status.message(), "auditors may read but never write");
        }
    }

    #[test]
    fn every_writing_role_writes_and_star_covers_everything() {
        for role in [
            Role::Caseworker,
            Role::Supervisor,
            Role::Integration,
            Role::Admin,
        ] {
            assert!(
                principal(&[role], &["*"])
                    .can_write("91.71.01.1001", "village_code")
                    .is_ok()
            );
        }
    }

    #[test]
    fn a_principal_without_roles_cannot_write() {
        let status = principal(&[], &["*"])
            .can_write("35.78.01.1001", "village_code")
            .unwrap_err();
        assert_eq!(status.code(), Code::PermissionDenied);
    }

    #[test]
    fn reading_needs_an_equal_or_narrower_prefix() {
        let p = principal(&[Role::Auditor], &["35.78"]);
        assert!(p.can_read("35.78", "region_prefix").is_ok());
        assert!(p.can_read("35.78.01", "region_prefix").is_ok());
        let wider = p.can_read("35", "region_prefix").unwrap_err();
        assert_eq!(wider.code(), Code::PermissionDenied);
        assert_eq!(
            wider.message(),
            "region_prefix: 35 is outside this subject's regions (35.78)"
        );
        assert!(p.can_read("35.7", "region_prefix").is_err());
    }

    #[test]
    fn the_whole_country_needs_star() {
        let p = principal(&[Role::Auditor], &["35"]);
        let status = p.can_read("", "region_prefix").unwrap_err();
        assert_eq!(status.code(), Code::PermissionDenied);
        assert_eq!(
            status.message(),
            "region_prefix: the whole country is outside this subject's regions (35)"
        );
        assert!(
            principal(&[Role::Auditor], &["*"])
                .can_read("", "region_prefix")
                .is_ok()
        );
    }

    #[test]
    fn require_role_accepts_any_listed_role() {
        let p = principal(&[Role::Caseworker, Role::Supervisor], &["35"]);
        assert!(p.require_role(&[Role::Supervisor, Role::Admin]).is_ok());
        let status = p.require_role(&[Role::Admin, Role::Auditor]).unwrap_err();
        assert_eq!(status.code(), Code::PermissionDenied);
        assert_eq!(
            status.message(),
            "this call needs one of the roles admin, auditor"
        );
    }

    #[test]
    fn primary_role_is_the_first() {
        assert_eq!(
            principal(&[Role::Supervisor, Role::Admin], &[]).primary_role(),
            Role::Supervisor
        );
        assert_eq!(principal(&[], &[]).primary_role(), Role::Auditor);
    }

    #[test]
    fn tokens_round_trip() {
        let keys = keys();
        let token = keys
            .issue(
                "pendamping-7",
                &[Role::Caseworker, Role::Supervisor],
                &regions(&["35.78", "33.73.04"]),
                Duration::hours(1),
            )
            .unwrap();
        let p = keys.verify(&token).unwrap();
        assert_eq!(
            p,
            principal(
                &[Role::Caseworker, Role::Supervisor],
                &["35.78", "33.73.04"]
            )
        );
    }

    fn signed(claims: &serde_json::Value) -> String {
        jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            claims,
            &EncodingKey::from_secret(SECRET),
        )
        .unwrap()
    }

    /// Issue 20 item 6: nbf was not enforced, a future iat and exp = i64::MAX were
    /// accepted, and any region string (CRLF, markup) went into a token.
    #[test]
    fn nbf_future_iat_lifetime_and_regions_are_enforced() {
        let now = Utc::now().timestamp();
        let claims = |extra: serde_json::Value| {
            let mut base = serde_json::json!({
                "sub": "x", "roles": ["admin"], "regions": ["*"], "iss": "berdaya-test",
                "iat": now, "exp": now + 3600,
            });
            base.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            signed(&base)
        };
        let keys = keys();
        assert!(keys.verify(&claims(serde_json::json!({}))).is_ok());
        assert_eq!(
            keys.verify(&claims(serde_json::json!({"nbf": now + 3600}))),
            Err(AuthError::NotYetValid)
        );
        assert_eq!(
            keys.verify(&claims(
                serde_json::json!({"iat": now + 3600, "exp": now + 7200})
            )),
            Err(AuthError::NotYetValid)
        );
        assert_eq!(
            keys.verify(&claims(serde_json::json!({"exp": i64::MAX}))),
            Err(AuthError::TooLong(720))
        );
        assert_eq!(
            keys.verify(&claims(serde_json::json!({"regions": ["35\r\nX-Evil: 1"]}))),
            Err(AuthError::BadRegion)
        );
        assert_eq!(
            keys.issue(
                "x",
                &[Role::Admin],
                &regions(&["*"]),
                Duration::hours(100_000_000)
            ),
            Err(AuthError::TooLong(720))
        );
        assert_eq!(
            keys.issue(
                "x",
                &[Role::Admin],
                &regions(&["<script>"]),
                Duration::hours(1)
            ),
            Err(AuthError::BadRegion)
        );
    }

    #[test]
    fn expired_tokens_are_refused() {
        let keys = keys();
        let token = keys
            .issue("x", &[Role::Admin], &regions(&["*"]), Duration::minutes(-5))
            .unwrap();
        assert_eq!(keys.verify(&token), Err(AuthError::Expired));
    }

    #[test]
    fn tokens_signed_with_another_secret_are_refused() {
        let other = JwtKeys::new(b"another-secret-another-secret-xx", "berdaya-test");
        let token = other
            .issue("x", &[Role::Admin], &regions(&["*"]), Duration::hours(1))
            .unwrap();
        assert_eq!(keys().verify(&token), Err(AuthError::BadSignature));
    }

    #[test]
    fn tokens_from_another_issuer_are_refused() {
        let other = JwtKeys::new(SECRET, "someone-else");
        let token = other
            .issue("x", &[Role::Admin], &regions(&["*"]), Duration::hours(1))
            .unwrap();
        assert_eq!(keys().verify(&token), Err(AuthError::WrongIssuer));
    }

    #[test]
    fn tokens_without_roles_are_neither_issued_nor_accepted() {
        let keys = keys();
        assert_eq!(
            keys.issue("x", &[], &regions(&["*"]), Duration::hours(1)),
            Err(AuthError::NoRoles)
        );
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: "x".into(),
            roles: vec![],
            regions: regions(&["*"]),
            iss: "berdaya-test".into(),
            iat: now,
            exp: now + 3600,
        };
        let token = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(SECRET),
        )
        .unwrap();
        assert_eq!(keys.verify(&token), Err(AuthError::NoRoles));
    }

    #[test]
    fn garbage_and_unknown_roles_are_malformed() {
        assert!(matches!(
            keys().verify("not.a.jwt"),
            Err(AuthError::Malformed(_))
        ));
        let now = Utc::now().timestamp();
        let claims = serde_json_claims_with_role("superuser", now);
        let token = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(SECRET),
        )
        .unwrap();
        assert!(matches!(
            keys().verify(&token),
            Err(AuthError::Malformed(_))
        ));
    }

    #[derive(Serialize)]
    struct LooseClaims {
        sub: String,
        roles: Vec<String>,
        regions: Vec<String>,
        iss: String,
        iat: i64,
        exp: i64,
    }

    fn serde_json_claims_with_role(role: &str, now: i64) -> LooseClaims {
        LooseClaims {
            sub: "x".into(),
            roles: vec![role.into()],
            regions: vec!["*".into()],
            iss: "berdaya-test".into(),
            iat: now,
            exp: now + 3600,
        }
    }

    fn call_with(authorization: Option<&str>) -> Result<Request<()>, Status> {
        let interceptor = auth_interceptor(Arc::new(keys()));
        let mut request = Request::new(());
        if let Some(value) = authorization {
            request
                .metadata_mut()
                .insert("authorization", value.parse().unwrap());
        }
        interceptor(request)
    }

    #[test]
    fn the_interceptor_leaves_the_principal_for_the_handler() {
        let token = keys()
            .issue(
                "pendamping-7",
                &[Role::Caseworker],
                &regions(&["35.78"]),
                Duration::hours(1),
            )
            .unwrap();
        for scheme in ["Bearer", "bearer"] {
            let request = call_with(Some(&format!("{scheme} {token}"))).unwrap();
            let p = Principal::from_request(&request).unwrap();
            assert_eq!(p, principal(&[Role::Caseworker], &["35.78"]));
        }
    }

    #[test]
    fn the_interceptor_refuses_calls_without_a_bearer_token() {
        for authorization in [None, Some("Basic dXNlcjpwYXNz"), Some("Bearer ")] {
            let status = call_with(authorization).unwrap_err();
            assert_eq!(status.code(), Code::Unauthenticated);
            assert_eq!(status.message(), "missing bearer token");
        }
    }

    #[test]
    fn the_interceptor_gives_the_reason_for_a_bad_token() {
        let token = keys()
            .issue("x", &[Role::Admin], &regions(&["*"]), Duration::minutes(-5))
            .unwrap();
        let status = call_with(Some(&format!("Bearer {token}"))).unwrap_err();
        assert_eq!(status.code(), Code::Unauthenticated);
        assert_eq!(status.message(), INVALID_TOKEN);
    }

    #[test]
    fn a_request_that_skipped_the_interceptor_is_unauthenticated() {
        let status = Principal::from_request(&Request::new(())).unwrap_err();
        assert_eq!(status.code(), Code::Unauthenticated);
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let shown = format!("{:?}", keys());
        assert!(shown.contains("berdaya-test"));
        assert!(!shown.contains("0123456789abcdef"));
    }
}
