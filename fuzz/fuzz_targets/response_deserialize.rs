//! Arbitrary bytes as the response body of the generated Partner Central client: the JSON
//! parser, the output deserializers of `GetResourceSnapshotJob` and `ListResourceSnapshotJobs`,
//! and the error parsing of their modeled errors must return errors, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partnercentral_selling::operation::get_resource_snapshot_job::{
    GetResourceSnapshotJobError, GetResourceSnapshotJobOutput,
};
use partnercentral_selling::operation::list_resource_snapshot_jobs::{
    ListResourceSnapshotJobsError, ListResourceSnapshotJobsOutput,
};
use smithy_client_runtime::error::{ErrorMetadata, ParseServiceError};
use smithy_client_runtime::json::{DeserializeJson, de};

/// Every error code either operation models, plus one it does not.
const CODES: &[&str] = &[
    "AccessDeniedException",
    "ResourceNotFoundException",
    "ThrottlingException",
    "ValidationException",
    "ConflictException",
    "ServiceQuotaExceededException",
    "NotModeled",
];

fuzz_target!(|data: &[u8]| {
    let Ok(value) = de::parse(data) else {
        return;
    };
    let _ = GetResourceSnapshotJobOutput::deserialize_json(&value);
    let _ = ListResourceSnapshotJobsOutput::deserialize_json(&value);
    for code in CODES {
        let meta = ErrorMetadata::builder().code(*code).status(400).build();
        let _ = GetResourceSnapshotJobError::parse_service_error(code, &value, meta.clone());
        let _ = ListResourceSnapshotJobsError::parse_service_error(code, &value, meta);
    }
});
