//! Waiters: call an operation until the model's acceptors say the resource reached the wanted
//! state (`success`), will never reach it (`failure`), or the caller's time runs out.
//!
//! Generated `wait_until_<name>()` builders hand this module three things: a function sending
//! one request, a function matching a result against the acceptors in model order, and the
//! model's delays. Everything else is here, once and mostly non-generic (compile time): the
//! backoff schedule of the Smithy waiters specification ([`Backoff`]), the deadline, and the
//! typed outcome ([`FinalPoll`], [`WaiterError`]).
//!
//! Time is read from a [`TimeSource`] and waited on with an [`AsyncSleep`] ([`Timing`], by
//! default the client configuration's); the loop never reads the system clock itself, so tests
//! drive it with a manual clock and a sleep that returns at once.

use crate::error::SdkError;
use std::fmt;
use std::future::Future;
use std::time::{Duration, SystemTime};

pub use crate::time::{AsyncSleep, SharedAsyncSleep, SharedTimeSource, Sleep, TimeSource};

/// The state an acceptor moves the waiter to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptorState {
    /// Done: the resource is in the wanted state.
    Success,
    /// Done: the resource will not reach the wanted state.
    Failure,
    /// Not yet: call again after a delay.
    Retry,
}

/// What the first matching acceptor decided: its state and, for a `failure` acceptor with a
/// `message` path, the text that path extracted from the output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acceptance {
    state: AcceptorState,
    message: Option<String>,
}

impl Acceptance {
    /// Adds the acceptor's message.
    pub fn with_message(mut self, message: Option<String>) -> Self {
        self.message = message;
        self
    }

    /// The state.
    pub fn state(&self) -> AcceptorState {
        self.state
    }
}

impl From<AcceptorState> for Acceptance {
    fn from(state: AcceptorState) -> Self {
        Self {
            state,
            message: None,
        }
    }
}

/// The clock and the sleep a waiter uses.
#[derive(Clone, Debug, Default)]
pub struct Timing {
    time: SharedTimeSource,
    sleep: SharedAsyncSleep,
}

impl Timing {
    /// A clock and a sleep of your own (tests: a manual clock and an instant sleep).
    pub fn new(time: impl TimeSource, sleep: impl AsyncSleep) -> Self {
        Self {
            time: SharedTimeSource::new(time),
            sleep: SharedAsyncSleep::new(sleep),
        }
    }

    /// The clock and sleep of a client's configuration
    /// ([`ConfigBuilder::time_source`](crate::config::ConfigBuilder::time_source),
    /// [`ConfigBuilder::sleep_impl`](crate::config::ConfigBuilder::sleep_impl)).
    pub fn from_config(config: &crate::config::Config) -> Self {
        Self {
            time: config.time_source().clone(),
            sleep: config.sleep_impl().clone(),
        }
    }
}

/// The waiter's delays between attempts: the model's `minDelay`/`maxDelay`, which a call can
/// override.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delays {
    min: Duration,
    max: Duration,
}

impl Delays {
    /// The model's delays, in seconds.
    pub const fn from_secs(min: u64, max: u64) -> Self {
        Self {
            min: Duration::from_secs(min),
            max: Duration::from_secs(max),
        }
    }

    /// The smallest delay between two attempts.
    pub fn min(&self) -> Duration {
        self.min
    }

    /// The largest delay between two attempts.
    pub fn max(&self) -> Duration {
        self.max
    }

    /// Sets the smallest delay. At least one millisecond is kept, so a waiter always lets time
    /// pass between attempts.
    pub fn set_min(&mut self, min: Duration) {
        self.min = min.max(Duration::from_millis(1));
    }

    /// Sets the largest delay.
    pub fn set_max(&mut self, max: Duration) {
        self.max = max;
    }
}

/// The spec's "exponential backoff with jitter" for one wait:
///
/// ```text
/// attemptCeiling = log(maxDelay / minDelay) / log(2) + 1
/// delay = attempt > attemptCeiling ? maxDelay : minDelay * 2^(attempt - 1)
/// delay = random(minDelay, delay)
/// if remainingTime - delay <= minDelay: delay = remainingTime   (one last attempt)
/// ```
///
/// `attempt` counts retries from 1. The random pick is uniform over the interval (the spec
/// draws whole seconds; durations here may be finer).
#[derive(Clone, Copy, Debug)]
pub struct Backoff {
    min: Duration,
    max: Duration,
    max_wait: Duration,
    ceiling: f64,
}

