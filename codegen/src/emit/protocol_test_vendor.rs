//! The client configuration of a protocol-test case from its `vendorParams`, when they are
//! `aws.protocoltests.config#AwsConfig` (the S3 addressing cases of the restXml suite).
//!
//! `scopedConfig.client` configures the client; `scopedConfig.operation` configures the one
//! call, and per the S3 customizations spec the setting closest to the operation wins, so the
//! call runs on a client whose configuration is the client's with the operation's settings laid
//! over it. A region means "resolve the region's default endpoint" (the AWS vendor params'
//! meaning), so the client then has no endpoint URL and the service's rule set decides the
//! host. Any setting this generator does not map makes the case fail to translate (it is
//! reported as skipped with the setting's name), never silently ignored.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};

use super::types::rt;

/// The vendor-params shape this module reads.
pub const AWS_CONFIG: &str = "aws.protocoltests.config#AwsConfig";

/// An expression of type `Config` for the case, or `None` when the case has no AWS vendor
/// params (the caller then uses the plain test configuration with `host` as the endpoint).
/// `http` is the expression of the transport.
pub fn config(
    case: &Map<String, Value>,
    http: &TokenStream,
) -> Result<Option<TokenStream>, String> {
    if case.get("vendorParamsShape").and_then(Value::as_str) != Some(AWS_CONFIG) {
        return Ok(None);
    }
    let Some(params) = case.get("vendorParams").and_then(Value::as_object) else {
        return Ok(None);
    };
    let rt = rt();
    let mut scoped = None;
    for (key, value) in params {
        match key.as_str() {
            "scopedConfig" => scoped = Some(object(value, "scopedConfig")?),
            other => return Err(format!("vendorParams.{other} is not mapped")),
        }
    }
    let Some(scoped) = scoped else {
        return Ok(None);
    };
    let mut client = None;
    let mut operation = None;
    for (key, value) in scoped {
        match key.as_str() {
            "client" => client = Some(object(value, "scopedConfig.client")?),
            "operation" => operation = Some(object(value, "scopedConfig.operation")?),
            other => return Err(format!("vendorParams.scopedConfig.{other} is not mapped")),
        }
    }
    let mut region = None;
    let mut client_settings = Vec::new();
    if let Some(client) = client {
        for (key, value) in client {
            match key.as_str() {
                "region" => {
                    region = Some(
                        value
                            .as_str()
                            .ok_or("vendorParams scopedConfig.client.region is not a string")?,
                    );
                }
                "s3" => client_settings.extend(s3(value, "scopedConfig.client.s3")?),
                other => {
                    return Err(format!(
                        "vendorParams.scopedConfig.client.{other} is not mapped"
                    ));
                }
            }
        }
    }
    let mut operation_settings = Vec::new();
    if let Some(operation) = operation {
        for (key, value) in operation {
            match key.as_str() {
                "s3" => operation_settings.extend(s3(value, "scopedConfig.operation.s3")?),
                other => {
                    return Err(format!(
                        "vendorParams.scopedConfig.operation.{other} is not mapped"
                    ));
                }
            }
        }
    }
    let base = match region {
        Some(region) => quote!(#rt::protocol_test::config_in_region(#region, #http)),
        None => return Err("vendorParams without a client region are not mapped".into()),
    };
    Ok(Some(quote! {{
        let client_config = #base.to_builder() #(#client_settings)* .build();
        // The operation's settings win over the client's.
        client_config.to_builder() #(#operation_settings)* .build()
    }}))
}

/// Builder calls for an `aws.protocoltests.config#S3Config` value.
fn s3(value: &Value, path: &str) -> Result<Vec<TokenStream>, String> {
    let mut calls = Vec::new();
    for (key, value) in object(value, path)? {
        let flag = || {
            value
                .as_bool()
                .ok_or_else(|| format!("vendorParams {path}.{key} is not a boolean"))
        };
        match key.as_str() {
            "addressing_style" => match value.as_str() {
                // `auto` is the default: virtual-hosted where the bucket allows it.
                Some("auto" | "virtual") => calls.push(quote!(.force_path_style(false))),
                Some("path") => calls.push(quote!(.force_path_style(true))),
                _ => {
                    return Err(format!(
                        "vendorParams {path}.addressing_style {value} is not mapped"
                    ));
                }
            },
            "use_accelerate_endpoint" => {
                let on = flag()?;
                calls.push(quote!(.accelerate(#on)));
            }
            "use_dualstack_endpoint" => {
                let on = flag()?;
                calls.push(quote!(.use_dual_stack(#on)));
            }
            other => return Err(format!("vendorParams {path}.{other} is not mapped")),
        }
    }
    Ok(calls)
}

fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>, String> {
    value
        .as_object()
        .ok_or_else(|| format!("vendorParams {path} is not an object"))
}
