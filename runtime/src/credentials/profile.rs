//! Static credentials from the shared AWS files (`~/.aws/credentials`, `~/.aws/config`).
//!
//! Only what the files say directly is supported: `aws_access_key_id`, `aws_secret_access_key`
//! and the optional `aws_session_token`. A profile that relies on something else (`role_arn`,
//! `sso_session`, `credential_process`, ...) is reported as such instead of silently failing
//! over to other credentials.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::{Credentials, CredentialsError};

/// Name reported by credentials that came from a profile.
const PROFILE_PROVIDER_NAME: &str = "Profile";

/// Keys that mean "this profile gets credentials some other way", for the error message.
const UNSUPPORTED_SOURCES: [&str; 6] = [
    "role_arn",
    "credential_process",
    "sso_session",
    "sso_start_url",
    "web_identity_token_file",
    "credential_source",
];

/// One profile's properties; keys are lower-cased.
type Properties = HashMap<String, String>;

/// Which of the two shared files a text came from: they name sections differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// `~/.aws/credentials`: `[name]`.
    Credentials,
    /// `~/.aws/config`: `[profile name]`, and `[default]` for the default profile.
    Config,
    /// `~/.aws/config` read for its `[services name]` sections (per-service settings that a
    /// profile refers to with `services = name`).
    Services,
}

/// Parses the INI dialect of the shared AWS files into profiles (name to properties).
///
/// Rules, following what the AWS CLI and SDKs accept:
/// - blank lines and lines whose first non-blank character is `#` or `;` are comments;
/// - `[name]` starts a section; spaces inside the brackets are trimmed and a comment may follow
///   the `]`; profile names are case-sensitive;
/// - `key = value` sets a property; keys are case-insensitive (stored lower-cased), values are
///   trimmed and lose a trailing comment that starts with whitespace then `#` or `;` (AWS keys
///   and tokens never contain whitespace, so this cannot cut a secret);
/// - an indented line right after a property continues its value (sub-properties such as
///   `s3 =` blocks), so its `key = value` text never becomes a top-level property;
/// - in the config file, sections other than `[default]` and `[profile name]` (`[sso-session
///   x]`, `[services x]`) are not profiles and are skipped; `[profile default]` wins over
///   `[default]`;
/// - a repeated section merges into the first, later keys win; malformed lines are skipped.
pub(crate) fn parse(text: &str, kind: FileKind) -> HashMap<String, Properties> {
    let mut profiles: HashMap<String, Properties> = HashMap::new();
    // Properties from a config-file `[default]`, applied only where `[profile default]` is silent.
    let mut bare_default = Properties::new();
    // The section being filled: `None` outside any profile section.
    let mut section: Option<(String, bool)> = None;
    let mut last_key: Option<String> = None;
    // Editors on Windows may save a byte-order mark, which would hide the first section.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        let indented = raw.starts_with([' ', '\t']);
        if let Some(rest) = line.strip_prefix('[') {
            last_key = None;
            section = rest
                .split_once(']')
                .and_then(|(name, _comment)| section_name(name.trim(), kind));
            continue;
        }
        let Some((name, bare)) = &section else {
            continue;
        };
        let props = if *bare {
            &mut bare_default
        } else {
            profiles.entry(name.clone()).or_default()
        };
        if indented && let Some(key) = &last_key {
            if let Some(value) = props.get_mut(key) {
                value.push('\n');
                value.push_str(strip_comment(line));
            }
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            last_key = None;
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() {
            last_key = None;
            continue;
        }
        props.insert(key.clone(), strip_comment(value.trim()).to_owned());
        last_key = Some(key);
    }
    if !bare_default.is_empty() {
        let explicit = profiles.entry("default".to_owned()).or_default();
        for (k, v) in bare_default {
            explicit.entry(k).or_insert(v);
        }
    }
    profiles
}

/// The profile a section header names, and whether it is the config file's bare `[default]`.
fn section_name(header: &str, kind: FileKind) -> Option<(String, bool)> {
    match kind {
        FileKind::Credentials => (!header.is_empty()).then(|| (header.to_owned(), false)),
        FileKind::Services => {
            let rest = header.strip_prefix("services")?;
            if !rest.starts_with([' ', '\t']) {
                return None;
            }
            let name = rest.trim();
            (!name.is_empty()).then(|| (name.to_owned(), false))
        }
        FileKind::Config => {
            if header == "default" {
                return Some((header.to_owned(), true));
            }
            let rest = header.strip_prefix("profile")?;
            // `profile` must be followed by whitespace: `[profiles]` is not a profile.
            if !rest.starts_with([' ', '\t']) {
                return None;
            }
            let name = rest.trim();
            (!name.is_empty()).then(|| (name.to_owned(), false))
        }
    }
}