impl Backoff {
    /// The schedule for these delays and a total wait of `max_wait`. A `max` below `min` is
    /// raised to `min`.
    pub fn new(delays: Delays, max_wait: Duration) -> Self {
        let min = delays.min.max(Duration::from_millis(1));
        let max = delays.max.max(min);
        let ceiling = (max.as_secs_f64() / min.as_secs_f64()).ln() / 2f64.ln() + 1.0;
        Self {
            min,
            max,
            max_wait,
            ceiling,
        }
    }

    /// The delay before retry `attempt` (1-based) after `elapsed` of waiting, with `rand` in
    /// `[0, 1]`; `None` when no time is left for another attempt.
    pub fn delay(&self, attempt: u32, elapsed: Duration, rand: f64) -> Option<Duration> {
        let remaining = self
            .max_wait
            .checked_sub(elapsed)
            .filter(|r| !r.is_zero())?;
        let upper = if f64::from(attempt) > self.ceiling {
            self.max
        } else {
            // Below the ceiling 2^(attempt-1) stays under max/min, so this cannot overflow.
            let factor = 1u32 << attempt.saturating_sub(1).min(31);
            self.min.saturating_mul(factor).min(self.max)
        };
        let span = upper.saturating_sub(self.min).as_secs_f64() * rand.clamp(0.0, 1.0);
        let delay = self.min + Duration::try_from_secs_f64(span).unwrap_or_default();
        if remaining.saturating_sub(delay) <= self.min {
            Some(remaining)
        } else {
            Some(delay)
        }
    }
}

/// The last result a waiter saw: the output, or the error, the matching acceptor looked at.
#[derive(Debug)]
pub struct FinalPoll<O, E> {
    result: Result<O, SdkError<E>>,
    message: Option<String>,
}

impl<O, E> FinalPoll<O, E> {
    /// Wraps a result.
    pub fn new(result: Result<O, SdkError<E>>) -> Self {
        Self {
            result,
            message: None,
        }
    }

    /// The message of the `failure` acceptor that matched, when the model gives it a `message`
    /// path and that path found text in the output.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The result, borrowed.
    pub fn as_result(&self) -> Result<&O, &SdkError<E>> {
        self.result.as_ref()
    }

    /// The result.
    pub fn into_result(self) -> Result<O, SdkError<E>> {
        self.result
    }

    /// The output, when the last call succeeded.
    pub fn output(&self) -> Option<&O> {
        self.result.as_ref().ok()
    }

    /// The error, when the last call failed (an `errorType` acceptor matched it).
    pub fn error(&self) -> Option<&SdkError<E>> {
        self.result.as_ref().err()
    }
}

/// Why a waiter stopped without reaching its `success` state.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError<O, E> {
    /// The caller's maximum wait passed before an acceptor ended the wait.
    ExceededMaxWait(ExceededMaxWait),
    /// A `failure` acceptor matched: the resource will not reach the wanted state. Holds the
    /// output or error it matched.
    FailureState(FinalPoll<O, E>),
    /// A call failed with an error no acceptor matched (or the request could not be built).
    UnexpectedError(SdkError<E>),
}

/// Details of [`WaiterError::ExceededMaxWait`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceededMaxWait {
    /// The maximum wait the caller gave.
    pub max_wait: Duration,
    /// How long the waiter waited.
    pub elapsed: Duration,
    /// How many requests it sent.
    pub attempts: u32,
}

impl<O, E> fmt::Display for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::ExceededMaxWait(e) => write!(
                f,
                "waiter gave up after {:.1}s and {} attempts (maximum wait {:.1}s)",
                e.elapsed.as_secs_f64(),
                e.attempts,
                e.max_wait.as_secs_f64()
            ),
            WaiterError::FailureState(poll) => {
                f.write_str("waiter reached a failure state")?;
                if let Some(m) = poll.message() {
                    write!(f, ": {m}")?;
                }
                match poll.error() {
                    Some(e) => write!(f, ": {e}"),
                    None => Ok(()),
                }
            }
            WaiterError::UnexpectedError(e) => write!(f, "waiter stopped on an error: {e}"),
        }
    }
}

impl<O: fmt::Debug, E: std::error::Error + 'static> std::error::Error for WaiterError<O, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaiterError::FailureState(poll) => poll.error().map(|e| e as _),
            WaiterError::UnexpectedError(e) => Some(e),
            WaiterError::ExceededMaxWait(_) => None,
        }
    }
}

