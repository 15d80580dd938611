//! The waiter loop and schedule with a manual clock: no test waits for real.

use super::*;
use crate::error::{ErrorMetadata, RawResponse, ServiceError};
use crate::time::{InstantSleep, ManualTimeSource};
use std::sync::{Arc, Mutex};

/// A manual clock that only the (instant) sleep moves, and that sleep.
fn timing() -> (Timing, InstantSleep) {
    let clock = ManualTimeSource::new(SystemTime::UNIX_EPOCH);
    let sleep = InstantSleep::advancing(clock.clone());
    (Timing::new(clock, sleep.clone()), sleep)
}

#[derive(Debug)]
struct TestError(&'static str);

impl fmt::Display for TestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for TestError {}

fn service_error(code: &'static str) -> SdkError<TestError> {
    SdkError::Service(ServiceError::new(
        "Describe",
        1,
        false,
        TestError(code),
        RawResponse::new(400, http::HeaderMap::new(), bytes::Bytes::new()),
        ErrorMetadata::builder().code(code).build(),
    ))
}

/// Runs the loop over scripted results ("ACTIVE", "CREATING", or an error code), with the
/// acceptors of a typical "resource active" waiter.
async fn run(
    script: &[&'static str],
    delays: Delays,
    max_wait: Duration,
) -> (
    Result<FinalPoll<&'static str, TestError>, WaiterError<&'static str, TestError>>,
    Vec<Duration>,
    usize,
) {
    let (timing, slept) = timing();
    let calls = Arc::new(Mutex::new(0usize));
    let counter = calls.clone();
    let script: Vec<&'static str> = script.to_vec();
    let result = wait(
        timing,
        delays,
        max_wait,
        move || {
            let mut n = counter.lock().unwrap_or_else(|e| e.into_inner());
            let item = script
                .get(*n)
                .or(script.last())
                .copied()
                .unwrap_or("CREATING");
            *n += 1;
            async move {
                if item.ends_with("Exception") {
                    Err(service_error(item))
                } else {
                    Ok(item)
                }
            }
        },
        |result| match result {
            Ok("ACTIVE") => Some(AcceptorState::Success.into()),
            Ok("FAILED") => {
                Some(Acceptance::from(AcceptorState::Failure).with_message(Some("it broke".into())))
            }
            Err(e) if error_code(e) == Some("ThrottledException") => {
                Some(AcceptorState::Retry.into())
            }
            Err(e) if error_code(e) == Some("FatalException") => {
                Some(AcceptorState::Failure.into())
            }
            _ => None,
        },
    )
    .await;
    let slept = slept.logged_sleeps();
    let n = *calls.lock().unwrap_or_else(|e| e.into_inner());
    (result, slept, n)
}

#[tokio::test]
async fn success_after_retries_sleeps_between_attempts() {
    let (result, slept, calls) = run(
        &["CREATING", "ThrottledException", "CREATING", "ACTIVE"],
        Delays::from_secs(2, 120),
        Duration::from_secs(300),
    )
    .await;
    assert_eq!(result.unwrap().output(), Some(&"ACTIVE"));
    assert_eq!(calls, 4);
    assert_eq!(slept.len(), 3);
    // Retry 1 always waits exactly minDelay; later ones stay inside [min, min * 2^(n-1)].
    assert_eq!(slept[0], Duration::from_secs(2));
    assert!(slept[1] >= Duration::from_secs(2) && slept[1] <= Duration::from_secs(4));
    assert!(slept[2] >= Duration::from_secs(2) && slept[2] <= Duration::from_secs(8));
}

#[tokio::test]
async fn failure_acceptor_carries_what_it_matched() {
    let (result, _, _) = run(
        &["CREATING", "FAILED"],
        Delays::from_secs(1, 5),
        Duration::from_secs(60),
    )
    .await;
    match result {
        Err(WaiterError::FailureState(poll)) => {
            assert_eq!(poll.output(), Some(&"FAILED"));
            assert_eq!(poll.message(), Some("it broke"));
            let text = WaiterError::FailureState(poll).to_string();
            assert!(text.contains("it broke"), "{text}");
        }
        other => panic!("{other:?}"),
    }
    let (result, _, _) = run(
        &["FatalException"],
        Delays::from_secs(1, 5),
        Duration::from_secs(60),
    )
    .await;
    match result {
        Err(WaiterError::FailureState(poll)) => {
            assert_eq!(poll.error().and_then(error_code), Some("FatalException"))
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn unmatched_error_stops_at_once() {
    let (result, slept, calls) = run(
        &["OtherException"],
        Delays::from_secs(2, 120),
        Duration::from_secs(300),
    )
    .await;
    match result {
        Err(WaiterError::UnexpectedError(e)) => assert_eq!(error_code(&e), Some("OtherException")),
        other => panic!("{other:?}"),
    }
    assert_eq!((calls, slept.len()), (1, 0));
}

#[tokio::test]
async fn never_sleeps_past_the_maximum_wait() {
    let max_wait = Duration::from_secs(300);
    let (result, slept, calls) = run(&["CREATING"], Delays::from_secs(2, 120), max_wait).await;
    match result {
        Err(WaiterError::ExceededMaxWait(e)) => {
            assert_eq!(e.max_wait, max_wait);
            assert_eq!(e.elapsed, max_wait);
            assert_eq!(e.attempts as usize, calls);
        }
        other => panic!("{other:?}"),
    }
    let total: Duration = slept.iter().sum();
    assert_eq!(
        total, max_wait,
        "the last delay lands exactly on the deadline"
    );
    assert!(slept.iter().all(|d| *d <= Duration::from_secs(120)));
    // One attempt more than sleeps: the last one runs at the deadline.
    assert_eq!(calls, slept.len() + 1);
    let message = WaiterError::<(), TestError>::ExceededMaxWait(ExceededMaxWait {
        max_wait,
        elapsed: max_wait,
        attempts: 3,
    })
    .to_string();
    assert!(message.contains("3 attempts"), "{message}");
}

#[test]
fn backoff_follows_the_spec_formula() {
    let b = Backoff::new(Delays::from_secs(2, 120), Duration::from_secs(300));
    let s = Duration::from_secs;
    // rand = 1 picks the top of the interval: min * 2^(attempt - 1), capped at max.
    let tops: Vec<_> = (1..=8).map(|a| b.delay(a, s(0), 1.0)).collect();
    assert_eq!(
        tops,
        [2, 4, 8, 16, 32, 64, 120, 120].map(|n| Some(s(n))).to_vec()
    );
    // rand = 0 picks minDelay.
    assert_eq!(b.delay(5, s(0), 0.0), Some(s(2)));
    // Little time left: the delay becomes exactly the remaining time (one last attempt).
    assert_eq!(b.delay(3, s(290), 1.0), Some(s(10)));
    assert_eq!(b.delay(1, s(297), 0.0), Some(s(3)));
    assert_eq!(b.delay(1, s(300), 0.0), None);
    assert_eq!(b.delay(1, s(400), 0.0), None);
    // Huge attempt numbers cannot overflow.
    assert_eq!(b.delay(u32::MAX, s(0), 1.0), Some(s(120)));
    // Equal delays: linear backoff.
    let linear = Backoff::new(Delays::from_secs(5, 5), s(100));
    assert_eq!(linear.delay(9, s(0), 0.7), Some(s(5)));
}

#[test]
fn delays_keep_a_floor() {
    let mut d = Delays::from_secs(2, 120);
    d.set_min(Duration::ZERO);
    assert_eq!(d.min(), Duration::from_millis(1));
    d.set_max(Duration::from_secs(1));
    assert_eq!(d.max(), Duration::from_secs(1));
}

#[test]
fn slices_follow_jmespath() {
    let l = || vec![0, 1, 2, 3, 4, 5];
    assert_eq!(slice(l(), Some(1), Some(3), None), vec![1, 2]);
    assert_eq!(slice(l(), None, None, Some(2)), vec![0, 2, 4]);
    assert_eq!(slice(l(), None, None, Some(-1)), vec![5, 4, 3, 2, 1, 0]);
    assert_eq!(slice(l(), Some(-2), None, None), vec![4, 5]);
    assert_eq!(slice(l(), Some(10), None, None), Vec::<i32>::new());
    assert_eq!(slice(l(), Some(4), Some(1), Some(-2)), vec![4, 2]);
    assert_eq!(slice(l(), None, None, Some(0)), Vec::<i32>::new());
}
