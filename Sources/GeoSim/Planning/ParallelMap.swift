import Dispatch
import Foundation

/// Runs independent jobs on several threads and returns their results by index, so the
/// outcome is the same whatever the number of threads or the order they finish in.
/// One job runs on one thread from start to end (a simulation never spans threads).
public enum ParallelMap {
    /// `body(0) … body(count − 1)` on up to `jobs` threads; results in index order.
    /// `progress`, if given, is called (serialized, from worker threads) with the number of
    /// finished jobs after each one ends.
    public static func map<T: Sendable>(
        count: Int, jobs: Int, progress: (@Sendable (Int) -> Void)? = nil,
        _ body: @escaping @Sendable (Int) -> T
    ) -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(jobs, count))
        let collector = Collector<T>(count: count, progress: progress)
        if workers == 1 {
            while let index = collector.take() { collector.store(index, body(index)) }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let index = collector.take() { collector.store(index, body(index)) }
            }
        }
        return collector.results()
    }

    /// Hands out indices and stores results under a lock.
    private final class Collector<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [T?]
        private var next = 0
        private var finished = 0
        private let progress: (@Sendable (Int) -> Void)?

        init(count: Int, progress: (@Sendable (Int) -> Void)?) {
            slots = Array(repeating: nil, count: count)
            self.progress = progress
        }

        func take() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            // After Ctrl-C nothing new starts; the caller sees fewer results.
            guard next < slots.count, !Interruption.isRequested else { return nil }
            next += 1
            return next - 1
        }

        func store(_ index: Int, _ value: T) {
            lock.lock()
            defer { lock.unlock() }
            slots[index] = value
            finished += 1
            progress?(finished)
        }

        func results() -> [T] {
            lock.lock()
            defer { lock.unlock() }
            return slots.compactMap { $0 }
        }
    }
}