/// The error code of a service error (modeled or not), for `errorType` acceptors.
pub fn error_code<E>(error: &SdkError<E>) -> Option<&str> {
    match error {
        SdkError::Service(e) => e.meta().code(),
        _ => None,
    }
}

/// What the loop does after one result was classified.
enum Step {
    Done,
    Fail,
    Unexpected,
    Again,
}

/// The non-generic half of the loop: what a classification means.
fn step(state: Option<&Acceptance>, failed: bool) -> Step {
    match state {
        Some(a) if a.state == AcceptorState::Success => Step::Done,
        Some(a) if a.state == AcceptorState::Failure => Step::Fail,
        Some(_) => Step::Again,
        // No acceptor matched: an error ends the wait, a success polls again.
        None if failed => Step::Unexpected,
        None => Step::Again,
    }
}

/// Sends, classifies and sleeps until an acceptor ends the wait or `max_wait` has passed.
///
/// `classify` checks the acceptors in model order and returns the decision of the first that
/// matches. The acceptors are consulted before the deadline: a response that arrives in time
/// to show success is never thrown away.
pub async fn wait<O, E, Fut>(
    timing: Timing,
    delays: Delays,
    max_wait: Duration,
    mut send: impl FnMut() -> Fut,
    classify: impl Fn(&Result<O, SdkError<E>>) -> Option<Acceptance>,
) -> Result<FinalPoll<O, E>, WaiterError<O, E>>
where
    Fut: Future<Output = Result<O, SdkError<E>>>,
{
    let backoff = Backoff::new(delays, max_wait);
    let start = timing.time.now();
    let mut attempts = 0u32;
    loop {
        let result = send().await;
        attempts += 1;
        let accepted = classify(&result);
        match step(accepted.as_ref(), result.is_err()) {
            Step::Done => return Ok(FinalPoll::new(result)),
            Step::Fail => {
                let mut poll = FinalPoll::new(result);
                poll.message = accepted.and_then(|a| a.message);
                return Err(WaiterError::FailureState(poll));
            }
            Step::Unexpected => {
                return Err(match result {
                    Err(e) => WaiterError::UnexpectedError(e),
                    Ok(o) => WaiterError::FailureState(FinalPoll::new(Ok(o))),
                });
            }
            Step::Again => {}
        }
        let elapsed = elapsed_since(&timing, start);
        let Some(delay) = backoff.delay(attempts, elapsed, crate::client::jitter_sample()) else {
            return Err(WaiterError::ExceededMaxWait(ExceededMaxWait {
                max_wait,
                elapsed,
                attempts,
            }));
        };
        tracing::debug!(
            attempt = attempts,
            delay_ms = delay.as_millis() as u64,
            "waiter retrying"
        );
        timing.sleep.sleep(delay).await;
    }
}

/// Time since `start` on the waiter's clock; a clock that went backwards counts as no time.
fn elapsed_since(timing: &Timing, start: SystemTime) -> Duration {
    timing.time.now().duration_since(start).unwrap_or_default()
}

/// `list[start:stop:step]` with JMESPath's slice rules (negative positions count from the end;
/// a negative step walks backwards). Used by compiled waiter paths.
pub fn slice<T>(list: Vec<T>, start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> Vec<T> {
    let len = i64::try_from(list.len()).unwrap_or(i64::MAX);
    let step = step.unwrap_or(1);
    if step == 0 {
        return Vec::new();
    }
    let clamp = |v: i64, lo: i64, hi: i64| v.max(lo).min(hi);
    let norm = |v: i64| if v < 0 { v + len } else { v };
    let (start, stop) = if step > 0 {
        (
            start.map_or(0, |s| clamp(norm(s), 0, len)),
            stop.map_or(len, |s| clamp(norm(s), 0, len)),
        )
    } else {
        (
            start.map_or(len - 1, |s| clamp(norm(s), -1, len - 1)),
            stop.map_or(-1, |s| clamp(norm(s), -1, len - 1)),
        )
    };
    let mut picked = Vec::new();
    let mut slots: Vec<Option<T>> = list.into_iter().map(Some).collect();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        if let Some(item) = usize::try_from(i)
            .ok()
            .and_then(|i| slots.get_mut(i))
            .and_then(Option::take)
        {
            picked.push(item);
        }
        i += step;
    }
    picked
}

#[cfg(test)]
mod tests;
