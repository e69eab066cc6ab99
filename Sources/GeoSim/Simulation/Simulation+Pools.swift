// Connection pools and the pooler in front of the store.

extension Simulation {
    // MARK: - Connection pools

    /// Sends an attempt to the store through the pools: an application-pool connection
    /// (waiting for one if all are busy), then, with a transaction pooler, a server
    /// connection for the transaction.
    func sendToStore(client index: Int, sequence: UInt64) {
        let region = clients[index].region
        if let size = scenario.pools.poolSize, (pools?.inUse[region] ?? 0) >= size {
            pools?.waiting[region].append(.init(client: index, sequence: sequence, since: now))
            clients[index].operations.update(sequence) { $0.waitingForConnection = true }
            queue.schedule(.poolTimeout(client: Int32(index), sequence: sequence), at: now +| scenario.pools.poolTimeout)
            return
        }
        grantConnection(client: index, sequence: sequence, waitingSince: now)
    }

    func grantConnection(client index: Int, sequence: UInt64, waitingSince: Nanoseconds) {
        let region = clients[index].region
        pools?.account(region, now: now)
        if (pools?.opened[region] ?? 0) <= (pools?.inUse[region] ?? 0) {
            // No idle connection: open one, within the store's limit unless a pooler
            // stands in front of the store.
            if scenario.pools.poolerSize == nil, let limit = scenario.pools.maxConnections, (pools?.storeOpen ?? 0) >= limit {
                pools?.stats[region].connectionLimitFailures += 1
                failBeforeSending(client: index, sequence: sequence)
                return
            }
            pools?.opened[region] += 1
            if scenario.pools.poolerSize == nil { pools?.storeOpen += 1 }
        }
        pools?.inUse[region] += 1
        pools?.stats[region].poolWait.record(now - waitingSince)
        clients[index].operations.update(sequence) {
            $0.holdsConnection = true
            $0.waitingForConnection = false
        }
        if let poolerSize = scenario.pools.poolerSize {
            if (pools?.poolerInUse ?? 0) < poolerSize {
                grantPoolerSlot(client: index, sequence: sequence, waitingSince: now)
            } else {
                pools?.poolerWaiting.append(.init(client: index, sequence: sequence, since: now))
            }
            return
        }
        dispatchToStore(client: index, sequence: sequence)
    }

    func grantPoolerSlot(client index: Int, sequence: UInt64, waitingSince: Nanoseconds) {
        pools?.poolerInUse += 1
        pools?.stats[clients[index].region].poolerWait.record(now - waitingSince)
        clients[index].operations.update(sequence) { $0.holdsPoolerSlot = true }
        dispatchToStore(client: index, sequence: sequence)
    }

    func dispatchToStore(client index: Int, sequence: UInt64) {
        guard let record = clients[index].operations.record(sequence), record.state == .pending else { return }
        let operation = OpenLoopClient.operationID(client: index, sequence: sequence)
        send(from: clients[index].endpoint, to: Int(record.gateway), .request(operation: operation, isWrite: record.isWrite, hops: 0), at: now)
    }

    /// Ends an attempt that never reached the store: known not applied.
    func failBeforeSending(client index: Int, sequence: UInt64) {
        guard let record = clients[index].operations.record(sequence), record.state == .pending else { return }
        clients[index].operations.markDone(sequence)
        finishAttempt(client: index, record: record, outcome: .failed)
    }

    func releaseConnection(region: Int) {
        pools?.account(region, now: now)
        pools?.inUse[region] -= 1
        while let waiter = pools?.popWaiter(region) {
            guard let record = clients[waiter.client].operations.record(waiter.sequence),
                record.state == .pending, record.waitingForConnection
            else { continue }
            grantConnection(client: waiter.client, sequence: waiter.sequence, waitingSince: waiter.since)
            return
        }
    }

    func releasePoolerSlot() {
        pools?.poolerInUse -= 1
        while let waiter = pools?.popPoolerWaiter() {
            guard let record = clients[waiter.client].operations.record(waiter.sequence), record.state == .pending else { continue }
            grantPoolerSlot(client: waiter.client, sequence: waiter.sequence, waitingSince: waiter.since)
            return
        }
    }

    /// An operation waited for a pool connection longer than the pool timeout: it fails.
    func poolTimedOut(client index: Int, sequence: UInt64) {
        guard let record = clients[index].operations.record(sequence), record.state == .pending, record.waitingForConnection else { return }
        clients[index].operations.update(sequence) { $0.waitingForConnection = false }
        pools?.stats[clients[index].region].poolTimeouts += 1
        failBeforeSending(client: index, sequence: sequence)
    }
}
