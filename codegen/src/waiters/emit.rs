//! `src/waiters/mod.rs` and one `src/waiters/<waiter>.rs` per waiter: the client method, the
//! builder (the operation's input setters, delays, `wait`) and the acceptor function.

use super::{Matcher, State, WaiterPlan};
use crate::emit::types::{doc_attrs, rt};
use crate::error::Error;
use crate::naming::ident;
use crate::plan::{CratePlan, OperationPlan, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The waiter files of the crate (none when the model has no waiters), by path.
pub fn files(plan: &CratePlan, crate_name: &str) -> Result<Vec<(String, TokenStream)>, Error> {
    if plan.waiters.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = vec![("src/waiters/mod.rs".to_string(), index(plan))];
    for w in &plan.waiters {
        let Some(op) = plan.operations.iter().find(|o| o.name == w.operation) else {
            return Err(Error::msg(format!(
                "waiter `{}`: operation `{}` is not in the plan",
                w.name, w.operation
            )));
        };
        out.push((
            format!("src/waiters/{}.rs", w.module),
            waiter(w, op, crate_name)?,
        ));
    }
    Ok(out)
}

fn index(plan: &CratePlan) -> TokenStream {
    let rt = rt();
    let mods = plan.waiters.iter().map(|w| {
        let m = ident(&w.module);
        let b = ident(&w.builder);
        // A waiter follows the operation it polls.
        let cfg = crate::emit::Gate::Operation(w.operation.clone()).cfg(plan);
        quote!(#cfg mod #m; #cfg pub use #m::#b;)
    });
    quote! {
        //! Waiters: `Client::wait_until_*` methods that call an operation until the resource
        //! reaches a state (or cannot), with the model's delays and acceptors.
        //!
        //! Each returns a builder: set the operation's input, optionally the delays, then
        //! `wait(max_wait)`. Success gives the [`FinalPoll`] the success acceptor matched;
        //! otherwise a [`WaiterError`] says whether time ran out, a failure acceptor matched,
        //! or an error no acceptor expected ended the wait.

        pub use #rt::waiter::{ExceededMaxWait, FinalPoll, Timing, WaiterError};

        #(#mods)*
    }
}

fn waiter(w: &WaiterPlan, op: &OperationPlan, crate_name: &str) -> Result<TokenStream, Error> {
    let rt = rt();
    let method = ident(&w.method);
    let builder = ident(&w.builder);
    let op_module = ident(&op.module);
    let fluent = ident(&op.fluent_name);
    let output = ident(&op.output.path.name);
    let error = ident(&op.error_name);
    let input = ident(&op.input.path.name);
    let (min, max) = (w.min_delay, w.max_delay);
    let op_path = quote!(crate::operation::#op_module);
    let docs = doc_attrs(w.docs.as_deref());
    let deprecated = w
        .deprecated
        .then(|| quote!(#[deprecated(note = "this waiter is deprecated in the model")]));
    let head = format!(
        " Waits until the `{}` waiter's success state: polls `{}` with its input, from {min} s \
         to {max} s between attempts (exponential backoff with jitter).",
        w.name, op.name
    );
    let example = example(w, op, crate_name);
    let delegates = op.input.members.iter().map(|m| {
        let docs = crate::emit::types::docs_or_allow(m.docs.as_deref());
        crate::emit::setters::setters(m, &docs, crate::emit::setters::SetterHost::Fluent)
    });
    let reads_input = w.reads_input();
    let classify = classify(w, op)?;
    let (prepare, classify_call) = if reads_input {
        let op_name = &op.name;
        let build = if op
            .input
            .members
            .iter()
            .any(|m| m.required && !m.idempotency_token)
        {
            quote! {
                match self.inner.as_input().clone().build() {
                    ::std::result::Result::Ok(input) => input,
                    ::std::result::Result::Err(e) => {
                        return ::std::result::Result::Err(#rt::waiter::WaiterError::UnexpectedError(
                            #rt::error::SdkError::construction(#op_name, e),
                        ));
                    }
                }
            }
        } else {
            quote!(self.inner.as_input().clone().build())
        };
        (
            quote!(let input: #op_path::#input = #build;),
            quote!(move |result| classify(&input, result)),
        )
    } else {
        (quote!(), quote!(classify))
    };
    let wait_doc = format!(
        " Polls until an acceptor ends the wait or `max_wait` has passed (the last attempt is \
         timed to land on the deadline). Returns the final `{}` result the success acceptor \
         matched.",
        op.name
    );
    let builder_doc = format!(
        " The `{}` waiter: set the `{}` input, then call [`wait`](Self::wait).",
        w.name, op.name
    );
    let module_doc = format!(" The `{}` waiter of `{}`.", w.name, op.name);
    Ok(quote! {
        #![doc = #module_doc]
        // Compiled JMESPath favours one uniform shape (clones, closures, parentheses) over
        // per-path style.
        #![allow(clippy::all, unused_parens)]

        impl crate::Client {
            #[doc = #head]
            #[doc = ""]
            #docs
            #example
            #deprecated
            pub fn #method(&self) -> #builder {
                #builder {
                    inner: self.#op_module(),
                    delays: #rt::waiter::Delays::from_secs(#min, #max),
                    timing: #rt::waiter::Timing::from_config(self.config()),
                }
            }
        }

        #[doc = #builder_doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #builder {
            inner: #op_path::#fluent,
            delays: #rt::waiter::Delays,
            timing: #rt::waiter::Timing,
        }

        impl #builder {
            /// Overrides the smallest delay between attempts (the model's is the default).
            pub fn min_delay(mut self, delay: ::std::time::Duration) -> Self {
                self.delays.set_min(delay);
                self
            }

            /// Overrides the largest delay between attempts (the model's is the default).
            pub fn max_delay(mut self, delay: ::std::time::Duration) -> Self {
                self.delays.set_max(delay);
                self
            }

            /// Overrides the clock and sleep the waiter uses (default: the client's).
            pub fn timing(mut self, timing: #rt::waiter::Timing) -> Self {
                self.timing = timing;
                self
            }

            /// Overrides client settings (timeouts, attempts) for every call of this wait.
            pub fn options(mut self, options: #rt::config::CallOptions) -> Self {
                self.inner = self.inner.options(options);
                self
            }

            #(#delegates)*

            #[doc = #wait_doc]
            pub async fn wait(
                self,
                max_wait: ::std::time::Duration,
            ) -> ::std::result::Result<
                #rt::waiter::FinalPoll<#op_path::#output, #op_path::#error>,
                #rt::waiter::WaiterError<#op_path::#output, #op_path::#error>,
            > {
                #prepare
                let inner = self.inner;
                #rt::waiter::wait(self.timing, self.delays, max_wait, move || inner.clone().send(), #classify_call).await
            }
        }

        #classify
    })
}

/// `fn classify(...) -> Option<AcceptorState>`: the acceptors in model order.
fn classify(w: &WaiterPlan, op: &OperationPlan) -> Result<TokenStream, Error> {
    let rt = rt();
    let op_module = ident(&op.module);
    let output = ident(&op.output.path.name);
    let error = ident(&op.error_name);
    let input_ty = ident(&op.input.path.name);
    let op_path = quote!(crate::operation::#op_module);
    let mut checks = Vec::new();
    for (i, a) in w.acceptors.iter().enumerate() {
        let state = match a.state {
            State::Success => quote!(Success),
            State::Failure => quote!(Failure),
            State::Retry => quote!(Retry),
        };
        let accepted = quote!(#rt::waiter::Acceptance::from(#rt::waiter::AcceptorState::#state));
        let ret = match &a.message {
            None => quote!(return ::std::option::Option::Some(#accepted);),
            Some(message) => {
                let message: TokenStream = message.parse().map_err(|e| {
                    Error::msg(format!(
                        "waiter `{}`: acceptor {}: compiled message does not parse: {e}",
                        w.name,
                        i + 1
                    ))
                })?;
                // The message reads the output; a matched error has none.
                let text = match &a.matcher {
                    Matcher::Path { .. } => message,
                    _ => quote! {
                        match result {
                            ::std::result::Result::Ok(output) => #message,
                            ::std::result::Result::Err(_) => ::std::option::Option::None,
                        }
                    },
                };
                quote!(return ::std::option::Option::Some(#accepted.with_message(#text));)
            }
        };
        let check = match &a.matcher {
            Matcher::Success(true) => quote!(if result.is_ok() { #ret }),
            Matcher::Success(false) => quote!(if result.is_err() { #ret }),
            Matcher::ErrorType { name, variant } => {
                let modeled = variant.as_ref().map(|v| {
                    let v = ident(v);
                    quote!(|| ::std::matches!(err.as_service_error(), ::std::option::Option::Some(#op_path::#error::#v(_))))
                });
                quote! {
                    if let ::std::result::Result::Err(err) = result {
                        if #rt::waiter::error_code(err) == ::std::option::Option::Some(#name) #modeled { #ret }
                    }
                }
            }
            Matcher::Path { test, path, .. } => {
                let test: TokenStream = test.parse().map_err(|e| {
                    Error::msg(format!(
                        "waiter `{}`: acceptor {} (`{path}`): compiled test does not parse: {e}",
                        w.name,
                        i + 1
                    ))
                })?;
                quote! {
                    if let ::std::result::Result::Ok(output) = result {
                        if #test { #ret }
                    }
                }
            }
        };
        checks.push(check);
    }
    let input_param = if w.reads_input() {
        quote!(input: &#op_path::#input_ty,)
    } else {
        quote!()
    };
    Ok(quote! {
        /// The acceptors, in model order: the decision of the first that matches `result`.
        #[allow(unused_variables)]
        fn classify(
            #input_param
            result: &::std::result::Result<#op_path::#output, #rt::error::SdkError<#op_path::#error>>,
        ) -> ::std::option::Option<#rt::waiter::Acceptance> {
            #(#checks)*
            ::std::option::Option::None
        }
    })
}

/// A compiled rustdoc example: the call with the first required string member set.
fn example(w: &WaiterPlan, op: &OperationPlan, crate_name: &str) -> TokenStream {
    let krate = crate_name.replace('-', "_");
    let is_string = |m: &&crate::plan::MemberPlan| m.ty == TypeRef::String && !m.boxed;
    let setter = op
        .input
        .members
        .iter()
        .filter(is_string)
        .find(|m| m.required)
        .or_else(|| op.input.members.iter().find(is_string))
        .map(|m| {
            format!(
                "\n     .{}(\"example\")",
                crate::naming::ident_text(&m.field)
            )
        })
        .unwrap_or_default();
    let text = format!(
        " # Example\n\n ```no_run\n # async fn example(client: &{krate}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n let done = client\n     .{method}(){setter}\n     .wait(std::time::Duration::from_secs(300))\n     .await?;\n println!(\"{{:?}}\", done.output());\n # Ok(())\n # }}\n ```",
        method = w.method
    );
    let lines = text.lines().map(|l| quote!(#[doc = #l]));
    quote!(#(#lines)*)
}
