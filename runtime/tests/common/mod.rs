//! A hand-written stand-in for what the generator emits for one operation, so the runtime is
//! tested through exactly the public API generated crates use.

#![allow(dead_code)]

use std::fmt;

use smithy_client_runtime::auth::{AuthScheme, OperationAuth};
use smithy_client_runtime::client::SetRequestId;
use smithy_client_runtime::credentials::Credentials;
use smithy_client_runtime::error::{
    ConstructionError, ErrorMetadata, ParseServiceError, ProvideErrorMetadata, RawResponse,
    Unhandled,
};
use smithy_client_runtime::json::{DeserializeError, JsonWriter, de};
use smithy_client_runtime::protocol::{
    ParseResponse, SerializeRequest, SerializedRequest, aws_json,
};
use smithy_client_runtime::service::{ErrorMeta, OperationMeta, Protocol, ServiceMeta};

/// The partnercentral-selling endpoint rule set (copied from the model for tests).
pub const RULES: &str = r#"{"version":"1.0","parameters":{"UseFIPS":{"builtIn":"AWS::UseFIPS","required":true,"default":false,"documentation":"fips","type":"Boolean"},"Endpoint":{"builtIn":"SDK::Endpoint","required":false,"documentation":"endpoint","type":"String"},"Region":{"builtIn":"AWS::Region","required":false,"documentation":"region","type":"String"}},"rules":[{"conditions":[{"fn":"isSet","argv":[{"ref":"Endpoint"}]}],"rules":[{"conditions":[{"fn":"booleanEquals","argv":[{"ref":"UseFIPS"},true]}],"error":"Invalid Configuration: FIPS and custom endpoint are not supported","type":"error"},{"conditions":[],"endpoint":{"url":{"ref":"Endpoint"},"properties":{},"headers":{}},"type":"endpoint"}],"type":"tree"},{"conditions":[],"rules":[{"conditions":[{"fn":"isSet","argv":[{"ref":"Region"}]}],"rules":[{"conditions":[{"fn":"aws.partition","argv":[{"ref":"Region"}],"assign":"PartitionResult"}],"rules":[{"conditions":[{"fn":"booleanEquals","argv":[{"ref":"UseFIPS"},true]}],"endpoint":{"url":"https://partnercentral-selling-fips.{Region}.{PartitionResult#dualStackDnsSuffix}","properties":{},"headers":{}},"type":"endpoint"},{"conditions":[],"endpoint":{"url":"https://partnercentral-selling.{Region}.{PartitionResult#dualStackDnsSuffix}","properties":{},"headers":{}},"type":"endpoint"}],"type":"tree"}],"type":"tree"},{"conditions":[],"error":"Invalid Configuration: Missing Region","type":"error"}],"type":"tree"}]}"#;

pub static SERVICE: ServiceMeta = ServiceMeta {
    service_name: "AWSPartnerCentralSelling",
    protocol: Protocol::AwsJson1_0,
    signing_name: Some("partnercentral-selling"),
    endpoint_prefix: "partnercentral-selling",
    sdk_id: "PartnerCentral Selling",
    api_version: "2022-07-26",
    query_compatible: false,
    endpoint_rules: Some(RULES),
};

pub static ERRORS: &[ErrorMeta] = &[
    ErrorMeta {
        name: "ResourceNotFoundException",
        retryable: false,
        throttling: false,
    },
    ErrorMeta {
        name: "ThrottlingException",
        retryable: false,
        throttling: false,
    },
    ErrorMeta {
        name: "ValidationException",
        retryable: false,
        throttling: false,
    },
];

pub static GET_THING: OperationMeta = OperationMeta {
    name: "GetThing",
    errors: ERRORS,
    auth: OperationAuth::new(&[AuthScheme::SigV4 {
        signing_name: "partnercentral-selling",
    }]),
};

pub static UNSIGNED_OP: OperationMeta = OperationMeta {
    name: "PublicThing",
    errors: ERRORS,
    auth: OperationAuth::new(&[AuthScheme::NoAuth]),
};

