//! One thread beside the main one, for work the main thread needs later.
//!
//! Analysis has a critical path, the main thread (loading, extraction), and
//! pieces of work that need only the document tree (the checks of the text,
//! what the code samples show of authentication, ...). Each piece on a thread
//! of its own would be simpler, but on a machine of two cores several such
//! threads at once take turns with the main thread, which then waits a
//! scheduler's time slice at a time. A lane runs them one after the other, in
//! the order they were given, on a single thread.

use std::sync::mpsc;

type Job<'env> = Box<dyn FnOnce() + Send + 'env>;

/// The queue of a running lane; see [`with_lane`].
pub struct Lane<'env> {
    jobs: mpsc::Sender<Job<'env>>,
}

/// The result of a piece of work given to a lane.
pub struct Pending<T> {
    result: mpsc::Receiver<T>,
}

/// Runs `body` with a lane beside it; returns once the lane has done all it
/// was given. A panic on the lane goes on in the caller.
pub fn with_lane<'env, R>(body: impl FnOnce(&Lane<'env>) -> R) -> R {
    std::thread::scope(|scope| {
        let (jobs, queue) = mpsc::channel::<Job<'env>>();
        scope.spawn(move || {
            for job in queue {
                job();
            }
        });
        let lane = Lane { jobs };
        let result = body(&lane);
        // Dropping the lane ends its queue: the thread finishes what it
        // holds, and the scope waits for it.
        drop(lane);
        result
    })
}

impl std::fmt::Debug for Lane<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lane").finish_non_exhaustive()
    }
}

impl<T> std::fmt::Debug for Pending<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending").finish_non_exhaustive()
    }
}

impl<'env> Lane<'env> {
    /// Queues `work` behind what the lane already holds.
    pub fn run<T: Send + 'env>(&self, work: impl FnOnce() -> T + Send + 'env) -> Pending<T> {
        let (sender, result) = mpsc::sync_channel(1);
        // Sending fails only when the lane's thread is gone, which a panic on
        // it causes; `Pending::wait` then says so and the scope passes the
        // panic on.
        let _ = self.jobs.send(Box::new(move || {
            let _ = sender.send(work());
        }));
        Pending { result }
    }
}

impl<T> Pending<T> {
    /// The result, once the lane has worked it out; `None` when the work
    /// panicked.
    pub fn wait(self) -> Option<T> {
        self.result.recv().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_runs_in_order_beside_the_caller_and_borrows_from_it() {
        let text = String::from("abc");
        let order = std::sync::Mutex::new(Vec::new());
        let (first, second, own) = with_lane(|lane| {
            let first = lane.run(|| {
                order.lock().unwrap().push(1);
                text.len()
            });
            let second = lane.run(|| {
                order.lock().unwrap().push(2);
                text.to_uppercase()
            });
            let own = std::thread::current().id();
            (first.wait(), second.wait(), own)
        });
        assert_eq!((first, second.as_deref()), (Some(3), Some("ABC")));
        assert_eq!(*order.lock().unwrap(), [1, 2]);
        assert_eq!(own, std::thread::current().id(), "the body runs on the caller's thread");
    }

    #[test]
    fn the_lane_finishes_what_nobody_waited_for() {
        let done = std::sync::atomic::AtomicBool::new(false);
        with_lane(|lane| {
            let _ = lane.run(|| done.store(true, std::sync::atomic::Ordering::SeqCst));
        });
        assert!(done.load(std::sync::atomic::Ordering::SeqCst));
    }

    #[test]
    fn a_panic_on_the_lane_reaches_the_caller() {
        let outcome = std::panic::catch_unwind(|| {
            with_lane(|lane| {
                let pending = lane.run(|| -> usize { panic!("on the lane") });
                assert_eq!(pending.wait(), None);
            })
        });
        assert!(outcome.is_err());
    }
}
