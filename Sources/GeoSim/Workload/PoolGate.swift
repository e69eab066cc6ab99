/// The connection pools between clients and the store during a run: per client region an
/// application pool (size, FIFO wait, wait timeout), the store's connection limit, and an
/// optional transaction pooler whose server connections are held only while an operation
/// runs. An attempt passes the gate before it is sent to the store.
///
/// Invariants: per region, connections in use never exceed those opened (nor the pool
/// size); pooler connections in use never exceed the pooler's size.
struct PoolGate {
    /// An attempt waiting for a connection, since `since` (ns).
    struct Waiter {
        var client: Int
        var region: Int
        var sequence: UInt64
        var since: Nanoseconds
    }

    /// What the gate did with an attempt.
    enum Admission: Equatable {
        /// It holds a pool connection (and a pooler connection, when `pooler`): send it.
        case connected(pooler: Bool)
        /// It holds a pool connection and waits for a pooler connection.
        case waitingForPooler
        /// It waits for a pool connection (until the pool timeout).
        case waitingForConnection
        /// Opening a connection would pass the store's limit: it fails, never sent.
        case refused
    }

    let settings: PoolSettings
    private var inUse: [Int]
    private var opened: [Int]
    private var waiting: [FIFOQueue<Waiter>]
    private var lastChange: [Nanoseconds]
    private var storeOpen = 0
    private var poolerInUse = 0
    private var poolerWaiting = FIFOQueue<Waiter>()
    private(set) var stats: [PoolStats]

    init(settings: PoolSettings, regions: Int) {
        self.settings = settings
        inUse = Array(repeating: 0, count: regions)
        opened = Array(repeating: 0, count: regions)
        waiting = Array(repeating: FIFOQueue(), count: regions)
        lastChange = Array(repeating: 0, count: regions)
        stats = Array(repeating: PoolStats(), count: regions)
    }

    /// An attempt asks for a connection at `now`.
    mutating func admit(_ waiter: Waiter, now: Nanoseconds) -> Admission {
        if let size = settings.poolSize, inUse[waiter.region] >= size {
            waiting[waiter.region].append(waiter)
            return .waitingForConnection
        }
        return grant(waiter, now: now)
    }

    /// Gives `waiter` a pool connection at `now` (opening one if none is idle), then a
    /// pooler connection when a pooler stands in front of the store.
    mutating func grant(_ waiter: Waiter, now: Nanoseconds) -> Admission {
        let region = waiter.region
        account(region, now: now)
        if opened[region] <= inUse[region] {
            // No idle connection: open one, within the store's limit unless a pooler
            // stands in front of the store.
            if settings.poolerSize == nil, let limit = settings.maxConnections, storeOpen >= limit {
                stats[region].connectionLimitFailures += 1
                return .refused
            }
            opened[region] += 1
            if settings.poolerSize == nil { storeOpen += 1 }
        }
        inUse[region] += 1
        stats[region].poolWait.record(now - waiter.since)
        guard let poolerSize = settings.poolerSize else { return .connected(pooler: false) }
        if poolerInUse < poolerSize {
            grantPooler(Waiter(client: waiter.client, region: region, sequence: waiter.sequence, since: now), now: now)
            return .connected(pooler: true)
        }
        poolerWaiting.append(Waiter(client: waiter.client, region: region, sequence: waiter.sequence, since: now))
        return .waitingForPooler
    }

    /// Gives `waiter` a pooler connection at `now`.
    mutating func grantPooler(_ waiter: Waiter, now: Nanoseconds) {
        poolerInUse += 1
        stats[waiter.region].poolerWait.record(now - waiter.since)
    }

    /// An attempt of `region` gives its pool connection back; returns the first waiter
    /// still waiting (`isWaiting`), which the caller grants.
    mutating func release(region: Int, now: Nanoseconds, isWaiting: (Waiter) -> Bool) -> Waiter? {
        account(region, now: now)
        inUse[region] -= 1
        while let waiter = waiting[region].popFirst() {
            if isWaiting(waiter) { return waiter }
        }
        return nil
    }

    /// An attempt gives its pooler connection back; returns the first waiter still
    /// waiting (`isWaiting`), which the caller grants.
    mutating func releasePooler(isWaiting: (Waiter) -> Bool) -> Waiter? {
        poolerInUse -= 1
        while let waiter = poolerWaiting.popFirst() {
            if isWaiting(waiter) { return waiter }
        }
        return nil
    }

    /// An attempt of `region` waited longer than the pool timeout.
    mutating func timedOut(region: Int) { stats[region].poolTimeouts += 1 }

    /// Accounts the connections in use in `region` up to `now`, before a change.
    private mutating func account(_ region: Int, now: Nanoseconds) {
        stats[region].busyIntegral += Double(inUse[region]) * Double(now - lastChange[region])
        lastChange[region] = now
    }

    /// Each region's connection·ns in use from the start up to `now` (for per-second
    /// utilization). Accounting at more instants sums the same whole-number products, so
    /// the run's figures do not change.
    mutating func busyIntegrals(now: Nanoseconds) -> [Double] {
        for region in inUse.indices { account(region, now: now) }
        return stats.map(\.busyIntegral)
    }

    /// The figures at the end of the run (`now`).
    mutating func finish(now: Nanoseconds) -> [PoolStats] {
        for region in inUse.indices { account(region, now: now) }
        return stats
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        var problems: [String] = []
        for region in inUse.indices {
            if inUse[region] < 0 || inUse[region] > opened[region] {
                problems.append("region \(region): \(inUse[region]) connections in use of \(opened[region])")
            }
            if let size = settings.poolSize, inUse[region] > size { problems.append("region \(region): \(inUse[region]) in use above the pool size \(size)") }
        }
        if let size = settings.poolerSize, poolerInUse > size || poolerInUse < 0 { problems.append("\(poolerInUse) pooler connections in use of \(size)") }
        return problems
    }
}
