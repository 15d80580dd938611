//! The smallest useful Glue program with the AWS SDK: one GetJob call, configured from the
//! environment. The benchmark only builds it (build time, stripped size); it mirrors
//! `glue-one-ours` and `glue-full-ours`.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [job_name] = args.as_slice() else {
        eprintln!("usage: glue-aws <job-name>");
        return ExitCode::from(2);
    };
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_glue::Client::new(&config);
    match client.get_job().job_name(job_name).send().await {
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
