// Connection pools and the pooler in front of the store (`PoolGate`).

extension Simulation {
    // MARK: - Connection pools

    /// Sends an attempt to the store through the pools: an application-pool connection
    /// (waiting for one if all are busy), then, with a transaction pooler, a server
    /// connection for the transaction.
    func sendToStore(client index: Int, sequence: UInt64) {
        let waiter = PoolGate.Waiter(client: index, region: driver.clients[index].region, sequence: sequence, since: now)
        guard let admission = pools?.admit(waiter, now: now) else { return }
        admitted(waiter, admission)
    }

    /// Carries out what the gate decided for an attempt.
    func admitted(_ waiter: PoolGate.Waiter, _ admission: PoolGate.Admission) {
        let index = waiter.client
        let sequence = waiter.sequence
        switch admission {
        case .waitingForConnection:
            driver.update(client: index, sequence: sequence) { $0.waitingForConnection = true }
            queue.schedule(.poolTimeout(client: Int32(index), sequence: sequence), at: now +| scenario.pools.poolTimeout)
        case .refused:
            failBeforeSending(client: index, sequence: sequence)
        case .waitingForPooler:
            driver.update(client: index, sequence: sequence) {
                $0.holdsConnection = true
                $0.waitingForConnection = false
            }
        case .connected(let pooler):
            driver.update(client: index, sequence: sequence) {
                $0.holdsConnection = true
                $0.waitingForConnection = false
                $0.holdsPoolerSlot = pooler
            }
            dispatchToStore(client: index, sequence: sequence)
        }
    }

    func dispatchToStore(client index: Int, sequence: UInt64) {
        guard let record = driver.clients[index].operations.record(sequence), record.state == .pending else { return }
        let operation = OpenLoopClient.operationID(client: index, sequence: sequence)
        if now > record.attemptStartedAt {
            let waited = Int32(clamping: (now - record.attemptStartedAt) / .microsecond)
            driver.update(client: index, sequence: sequence) { $0.poolWaitMicros = waited }
        }
        send(
            from: driver.clients[index].endpoint, to: Int(record.gateway),
            .request(ClientRequest(operation: operation, key: record.key, isWrite: record.isWrite, hops: 0)), at: now)
    }

    /// Ends an attempt that never reached the store: known not applied.
    func failBeforeSending(client index: Int, sequence: UInt64) {
        guard let record = driver.clients[index].operations.record(sequence), record.state == .pending else { return }
        driver.markDone(client: index, sequence: sequence)
        finishAttempt(client: index, record: record, outcome: .failed)
    }

    func releaseConnection(region: Int) {
        let next = pools?.release(region: region, now: now) { waiter in
            guard let record = driver.clients[waiter.client].operations.record(waiter.sequence) else { return false }
            return record.state == .pending && record.waitingForConnection
        }
        guard let waiter = next, let admission = pools?.grant(waiter, now: now) else { return }
        admitted(waiter, admission)
    }

    func releasePoolerSlot() {
        let next = pools?.releasePooler { waiter in
            driver.clients[waiter.client].operations.record(waiter.sequence)?.state == .pending
        }
        guard let waiter = next else { return }
        pools?.grantPooler(waiter, now: now)
        driver.update(client: waiter.client, sequence: waiter.sequence) { $0.holdsPoolerSlot = true }
        dispatchToStore(client: waiter.client, sequence: waiter.sequence)
    }

    /// An operation waited for a pool connection longer than the pool timeout: it fails.
    func poolTimedOut(client index: Int, sequence: UInt64) {
        guard let record = driver.clients[index].operations.record(sequence), record.state == .pending, record.waitingForConnection else { return }
        driver.update(client: index, sequence: sequence) { $0.waitingForConnection = false }
        pools?.timedOut(region: driver.clients[index].region)
        failBeforeSending(client: index, sequence: sequence)
    }
}
