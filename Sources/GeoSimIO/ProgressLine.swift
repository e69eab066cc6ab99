import Foundation
import GeoSim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One progress line on a terminal's stderr, rewritten in place: what is done, of what
/// total, and an estimate of the time left (the rate so far, extrapolated). At most ten
/// redraws a second, whatever the thread reporting; the line is cleared when the job is
/// done. Plain text: no colour (so `NO_COLOR` has nothing to turn off), and nothing at
/// all unless stderr is a terminal whose `TERM` is not `dumb`.
final class ProgressLine: @unchecked Sendable {
    private let task: CommandIO.ProgressTask
    private let started = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?
    private let lock = NSLock()

    init(_ task: CommandIO.ProgressTask) { self.task = task }

    /// Whether progress lines may be drawn here.
    static var isWanted: Bool {
        isatty(2) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Reports `done` (runs, or simulated ns).
    func report(_ done: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        if let lastDrawn, now - lastDrawn < .milliseconds(100), !isFinished(done) { return }
        lastDrawn = now
        write(isFinished(done) ? "\r\u{1B}[K" : "\r" + Self.text(task, done: done, elapsed: now - started) + "\u{1B}[K")
    }

    private func isFinished(_ done: Int) -> Bool {
        switch task.measure {
        case .runs(let total, let atMost): return total > 0 && !atMost && done >= total
        case .simulatedTime: return false
        }
    }

    /// The line for `done` after `elapsed`: `geosim sweep: 12/64 runs, about 40s left`.
    static func text(_ task: CommandIO.ProgressTask, done: Int, elapsed: Duration) -> String {
        let (whole, fraction): (String, Double?)
        switch task.measure {
        case .runs(let total, let atMost):
            whole = total > 0 ? "\(done) of \(atMost ? "at most " : "")\(total) runs" : "\(done) runs"
            fraction = total > 0 ? Double(done) / Double(total) : nil
        case .simulatedTime(let total):
            let part = total > 0 ? Double(done) / Double(total) : 0
            whole = "\(DurationText.format(Nanoseconds(done))) of \(DurationText.format(total)) simulated (\(Int(part * 100))%)"
            fraction = part
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        guard let fraction, fraction > 0, fraction < 1, seconds >= 1 else { return "\(task.label): \(whole)" }
        let left = seconds * (1 - fraction) / fraction
        if case .runs(_, true) = task.measure { return "\(task.label): \(whole), at most about \(clock(left)) left" }
        return "\(task.label): \(whole), about \(clock(left)) left"
    }

    /// Seconds as `42s`, `3m05s` or `1h02m`.
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" + String(format: "%02ds", total % 60) }
        return "\(total / 3600)h" + String(format: "%02dm", (total % 3600) / 60)
    }

    private func write(_ text: String) {
        // Progress only: a failed write (a closed terminal) must not stop the job.
        try? OutputWriter.writeAll(Array(text.utf8), to: 2, path: "standard error")
    }
}
