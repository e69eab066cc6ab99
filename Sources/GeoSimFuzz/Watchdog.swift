import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The hang guard: a thread that ends the process with exit status 3 when one input runs
/// longer than its budget. The input is already on disk (the driver saves it first), and
/// the message names that file.
final class Watchdog: Sendable {
    /// When the current input started (monotonic ns), or 0 between inputs.
    private let armedAt = Atomic<UInt64>(0)
    private let budget: UInt64
    /// Which input file the message names; set per target.
    private let note = Mutex<String>("")

    init(budgetSeconds: Double) {
        budget = UInt64(budgetSeconds * 1e9)
    }

    /// Starts the watching thread.
    func start() {
        let thread = Thread { [self] in self.watch() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    func describe(_ text: String) { note.withLock { $0 = text } }

    func arm() { armedAt.store(Watchdog.now(), ordering: .releasing) }
    func disarm() { armedAt.store(0, ordering: .releasing) }

    private func watch() {
        while true {
            usleep(50_000)
            let started = armedAt.load(ordering: .acquiring)
            guard started != 0, Watchdog.now() &- started > budget else { continue }
            let text = note.withLock { $0 }
            FileHandle.standardError.write(Data("geosim-fuzz: HANG: one input ran longer than \(Double(budget) / 1e9) s; \(text)\n".utf8))
            exit(3)
        }
    }

    /// Monotonic nanoseconds.
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
