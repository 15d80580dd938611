//! Static descriptions of a service and its operations, emitted by the generator as `const`s.
//!
//! Everything is `&'static` so generated crates describe the model with zero runtime cost and
//! the runtime's core can stay non-generic: it receives these tables instead of type parameters.

/// The wire protocol of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
    /// `aws.protocols#restJson1`.
    RestJson1,
    /// `aws.protocols#restXml` (the `xml` feature).
    #[cfg(feature = "xml")]
    RestXml,
    /// `aws.protocols#awsQuery` (the `xml` feature).
    #[cfg(feature = "xml")]
    AwsQuery,
    /// `aws.protocols#ec2Query` (the `xml` feature).
    #[cfg(feature = "xml")]
    Ec2Query,
    /// `smithy.protocols#rpcv2Cbor` (the `cbor` feature).
    #[cfg(feature = "cbor")]
    RpcV2Cbor,
    /// `smithy.protocols#rpcv2Json`.
    RpcV2Json,
}

impl Protocol {
    /// The runtime half of the protocol (reading error responses).
    pub fn client_protocol(self) -> &'static dyn crate::protocol::ClientProtocol {
        match self {
            Protocol::AwsJson1_0 => &crate::protocol::aws_json::AWS_JSON_1_0,
            Protocol::AwsJson1_1 => &crate::protocol::aws_json::AWS_JSON_1_1,
            Protocol::RestJson1 => &crate::protocol::rest_json::REST_JSON_1,
            #[cfg(feature = "xml")]
            Protocol::RestXml => &crate::protocol::rest_xml::REST_XML,
            #[cfg(feature = "xml")]
            Protocol::AwsQuery => &crate::protocol::aws_query::AWS_QUERY,
            #[cfg(feature = "xml")]
            Protocol::Ec2Query => &crate::protocol::ec2_query::EC2_QUERY,
            #[cfg(feature = "cbor")]
            Protocol::RpcV2Cbor => &crate::protocol::rpcv2_cbor::RPCV2_CBOR,
            Protocol::RpcV2Json => &crate::protocol::rpcv2_json::RPCV2_JSON,
        }
    }
}

/// Facts about a service that the runtime needs at call time.
#[derive(Clone, Copy)]
pub struct ServiceMeta {
    /// The service shape name (`AWSPartnerCentralSelling`), used in `X-Amz-Target`.
    pub service_name: &'static str,
    /// The wire protocol.
    pub protocol: Protocol,
    /// The SigV4 signing name (`aws.auth#sigv4` `name`), `None` for a service without SigV4.
    /// Which operations are signed is decided by [`OperationMeta::auth`].
    pub signing_name: Option<&'static str>,
    /// `aws.api#service` `endpointPrefix`, used for the fallback endpoint when there are no rules.
    /// Empty for a service outside AWS: its base URL must come from the config.
    pub endpoint_prefix: &'static str,
    /// `aws.api#service` `sdkId`.
    pub sdk_id: &'static str,
    /// The service version (`2022-07-26`).
    pub api_version: &'static str,
    /// Whether the service has `aws.protocols#awsQueryCompatible` (sends `x-amzn-query-mode`,
    /// reads error codes from `x-amzn-query-error`).
    pub query_compatible: bool,
    /// The raw JSON of the `smithy.rules#endpointRuleSet` trait, if the model has one.
    pub endpoint_rules: Option<&'static str>,
}

impl std::fmt::Debug for ServiceMeta {
    // The endpoint rule set is kilobytes of JSON: shown by its size only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceMeta")
            .field("service_name", &self.service_name)
            .field("protocol", &self.protocol)
            .field("signing_name", &self.signing_name)
            .field("endpoint_prefix", &self.endpoint_prefix)
            .field("sdk_id", &self.sdk_id)
            .field("api_version", &self.api_version)
            .field("query_compatible", &self.query_compatible)
            .field(
                "endpoint_rules",
                &self.endpoint_rules.map(|r| format!("<{} bytes>", r.len())),
            )
            .finish()
    }
}

/// Facts about one operation.
#[derive(Clone, Copy, Debug)]
pub struct OperationMeta {
    /// The operation shape name (`ListOpportunities`), used in `X-Amz-Target` and errors.
    pub name: &'static str,
    /// The errors the operation can return: its own plus the service-wide ones.
    pub errors: &'static [ErrorMeta],
    /// The operation's auth schemes in order of preference, as the model gives them (the
    /// operation's `@auth`, else the service's, else every auth trait of the service sorted by
    /// shape id; `@optionalAuth` and `@auth([])` add `smithy.api#noAuth` last). The client
    /// applies the first one whose identity the config has, on every attempt.
    pub auth: crate::auth::OperationAuth,
}

/// Retry-relevant facts about a modeled error.
#[derive(Clone, Copy, Debug)]
pub struct ErrorMeta {
    /// The error shape name (`ThrottlingException`), compared with the sanitized wire code.
    pub name: &'static str,
    /// The shape has `@retryable`.
    pub retryable: bool,
    /// The shape has `@retryable(throttling: true)`.
    pub throttling: bool,
}
