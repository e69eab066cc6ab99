// The liveness phase and the recorded history for geosim check.

extension Simulation {
    // MARK: - Liveness phase and recording

    /// The liveness phase begins: every fault in force ends, and none starts later.
    func healEveryFault() {
        for index in faults.activeIndices { handleFault(index: index, starting: false) }
        faults.heal()
    }

    /// One write to the first key of every range, from the client of the range's home
    /// region, each second of the liveness phase: evidence of progress for the checker.
    func probeEveryRange() {
        guard now < scenario.duration else { return }
        for range in layout.ranges.indices {
            let key = range * layout.keysPerRange
            guard key < max(scenario.keyCount, 1) else { continue }
            let client = min(layout.ranges[range].home, clients.count - 1)
            pendingOperations += 1
            startAttempt(client: client, RetryState(issuedAt: now, isWrite: true, key: key, attempts: 0, mayHaveApplied: false))
        }
        queue.schedule(.probe, at: now + .second)
    }

    /// Appends one finished attempt to the history. Requests of several queries are not
    /// recorded: they read several keys.
    func recordAttempt(client index: Int, record: OperationRing.Record, outcome: AttemptOutcome) {
        guard history.operations.count < scenario.limits.historyOperations else { return }
        if !record.isWrite, scenario.requestShape != .single || (scenario.cache?.requestLookups ?? 1) > 1 { return }
        let kind: HistoryOperation.Kind = record.isWrite ? .write : .read
        var mode = HistoryOperation.Mode.strong
        var bound: Nanoseconds?
        if !record.isWrite {
            if record.servedByCache, let cache = scenario.cache {
                mode = .cache
                bound = CacheLayer.policyBound(cache, scenario: scenario)
            } else {
                switch scenario.readMode {
                case .strong: mode = .strong
                case .nearest: mode = .nearest
                case .exact:
                    mode = .exact
                    bound = scenario.exactStaleness
                case .bounded:
                    mode = .bounded
                    bound = scenario.maxStaleness
                }
            }
        }
        let historyOutcome: HistoryOperation.Outcome
        switch outcome {
        case .ok: historyOutcome = .ok
        case .failed: historyOutcome = .failed
        case .timedOut: historyOutcome = .unknown
        }
        // A write never proposed has no value; it cannot have taken effect either.
        let value = record.servedTimestamp == Int64.min ? (record.isWrite ? -1 - Int64(history.operations.count) : 0) : record.servedTimestamp
        history.operations.append(
            HistoryOperation(
                client: index, key: record.key, kind: kind, invoked: record.attemptStartedAt,
                completed: outcome == .timedOut ? nil : now, outcome: historyOutcome, value: value, mode: mode, bound: bound))
        if record.isWrite, outcome == .ok, let healAt = scenario.healAt, record.attemptStartedAt >= healAt {
            let range = layout.range(ofKey: record.key)
            if history.firstProgressAfterHeal[range] == nil { history.firstProgressAfterHeal[range] = now }
        }
    }

    /// A leader answered a strong read from its lease.
    func noteLeaseRead(replica: Int) {
        history.leaseReads.append(
            .init(
                range: ranges.range(of: replica), node: ranges.node(of: replica),
                term: ranges.replicas[replica].term, at: now))
    }

    /// Replica `replica` applies its committed entries through `last` to its own state
    /// machine, from its own log.
    func apply(replica: Int, range: Int, through last: UInt64) {
        var index = appliedThrough[replica] + 1
        while index <= last {
            if let term = ranges.replicas[replica].term(at: index),
                let payload = entryPayloads[EntryID(range: Int32(range), index: index, term: term)]
            {
                appliedValues[replica][payload.key, default: []].append(payload.value)
            }
            index += 1
        }
        appliedThrough[replica] = max(appliedThrough[replica], last)
    }

    /// The value replica `replica` holds for `key`: its latest applied, or the latest at or
    /// below `readTimestamp`; 0 (the initial value) when none. A value whose commit wait
    /// has not ended is not yet visible (a read at a timestamp below it would wait out
    /// the uncertainty, as CockroachDB's do).
    func appliedValue(at replica: Int, key: Int, atOrBelow readTimestamp: Nanoseconds?) -> Int64 {
        guard let values = appliedValues[replica][key] else { return 0 }
        var best: Int64 = 0
        for value in values where value > best && value <= (readTimestamp ?? Int64.max) && (visibleAt[KeyVersion(key: key, value: value)] ?? 0) <= now {
            best = value
        }
        return best
    }

    /// The history, completed with each range's final leader's applied values.
    func finishHistory() -> RunHistory {
        var result = history
        result.endedAt = now
        result.raftViolations = checkers.flatMap(\.violations)
        result.finalValues = layout.ranges.indices.map { range in
            guard let leader = currentLeader(ofRange: range) else { return nil }
            var values: [Int64] = []
            for (_, applied) in appliedValues[leader] { values += applied }
            // Entries in the final leader's log that it has not applied yet count too: a
            // leader that just took over (say by a transfer to the preferred replica) holds
            // every committed entry but applies them only once its own term's first entry
            // commits, which the end of the run may cut short.
            let last = ranges.replicas[leader].lastIndex
            var index = appliedThrough[leader] + 1
            while index <= last {
                if let term = ranges.replicas[leader].term(at: index),
                    let payload = entryPayloads[EntryID(range: Int32(range), index: index, term: term)]
                {
                    values.append(payload.value)
                }
                index += 1
            }
            return values.sorted()
        }
        return result
    }
}
