//! Defaults, call options and `from_env` on the real process environment (serialized).

use super::*;
use std::sync::Mutex;

/// Serializes tests that touch process environment variables.
static ENV_LOCK: Mutex<()> = Mutex::new(());

const VARS: [&str; 16] = [
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_CONFIG_FILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ACCESS_KEY",
    "AWS_SECRET_KEY",
    "AWS_USE_FIPS_ENDPOINT",
    "AWS_USE_DUALSTACK_ENDPOINT",
    "AWS_MAX_ATTEMPTS",
    "AWS_PROFILE",
    "AWS_RETRY_MODE",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
];

#[allow(unsafe_code)]
fn with_env<R>(vars: &[(&str, &str)], f: impl FnOnce() -> R) -> R {
    let _guard = ENV_LOCK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let saved: Vec<_> = VARS.iter().map(|k| (*k, std::env::var(k).ok())).collect();
    // SAFETY: ENV_LOCK serializes every test in this binary that reads or writes these
    // variables, and no other thread reads them while the lock is held.
    unsafe {
        for k in VARS {
            std::env::remove_var(k);
        }
        for (k, v) in vars {
            std::env::set_var(k, v);
        }
    }
    let result = f();
    // SAFETY: as above.
    unsafe {
        for (k, v) in saved {
            match v {
                Some(v) => std::env::set_var(k, v),
                None => std::env::remove_var(k),
            }
        }
    }
    result
}

fn creds_of(config: &Config) -> Result<Credentials, crate::credentials::CredentialsError> {
    let provider = config.credentials_provider().expect("provider").clone();
    let fut = provider.provide_credentials();
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
        .block_on(fut)
}

