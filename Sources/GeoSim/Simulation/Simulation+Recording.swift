// The liveness phase and the recorded history for geosim check (`HistoryRecorder`).

extension Simulation {
    // MARK: - Liveness phase and recording

    /// The liveness phase begins: every fault in force ends, and none starts later.
    /// With a heal core (`--heal majority`) only the faults that touch it end; the rest
    /// stay until the run ends.
    func healEveryFault() {
        let core = scenario.healCore.map { members in (0..<nodeCount).map { members.contains($0) } }
        for index in faults.activeIndices {
            if let core, !HealCore.touches(faults.faults[index], core: core, nodes: faults.nodes(of:)) { continue }
            handleFault(index: index, starting: false)
        }
        faults.heal(partially: core != nil)
    }

    /// One write to the first key of every range, from the client of the range's home
    /// region, each second of the liveness phase: evidence of progress for the checker.
    func probeEveryRange() {
        guard now < scenario.duration else { return }
        for range in layout.ranges.indices {
            let key = range * layout.keysPerRange
            guard key < max(scenario.keyCount, 1) else { continue }
            let client = min(probeRegion(home: layout.ranges[range].home), driver.clients.count - 1)
            driver.issued()
            startAttempt(client: client, RetryState(issuedAt: now, isWrite: true, key: key, attempts: 0, mayHaveApplied: false))
        }
        queue.schedule(.probe, at: now + .second)
    }

    /// The region whose client probes a range homed in `home`: the home, unless a heal
    /// core leaves it without a core node; then the first region with one.
    func probeRegion(home: Int) -> Int {
        guard let core = scenario.healCore else { return home }
        let regions = core.map { scenario.topology.nodes[$0].region }
        return regions.contains(home) ? home : regions.min() ?? home
    }

    /// Appends one finished attempt to the history.
    func recordAttempt(client index: Int, record: OperationRing.Record, outcome: AttemptOutcome) {
        guard recorder?.isFull == false else { return }
        let historyOutcome: HistoryOperation.Outcome =
            switch outcome {
            case .ok: .ok
            case .failed: .failed
            case .timedOut: .unknown
            }
        recorder?.recordAttempt(client: index, record, outcome: historyOutcome, now: now, scenario: scenario)
        if record.isWrite, outcome == .ok, let healAt = scenario.healAt, record.attemptStartedAt >= healAt {
            recorder?.noteProgressAfterHeal(range: layout.range(ofKey: record.key), now: now)
        }
    }

    /// A leader answered a strong read from its lease.
    func noteLeaseRead(replica: Int) {
        recorder?.leaseRead(range: ranges.range(of: replica), node: ranges.node(of: replica), term: ranges.replicas[replica].term, at: now)
    }
}
