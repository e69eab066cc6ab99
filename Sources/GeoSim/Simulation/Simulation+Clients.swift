// Clients: arrivals, attempts, timeouts, retries and completions.

extension Simulation {
    // MARK: - Clients

    func handleArrival(client index: Int) {
        guard now < scenario.duration else { return }
        var (isWrite, key) = clients[index].nextOperation()
        if scenario.locality == .row, clients[index].random.nextUnit() < scenario.localShare {
            key = layout.localKey(key, inRegion: clients[index].region)
        }
        pendingOperations += 1
        startAttempt(client: index, RetryState(issuedAt: now, isWrite: isWrite, key: key, attempts: 0, mayHaveApplied: false))
        if scenario.closedLoopClients == nil {
            queue.schedule(.arrival(client: Int32(index)), at: now +| clients[index].nextInterarrival())
        }
    }

    /// Starts an attempt of an operation through the client's current gateway.
    func startAttempt(client index: Int, _ state: RetryState) {
        let gateway = clients[index].gateway
        let sequence = clients[index].operations.start(
            .init(
                issuedAt: state.issuedAt, attemptStartedAt: now, isWrite: state.isWrite, state: .pending,
                attempt: state.attempts, mayHaveApplied: state.mayHaveApplied, gateway: Int32(gateway), key: state.key))
        let operation = OpenLoopClient.operationID(client: index, sequence: sequence)
        if let cache = scenario.cache, !state.isWrite, state.attempts == 0 {
            clients[index].operations.update(sequence) {
                $0.viaCache = true
                $0.lookupsLeft = Int32(max(cache.requestLookups, 1) - 1)
            }
            queue.schedule(.cacheLookup(client: Int32(index), sequence: sequence), at: now +| cache.roundTrip / 2)
        } else {
            if !state.isWrite, scenario.requestShape != .single {
                clients[index].operations.update(sequence) { $0.stepsLeft = scenario.requestShape.followingSteps }
            }
            if pools != nil {
                sendToStore(client: index, sequence: sequence)
            } else {
                send(from: clients[index].endpoint, to: gateway, .request(operation: operation, isWrite: state.isWrite, hops: 0), at: now)
            }
        }
        if !clients[index].timeoutCheckScheduled {
            clients[index].timeoutCheckScheduled = true
            queue.schedule(.timeoutCheck(client: Int32(index)), at: now +| scenario.operationTimeout)
        }
    }

    func handleTimeoutCheck(client index: Int) {
        while let (_, record) = clients[index].operations.oldestPending() {
            let deadline = record.attemptStartedAt +| scenario.operationTimeout
            if deadline > now {
                queue.schedule(.timeoutCheck(client: Int32(index)), at: deadline)
                return
            }
            clients[index].operations.retireOldest()
            // A gateway that lets an attempt time out may be down: try the next one.
            if clients[index].gateways.count > 1 {
                clients[index].gatewayCursor = (clients[index].gatewayCursor + 1) % clients[index].gateways.count
            }
            finishAttempt(client: index, record: record, outcome: .timedOut)
        }
        clients[index].timeoutCheckScheduled = false
    }

    enum AttemptOutcome { case ok, failed, timedOut }