/// The `key = value` lines of a property's indented block (`dynamodb =` followed by
/// `  endpoint_url = ...`), keys lower-cased.
pub(crate) fn sub_properties(value: &str) -> Properties {
    value
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

/// `value` without a trailing ` # comment` / ` ; comment`.
fn strip_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for i in 1..bytes.len() {
        if (bytes[i] == b'#' || bytes[i] == b';') && bytes[i - 1].is_ascii_whitespace() {
            return value[..i].trim_end();
        }
    }
    value
}

/// Loads static credentials from a profile of the shared AWS files.
///
/// Which profile and which files are decided at the first call, from the values set on the
/// provider or else the environment: `AWS_PROFILE` (default `default`),
/// `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`) and `AWS_CONFIG_FILE` (default
/// `~/.aws/config`). Keys in the credentials file win over the config file's. Missing files are
/// fine as long as one of them has the profile.
///
/// The first successful load is cached: static keys do not change while the process runs, and
/// reading two files before every request would be wasted work. Failures are not cached, so a
/// file created later is picked up.
#[derive(Default)]
pub struct ProfileCredentials {
    profile: Option<String>,
    credentials_file: Option<PathBuf>,
    config_file: Option<PathBuf>,
    cached: OnceLock<Credentials>,
}

impl fmt::Debug for ProfileCredentials {
    // Written by hand to make the guarantee explicit: only the choice of profile and files is
    // shown, never the loaded keys (not even through `Credentials`' own redacting `Debug`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileCredentials")
            .field("profile", &self.profile)
            .field("credentials_file", &self.credentials_file)
            .field("config_file", &self.config_file)
            .field("loaded", &self.cached.get().is_some())
            .finish()
    }
}

/// Where a profile was looked for, for messages.
struct Sources {
    profile: String,
    explicit_profile: bool,
    credentials: Result<PathBuf, String>,
    config: Result<PathBuf, String>,
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn home_dir() -> Option<PathBuf> {
    env_var("HOME")
        .or_else(|| env_var("USERPROFILE"))
        .map(PathBuf::from)
}

/// `path` with a leading `~` replaced by the home directory.
fn expand_home(path: &str) -> Result<PathBuf, String> {
    let rest = if path == "~" {
        Some("")
    } else {
        path.strip_prefix("~/").or_else(|| path.strip_prefix("~\\"))
    };
    match rest {
        None => Ok(PathBuf::from(path)),
        Some(rest) => home_dir()
            .map(|h| h.join(rest))
            .ok_or_else(|| format!("{path} (no HOME to expand `~`)")),
    }
}

fn default_file(var: &str, file: &str) -> Result<PathBuf, String> {
    match env_var(var) {
        Some(p) => expand_home(&p),
        None => home_dir()
            .map(|h| h.join(".aws").join(file))
            .ok_or_else(|| format!("~/.aws/{file} (HOME is not set; set {var})")),
    }
}

/// Reads a file that may legitimately be absent: `Ok(None)` then.
fn read_optional(path: &Path) -> Result<Option<String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

impl ProfileCredentials {
    /// A provider that follows the environment (see the type's documentation).
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses this profile instead of `AWS_PROFILE` / `default`.
    pub fn with_profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    /// Reads this credentials file instead of `AWS_SHARED_CREDENTIALS_FILE` / `~/.aws/credentials`.
    pub fn with_credentials_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.credentials_file = Some(path.into());
        self
    }

