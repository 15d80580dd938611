//! The generic layer of a call: [`invoke`] and its variants serialize the input, run the
//! non-generic core (`ClientHandle::dispatch`) and turn its result into the operation's output
//! or `SdkError<E>`. Kept apart from the core so that what is compiled once per operation is
//! small and visible in one place.

use crate::config::CallOptions;
use crate::error::{
    ConstructionError, DispatchError, ParseServiceError, RawResponse, ResponseError, SdkError,
    ServiceError, TimeoutError,
};
use crate::interceptor::InterceptorError;
use crate::protocol::{ErrorDetails, ParseResponse, SerializeRequest};
use crate::service::OperationMeta;
use crate::transport::SdkBody;

use super::{ClientHandle, RequestExtras};

/// Lets [`invoke`] hand the response's request id to an output structure.
pub trait SetRequestId {
    /// Stores the request id (`x-amzn-RequestId`) of the response this output came from.
    fn set_request_id(&mut self, id: Option<String>);
}

impl SetRequestId for () {
    fn set_request_id(&mut self, _id: Option<String>) {}
}

/// A successful (2xx) response and the number of attempts it took.
pub(crate) struct Dispatched {
    pub(super) raw: RawResponse,
    pub(super) attempt: u32,
    /// The unread body, when the call asked for a streamed response.
    pub(super) stream: Option<SdkBody>,
}

/// Why [`ClientHandle::dispatch`] failed; converted into `SdkError<E>` by the generic layer.
pub(crate) enum Failure {
    Construction(ConstructionError),
    Timeout(TimeoutError),
    Dispatch(DispatchError),
    /// Boxed: error responses are the rare path and this keeps `Failure` small.
    Service(Box<ServiceFailure>),
    Interceptor(Box<InterceptorError>),
}

/// An error response, before the operation's error type parses it.
pub(crate) struct ServiceFailure {
    pub(super) raw: RawResponse,
    pub(super) details: ErrorDetails,
    pub(super) attempts: u32,
    pub(super) retryable: bool,
}

impl Failure {
    /// One-line description for retry logs.
    pub(super) fn summary(&self) -> String {
        match self {
            Failure::Construction(e) => e.to_string(),
            Failure::Timeout(e) => e.to_string(),
            Failure::Dispatch(e) => e.to_string(),
            Failure::Interceptor(e) => e.to_string(),
            Failure::Service(s) => format!(
                "status {} {}",
                s.raw.status(),
                s.details.meta.code().unwrap_or("(no error code)")
            ),
        }
    }

    /// The only generic step of error handling: the service arm asks `E` to parse itself.
    pub(super) fn into_sdk_error<E: ParseServiceError>(
        self,
        op: &'static OperationMeta,
    ) -> SdkError<E> {
        match self {
            Failure::Construction(e) => SdkError::Construction(e),
            Failure::Timeout(e) => SdkError::Timeout(e),
            Failure::Dispatch(e) => SdkError::Dispatch(e),
            Failure::Interceptor(e) => SdkError::Interceptor(*e),
            Failure::Service(s) => {
                let ServiceFailure {
                    raw,
                    mut details,
                    attempts,
                    retryable,
                } = *s;
                if E::message_is_sensitive(&details.shape_code) {
                    details.meta = details.meta.without_message();
                }
                let err = E::parse_service_error(&details.shape_code, &raw, details.meta.clone());
                SdkError::Service(ServiceError::new(
                    op.name,
                    attempts,
                    retryable,
                    err,
                    raw,
                    details.meta,
                ))
            }
        }
    }
}

/// Calls one operation: serializes `input` once (so the body and any idempotency token are
/// identical on every retry), runs the non-generic core, then parses the output or the error.
pub async fn invoke<I, O, E>(
    handle: &ClientHandle,
    op: &'static OperationMeta,
    input: &I,
    options: &CallOptions,
) -> Result<O, SdkError<E>>
where
    I: SerializeRequest + ?Sized,
    O: ParseResponse + SetRequestId,
    E: ParseServiceError,
{
    invoke_with(handle, op, input, options, &RequestExtras::default()).await
}

/// [`invoke`] for operations with per-call request details: a host prefix, request
/// compression, or an endpoint taken from the input.
pub async fn invoke_with<I, O, E>(
    handle: &ClientHandle,
    op: &'static OperationMeta,
    input: &I,
    options: &CallOptions,
    extras: &RequestExtras,
) -> Result<O, SdkError<E>>
where
    I: SerializeRequest + ?Sized,
    O: ParseResponse + SetRequestId,
    E: ParseServiceError,
{
    call(handle, op, input, options, extras, false, None)
        .await
        .map(|(output, _)| output)
}

/// The body of every `invoke*` entry point: serializes `input` once, runs the non-generic
/// core, and parses a 2xx response into `O` with its request id. Returns the unread body too
/// when `stream_response` asked for it.
pub(super) async fn call<I, O, E>(
    handle: &ClientHandle,
    op: &'static OperationMeta,
    input: &I,
    options: &CallOptions,
    extras: &RequestExtras,
    stream_response: bool,
    input_stream: Option<super::event_stream::InputEventStream>,
) -> Result<(O, Option<SdkBody>), SdkError<E>>
where
    I: SerializeRequest + ?Sized,
    O: ParseResponse + SetRequestId,
    E: ParseServiceError,
{
    let request = input
        .serialize_request()
        .map_err(|e| SdkError::Construction(e.for_operation(op.name)))?;
    let ok = match handle
        .dispatch(op, request, options, extras, stream_response, input_stream)
        .await
    {
        Ok(ok) => ok,
        Err(failure) => return Err(failure.into_sdk_error(op)),
    };
    match O::parse_response(&ok.raw) {
        Ok(mut output) => {
            output.set_request_id(ok.raw.request_id().map(str::to_owned));
            Ok((output, ok.stream))
        }
        Err(e) => Err(SdkError::Response(ResponseError::new(
            op.name, ok.attempt, ok.raw, e,
        ))),
    }
}