#[test]
fn from_env_reads_region_endpoint_and_credentials() {
    with_env(
        &[
            ("AWS_REGION", "eu-west-1"),
            ("AWS_DEFAULT_REGION", "us-east-2"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"),
            ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
            (
                "AWS_SECRET_ACCESS_KEY",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            ),
            ("AWS_SESSION_TOKEN", "token"),
            ("AWS_USE_FIPS_ENDPOINT", "true"),
            ("AWS_MAX_ATTEMPTS", "5"),
            NO_FILES[0],
            NO_FILES[1],
        ],
        || {
            let config = Config::from_env();
            assert_eq!(config.region(), Some("eu-west-1"));
            assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:4566"));
            assert!(config.use_fips());
            assert!(!config.use_dual_stack());
            assert_eq!(config.retry().max_attempts(), 5);
            let creds = creds_of(&config).unwrap();
            assert_eq!(creds.access_key_id(), "AKIDEXAMPLE");
            assert_eq!(creds.session_token(), Some("token"));
            let dbg = format!("{config:?}");
            assert!(!dbg.contains("wJalrXUtnFEMI"), "{dbg}");
            assert!(!dbg.contains("token\""), "{dbg}");
        },
    );
}

#[test]
fn from_env_falls_back_to_default_region_and_legacy_keys() {
    with_env(
        &[
            ("AWS_DEFAULT_REGION", "us-east-2"),
            ("AWS_ACCESS_KEY", "AKID2"),
            ("AWS_SECRET_KEY", "secret2"),
            ("AWS_MAX_ATTEMPTS", "zero"),
        ],
        || {
            let config = Config::from_env();
            assert_eq!(config.region(), Some("us-east-2"));
            assert_eq!(config.endpoint_url(), None);
            assert_eq!(config.retry().max_attempts(), 3);
            let creds = creds_of(&config).unwrap();
            assert_eq!(creds.access_key_id(), "AKID2");
            assert_eq!(creds.session_token(), None);
        },
    );
}

/// Shared-file variables pointing nowhere, so the developer's own `~/.aws` cannot leak in.
const NO_FILES: [(&str, &str); 2] = [
    (
        "AWS_SHARED_CREDENTIALS_FILE",
        "/nonexistent/smithy-rt/credentials",
    ),
    ("AWS_CONFIG_FILE", "/nonexistent/smithy-rt/config"),
];

#[test]
fn from_env_falls_back_to_the_profile_files() {
    let dir = std::env::temp_dir().join(format!("smithy-rt-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let creds = dir.join("credentials");
    let cfg = dir.join("config");
    std::fs::write(&creds, "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = s2\naws_session_token = t2\n").unwrap();
    std::fs::write(
        &cfg,
        "[profile cfg]\naws_access_key_id = AKIDCFG\naws_secret_access_key = s3\n",
    )
    .unwrap();
    let (c, f) = (creds.to_str().unwrap(), cfg.to_str().unwrap());
    let files = [("AWS_SHARED_CREDENTIALS_FILE", c), ("AWS_CONFIG_FILE", f)];
    let key_with = |extra: &[(&str, &str)]| {
        let vars: Vec<_> = files.iter().chain(extra).copied().collect();
        with_env(&vars, || {
            creds_of(&Config::from_env()).map(|c| c.access_key_id().to_owned())
        })
    };
    assert_eq!(key_with(&[]).unwrap(), "AKIDDEFAULT");
    assert_eq!(key_with(&[("AWS_PROFILE", "ci")]).unwrap(), "AKIDCI");
    assert_eq!(key_with(&[("AWS_PROFILE", "cfg")]).unwrap(), "AKIDCFG");
    // The environment comes first.
    let env = [
        ("AWS_PROFILE", "ci"),
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", "s"),
    ];
    assert_eq!(key_with(&env).unwrap(), "AKIDENV");
    // A profile asked for by name must exist, and the error says where it was looked for.
    let err = key_with(&[("AWS_PROFILE", "nope")]).unwrap_err();
    let text = format!("{}", crate::error::ConstructionError::credentials(err));
    assert!(text.contains("profile `nope` not found"), "{text}");
    assert!(text.contains(c), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn from_env_without_credentials_is_a_clear_error_at_call_time() {
    with_env(
        &[("AWS_ACCESS_KEY_ID", "AKID"), NO_FILES[0], NO_FILES[1]],
        || {
            let config = Config::from_env();
            assert_eq!(config.region(), None);
            let err = creds_of(&config).unwrap_err();
            let text = format!("{}", crate::error::ConstructionError::credentials(err));
            assert!(text.contains("AWS_SECRET_ACCESS_KEY"), "{text}");
        },
    );
    with_env(&NO_FILES, || {
        let err = creds_of(&Config::from_env()).unwrap_err();
        let text = format!("{}", crate::error::ConstructionError::credentials(err));
        assert!(text.contains("AWS_ACCESS_KEY_ID is not set"), "{text}");
        // ... and the sources that are not built in, with where to get them.
        for source in [
            "IMDS",
            "ECS/EKS",
            "SSO",
            "web identity",
            "assume-role",
            "aws-config",
        ] {
            assert!(text.contains(source), "{source}: {text}");
        }
        // Every source tried is named, with why it had nothing.
        assert!(text.contains("profile `default` not found"), "{text}");
        assert!(
            text.contains("/nonexistent/smithy-rt/credentials (not found)"),
            "{text}"
        );
        assert!(
            text.contains("/nonexistent/smithy-rt/config (not found)"),
            "{text}"
        );
    });
}

#[test]
fn credentials_debug_redacts_secret() {
    let creds = Credentials::new(
        "AKIDEXAMPLE",
        "super-secret-key",
        Some("sess-token".into()),
        None,
        "test",
    );
    let dbg = format!("{creds:?}");
    assert!(!dbg.contains("super-secret-key"), "{dbg}");
    assert!(!dbg.contains("sess-token"), "{dbg}");
    let config = Config::builder()
        .credentials(creds)
        .region("us-east-1")
        .build();
    let dbg = format!("{config:?}");
    assert!(!dbg.contains("super-secret-key"), "{dbg}");
    assert!(!dbg.contains("sess-token"), "{dbg}");
    assert!(dbg.contains("us-east-1"));
}

#[test]
fn defaults_are_bounded() {
    let c = Config::builder().build();
    assert_eq!(c.max_response_bytes(), 16 * 1024 * 1024);
    let t = c.timeouts();
    assert_eq!(t.connect(), Some(Duration::from_millis(3100)));
    assert_eq!(t.attempt(), Some(Duration::from_secs(30)));
    assert_eq!(t.operation(), Some(Duration::from_secs(90)));
    let r = c.retry();
    assert_eq!(r.max_attempts(), 3);
    assert_eq!(r.initial_backoff(), Duration::from_secs(1));
    assert_eq!(r.max_backoff(), Duration::from_secs(20));
    assert_eq!(RetryConfig::disabled().max_attempts(), 1);
    assert_eq!(
        RetryConfig::standard().with_max_attempts(0).max_attempts(),
        1
    );
    assert_eq!(TimeoutConfig::disabled().attempt(), None);
    assert_eq!(
        uuid::Uuid::parse_str(&c.idempotency_token())
            .unwrap()
            .get_version_num(),
        4
    );
    let fixed = Config::builder()
        .idempotency_token_provider(|| "00000000-0000-4000-8000-000000000000".to_owned())
        .build();
    assert_eq!(
        fixed.idempotency_token(),
        "00000000-0000-4000-8000-000000000000"
    );
}

#[test]
fn call_options_override_selectively() {
    let config = Config::builder()
        .timeouts(TimeoutConfig::standard().with_connect_timeout(Duration::from_secs(1)))
        .build();
    let o = CallOptions::new()
        .attempt_timeout(Duration::from_millis(5))
        .max_attempts(7);
    let t = o.effective_timeouts(&config);
    assert_eq!(t.attempt(), Some(Duration::from_millis(5)));
    assert_eq!(t.operation(), Some(Duration::from_secs(90)));
    assert_eq!(t.connect(), Some(Duration::from_secs(1)));
    assert_eq!(o.effective_retry(&config).max_attempts(), 7);
    let none = CallOptions::default().operation_timeout(None);
    assert_eq!(none.effective_timeouts(&config).operation(), None);
    assert_eq!(
        CallOptions::default().effective_retry(&config),
        RetryConfig::standard()
    );
}
