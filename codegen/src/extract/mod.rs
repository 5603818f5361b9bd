use crate::{diagnostics::Diagnostics, ir::Api, reader::DocumentTree, source::Spec};
pub fn extract(_spec: &Spec, _tree: &DocumentTree, _d: &mut Diagnostics) -> Api {
    Api::default()
}
