//! SL015: JSON examples that disagree with the tables of their type.

use super::Lint;

pub(super) fn disagreeing_examples(_lint: &mut Lint<'_>) {}
