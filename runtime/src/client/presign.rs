//! [`presign`]: an operation's request, signed in its query string instead of sent.
//!
//! The request is laid out exactly as [`invoke`](super::invoke) would send it (same
//! serializer, endpoint, host prefix and endpoint headers) and then presigned by
//! [`crate::auth`]'s query signer; nothing is sent and nothing is retried.

use http::HeaderMap;

use super::{ClientHandle, RequestExtras};
use crate::auth::{PresignParams, PresignedRequest, PresigningConfig};
use crate::credentials::ProvideCredentials as _;
use crate::error::{ConstructionError, ParseServiceError, SdkError};
use crate::protocol::SerializeRequest;
use crate::service::OperationMeta;

/// Presigns `op` with `input` for `presigning`'s validity. Fails when the operation is not
/// SigV4-signed, or (like a call would) without a region or credentials.
pub async fn presign<I, E>(
    handle: &ClientHandle,
    op: &'static OperationMeta,
    input: &I,
    extras: &RequestExtras,
    presigning: &PresigningConfig,
) -> Result<PresignedRequest, SdkError<E>>
where
    I: SerializeRequest + ?Sized,
    E: ParseServiceError,
{
    presign_inner(handle, op, input, extras, presigning)
        .await
        .map_err(|e| SdkError::Construction(e.for_operation(op.name)))
}

async fn presign_inner<I: SerializeRequest + ?Sized>(
    handle: &ClientHandle,
    op: &'static OperationMeta,
    input: &I,
    extras: &RequestExtras,
    presigning: &PresigningConfig,
) -> Result<PresignedRequest, ConstructionError> {
    let request = input.serialize_request()?;
    // No checksum headers: the eventual body is unknown, and a checksum header would be
    // signed and then required (awslabs/aws-sdk-rust#1103).
    let mut extras = extras.clone();
    extras.checksum = None;
    extras.compression = None;
    let call = handle.prepare(request, &extras).await?;
    let scope = match (&call.target.signing, op.unsigned) {
        (Some(scope), false) => scope,
        _ => {
            return Err(ConstructionError::new(
                "this operation is not SigV4-signed, so it cannot be presigned",
            ));
        }
    };
    let region = scope.region.as_deref().ok_or_else(|| {
        ConstructionError::invalid_config(
            "no region configured to sign with (set it on the config or in AWS_REGION)",
        )
    })?;
    let config = handle.config();
    let provider = config
        .credentials_provider()
        .ok_or_else(|| ConstructionError::invalid_config("no AWS credentials configured"))?;
    let credentials = provider
        .provide_credentials()
        .await
        .map_err(ConstructionError::credentials)?;
    let mut headers = HeaderMap::with_capacity(call.headers.len() + call.target.headers.len());
    for (name, value) in call
        .headers
        .iter()
        .chain(call.target.headers.iter().map(|(n, v)| (n, v)))
    {
        headers.append(name.clone(), value.clone());
    }
    let params = PresignParams {
        credentials: &credentials,
        name: &scope.name,
        region,
        now: crate::time::TimeSource::now(config.time_source()),
        body: call.body.clone(),
    };
    crate::auth::presign(&call.method, &call.uri, &headers, &params, presigning)
}
