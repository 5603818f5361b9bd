//! The `tracing` span of a request: its fields, and no secret in it.
//!
//! A binary of its own: `tracing` caches per call site whether anyone
//! listens, and a test on another thread reaching the call site while this
//! one installs its subscriber can cache "nobody" for good.

mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use codegen_runtime::*;
use common::*;

/// A span's name and its fields as recorded (name, value), in order.
type SpanRecord = (String, Vec<(String, String)>);

/// A `tracing` subscriber keeping every span's fields and every event's.
#[derive(Default)]
struct Recorder {
    next: AtomicU64,
    spans: Mutex<HashMap<u64, SpanRecord>>,
    events: Mutex<Vec<String>>,
}

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_string(), format!("{value:?}")));
    }
}

struct Handle(Arc<Recorder>);

impl tracing::Subscriber for Handle {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let id = self.0.next.fetch_add(1, Ordering::SeqCst) + 1;
        let mut fields = Vec::new();
        attributes.record(&mut Fields(&mut fields));
        self.0.spans.lock().unwrap().insert(id, (attributes.metadata().name().to_string(), fields));
        tracing::span::Id::from_u64(id)
    }

    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        if let Some((_, fields)) = self.0.spans.lock().unwrap().get_mut(&span.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.0.events.lock().unwrap().push(format!("{fields:?}"));
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn tracing_spans_carry_the_template_and_no_secret() {
    let recorder = Arc::new(Recorder::default());
    let _guard = tracing::subscriber::set_default(Handle(recorder.clone()));
    let server = serve(|_| ok(serde_json::json!({}))).await;
    let transport = builder(&server)
        .api_key(ApiKey::new("s3cr3t-key"))
        .bearer(Bearer::new("t0k3n"))
        .build_transport::<UntypedBody>()
        .unwrap();
    let request = Request::new(Method::GET, "/things/{id}")
        .path_param("id", "thing-xyz")
        .unwrap()
        .security(&[&[QUERY_KEY, BEARER]]);
    transport.execute(request).await.unwrap();
    let spans = recorder.spans.lock().unwrap();
    let (_, fields) = spans.values().find(|(name, _)| name == "request").expect("a request span");
    let field = |name: &str| fields.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value.clone());
    assert_eq!(field("method").as_deref(), Some("GET"));
    assert_eq!(field("path").as_deref(), Some("\"/things/{id}\""));
    assert_eq!(field("status").as_deref(), Some("200"));
    assert_eq!(field("attempt").as_deref(), Some("1"));
    assert!(field("duration_ms").is_some());
    let everything = format!("{spans:?} {:?}", recorder.events.lock().unwrap());
    for secret in ["s3cr3t-key", "t0k3n", "thing-xyz"] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
    }
}
