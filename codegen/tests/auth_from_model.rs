//! Each operation's auth comes from the model: the service's `@auth` order, the operation's own
//! `@auth`, `@optionalAuth`, `@auth([])`, the settings of `@httpApiKeyAuth`, and what a service
//! outside AWS does not get (an endpoint prefix, SigV4).

use smithy_codegen::{GeneratedFiles, Settings, Source, generate, generate_with_warnings};

const PETS: &str = r#"$version: "2"
namespace example.pets

use aws.protocols#restJson1

@restJson1
@httpBearerAuth
@httpApiKeyAuth(name: "X-Api-Key", in: "header", scheme: "ApiKey")
@httpBasicAuth
@auth([httpApiKeyAuth, httpBearerAuth])
service Pets {
    version: "2024-01-01"
    operations: [GetPet, Ping, Health, Login]
}

@readonly
@http(method: "GET", uri: "/pet")
operation GetPet {}

@optionalAuth
@http(method: "GET", uri: "/ping")
operation Ping {}

@auth([])
@http(method: "GET", uri: "/health")
operation Health {}

@auth([httpBasicAuth])
@http(method: "POST", uri: "/login")
operation Login {}
"#;

/// No `@auth` on the service: every auth trait, sorted by shape id (`aws.auth#sigv4` before
/// `smithy.api#...`); the query-string API key keeps its settings.
const MIXED: &str = r#"$version: "2"
namespace example.mixed

use aws.api#service
use aws.auth#sigv4
use aws.auth#unsignedPayload
use aws.protocols#restJson1

@restJson1
@service(sdkId: "Mixed")
@sigv4(name: "mixed")
@httpApiKeyAuth(name: "key", in: "query")
@httpDigestAuth
service Mixed {
    version: "2024-01-01"
    operations: [Upload]
}

@unsignedPayload
@http(method: "PUT", uri: "/upload")
operation Upload {}
"#;

fn source(name: &str, text: &str) -> Vec<Source> {
    vec![Source {
        name: name.into(),
        text: text.into(),
    }]
}

/// The generated `OPERATION` static of operation module `module`, without whitespace.
fn meta(files: &GeneratedFiles, module: &str) -> String {
    let text = file(files, &format!("operation/{module}.rs"));
    let start = text.find("static OPERATION").expect("OPERATION static");
    let end = text[start..].find("};").expect("end of static") + start;
    flat(&text[start..end])
}

fn file<'a>(files: &'a GeneratedFiles, suffix: &str) -> &'a str {
    files
        .iter()
        .find(|(path, _)| path.ends_with(suffix))
        .map(|(_, text)| text.as_str())
        .unwrap_or_else(|| panic!("no {suffix} in {:?}", files.keys()))
}

/// Without whitespace and trailing commas, so the formatter's line breaks do not matter.
fn flat(text: &str) -> String {
    let flat: String = text.split_whitespace().collect();
    flat.replace(",]", "]")
        .replace(",)", ")")
        .replace(",}", "}")
}

const RT: &str = "::smithy_client_runtime::auth::";

#[test]
fn operation_auth_follows_the_model() {
    let files = generate(&source("pets.smithy", PETS), &Settings::new("pets"))
        .unwrap_or_else(|e| panic!("{e}"));
    let key = format!(
        "{RT}AuthScheme::ApiKey{{name:\"X-Api-Key\",location:{RT}ApiKeyLocation::Header,\
         scheme:::std::option::Option::Some(\"ApiKey\")}}"
    );
    let bearer = format!("{RT}AuthScheme::Bearer");
    let no_auth = format!("{RT}AuthScheme::NoAuth");
    // The service's `@auth` order.
    let get_pet = meta(&files, "get_pet");
    assert!(
        get_pet.contains(&format!("OperationAuth::new(&[{key},{bearer}])")),
        "{get_pet}"
    );
    // `@optionalAuth`: anonymous as the last choice.
    let ping = meta(&files, "ping");
    assert!(
        ping.contains(&format!("new(&[{key},{bearer},{no_auth}])")),
        "{ping}"
    );
    // `@auth([])`: anonymous only.
    let health = meta(&files, "health");
    assert!(health.contains(&format!("new(&[{no_auth}])")), "{health}");
    // The operation's own `@auth`.
    let login = meta(&files, "login");
    assert!(
        login.contains(&format!("new(&[{RT}AuthScheme::Basic])")),
        "{login}"
    );
    assert!(!get_pet.contains("SigV4"), "{get_pet}");
}

#[test]
fn a_service_outside_aws_needs_no_region_endpoint_prefix_or_credentials() {
    let files = generate(&source("pets.smithy", PETS), &Settings::new("pets"))
        .unwrap_or_else(|e| panic!("{e}"));
    let config = flat(file(&files, "src/config.rs"));
    assert!(config.contains("endpoint_prefix:\"\""), "{config}");
    assert!(
        config.contains("signing_name:::std::option::Option::None"),
        "{config}"
    );
    // The crate's example builds the client with a base URL and a key, not from AWS settings.
    let lib = file(&files, "src/lib.rs");
    assert!(
        lib.contains(".endpoint_url(\"https://api.example.com\")"),
        "{lib}"
    );
    assert!(lib.contains(".api_key(\"my-key\")"), "{lib}");
    assert!(!lib.contains("Client::from_env()"), "{lib}");
    let client = file(&files, "src/client.rs");
    assert!(
        client.contains("This service does not use AWS credentials"),
        "{client}"
    );
}

#[test]
fn services_without_auth_trait_list_every_scheme_by_id_and_warn_about_unsupported_ones() {
    let generated = generate_with_warnings(&source("mixed.smithy", MIXED), &Settings::new("mixed"))
        .unwrap_or_else(|e| panic!("{e}"));
    let upload = meta(&generated.files, "upload");
    let expected = format!(
        "new(&[{RT}AuthScheme::SigV4{{signing_name:\"mixed\"}},\
         {RT}AuthScheme::ApiKey{{name:\"key\",location:{RT}ApiKeyLocation::Query,\
         scheme:::std::option::Option::None}},\
         {RT}AuthScheme::Unsupported{{id:\"smithy.api#httpDigestAuth\"}}]).unsigned_payload()"
    );
    assert!(upload.contains(&expected), "{upload}");
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings
            .iter()
            .filter(|w| w.contains("smithy.api#httpDigestAuth is not supported"))
            .count(),
        1,
        "{warnings:?}"
    );
    // With `aws.api#service`, the endpoint prefix defaults to the lower-cased sdkId.
    let config = flat(file(&generated.files, "src/config.rs"));
    assert!(config.contains("endpoint_prefix:\"mixed\""), "{config}");
}
