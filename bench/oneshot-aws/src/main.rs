//! The smallest useful program with the AWS SDK: one GetResourceSnapshotJob call, configured
//! from the environment (region, credentials, optional `AWS_ENDPOINT_URL`). The benchmark only
//! builds it (clean build time, stripped size); it mirrors `oneshot-ours` line for line.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [catalog, job_id] = args.as_slice() else {
        eprintln!("usage: oneshot-aws <catalog: AWS|Sandbox> <job-id>");
        return ExitCode::from(2);
    };
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_partnercentralselling::Client::new(&config);
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
