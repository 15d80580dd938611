//! Generated awsJson clients used as a new user would, against moto_server (a local AWS
//! emulator, `python3 -m moto.server`) on 127.0.0.1: DynamoDB (Scan paged with a map token over
//! several pages), SQS, Secrets Manager, KMS and Kinesis (waiter, blobs, paginator).
//!
//! Each service whose model is in `tests::aws_models_dir()` is generated with only the
//! operations its scenario calls, and `tests/fixtures/moto/<service>.rs` runs as that crate's
//! test. A missing model or a missing moto is reported as SKIPPED, never a failure. Slow (builds
//! the generated crates), so `#[ignore]`d:
//! `cargo test -p tests --test moto_scenarios -- --ignored --nocapture`.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use smithy_codegen::{Settings, Source};

/// A service scenario: model file names to look for, crate name, operations, fixture.
struct Scenario {
    models: &'static [&'static str],
    krate: &'static str,
    operations: &'static [&'static str],
    fixture: &'static str,
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        models: &["dynamodb.json"],
        krate: "dynamodb",
        operations: &["CreateTable", "DescribeTable", "PutItem", "GetItem", "Scan"],
        fixture: "dynamodb.rs",
    },
    Scenario {
        models: &["sqs.json"],
        krate: "sqs",
        operations: &[
            "CreateQueue",
            "SendMessage",
            "ReceiveMessage",
            "DeleteMessage",
        ],
        fixture: "sqs.rs",
    },
    Scenario {
        models: &["secrets-manager.json", "secretsmanager.json"],
        krate: "secretsmanager",
        operations: &["CreateSecret", "GetSecretValue"],
        fixture: "secretsmanager.rs",
    },
    Scenario {
        models: &["kms.json"],
        krate: "kms",
        operations: &["CreateKey", "Encrypt", "Decrypt"],
        fixture: "kms.rs",
    },
    Scenario {
        models: &["kinesis.json"],
        krate: "kinesis",
        operations: &[
            "CreateStream",
            "DescribeStream",
            "PutRecord",
            "GetShardIterator",
            "GetRecords",
            "ListStreams",
        ],
        fixture: "kinesis.rs",
    },
];

/// A moto_server child process on 127.0.0.1, killed when dropped.
struct Moto {
    child: Child,
    url: String,
}

impl Moto {
    /// Starts moto on a free port and waits (at most 30 s) until it accepts connections;
    /// `None` when moto is not installed or does not come up.
    fn start() -> Option<Moto> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .ok()?
            .port();
        let child = Command::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let mut moto = Moto {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        for _ in 0..300 {
            if let Ok(Some(_)) = moto.child.try_wait() {
                return None; // exited: moto is not installed
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(100)).is_ok() {
                return Some(moto);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn model_path(dir: &Path, names: &[&str]) -> Option<std::path::PathBuf> {
    names.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

#[test]
#[ignore = "slow: generates and builds clients, needs moto (python3 -m moto.server)"]
fn generated_clients_work_against_moto() {
    let models = tests::aws_models_dir();
    let present: Vec<(&Scenario, std::path::PathBuf)> = SCENARIOS
        .iter()
        .filter_map(|s| match model_path(&models, s.models) {
            Some(p) => Some((s, p)),
            None => {
                println!(
                    "SKIPPED {}: no {} in {}",
                    s.krate,
                    s.models.join(" or "),
                    models.display()
                );
                None
            }
        })
        .collect();
    if present.is_empty() {
        return;
    }
    let Some(moto) = Moto::start() else {
        println!("SKIPPED: moto_server did not start (pip install 'moto[server]')");
        return;
    };
    let root = tests::canonical_root();
    let mut ran = Vec::new();
    for (scenario, path) in present {
        let dir = root.join("target/real-models/moto").join(scenario.krate);
        let runtime = format!(
            "{}runtime",
            "../".repeat(dir.strip_prefix(&root).unwrap().components().count())
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let settings = Settings::new(scenario.krate)
            .with_runtime_path(runtime)
            .with_model_label(path.file_name().unwrap().to_string_lossy())
            .with_operations(Some(
                scenario.operations.iter().map(|s| s.to_string()).collect(),
            ));
        let source = Source {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            text,
        };
        let mut files = smithy_codegen::generate(&[source], &settings)
            .unwrap_or_else(|e| panic!("{}: {e}", scenario.krate));
        let fixture =
            std::fs::read_to_string(root.join("tests/fixtures/moto").join(scenario.fixture))
                .unwrap()
                .replace("{{MOTO_URL}}", &moto.url);
        files.insert("tests/moto.rs".into(), fixture);
        let out = tests::generated_crate::write_and_test(&root, &dir, &files, "moto");
        println!("{}:\n{out}", scenario.krate);
        ran.push(scenario.krate);
    }
    println!("ran against moto: {}", ran.join(", "));
}
