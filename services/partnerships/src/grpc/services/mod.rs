//! The four tonic services, one file each: every command is `command::run` with its
//! aggregate's edge; every query reads through `queries`.

mod agreements;
mod networks;
mod partners;
mod referrals;

/// The answer when validation passed but a value is missing (never expected).
fn missing(field: &str) -> tonic::Status {
    tonic::Status::invalid_argument(format!("{field}: invalid request"))
}
