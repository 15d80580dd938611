//! [`presign`]: an operation's request, signed in its query string instead of sent.
//!
//! The request is laid out exactly as [`invoke`](super::invoke) would send it (same
//! serializer, endpoint, host prefix and endpoint headers) and then presigned by
//! [`crate::auth`]'s query signer; nothing is sent and nothing is retried.

use http::HeaderMap;

use super::{ClientHandle, RequestExtras};
use crate::auth::{PresignParams, PresignedRequest, PresigningConfig};
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
    #[cfg(feature = "request-compression")]
    {
        extras.compression = None;
    }
    let call = handle.prepare(request, &extras).await?;
    // Presigning is SigV4's: the operation must accept it (whatever the config's identities).
    let Some(signing_name) = op.auth.schemes.iter().find_map(|s| match s {
        crate::auth::AuthScheme::SigV4 { signing_name } => Some(*signing_name),
        _ => None,
    }) else {
        return Err(ConstructionError::new(
            "this operation does not accept aws.auth#sigv4, so it cannot be presigned",
        ));
    };
    let config = handle.config();
    let (name, region) = match &call.target.signing {
        Some(scope) => (scope.name.as_str(), scope.region.as_deref()),
        None => (signing_name, config.region()),
    };
    let region = region.ok_or_else(crate::auth::no_region)?;
    let credentials = crate::auth::sigv4_credentials(config).await?;
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
        name,
        region,
        now: crate::time::TimeSource::now(config.time_source()),
        body: call.body.clone(),
    };
    crate::auth::presign(&call.method, &call.uri, &headers, &params, presigning)
}
