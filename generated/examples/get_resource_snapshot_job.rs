//! Looks up a resource snapshot job and prints it.
//!
//! ```text
//! cargo run --example get_resource_snapshot_job -- <catalog> <job-id>
//! cargo run --example get_resource_snapshot_job -- Sandbox job-0123456789abc
//! ```
//!
//! Region, credentials and an optional endpoint come from the standard AWS environment
//! variables (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
//! `AWS_ENDPOINT_URL`).

use partnercentral_selling::Client;
use partnercentral_selling::error::SdkError;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [catalog, job_id] = args.as_slice() else {
        eprintln!("usage: get_resource_snapshot_job <catalog: AWS|Sandbox> <job-id>");
        return ExitCode::from(2);
    };
    let client = Client::from_env();
    let result = client
        .get_resource_snapshot_job()
        .catalog(catalog)
        .resource_snapshot_job_identifier(job_id)
        .send()
        .await;
    match result {
        Ok(job) => {
            println!("{job:#?}");
            ExitCode::SUCCESS
        }
        Err(SdkError::Service(err)) if err.err().is_resource_not_found_exception() => {
            eprintln!("no job {job_id} in catalog {catalog}: {}", err.err());
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
