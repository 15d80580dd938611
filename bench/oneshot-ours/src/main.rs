//! The smallest useful program with the generated client: one GetResourceSnapshotJob call,
//! configured from the environment (region, credentials, optional `AWS_ENDPOINT_URL`). The
//! benchmark only builds it (clean build time, stripped size); it mirrors `oneshot-aws`.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [catalog, job_id] = args.as_slice() else {
        eprintln!("usage: oneshot-ours <catalog: AWS|Sandbox> <job-id>");
        return ExitCode::from(2);
    };
    let client = partnercentral::Client::from_env();
    match client
        .get_resource_snapshot_job()
        .catalog(catalog)
        .resource_snapshot_job_identifier(job_id)
        .send()
        .await
    {
        Ok(job) => {
            println!("{job:#?}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