/// Input with an idempotency token, like `ClientToken` in partnercentral.
#[derive(Debug, Default, Clone)]
pub struct GetThingInput {
    pub catalog: Option<String>,
    pub client_token: Option<String>,
}

impl SerializeRequest for GetThingInput {
    fn serialize_request(&self) -> Result<SerializedRequest, ConstructionError> {
        let mut w = JsonWriter::new();
        w.begin_object();
        if let Some(v) = &self.catalog {
            w.key("Catalog");
            w.string(v);
        }
        if let Some(v) = &self.client_token {
            w.key("ClientToken");
            w.string(v);
        }
        w.end_object();
        aws_json::request(&SERVICE, "AWSPartnerCentralSelling.GetThing", w)
    }
}

#[derive(Debug, Default, PartialEq)]
pub struct GetThingOutput {
    pub status: Option<String>,
    pub count: Option<i32>,
    pub request_id: Option<String>,
}

impl ParseResponse for GetThingOutput {
    fn parse_response(response: &RawResponse) -> Result<Self, DeserializeError> {
        let mut out = GetThingOutput::default();
        for (k, v) in de::object(&aws_json::body_document(response)?)? {
            match k {
                "Status" => out.status = Some(de::string(v).map_err(|e| e.at("Status"))?),
                "Count" => out.count = Some(de::integer(v).map_err(|e| e.at("Count"))?),
                _ => {}
            }
        }
        Ok(out)
    }
}

impl SetRequestId for GetThingOutput {
    fn set_request_id(&mut self, id: Option<String>) {
        self.request_id = id;
    }
}

#[derive(Debug)]
pub struct ResourceNotFound {
    pub message: Option<String>,
    pub meta: ErrorMetadata,
}

#[derive(Debug)]
pub enum GetThingError {
    ResourceNotFound(ResourceNotFound),
    Unhandled(Unhandled),
}

impl ParseServiceError for GetThingError {
    fn parse_service_error(code: &str, response: &RawResponse, meta: ErrorMetadata) -> Self {
        match code {
            "ResourceNotFoundException" => {
                let body = aws_json::error_document(response);
                let message = de::object(&body).ok().and_then(|mut it| {
                    it.find(|(k, _)| *k == "Message")
                        .and_then(|(_, v)| de::string(v).ok())
                });
                GetThingError::ResourceNotFound(ResourceNotFound { message, meta })
            }
            _ => GetThingError::Unhandled(Unhandled::new(meta, None)),
        }
    }
}

impl ProvideErrorMetadata for GetThingError {
    fn meta(&self) -> &ErrorMetadata {
        match self {
            GetThingError::ResourceNotFound(e) => &e.meta,
            GetThingError::Unhandled(e) => e.meta(),
        }
    }
}

impl fmt::Display for GetThingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GetThingError::ResourceNotFound(e) => {
                write!(
                    f,
                    "ResourceNotFoundException: {}",
                    e.message.as_deref().unwrap_or("")
                )
            }
            GetThingError::Unhandled(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl std::error::Error for GetThingError {}

pub fn test_credentials() -> Credentials {
    Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
        None,
        "test",
    )
}

/// Today's date as `YYYYMMDD` (UTC), for checking the credential scope.
pub fn utc_date() -> String {
    let now = smithy_client_runtime::DateTime::from(std::time::SystemTime::now());
    let text = now.fmt(smithy_client_runtime::TimestampFormat::DateTime);
    text[..10].replace('-', "")
}

/// An awsJson input without members, sent to `target` of `service`.
pub struct EmptyInput(pub &'static ServiceMeta, pub &'static str);

impl SerializeRequest for EmptyInput {
    fn serialize_request(&self) -> Result<SerializedRequest, ConstructionError> {
        let mut w = JsonWriter::new();
        w.begin_object();
        w.end_object();
        aws_json::request(self.0, self.1, w)
    }
}