    /// Reads this config file instead of `AWS_CONFIG_FILE` / `~/.aws/config`.
    pub fn with_config_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config_file = Some(path.into());
        self
    }

    fn sources(&self) -> Sources {
        let (profile, explicit_profile) = match (&self.profile, env_var("AWS_PROFILE")) {
            (Some(p), _) => (p.clone(), true),
            (None, Some(p)) => (p, true),
            (None, None) => ("default".to_owned(), false),
        };
        Sources {
            profile,
            explicit_profile,
            credentials: self.credentials_file.clone().map_or_else(
                || default_file("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
                Ok,
            ),
            config: self
                .config_file
                .clone()
                .map_or_else(|| default_file("AWS_CONFIG_FILE", "config"), Ok),
        }
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        let src = self.sources();
        let mut merged: Option<Properties> = None;
        let mut looked = Vec::new();
        // Config first, then the credentials file on top: its keys win.
        for (path, kind) in [
            (&src.config, FileKind::Config),
            (&src.credentials, FileKind::Credentials),
        ] {
            let path = match path {
                Ok(p) => p,
                Err(why) => {
                    looked.push(why.clone());
                    continue;
                }
            };
            let text = read_optional(path).map_err(CredentialsError::provider_error)?;
            let Some(text) = text else {
                looked.push(format!("{} (not found)", path.display()));
                continue;
            };
            match parse(&text, kind).remove(&src.profile) {
                Some(props) => merged.get_or_insert_with(Properties::new).extend(props),
                None => looked.push(format!("{} (no such profile)", path.display())),
            }
        }
        let profile = &src.profile;
        let Some(props) = merged else {
            let msg = format!("profile `{profile}` not found in {}", looked.join(", "));
            // A profile the user asked for by name must exist; the implicit `default` may not.
            return Err(if src.explicit_profile {
                CredentialsError::invalid_configuration(msg)
            } else {
                CredentialsError::not_loaded(msg)
            });
        };
        let get = |k: &str| props.get(k).filter(|v| !v.is_empty());
        match (get("aws_access_key_id"), get("aws_secret_access_key")) {
            (Some(id), Some(secret)) => Ok(Credentials::new(
                id.as_str(),
                secret.as_str(),
                get("aws_session_token").cloned(),
                None,
                PROFILE_PROVIDER_NAME,
            )),
            (Some(_), None) => Err(CredentialsError::invalid_configuration(format!(
                "profile `{profile}` has aws_access_key_id but no aws_secret_access_key"
            ))),
            _ => {
                let other: Vec<&str> = UNSUPPORTED_SOURCES
                    .into_iter()
                    .filter(|k| props.contains_key(*k))
                    .collect();
                let msg = if other.is_empty() {
                    format!("profile `{profile}` has no aws_access_key_id")
                } else {
                    format!(
                        "profile `{profile}` has no static keys; it uses {}, which this client \
                         does not support (use static keys or environment variables)",
                        other.join(", ")
                    )
                };
                Err(CredentialsError::not_loaded(msg))
            }
        }
    }

    /// Reads the credentials now (or returns the cached ones).
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        if let Some(c) = self.cached.get() {
            return Ok(c.clone());
        }
        let creds = self.load()?;
        Ok(self.cached.get_or_init(|| creds).clone())
    }
}