    /// Ends an attempt: the operation completes, or is retried if attempts remain.
    func finishAttempt(client index: Int, record: OperationRing.Record, outcome: AttemptOutcome) {
        if recording { recordAttempt(client: index, record: record, outcome: outcome) }
        if outcome == .ok, !scenario.sessionGuarantees.isEmpty, record.servedTimestamp > sessionToken[index] {
            // The session's token: what later reads below the leaseholder must include.
            if record.isWrite ? scenario.sessionGuarantees.contains(.readYourWrites) : scenario.sessionGuarantees.contains(.monotonicReads) {
                sessionToken[index] = record.servedTimestamp
            }
        }
        if record.holdsConnection { releaseConnection(region: clients[index].region) }
        if record.holdsPoolerSlot { releasePoolerSlot() }
        let mayHaveApplied = record.mayHaveApplied || (outcome == .timedOut && record.isWrite)
        if outcome != .ok, Int(record.attempt) < scenario.retries {
            let attempts = record.attempt + 1
            let backoff = Double(scenario.retryBackoff) * Double(1 << min(Int(record.attempt), 10))
            // Full jitter spreads retries so clients do not return in lockstep.
            let pause = _roundedInt64(backoff * (0.5 + 0.5 * retryRandom.nextUnit()))
            queue.schedule(
                .retry(
                    client: Int32(index),
                    attempt: RetryState(
                        issuedAt: record.issuedAt, isWrite: record.isWrite, key: record.key, attempts: attempts, mayHaveApplied: mayHaveApplied)),
                at: now +| pause)
            return
        }
        pendingOperations -= 1
        if scenario.closedLoopClients != nil, now < scenario.duration {
            // The user thinks, then issues its next operation.
            queue.schedule(
                .arrival(client: Int32(index)),
                at: now +| max(1, cappedDraws.cap(scenario.thinkTime.sample(using: &clients[index].random), at: horizon, .thinkTime)))
        }
        let region = clients[index].region
        let latency = now - record.issuedAt
        let ok = outcome == .ok
        // A failed attempt after a timed-out one leaves the write's fate unknown.
        let unknown = outcome == .timedOut || (outcome == .failed && mayHaveApplied)
        outcomes.record(region: region, isWrite: record.isWrite, issuedAt: record.issuedAt, latency: latency, ok: ok, unknown: unknown)
        if scenario.timeline { timeline.record(region: region, isWrite: record.isWrite, ok: ok, unknown: unknown, latency: latency) }
    }

    func completeAtClient(operation: UInt64, ok: Bool) {
        let index = OpenLoopClient.client(of: operation)
        let sequence = OpenLoopClient.sequence(of: operation)
        // A late answer to an attempt the client already gave up on changes nothing.
        guard let record = clients[index].operations.record(sequence), record.state == .pending else { return }
        if ok, !record.isWrite, nextStep(client: index, sequence: sequence, record: record) { return }
        clients[index].operations.markDone(sequence)
        if let cache = scenario.cache, ok {
            let region = clients[index].region
            if record.isWrite {
                // The writer invalidates after its write commits: its own region's cache,
                // or every region's through a change stream.
                switch cache.invalidation {
                case .none: break
                case .local:
                    queue.schedule(.cacheInvalidate(region: Int32(region), key: record.key), at: now +| cache.roundTrip / 2)
                case .global:
                    // Raft ranges invalidate from their change stream, at commit
                    // (`carryOutEffects`); the other modes once the writer hears back.
                    guard primaries != nil || leaderless != nil else { break }
                    for other in 0..<(cacheLayer?.regionCount ?? 0) {
                        queue.schedule(.cacheInvalidate(region: Int32(other), key: record.key), at: now +| cache.invalidationLag)
                    }
                }
            } else if record.viaCache {
                // Cache-aside: the reader that missed sets what the store gave it.
                queue.schedule(
                    .cacheSet(region: Int32(region), key: record.key, timestamp: record.servedTimestamp, token: record.fillToken),
                    at: now +| cache.roundTrip / 2)
                if record.lookupsLeft > 0 {
                    // The request goes on with its next lookup: the attempt stays open.
                    clients[index].operations.update(sequence) { $0.state = .pending }
                    if nextLookup(client: index, sequence: sequence, record: record) { return }
                    clients[index].operations.markDone(sequence)
                }
            }
        }
        finishAttempt(client: index, record: record, outcome: ok ? .ok : .failed)
    }

    /// Request shapes: after a query answered, the request's next step goes out (the next
    /// dependent query, the batch, or the fan-out), or a fan-out waits for its last answer.
    /// Returns true while the request is still under way.
    func nextStep(client index: Int, sequence: UInt64, record: OperationRing.Record) -> Bool {
        if record.parallelPending > 1 {
            clients[index].operations.update(sequence) { $0.parallelPending -= 1 }
            return true
        }
        guard record.stepsLeft > 0 else { return false }
        let key = clients[index].nextOperation().key
        let operation = OpenLoopClient.operationID(client: index, sequence: sequence)
        var parallel: Int32 = 0
        if case .fanOut(let width) = scenario.requestShape { parallel = Int32(width) }
        clients[index].operations.update(sequence) {
            $0.stepsLeft -= 1
            $0.key = key
            $0.parallelPending = parallel
        }
        for _ in 0..<max(1, Int(parallel)) {
            send(from: clients[index].endpoint, to: Int(record.gateway), .request(operation: operation, isWrite: false, hops: 0), at: now)
        }
        return true
    }
}
