//! [`RawResponse`]: the HTTP response behind an error, kept for diagnostics.

use std::fmt;

use bytes::Bytes;

/// The HTTP response behind a service or response error, kept for diagnostics.
#[derive(Clone)]
pub struct RawResponse {
    status: u16,
    headers: http::HeaderMap,
    body: Bytes,
}

impl RawResponse {
    /// Wraps response parts (used by the client and by tests).
    #[doc(hidden)]
    pub fn new(status: u16, headers: http::HeaderMap, body: Bytes) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }

    /// The response body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    pub(crate) fn header_str(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The request id from `x-amzn-RequestId` (or the older `x-amz-request-id`).
    pub(crate) fn request_id(&self) -> Option<&str> {
        self.header_str("x-amzn-requestid")
            .or_else(|| self.header_str("x-amz-request-id"))
    }
}

impl fmt::Debug for RawResponse {
    // The body may hold sensitive members of an error shape, so only its size is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_response_debug_hides_body() {
        let r = RawResponse::new(200, http::HeaderMap::new(), Bytes::from_static(b"secret"));
        let dbg = format!("{r:?}");
        assert!(!dbg.contains("secret"), "{dbg}");
        assert!(dbg.contains("<6 bytes>"));
    }
}
