//! Interceptors on the configuration (see [`crate::interceptor`]).

use std::sync::Arc;

use super::{Config, ConfigBuilder};
use crate::interceptor::{Interceptor, SharedInterceptor};

impl Config {
    /// The interceptors, in the order they run.
    pub fn interceptors(&self) -> &[SharedInterceptor] {
        &self.interceptors
    }
}

impl ConfigBuilder {
    /// Adds an interceptor; interceptors run in the order they were added (see
    /// [`crate::interceptor`]).
    pub fn interceptor(self, interceptor: impl Interceptor + 'static) -> Self {
        self.shared_interceptor(Arc::new(interceptor))
    }

    /// Adds an already shared interceptor.
    pub fn shared_interceptor(mut self, interceptor: SharedInterceptor) -> Self {
        self.inner.interceptors.push(interceptor);
        self
    }

    /// Removes every interceptor (for example in a per-call
    /// [`config_override`](crate::client::CustomizableOperation::config_override) that must
    /// run without the client's).
    pub fn clear_interceptors(mut self) -> Self {
        self.inner.interceptors.clear();
        self
    }
}

/// `Debug` of the list: names only (an interceptor may hold secrets).
pub(super) struct InterceptorNames<'a>(pub(super) &'a [SharedInterceptor]);

impl std::fmt::Debug for InterceptorNames<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|i| i.name()))
            .finish()
    }
}
