//! Work over megabytes of files, split between this thread and a second one.

/// `work` applied to each of `items`, the results in the items' order. When their sizes add up
/// to `parallel_from` or more, the items are split between this thread and a second one, the
/// largest first, each to the side with less so far (a first migration at thousands of tables
/// is a few files of tens of megabytes: hashing or writing them is memory bandwidth, and this
/// machine has two cores).
pub(crate) fn map<T: Sync, R: Send>(
    items: &[T],
    size: impl Fn(&T) -> usize,
    parallel_from: usize,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let sizes: Vec<usize> = items.iter().map(size).collect();
    if sizes.iter().sum::<usize>() < parallel_from || items.len() < 2 {
        return items.iter().map(work).collect();
    }
    let mut largest_first: Vec<usize> = (0..items.len()).collect();
    largest_first.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let (mut here, mut there) = (Vec::new(), Vec::new());
    let (mut here_size, mut there_size) = (0, 0);
    for i in largest_first {
        if here_size <= there_size {
            here.push(i);
            here_size += sizes[i];
        } else {
            there.push(i);
            there_size += sizes[i];
        }
    }
    let run = |indices: Vec<usize>| -> Vec<(usize, R)> {
        indices.into_iter().map(|i| (i, work(&items[i]))).collect()
    };
    let done = std::thread::scope(|scope| {
        let there = scope.spawn(|| run(there));
        let mut done = run(here);
        done.extend(
            there
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        );
        done
    });
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (i, result) in done {
        slots[i] = Some(result);
    }
    slots
        .into_iter()
        .map(|slot| slot.expect("every item is worked on once"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_items_order_on_one_thread_or_two() {
        let items: Vec<usize> = vec![5, 1, 9, 3, 7, 7, 2];
        for parallel_from in [0, usize::MAX] {
            let doubled = super::map(&items, |&n| n, parallel_from, |&n| n * 2);
            assert_eq!(doubled, vec![10, 2, 18, 6, 14, 14, 4]);
        }
        assert!(super::map(&Vec::<usize>::new(), |&n| n, 0, |&n| n).is_empty());
    }
}
