//! Pairing the items of an old and a new list: by identity first, then, for
//! what is left, as renames when the evidence is clear.
//!
//! A rename is only claimed when exactly one removed item and exactly one
//! added item fit the evidence for each other; anything ambiguous stays a
//! removal and an addition, which is never wrong, only less helpful.

/// How the new items of a list relate to the old ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matching {
    /// For each new item, the old item it continues, and whether it was
    /// renamed (paired by evidence, not identity).
    pub new_to_old: Vec<Option<(usize, bool)>>,
    /// Old items nothing continues, in their order.
    pub removed: Vec<usize>,
}

/// Pairs `new` items with `old` ones: first those `same` says are the same
/// item (in order, each old item used once), then renames among the rest,
/// where `evidence(old, old_index, new, new_index)` holds for one pair only.
pub fn match_items<O, N>(
    old: &[O],
    new: &[N],
    same: impl Fn(&O, &N) -> bool,
    evidence: impl Fn(usize, usize) -> bool,
) -> Matching {
    let mut old_used = vec![false; old.len()];
    let mut new_to_old: Vec<Option<(usize, bool)>> = vec![None; new.len()];
    for (new_index, new_item) in new.iter().enumerate() {
        let found = old.iter().enumerate().find(|(i, old_item)| !old_used[*i] && same(old_item, new_item));
        if let Some((old_index, _)) = found {
            old_used[old_index] = true;
            new_to_old[new_index] = Some((old_index, false));
        }
    }

    let removed: Vec<usize> = (0..old.len()).filter(|&i| !old_used[i]).collect();
    let added: Vec<usize> = (0..new.len()).filter(|&i| new_to_old[i].is_none()).collect();
    let candidates: Vec<(usize, usize)> =
        removed.iter().flat_map(|&o| added.iter().map(move |&n| (o, n))).filter(|&(o, n)| evidence(o, n)).collect();
    for &(o, n) in &candidates {
        let old_alone = candidates.iter().filter(|&&(_, other)| other == n).count() == 1;
        let new_alone = candidates.iter().filter(|&&(other, _)| other == o).count() == 1;
        if old_alone && new_alone {
            old_used[o] = true;
            new_to_old[n] = Some((o, true));
        }
    }

    let removed = (0..old.len()).filter(|&i| !old_used[i]).collect();
    Matching { new_to_old, removed }
}

/// Whether two items of lists of names stand at the same place: the same
/// index, or the same neighbour before or after them.
pub fn same_position(old_names: &[&str], old_index: usize, new_names: &[&str], new_index: usize) -> bool {
    let neighbour = |names: &[&str], index: usize, step: isize| -> Option<String> {
        index.checked_add_signed(step).and_then(|i| names.get(i)).map(|name| name.to_string())
    };
    old_index == new_index
        || neighbour(old_names, old_index, -1).is_some_and(|n| Some(n) == neighbour(new_names, new_index, -1))
        || neighbour(old_names, old_index, 1).is_some_and(|n| Some(n) == neighbour(new_names, new_index, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_wins_and_a_clear_pair_is_a_rename() {
        let old = ["a", "b", "c"];
        let new = ["a", "x", "c"];
        let matching = match_items(&old, &new, |o, n| o == n, |_, _| true);
        assert_eq!(matching.new_to_old, vec![Some((0, false)), Some((1, true)), Some((2, false))]);
        assert!(matching.removed.is_empty());
    }

    #[test]
    fn ambiguous_evidence_claims_no_rename() {
        let old = ["a", "b"];
        let new = ["x", "y"];
        let matching = match_items(&old, &new, |o, n| o == n, |_, _| true);
        assert_eq!(matching.new_to_old, vec![None, None]);
        assert_eq!(matching.removed, vec![0, 1]);
    }

    #[test]
    fn position_is_index_or_neighbour() {
        assert!(same_position(&["a", "b"], 1, &["a", "c"], 1));
        assert!(same_position(&["a", "b"], 1, &["z", "a", "c"], 2));
        assert!(!same_position(&["a", "b"], 1, &["c", "d", "e"], 2));
    }
}
