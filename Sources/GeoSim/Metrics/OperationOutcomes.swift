/// How client operations ended, per client region: counts and latencies of writes and
/// reads, and availability over time — per 100 ms of issue time, whether something ended
/// ok (bit 0) and whether something failed or timed out (bit 1).
struct OperationOutcomes {
    /// The width of one availability step (ns).
    static let step: Nanoseconds = 100 * .millisecond
    private(set) var writes: [OperationStats]
    private(set) var reads: [OperationStats]
    private var writeFlags: [[UInt8]]
    private var readFlags: [[UInt8]]
    /// Every ok latency, when the scenario asks for exact figures (sweeps); nil otherwise.
    private(set) var exact: ExactLatencies?

    init(regions: Int, duration: Nanoseconds, exact: Bool = false) {
        self.exact = exact ? ExactLatencies() : nil
        writes = Array(repeating: OperationStats(), count: regions)
        reads = writes
        let steps = Int(duration / OperationOutcomes.step) + 1
        writeFlags = Array(repeating: Array(repeating: 0, count: steps), count: regions)
        readFlags = writeFlags
    }

    /// An operation issued at `issuedAt` from `region` ended after `latency` (ns): ok,
    /// failed, or with its effect unknown.
    mutating func record(region: Int, isWrite: Bool, issuedAt: Nanoseconds, latency: Nanoseconds, ok: Bool, unknown: Bool) {
        let step = Int(issuedAt / OperationOutcomes.step)
        if ok { exact?.record(isWrite: isWrite, latency) }
        if isWrite {
            if ok { writes[region].recordOK(latency: latency) } else if unknown { writes[region].unknown += 1 } else { writes[region].failed += 1 }
            if step < writeFlags[region].count { writeFlags[region][step] |= ok ? 1 : 2 }
        } else {
            if ok { reads[region].recordOK(latency: latency) } else if unknown { reads[region].unknown += 1 } else { reads[region].failed += 1 }
            if step < readFlags[region].count { readFlags[region][step] |= ok ? 1 : 2 }
        }
    }

    /// Per region, the longest stretch in which writes (reads) all failed or timed out.
    var longestWriteOutage: [Nanoseconds] { writeFlags.map(OperationOutcomes.longestOutage) }
    var longestReadOutage: [Nanoseconds] { readFlags.map(OperationOutcomes.longestOutage) }

    /// The longest run of steps with failures and no success (steps with no operations
    /// neither break nor extend a run that surrounds them) (ns).
    static func longestOutage(_ flags: [UInt8]) -> Nanoseconds {
        var longest = 0
        var runStart: Int?
        var lastBad = 0
        for (step, flag) in flags.enumerated() {
            if flag & 1 != 0 {
                if let start = runStart { longest = max(longest, lastBad - start + 1) }
                runStart = nil
            } else if flag & 2 != 0 {
                if runStart == nil { runStart = step }
                lastBad = step
            }
        }
        if let start = runStart { longest = max(longest, lastBad - start + 1) }
        return Int64(longest) * step
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        writes.contains { $0.failed < 0 || $0.unknown < 0 } || reads.contains { $0.failed < 0 || $0.unknown < 0 } ? ["negative outcome counts"] : []
    }
}
