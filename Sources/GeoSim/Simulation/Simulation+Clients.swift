// Clients: arrivals, attempts, timeouts, retries and completions (`ClientDriver`).

extension Simulation {
    // MARK: - Clients

    func handleArrival(client index: Int) {
        guard let (first, nextArrival) = driver.arrive(client: index, now: now) else { return }
        if transactions != nil {
            beginTransaction(client: index, first: first)
        } else {
            startAttempt(client: index, first)
        }
        if let nextArrival { queue.schedule(.arrival(client: Int32(index)), at: nextArrival) }
    }

    /// Starts an attempt of an operation through the client's current gateway.
    func startAttempt(client index: Int, _ state: RetryState) {
        let (sequence, needsTimeoutCheck) = driver.startAttempt(client: index, state, now: now)
        let operation = OpenLoopClient.operationID(client: index, sequence: sequence)
        if let cache = scenario.cache, !state.isWrite, state.attempts == 0 {
            driver.update(client: index, sequence: sequence) {
                $0.viaCache = true
                $0.lookupsLeft = Int32(max(cache.requestLookups, 1) - 1)
            }
            queue.schedule(.cacheLookup(client: Int32(index), sequence: sequence), at: now +| cache.roundTrip / 2)
        } else {
            if !state.isWrite, scenario.requestShape != .single {
                driver.update(client: index, sequence: sequence) { $0.stepsLeft = scenario.requestShape.followingSteps }
            }
            if usesPools {
                sendToStore(client: index, sequence: sequence)
            } else {
                send(
                    from: driver.clients[index].endpoint, to: driver.clients[index].gateway,
                    .request(ClientRequest(operation: operation, key: state.key, isWrite: state.isWrite, hops: 0)), at: now)
            }
        }
        if needsTimeoutCheck { queue.schedule(.timeoutCheck(client: Int32(index)), at: now +| scenario.operationTimeout) }
    }

    func handleTimeoutCheck(client index: Int) {
        while true {
            switch driver.expireOldest(client: index, now: now) {
            case .idle:
                return
            case .checkAgain(let deadline):
                queue.schedule(.timeoutCheck(client: Int32(index)), at: deadline)
                return
            case .expired(let record):
                finishAttempt(client: index, record: record, outcome: .timedOut)
            }
        }
    }

    typealias AttemptOutcome = ClientDriver.AttemptOutcome

    /// The client's record of attempt `operation`, read in place (calling a method of the
    /// driver would copy the driver first).
    @inline(__always)
    func attempt(of operation: UInt64) -> OperationRing.Record? {
        driver.clients[OpenLoopClient.client(of: operation)].operations.record(OpenLoopClient.sequence(of: operation))
    }

    /// Ends an attempt: the operation completes, or is retried if attempts remain.
    func finishAttempt(client index: Int, record: OperationRing.Record, outcome: AttemptOutcome) {
        if recording { recordAttempt(client: index, record: record, outcome: outcome) }
        driver.noteSession(client: index, record: record, outcome: outcome)
        if record.holdsConnection { releaseConnection(region: driver.clients[index].region) }
        if record.holdsPoolerSlot { releasePoolerSlot() }
        switch driver.settle(client: index, record: record, outcome: outcome, now: now) {
        case .retry(let next, let at):
            queue.schedule(.retry(client: Int32(index), attempt: next), at: at)
        case .ended(let nextArrival):
            if let nextArrival { queue.schedule(.arrival(client: Int32(index)), at: nextArrival) }
            let region = driver.clients[index].region
            let latency = now - record.issuedAt
            let ok = outcome == .ok
            // A failed attempt after a timed-out one leaves the write's fate unknown.
            let unknown = outcome == .timedOut || (outcome == .failed && record.mayHaveApplied)
            outcomes.record(region: region, isWrite: record.isWrite, issuedAt: record.issuedAt, latency: latency, ok: ok, unknown: unknown)
            // Alerts record the timeline, so a run without either pays one branch here.
            if recordsTimeline {
                timeline.record(region: region, isWrite: record.isWrite, ok: ok, unknown: unknown, latency: latency)
                if latency >= slowOperations.threshold { noteSlowOperation(client: index, record: record, outcome: outcome, latency: latency) }
            }
        }
    }

    func completeAtClient(operation: UInt64, ok: Bool) {
        let index = OpenLoopClient.client(of: operation)
        let sequence = OpenLoopClient.sequence(of: operation)
        // A late answer to an attempt the client already gave up on changes nothing.
        guard let record = driver.clients[index].operations.record(sequence), record.state == .pending else { return }
        if ok, !record.isWrite, nextStep(client: index, sequence: sequence, record: record) { return }
        driver.markDone(client: index, sequence: sequence)
        if let cache = scenario.cache, ok {
            if record.isWrite {
                invalidateAfterWrite(key: record.key, region: driver.clients[index].region, cache: cache)
            } else if record.viaCache {
                // Cache-aside: the reader that missed sets what the store gave it.
                countCacheTraffic(.fill, from: driver.clients[index].region, to: driver.clients[index].region)
                queue.schedule(
                    .cacheSet(region: Int32(driver.clients[index].region), key: record.key, timestamp: record.servedTimestamp, token: record.fillToken),
                    at: now +| cache.roundTrip / 2)
                if record.lookupsLeft > 0 {
                    // The request goes on with its next lookup: the attempt stays open.
                    driver.update(client: index, sequence: sequence) { $0.state = .pending }
                    if nextLookup(client: index, sequence: sequence, record: record) { return }
                    driver.markDone(client: index, sequence: sequence)
                }
            }
        }
        finishAttempt(client: index, record: record, outcome: ok ? .ok : .failed)
    }

    /// The writer invalidates after its write commits: its own region's cache, or every
    /// region's through a change stream.
    func invalidateAfterWrite(key: Int, region: Int, cache: CacheSettings) {
        switch cache.invalidation {
        case .none: break
        case .local:
            countCacheTraffic(.invalidation, from: region, to: region)
            queue.schedule(.cacheInvalidate(region: Int32(region), key: key), at: now +| cache.roundTrip / 2)
        case .global:
            // Raft ranges invalidate from their change stream, at commit (`committed`); the
            // other modes once the writer hears back.
            guard mode != .raft else { break }
            for other in 0..<(cacheLayer?.regionCount ?? 0) {
                countCacheTraffic(.invalidation, from: region, to: other)
                queue.schedule(.cacheInvalidate(region: Int32(other), key: key), at: now +| cache.invalidationLag)
            }
        }
    }

    /// Request shapes: after a query answered, the request's next step goes out (the next
    /// dependent query, the batch, or the fan-out), or a fan-out waits for its last answer.
    /// Returns true while the request is still under way.
    func nextStep(client index: Int, sequence: UInt64, record: OperationRing.Record) -> Bool {
        let (queries, key, done) = driver.nextStep(client: index, sequence: sequence, record: record)
        guard !done else { return false }
        let operation = OpenLoopClient.operationID(client: index, sequence: sequence)
        for _ in 0..<queries {
            send(
                from: driver.clients[index].endpoint, to: Int(record.gateway), .request(ClientRequest(operation: operation, key: key, isWrite: false, hops: 0)),
                at: now)
        }
        return true
    }
}