provide_synchronously!(ProfileCredentials);

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    fn props<'a>(p: &'a HashMap<String, Properties>, name: &str) -> &'a Properties {
        p.get(name)
            .unwrap_or_else(|| panic!("no profile {name} in {p:?}"))
    }

    #[test]
    fn parses_comments_whitespace_and_case() {
        let text = "\
# a comment
; another
  [ default ]   # trailing comment
AWS_Access_Key_ID = AKID1   ; inline
aws_secret_access_key=secret/with+chars#not-a-comment
\t
[work]
aws_access_key_id = AKID2
region = eu-west-1 # comment
s3 =
  max_concurrent_requests = 20
aws_session_token = tok
[Work]
aws_access_key_id = OTHER
no equals sign here
= no key
[work]
aws_access_key_id = AKID3
";
        let p = parse(text, FileKind::Credentials);
        let d = props(&p, "default");
        assert_eq!(d["aws_access_key_id"], "AKID1");
        assert_eq!(
            d["aws_secret_access_key"],
            "secret/with+chars#not-a-comment"
        );
        let w = props(&p, "work");
        // A repeated section merges; the later key wins.
        assert_eq!(w["aws_access_key_id"], "AKID3");
        assert_eq!(w["region"], "eu-west-1");
        assert_eq!(w["aws_session_token"], "tok");
        // The indented sub-property belongs to `s3`, not to the profile.
        assert_eq!(w["s3"], "\nmax_concurrent_requests = 20");
        assert!(!w.contains_key("max_concurrent_requests"));
        // Profile names are case-sensitive.
        assert_eq!(props(&p, "Work")["aws_access_key_id"], "OTHER");
        assert_eq!(p.len(), 3);
    }

    #[test]
    fn config_file_sections_need_the_profile_prefix() {
        let text = "\
[default]
aws_access_key_id = BARE
region = us-east-1
[profile   dev]
aws_access_key_id = DEV
[dev]
aws_access_key_id = IGNORED
[sso-session corp]
sso_region = us-east-1
[profiles x]
a = b
[profile default]
aws_access_key_id = EXPLICIT
";
        let p = parse(text, FileKind::Config);
        assert_eq!(props(&p, "dev")["aws_access_key_id"], "DEV");
        // `[profile default]` wins over `[default]`, which still fills the gaps.
        assert_eq!(props(&p, "default")["aws_access_key_id"], "EXPLICIT");
        assert_eq!(props(&p, "default")["region"], "us-east-1");
        assert_eq!(p.len(), 2, "{p:?}");
    }

    #[test]
    fn garbage_does_not_panic() {
        for text in [
            "[",
            "]",
            "[]",
            "=",
            "[profile]",
            "\u{feff}[x]\na=b",
            "[x\na=b",
            "  a = b",
        ] {
            let _ = parse(text, FileKind::Config);
            let _ = parse(text, FileKind::Credentials);
        }
        assert!(parse("[x\na=b", FileKind::Credentials).is_empty());
        assert_eq!(
            parse("\u{feff}[x]\na=b", FileKind::Credentials)["x"]["a"],
            "b"
        );
    }

    struct TempDir(PathBuf);
    impl TempDir {
        fn new(tag: &str) -> Self {
            let dir = std::env::temp_dir().join(format!(
                "smithy-rt-profile-{tag}-{}-{:?}",
                std::process::id(),
                std::thread::current().id()
            ));
            std::fs::create_dir_all(&dir).expect("temp dir");
            TempDir(dir)
        }
        fn file(&self, name: &str, text: &str) -> PathBuf {
            let p = self.0.join(name);
            std::fs::write(&p, text).expect("write temp file");
            p
        }
    }
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn message(e: &CredentialsError) -> String {
        e.source().map(ToString::to_string).unwrap_or_default()
    }

    #[test]
    fn loads_from_explicit_files_with_credentials_file_winning() {
        let dir = TempDir::new("load");
        let creds = dir.file(
            "credentials",
            "[dev]\naws_access_key_id = FROMCREDS\naws_secret_access_key = s3cr3t\n",
        );
        let config = dir.file(
            "config",
            "[profile dev]\naws_access_key_id = FROMCONFIG\naws_session_token = tok\n\
             [profile cfgonly]\naws_access_key_id = C\naws_secret_access_key = S\n\
             [profile sso]\nsso_session = corp\n[profile half]\naws_access_key_id = H\n",
        );
        let provider = |name: &str| {
            ProfileCredentials::new()
                .with_profile(name)
                .with_credentials_file(&creds)
                .with_config_file(&config)
        };
        let c = provider("dev").credentials().unwrap();
        assert_eq!(c.access_key_id(), "FROMCREDS");
        assert_eq!(c.secret_access_key(), "s3cr3t");
        assert_eq!(c.session_token(), Some("tok"));
        assert_eq!(
            provider("cfgonly").credentials().unwrap().access_key_id(),
            "C"
        );

        let p = provider("dev");
        p.credentials().unwrap();
        let dbg = format!("{p:?}");
        assert!(!dbg.contains("s3cr3t") && !dbg.contains("tok"), "{dbg}");
        assert!(dbg.contains("loaded: true"), "{dbg}");

        let e = provider("sso").credentials().unwrap_err();
        assert!(message(&e).contains("sso_session"), "{}", message(&e));
        let e = provider("half").credentials().unwrap_err();
        assert!(
            message(&e).contains("no aws_secret_access_key"),
            "{}",
            message(&e)
        );
        let e = provider("missing").credentials().unwrap_err();
        let m = message(&e);
        assert!(m.contains("profile `missing` not found"), "{m}");
        assert!(m.contains(&creds.display().to_string()), "{m}");
        assert!(matches!(e, CredentialsError::InvalidConfiguration(_)));

        let none = ProfileCredentials::new()
            .with_credentials_file(dir.0.join("absent-credentials"))
            .with_config_file(dir.0.join("absent-config"))
            .with_profile("x");
        let m = message(&none.credentials().unwrap_err());
        assert!(m.contains("absent-credentials (not found)"), "{m}");
        assert!(m.contains("absent-config (not found)"), "{m}");
    }
}
