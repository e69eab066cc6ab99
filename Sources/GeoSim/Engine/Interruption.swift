import Synchronization

/// A request to stop (Ctrl-C): the executable's SIGINT handler sets it; runs stop at
/// their next check (every 1024 events), parallel runners start nothing new, and the
/// command exits 130 without writing its outputs (files are only ever written whole, by
/// renaming a finished temporary file, so nothing partial is left under a final name).
public enum Interruption {
    private static let flag = Atomic<Bool>(false)

    /// Asks everything under way to stop. Async-signal-safe (one atomic store).
    public static func request() {
        flag.store(true, ordering: .relaxed)
    }

    /// Whether a stop was asked for.
    @inline(__always)
    public static var isRequested: Bool {
        flag.load(ordering: .relaxed)
    }
}
