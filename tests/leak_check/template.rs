//! The fixed part of the generated test: helpers, the replay harness, the markers.

use super::*;

/// The part of the test that does not depend on the operations.
pub(super) fn header(krate: &str, compress: bool) -> String {
    let compression = if compress {
        // A large body would be gzipped, and the marker count below could not see into it.
        "\n        .disable_request_compression(true)"
    } else {
        ""
    };
    format!(
        r#"//! Written by `tests::leak_check` from the plan of `{krate}` (see that module): every
//! operation is called with every input member set and answered with every output member and
//! every modeled error set; no `Debug`, `Display`, error message or TRACE-level `tracing` output
//! may contain a sensitive value or a credential.

#![allow(deprecated, dead_code, unused_imports, clippy::all)]

use std::fmt::{{Debug, Display}};
use std::io::Write;
use std::sync::{{Arc, Mutex}};

use smithy_client_runtime::config::CallOptions;
use smithy_client_runtime::credentials::Credentials;
use smithy_client_runtime::error::{{ProvideErrorMetadata as _, SdkError}};
use smithy_client_runtime::transport::test_util::{{StaticReplayClient, response}};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::util::SubscriberInitExt as _;

const SENSITIVE: &str = {sensitive:?};
const PLAIN: &str = {plain:?};
const SECRET: &str = {secret:?};
const TOKEN: &str = {token:?};

/// A sensitive blob holds the marker's bytes: `Debug` would print them as numbers, and the
/// wire (or a log of it) carries them in base64.
const SENSITIVE_BASE64: &str = {sensitive_base64:?};

fn assert_clean(what: &str, text: &str) {{
    for marker in [SENSITIVE, SECRET, TOKEN, SENSITIVE_BASE64] {{
        assert!(!text.contains(marker), "{{what}} leaks {{marker}}:\n{{text}}");
    }}
    // `[115, 101, ...]`, compared without whitespace so `{{:#?}}` is caught too.
    let bytes = format!("{{:?}}", SENSITIVE.as_bytes()).replace(' ', "");
    let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(!squashed.contains(&bytes), "{{what}} leaks the bytes of {{SENSITIVE}}:\n{{text}}");
}}

/// Checks `{{:?}}` and `{{:#?}}` of a value and hands it back.
fn checked<T: Debug>(what: &str, value: T) -> T {{
    assert_clean(what, &format!("{{value:?}}"));
    assert_clean(what, &format!("{{value:#?}}"));
    value
}}

/// Checks `Debug` and `Display` of a value and hands it back.
fn shown<T: Debug + Display>(what: &str, value: T) -> T {{
    assert_clean(what, &value.to_string());
    checked(what, value)
}}

/// `build()` returns the value, or a `Result` when the type has required members.
trait Built<T> {{
    fn built(self) -> T;
}}

impl<T> Built<T> for T {{
    fn built(self) -> T {{
        self
    }}
}}

impl<T, E: Display> Built<T> for Result<T, E> {{
    fn built(self) -> T {{
        self.unwrap_or_else(|e| panic!("every member is set, yet build() failed: {{e}}"))
    }}
}}

fn built<T, B: Built<T>>(b: B) -> T {{
    b.built()
}}

fn once() -> CallOptions {{
    CallOptions::default().max_attempts(1)
}}

fn check_error<E: std::error::Error + 'static>(what: &str, error: &SdkError<E>) {{
    assert_clean(what, &error.to_string());
    checked(what, error);
    assert_clean(what, error.message().unwrap_or_default());
    assert_clean(what, error.code().unwrap_or_default());
    let mut source: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = source {{
        assert_clean(what, &e.to_string());
        assert_clean(what, &format!("{{e:?}}"));
        source = e.source();
    }}
    if let Some(service) = error.as_service_error() {{
        assert_clean(what, &service.to_string());
        checked(what, service);
    }}
}}

/// An in-memory sink for the TRACE-level subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {{
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {{
        self.0.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(buf);
        Ok(buf.len())
    }}
    fn flush(&mut self) -> std::io::Result<()> {{
        Ok(())
    }}
}}

struct Harness {{
    client: {krate}::Client,
    http: StaticReplayClient,
    captured: Captured,
    // The subscriber's guard (its type lives in `tracing-core`, not a dependency here).
    guard: Box<dyn std::any::Any>,
}}

impl Harness {{
    /// A client with marker credentials whose transport replays `responses` in order. The
    /// subscriber is thread-local: `#[tokio::test]` runs each test on its own thread.
    fn new(responses: Vec<(u16, &'static str)>) -> Self {{
        let captured = Captured::default();
        let sink = captured.clone();
        let guard = tracing_subscriber::fmt()
            .with_max_level(LevelFilter::TRACE)
            .with_writer(move || sink.clone())
            .finish()
            .set_default();
        let http = StaticReplayClient::new(responses.into_iter().map(|(s, b)| response(s, b)));
        let config = {krate}::Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDLEAKCHECK", SECRET, Some(TOKEN.to_owned()), None, "test"))
            .endpoint_url("https://leak-check.example.com")
            .http_client(http.clone()){compression}
            .build();
        let client = checked("client", {krate}::Client::new(config));
        Harness {{ client, http, captured, guard: Box::new(guard) }}
    }}

    /// The last request carried exactly `sensitive` sensitive markers: the values did reach
    /// the wire, only the diagnostics must hide them.
    fn sent(&self, what: &str, sensitive: usize) {{
        let request = self.http.last_request().expect("a request was sent");
        let body = String::from_utf8_lossy(request.body());
        assert_eq!(body.matches(SENSITIVE).count(), sensitive, "{{what}}:\n{{body}}");
        assert!(!body.contains(SECRET) && !body.contains(TOKEN), "{{what}}:\n{{body}}");
    }}

    /// Checks the TRACE-level output of every call; a signed call always logs (the signer
    /// does), so an empty capture there means the capture is broken.
    fn finish(self, what: &str, signed: bool) {{
        assert_eq!(self.http.remaining(), 0, "{{what}}: canned responses left over");
        drop(self.guard);
        let logs = String::from_utf8_lossy(&self.captured.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned();
        assert!(!signed || !logs.is_empty(), "{{what}}: no tracing output was captured");
        assert_clean(&format!("{{what}}: TRACE-level tracing output"), &logs);
    }}
}}
"#,
        sensitive = SENSITIVE_MARKER,
        sensitive_base64 = base64(SENSITIVE_MARKER.as_bytes()),
        plain = PLAIN_MARKER,
        secret = SECRET_MARKER,
        token = TOKEN_MARKER,
    )
}
