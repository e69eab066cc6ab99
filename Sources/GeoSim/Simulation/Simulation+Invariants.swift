// Every component's own invariants, checked together (debug builds and tests).

extension Simulation {
    /// How many events pass between two checks in debug builds: often enough to catch a
    /// broken state near its cause, rarely enough that tests stay fast.
    static let invariantCheckPeriod: UInt64 = 4096

    /// Asserts that every component's state is sound. Compiled out of release builds.
    func checkInvariants() {
        #if DEBUG
            let found = invariantViolations()
            assert(found.isEmpty, "at \(now) ns: " + found.joined(separator: "; "))
        #endif
    }

    /// What is wrong with any component's state, each prefixed with the component's name
    /// (empty when sound).
    func invariantViolations() -> [String] {
        var found: [String] = []
        func add(_ component: String, _ problems: [String]) { found += problems.map { "\(component): \($0)" } }
        add("NodeCPU", cpu.invariantViolations())
        add("Transport", transport.invariantViolations())
        add("FaultInjector", faults.invariantViolations())
        add("RaftRanges", ranges.invariantViolations())
        add("LeadershipStats", leadership.invariantViolations(in: ranges))
        add("NodeLiveness", liveness.invariantViolations())
        add("ElectionTimers", timers.invariantViolations())
        add("FollowerReads", followerReads.invariantViolations(in: ranges))
        add("ReadObservation", observation.invariantViolations())
        add("ClientDriver", driver.invariantViolations())
        add("OperationOutcomes", outcomes.invariantViolations())
        add("TimelineRecorder", timeline.invariantViolations())
        add("SlowOperationLog", slowOperations.invariantViolations())
        if let followerLag { add("FollowerLagSampler", followerLag.invariantViolations()) }
        if let pools { add("PoolGate", pools.invariantViolations()) }
        if let cacheLayer { add("CacheLayer", cacheLayer.invariantViolations()) }
        if let primaries { add("PrimaryReplication", primaries.invariantViolations()) }
        if let leaderless { add("LeaderlessCoordinator", leaderless.invariantViolations()) }
        if let recorder { add("HistoryRecorder", recorder.invariantViolations()) }
        if let disk {
            add("NodeDisk", disk.invariantViolations())
            add("HeldAcks", heldAcks.invariantViolations())
        }
        return found
    }
}
