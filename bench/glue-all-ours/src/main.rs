//! The smallest useful Glue program with the generated client: one GetJob call, configured
//! from the environment. The benchmark only builds it (build time, stripped size); it mirrors
//! `glue-aws`.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [job_name] = args.as_slice() else {
        eprintln!("usage: glue-all-ours <job-name>");
        return ExitCode::from(2);
    };
    let client = glue_full::Client::from_env();
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
