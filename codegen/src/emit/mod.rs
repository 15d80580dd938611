//! Step 4, emit: turn the plan into token streams, one per output file.

pub mod checksum;
pub mod debug;
pub mod endpoint_params;
pub mod enumeration;
pub mod event_stream;
pub mod event_stream_tests;
pub mod operation;
pub mod paginator;
pub mod presign;
pub mod protocol_test_vendor;
pub mod protocol_tests;
pub mod setters;
pub mod structure;
pub mod types;
pub mod union;

use crate::Settings;
use crate::error::Error;
use crate::model::Model;
use crate::naming::ident;
use crate::plan::{
    CratePlan, EnumPlan, Home, OperationPlan, Protocol, StructPlan, UnionPlan, features,
};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;
use types::{doc_attrs, rt};

/// One file of the crate, emitted on its own by [`SourceFile::emit`]: the list of files is known
/// before any of them is emitted, so [`crate::generate`] can emit and render them on several
/// threads (tokens are `!Send`, so each file is emitted where it is rendered).
pub enum SourceFile<'a> {
    /// `src/types/<name>.rs` or `src/types/error/<name>.rs`.
    Struct(&'a StructPlan),
    /// `src/types/<name>.rs`.
    Enum(&'a EnumPlan),
    /// `src/types/<name>.rs`.
    Union(&'a UnionPlan),
    /// `src/operation/<name>.rs`.
    Operation(&'a OperationPlan),
    /// A `mod.rs` listing type modules.
    ModuleIndex(ModuleIndex),
    /// `src/operation/mod.rs`.
    OperationIndex,
    /// `src/client.rs`.
    Client,
    /// `src/config.rs`.
    Config,
    /// `src/error.rs`.
    ErrorModule,
    /// `src/lib.rs`.
    Lib,
    /// `src/endpoint_tests.rs`.
    EndpointTests,
    /// `src/protocol_tests.rs`, from the model's `smithy.test` traits.
    ProtocolTests(&'a Model),
    /// `src/event_stream_tests.rs`, from the model's `smithy.test#eventStreamTests`.
    EventStreamTests(&'a Model),
    /// `src/protocol_serde/shape_*.rs` or `error_*.rs`: a structure's (de)serializers.
    SerdeStruct(&'a StructPlan),
    /// `src/protocol_serde/shape_*.rs`: a union's (de)serializers.
    SerdeUnion(&'a UnionPlan),
    /// `src/protocol_serde/op_*.rs`: an operation's request serializer and response parsers.
    SerdeOperation(&'a OperationPlan),
    /// `src/protocol_serde/mod.rs`, listing those modules.
    SerdeIndex(Vec<(String, Gate)>),
}

/// What decides whether an item is compiled when the crate has one feature per operation.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gate {
    /// The item belongs to this operation (its name).
    Operation(String),
    /// The item belongs to this shared type.
    Type(crate::plan::TypePath),
}

impl Gate {
    /// The `#[cfg(…)]` attribute of an item behind this gate (nothing without per-operation
    /// features).
    pub fn cfg(&self, plan: &CratePlan) -> TokenStream {
        match (&plan.features, self) {
            (None, _) => TokenStream::new(),
            (Some(f), Gate::Operation(name)) => f.operation_cfg(name),
            (Some(f), Gate::Type(path)) => f.type_cfg(path),
        }
    }
}

/// A `mod.rs` that declares one module per type and re-exports the type and its builder.
pub struct ModuleIndex {
    /// The module's one-line documentation.
    pub doc: &'static str,
    /// One entry per type module, sorted.
    pub entries: Vec<ModuleEntry>,
    /// Also declares the `error` submodule (`types/mod.rs`).
    pub with_error_module: bool,
}

/// One type module of a [`ModuleIndex`].
#[derive(PartialEq, Eq, PartialOrd, Ord)]
pub struct ModuleEntry {
    /// The module (file stem).
    pub module: String,
    /// The type it defines.
    pub type_name: String,
    /// Its builder, for structures.
    pub builder: Option<String>,
    /// The type's path, which decides its feature gate.
    pub path: crate::plan::TypePath,
}

impl SourceFile<'_> {
    /// The tokens of this file.
    pub fn emit(&self, plan: &CratePlan, settings: &Settings) -> Result<TokenStream, Error> {
        Ok(match self {
            SourceFile::Struct(s) => structure::emit(s),
            SourceFile::Enum(e) => enumeration::emit(e),
            SourceFile::Union(u) => union::emit(u),
            SourceFile::Operation(op) => {
                operation::emit(op, &settings.crate_name.replace('-', "_"))
            }
            SourceFile::ModuleIndex(index) => module_index(index, plan),
            SourceFile::OperationIndex => operation_index(plan),
            SourceFile::Client => client(plan),
            SourceFile::Config => config(plan),
            SourceFile::ErrorModule => error_module(),
            SourceFile::Lib => lib(plan, settings),
            SourceFile::EndpointTests => endpoint_tests(plan),
            SourceFile::ProtocolTests(model) => protocol_tests::emit(plan, model)?,
            SourceFile::EventStreamTests(model) => event_stream_tests::emit(plan, model),
            SourceFile::SerdeStruct(s) => {
                crate::protocol::generator(plan.service.protocol).structure(s)
            }
            SourceFile::SerdeUnion(u) => {
                let codec = crate::protocol::generator(plan.service.protocol).union(u);
                let marshal = crate::protocol::event_marshal::marshaller(u, plan);
                quote!(#codec #marshal)
            }
            SourceFile::SerdeOperation(op) => crate::protocol::operation_file(op, plan),
            SourceFile::SerdeIndex(modules) => {
                let gated: Vec<_> = modules
                    .iter()
                    .map(|(m, gate)| (m.clone(), gate.cfg(plan)))
                    .collect();
                crate::protocol::index(&gated)
            }
        })
    }
}

/// The crate's files: Rust sources still to be emitted and plain text files.
pub struct Files<'a> {
    /// `src/...` path and what that file holds, in path order.
    pub rust: Vec<(String, SourceFile<'a>)>,
    /// Other files (Cargo.toml) by path.
    pub text: BTreeMap<String, String>,
}

/// Lists every file of the crate; `model` is given when the protocol tests are wanted.
pub fn files<'a>(plan: &'a CratePlan, settings: &Settings, model: Option<&'a Model>) -> Files<'a> {
    let mut rust = BTreeMap::new();
    let mut types_mods = Vec::new();
    let mut error_mods = Vec::new();
    for s in &plan.structs {
        let module = s.file.trim_end_matches(".rs").to_string();
        let (dir, list) = match s.path.home {
            Home::Errors => ("src/types/error", &mut error_mods),
            _ => ("src/types", &mut types_mods),
        };
        rust.insert(format!("{dir}/{}", s.file), SourceFile::Struct(s));
        list.push(ModuleEntry {
            module,
            type_name: s.path.name.clone(),
            builder: Some(s.builder.clone()),
            path: s.path.clone(),
        });
    }
    for e in &plan.enums {
        rust.insert(format!("src/types/{}", e.file), SourceFile::Enum(e));
        types_mods.push(ModuleEntry {
            module: e.file.trim_end_matches(".rs").to_string(),
            type_name: e.path.name.clone(),
            builder: None,
            path: e.path.clone(),
        });
    }
    for u in &plan.unions {
        rust.insert(format!("src/types/{}", u.file), SourceFile::Union(u));
        types_mods.push(ModuleEntry {
            module: u.file.trim_end_matches(".rs").to_string(),
            type_name: u.path.name.clone(),
            builder: None,
            path: u.path.clone(),
        });
    }
    types_mods.sort();
    error_mods.sort();
    rust.insert(
        "src/types/mod.rs".into(),
        SourceFile::ModuleIndex(ModuleIndex {
            doc: "Data types shared by the operations (structures, enums and unions).",
            entries: types_mods,
            with_error_module: true,
        }),
    );
    rust.insert(
        "src/types/error/mod.rs".into(),
        SourceFile::ModuleIndex(ModuleIndex {
            doc: "Errors the service models.",
            entries: error_mods,
            with_error_module: false,
        }),
    );
    for op in &plan.operations {
        rust.insert(
            format!("src/operation/{}.rs", op.module),
            SourceFile::Operation(op),
        );
    }
    rust.insert("src/operation/mod.rs".into(), SourceFile::OperationIndex);
    // The protocol's half: one module per shared structure, union and operation.
    let mut serde_modules = Vec::new();
    for s in &plan.structs {
        let m = s.path.serde_module();
        rust.insert(
            format!("src/protocol_serde/{m}.rs"),
            SourceFile::SerdeStruct(s),
        );
        serde_modules.push((m, Gate::Type(s.path.clone())));
    }
    for u in &plan.unions {
        let m = u.path.serde_module();
        rust.insert(
            format!("src/protocol_serde/{m}.rs"),
            SourceFile::SerdeUnion(u),
        );
        serde_modules.push((m, Gate::Type(u.path.clone())));
    }
    for op in &plan.operations {
        let m = op.serde_module();
        rust.insert(
            format!("src/protocol_serde/{m}.rs"),
            SourceFile::SerdeOperation(op),
        );
        serde_modules.push((m, Gate::Operation(op.name.clone())));
    }
    serde_modules.sort();
    rust.insert(
        "src/protocol_serde/mod.rs".into(),
        SourceFile::SerdeIndex(serde_modules),
    );
    rust.insert("src/client.rs".into(), SourceFile::Client);
    rust.insert("src/config.rs".into(), SourceFile::Config);
    rust.insert("src/error.rs".into(), SourceFile::ErrorModule);
    rust.insert("src/lib.rs".into(), SourceFile::Lib);
    if !plan.service.endpoint_tests.is_empty() {
        rust.insert("src/endpoint_tests.rs".into(), SourceFile::EndpointTests);
    }
    if let Some(model) = model {
        rust.insert(
            "src/protocol_tests.rs".into(),
            SourceFile::ProtocolTests(model),
        );
        if settings.event_stream_tests {
            rust.insert(
                "src/event_stream_tests.rs".into(),
                SourceFile::EventStreamTests(model),
            );
        }
    }
    let mut text = BTreeMap::new();
    text.insert("Cargo.toml".into(), cargo_toml(plan, settings));
    Files {
        rust: rust.into_iter().collect(),
        text,
    }
}

fn module_index(index: &ModuleIndex, plan: &CratePlan) -> TokenStream {
    let extra = index.with_error_module.then(|| {
        quote!(
            pub mod error;
        )
    });
    let decls = index.entries.iter().map(|e| {
        let m = ident(&e.module);
        let name = ident(&e.type_name);
        let cfg = Gate::Type(e.path.clone()).cfg(plan);
        quote!(#cfg mod #m; #cfg pub use #m::#name;)
    });
    let builders = index.entries.iter().filter_map(|e| {
        let b = ident(e.builder.as_ref()?);
        let m = ident(&e.module);
        let cfg = Gate::Type(e.path.clone()).cfg(plan);
        Some(quote!(#cfg pub use super::#m::#b;))
    });
    let doc = format!(" {}", index.doc);
    quote! {
        #![doc = #doc]
        #extra
        #(#decls)*
        /// Builders for the structures of this module.
        pub mod builders {
            #(#builders)*
        }
    }
}

fn operation_index(plan: &CratePlan) -> TokenStream {
    let mods = plan.operations.iter().map(|op| {
        let m = ident(&op.module);
        let doc = format!(" The `{}` operation.", op.name);
        let cfg = Gate::Operation(op.name.clone()).cfg(plan);
        quote!(#[doc = #doc] #cfg pub mod #m;)
    });
    quote! {
        //! One module per operation: its input, output, error and fluent builder.
        #(#mods)*
    }
}

fn client(plan: &CratePlan) -> TokenStream {
    let rt = rt();
    let methods = plan.operations.iter().map(|op| {
        let m = ident(&op.module);
        let fluent = ident(&op.fluent_name);
        let docs = doc_attrs(op.docs.as_deref());
        let dep = types::deprecated_attr(op.deprecated.as_deref());
        let head = format!(
            " Starts {} `{}` request.",
            crate::naming::article(&op.name),
            op.name
        );
        let sep = op.docs.is_some().then(|| quote!(#[doc = ""]));
        let cfg = Gate::Operation(op.name.clone()).cfg(plan);
        quote! {
            #[doc = #head]
            #sep
            #docs
            #dep
            #cfg
            pub fn #m(&self) -> crate::operation::#m::#fluent {
                crate::operation::#m::#fluent::new(self.handle.clone())
            }
        }
    });
    let doc = format!(
        " Client for {}. Cheap to clone: clones share connections and configuration.",
        plan.service.sdk_id
    );
    // A service outside AWS reads no region or AWS credentials (see `uses_sigv4`).
    let from_env_doc: &[&str] = if uses_sigv4(plan) {
        &[
            " A client configured from the standard AWS environment variables",
            " (`AWS_REGION`, credentials, `AWS_ENDPOINT_URL`).",
        ]
    } else {
        &[
            " A client configured from the environment (`AWS_ENDPOINT_URL_<SERVICE>`,",
            " `AWS_ENDPOINT_URL`, retry settings). This service does not use AWS credentials:",
            " give its identity (a bearer token, ...) with `Config::builder()` and [`Client::new`].",
        ]
    };
    quote! {
        //! The client: one method per operation.

        /// What a fluent builder's `customize()` returns: extra headers, a config override and
        /// request hooks for one call (aws-sdk-rust's `CustomizableOperation`).
        pub use #rt::client::CustomizableOperation;

        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client {
            handle: #rt::client::ClientHandle,
        }

        impl Client {
            /// A client with this configuration.
            pub fn new(config: crate::config::Config) -> Self {
                Self { handle: #rt::client::ClientHandle::new(&crate::config::SERVICE, config) }
            }

            #(#[doc = #from_env_doc])*
            pub fn from_env() -> Self {
                Self::new(crate::config::Config::from_env())
            }

            /// The client's configuration.
            pub fn config(&self) -> &crate::config::Config {
                self.handle.config()
            }

            pub(crate) fn handle(&self) -> &#rt::client::ClientHandle {
                &self.handle
            }

            #(#methods)*
        }
    }
}

fn config(plan: &CratePlan) -> TokenStream {
    let rt = rt();
    let s = &plan.service;
    let name = &s.name;
    let protocol = match s.protocol {
        Protocol::AwsJson1_0 => quote!(#rt::service::Protocol::AwsJson1_0),
        Protocol::AwsJson1_1 => quote!(#rt::service::Protocol::AwsJson1_1),
        Protocol::RestJson1 => quote!(#rt::service::Protocol::RestJson1),
        Protocol::RestXml => quote!(#rt::service::Protocol::RestXml),
        Protocol::AwsQuery => quote!(#rt::service::Protocol::AwsQuery),
        Protocol::Ec2Query => quote!(#rt::service::Protocol::Ec2Query),
        Protocol::RpcV2Cbor => quote!(#rt::service::Protocol::RpcV2Cbor),
        Protocol::RpcV2Json => quote!(#rt::service::Protocol::RpcV2Json),
    };
    let signing = match &s.signing_name {
        Some(n) => quote!(::std::option::Option::Some(#n)),
        None => quote!(::std::option::Option::None),
    };
    let prefix = &s.endpoint_prefix;
    let sdk_id = &s.sdk_id;
    let version = &s.api_version;
    let qc = s.query_compatible;
    let rules = match &s.endpoint_rules {
        Some(r) => quote!(::std::option::Option::Some(#r)),
        None => quote!(::std::option::Option::None),
    };
    quote! {
        //! Client configuration (region, credentials, endpoint, retries, timeouts).

        pub use #rt::config::{
            CallOptions, Config, ConfigBuilder, ConfiguredEndpoints, RetryConfig, RetryMode,
            TimeoutConfig, env_service_key, profile_service_key,
        };
        // Re-exported so that this crate is the only dependency a user needs.
        pub use #rt::credentials::{Credentials, CredentialsError, ProvideCredentials, SharedCredentialsProvider};
        pub use #rt::transport::{HttpClient, HttpRequest, SharedHttpClient};
        pub use #rt::interceptor::{Interceptor, SharedInterceptor};
        /// Interceptor hooks' contexts and errors (`BeforeSigning`, `SignedRequest`,
        /// `ResponseHead`, `BoxError`, ...).
        pub use #rt::interceptor as interceptors;
        pub use #rt::auth::{
            ProvideToken, ProvideTokenFn, SharedTokenProvider, Token, TokenError, provide_token_fn,
        };

        /// Facts about the service the runtime needs: protocol, signing name, endpoint rules.
        pub(crate) static SERVICE: #rt::service::ServiceMeta = #rt::service::ServiceMeta {
            service_name: #name,
            protocol: #protocol,
            signing_name: #signing,
            endpoint_prefix: #prefix,
            sdk_id: #sdk_id,
            api_version: #version,
            query_compatible: #qc,
            endpoint_rules: #rules,
        };
    }
}

/// One `#[test]` per `smithy.rules#endpointTests` case of the model, run against the rule set
/// the client itself uses.
fn endpoint_tests(plan: &CratePlan) -> TokenStream {
    let rt = rt();
    let cases = plan
        .service
        .endpoint_tests
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let name = quote::format_ident!("endpoint_case_{}", i);
            quote! {
                #[test]
                fn #name() {
                    check(#case);
                }
            }
        });
    quote! {
        //! The model's endpoint test cases (`smithy.rules#endpointTests`).

        fn check(case: &str) {
            let rules = crate::config::SERVICE.endpoint_rules.unwrap_or_default();
            if let ::std::result::Result::Err(why) = #rt::endpoint::run_test_case_json(rules, case) {
                ::std::panic!("{why}\ncase: {case}");
            }
        }

        #(#cases)*
    }
}

fn error_module() -> TokenStream {
    let rt = rt();
    quote! {
        //! Errors: [`SdkError`] wraps every failure of a call; each operation has its own error
        //! enum of modeled errors in its module.
        pub use #rt::error::{
            BuildError, ConstructionError, DispatchError, ErrorMetadata, ProvideErrorMetadata,
            InterceptorError, RawResponse, ResponseError, SdkError, ServiceError, TimeoutError,
            TimeoutKind, Unhandled,
        };
    }
}

fn lib(plan: &CratePlan, settings: &Settings) -> TokenStream {
    let rt = rt();
    let title = format!(
        " Client for {} (API version {}).",
        plan.service.sdk_id, plan.service.api_version
    );
    let docs = plan.service.docs.as_deref().map(|d| {
        let lines = d.lines().map(|l| {
            let l = if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            };
            quote!(#![doc = #l])
        });
        quote!(#![doc = ""] #(#lines)*)
    });
    let krate = settings.crate_name.replace('-', "_");
    // The protocol tests call every operation, so they need them all on.
    let test_cfg = match plan.features {
        Some(_) => {
            let all = features::ALL_OPERATIONS;
            quote!(#[cfg(all(test, feature = #all))])
        }
        None => quote!(#[cfg(test)]),
    };
    let protocol_tests = settings.protocol_tests.then(|| {
        quote!(
            #test_cfg
            mod protocol_tests;
        )
    });
    let features_doc = plan.features.as_ref().map(|f| {
        let lines = features_doc(f, &krate);
        quote!(#(#![doc = #lines])*)
    });
    // With only some operations on, helpers that just the others call are unused; that is the
    // point of the features, not a defect worth a warning in the user's build.
    let unused_ok = plan.features.as_ref().map(|_| {
        let all = features::ALL_OPERATIONS;
        quote!(#![cfg_attr(not(feature = #all), allow(dead_code, unused_imports))])
    });
    let event_stream_tests = (settings.protocol_tests && settings.event_stream_tests).then(|| {
        quote!(
            #test_cfg
            mod event_stream_tests;
        )
    });
    let endpoint_tests = (!plan.service.endpoint_tests.is_empty()).then(|| {
        quote!(
            #[cfg(test)]
            mod endpoint_tests;
        )
    });
    let make_client = client_example(plan, &krate);
    let example = plan.operations.first().map(|op| {
        let m = &op.module;
        format!(
            " ```no_run\n # async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n{make_client} let output = client.{m}()\n     // set the input members here\n     .send()\n     .await?;\n println!(\"{{output:?}}\");\n # Ok(())\n # }}\n ```"
        )
    });
    let example = example.map(|e| {
        let lines = e.lines().map(|l| quote!(#![doc = #l]));
        quote!(#![doc = ""] #![doc = " # Example"] #![doc = ""] #(#lines)*)
    });
    // Crates with event-stream operations name the runtime's sender and receiver types.
    let has_streams = plan
        .operations
        .iter()
        .any(|op| op.input_stream.is_some() || op.output_stream.is_some());
    let event_stream = has_streams.then(|| {
        quote! {
            /// Event streams: the sender an operation's input stream is built from, the
            /// receiver of an output stream, and their errors.
            pub mod event_stream {
                pub use #rt::event_stream::{EventReceiver, EventStreamError, EventStreamSender, ReceiveError};
            }
        }
    });
    let waiters = (!plan.waiters.is_empty()).then(|| {
        quote!(
            pub mod waiters;
        )
    });
    quote! {
        #![doc = #title]
        #docs
        #example
        #features_doc
        #![forbid(unsafe_code)]
        #unused_ok
        #![warn(missing_docs)]
        #![allow(deprecated)]
        // Generated code favours one uniform shape over per-case micro-style: a `match` on member
        // names even when there is one member, closures even where a path would do.
        #![allow(clippy::large_enum_variant, clippy::result_large_err, clippy::single_match, clippy::redundant_closure)]

        pub mod client;
        pub mod config;
        pub mod error;
        pub mod operation;
        pub mod types;
        #waiters
        mod protocol_serde;

        #protocol_tests
        #event_stream_tests
        #endpoint_tests

        pub use client::Client;
        pub use config::Config;

        /// Value types of the runtime used in this crate's types.
        pub mod primitives {
            pub use #rt::{BigDecimal, BigInteger, Blob, ByteStream, DateTime, Document, TimestampFormat, UnknownVariantValue};
        }

        #event_stream

        /// In-memory transports for testing code that uses this client without a network
        /// (`test-util` feature): a replay client answering canned responses in order and
        /// recording every request, a capturing client and one that never answers.
        #[cfg(feature = "test-util")]
        pub mod test_util {
            pub use #rt::transport::test_util::*;
        }
    }
}

/// The "Cargo features" section of the crate documentation (per-operation features).
fn features_doc(f: &features::FeaturePlan, krate: &str) -> Vec<String> {
    let example = f
        .operation_features()
        .next()
        .map_or("get-job", |(_, feat)| feat);
    let text = format!(
        "\n # Cargo features\n\n\
         Every operation is behind a cargo feature named after it in kebab-case (`{example}`), \
         with the types only some operations use. `default` turns all of them on \
         (`{all}`), so the crate works as a plain dependency and no build changes \
         meaning when another crate in the graph asks for default features. To compile \
         only what you call, turn default features off and name the operations (and the \
         bundled HTTPS client, if you use it):\n\n\
         ```toml\n\
         {krate_dash} = {{ version = \"*\", default-features = false, features = [\"default-https-client\", \"{example}\"] }}\n\
         ```\n\n\
         Types several operations share are compiled when any of them is on.",
        all = features::ALL_OPERATIONS,
        krate_dash = krate.replace('_', "-"),
    );
    // Prose is wrapped at 96 columns like hand-written docs; the TOML line stays whole.
    let mut out = Vec::new();
    for line in text.lines().map(str::trim_start) {
        if line.is_empty() || line.starts_with("```") || line.contains(" = {") {
            out.push(if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            });
            continue;
        }
        let mut current = String::new();
        for word in line.split(' ') {
            if !current.is_empty() && current.len() + 1 + word.len() > 96 {
                out.push(std::mem::take(&mut current));
            }
            current.push(' ');
            current.push_str(word);
        }
        out.push(current);
    }
    out
}

fn cargo_toml(plan: &CratePlan, settings: &Settings) -> String {
    // The generated protocol tests use the runtime's test support; a dev-dependency on the same
    // path adds the feature for test builds only.
    let protocol_test_deps = if settings.protocol_tests {
        format!(
            "smithy-client-runtime = {{ {}, default-features = false, features = [\"test-util\"] }}\n",
            settings.runtime.toml_keys()
        )
    } else {
        String::new()
    };
    let standalone = if settings.standalone {
        "\n# Not part of any enclosing workspace.\n[workspace]\n"
    } else {
        ""
    };
    format!(
        r#"# Code generated by `cargo xtask codegen`. DO NOT EDIT.
[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
description = "Client for {sdk_id}, generated from its Smithy model."
license = "Apache-2.0"
publish = false

[features]
default = ["default-https-client"{default_ops}]
# The bundled HTTPS client (hyper + rustls); turn off to bring your own `HttpClient`.
default-https-client = ["smithy-client-runtime/default-https-client"]
# In-memory transports for testing code that uses this client.
test-util = ["smithy-client-runtime/test-util"]
{operation_features}
[dependencies]
smithy-client-runtime = {{ {runtime}, default-features = false{runtime_features} }}

[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
{protocol_test_deps}{standalone}"#,
        name = settings.crate_name,
        sdk_id = plan.service.sdk_id,
        runtime = settings.runtime.toml_keys(),
        runtime_features = runtime_features_toml(plan),
        protocol_test_deps = protocol_test_deps,
        default_ops = if plan.features.is_some() {
            format!(", \"{}\"", features::ALL_OPERATIONS)
        } else {
            String::new()
        },
        operation_features = plan
            .features
            .as_ref()
            .map(|f| operation_features_toml(f, plan))
            .unwrap_or_default(),
    )
}

/// `, features = [...]` for the runtime capabilities the model needs (nothing when it needs
/// none of them).
fn runtime_features_toml(plan: &CratePlan) -> String {
    use crate::plan::runtime_features::{crate_runtime_features, runtime_features};
    // With one feature per operation, each operation's feature turns on what it needs.
    let features = match plan.features {
        Some(_) => crate_runtime_features(plan),
        None => runtime_features(plan),
    };
    if features.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
    format!(", features = [{}]", quoted.join(", "))
}

/// The `[features]` lines of per-operation features: `all-operations` (in `default`) and one
/// feature per operation, which turns on the runtime features the operation needs.
fn operation_features_toml(f: &features::FeaturePlan, plan: &CratePlan) -> String {
    let mut out = format!(
        "# Every operation (in `default`). Turn default features off and name the operations you\n\
         # call to compile only those and the types they use.\n{} = [\n",
        features::ALL_OPERATIONS
    );
    for (_, feature) in f.operation_features() {
        out.push_str(&format!("    \"{feature}\",\n"));
    }
    out.push_str("]\n# One feature per operation: the operation and the types only it needs.\n");
    for (op, feature) in f.operation_features() {
        let runtime: Vec<String> = plan
            .operations
            .iter()
            .find(|o| o.name == op)
            .map(crate::plan::runtime_features::operation_runtime_features)
            .unwrap_or_default()
            .iter()
            .map(|r| format!("\"smithy-client-runtime/{r}\""))
            .collect();
        out.push_str(&format!("{feature} = [{}]  # {op}\n", runtime.join(", ")));
    }
    out
}

/// Whether any operation may be SigV4-signed (then the client reads a region and AWS
/// credentials; otherwise it needs neither).
fn uses_sigv4(plan: &CratePlan) -> bool {
    plan.operations
        .iter()
        .any(|op| op.auth.iter().any(crate::plan::AuthPlan::is_sigv4))
}

/// The lines of the crate example that make `client`: from the AWS environment for a SigV4
/// service, else with a base URL (when there are no endpoint rules) and the identity of the
/// first scheme the operations use.
fn client_example(plan: &CratePlan, krate: &str) -> String {
    use crate::plan::AuthPlan;
    if uses_sigv4(plan) {
        return format!(" let client = {krate}::Client::from_env();\n");
    }
    let mut lines = format!(" let config = {krate}::config::Config::builder()\n");
    if plan.service.endpoint_rules.is_none() {
        lines.push_str("     .endpoint_url(\"https://api.example.com\")\n");
    }
    let identity = plan
        .operations
        .iter()
        .flat_map(|op| &op.auth)
        .find_map(|a| match a {
            AuthPlan::Bearer => Some("     .bearer_token(\"my-token\")\n"),
            AuthPlan::ApiKey { .. } => Some("     .api_key(\"my-key\")\n"),
            AuthPlan::Basic => Some("     .basic_auth(\"user\", \"password\")\n"),
            _ => None,
        });
    lines.push_str(identity.unwrap_or_default());
    lines.push_str("     .build();\n");
    lines.push_str(&format!(" let client = {krate}::Client::new(config);\n"));
    lines
}
