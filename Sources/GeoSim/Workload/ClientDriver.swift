/// The clients, one per region: when operations arrive (open-loop Poisson, or closed-loop
/// users who think between operations), each attempt's bookkeeping, timeouts that move
/// the client to its next gateway, retries with exponential backoff and full jitter, the
/// session tokens of read-your-writes and monotonic reads, and request shapes.
///
/// Invariant: `pendingOperations` counts the operations issued and not yet ended (it is
/// never negative).
struct ClientDriver {
    /// How an attempt ended.
    enum AttemptOutcome { case ok, failed, timedOut }

    /// What follows an attempt's end.
    enum Settlement {
        /// Another attempt, at the given time.
        case retry(RetryState, at: Nanoseconds)
        /// The operation ended; a closed-loop user issues the next one at `nextArrival`.
        case ended(nextArrival: Nanoseconds?)
    }

    /// What a timeout check found.
    enum Expiry {
        /// The oldest pending attempt's deadline passed: it is retired.
        case expired(OperationRing.Record)
        /// The oldest pending attempt times out at this instant.
        case checkAgain(at: Nanoseconds)
        /// No attempt is pending.
        case idle
    }

    private(set) var clients: [OpenLoopClient]
    /// Operations issued and not yet ended (attempts and retries included).
    private(set) var pendingOperations = 0
    /// Per client (session), the highest version timestamp its guarantees oblige reads
    /// to see (ns).
    private(set) var sessionToken: [Nanoseconds]
    private var retryRandom: RandomStream
    private(set) var capped = CappedDraws()
    private let settings: Settings
    /// The ranges' layout, for row locality's local keys (nil otherwise).
    private let layout: RangeLayout?
    private let horizon: Nanoseconds

    /// What the driver needs of the scenario: scalars only, so the driver stays cheap to
    /// reach from the simulation.
    struct Settings {
        var duration: Nanoseconds
        /// Users per region of a closed loop; nil: open loop.
        var closedLoopUsers: Int?
        var thinkTime: Distribution
        var localShare: Double
        var operationTimeout: Nanoseconds
        var retries: Int
        var retryBackoff: Nanoseconds
        var sessionGuarantees: SessionGuarantees
        var requestShape: Scenario.RequestShape

        init(_ scenario: Scenario) {
            duration = scenario.duration
            closedLoopUsers = scenario.closedLoopClients
            thinkTime = scenario.thinkTime
            localShare = scenario.localShare
            operationTimeout = scenario.operationTimeout
            retries = scenario.retries
            retryBackoff = scenario.retryBackoff
            sessionGuarantees = scenario.sessionGuarantees
            requestShape = scenario.requestShape
        }
    }

    init(scenario: Scenario, layout: RangeLayout, horizon: Nanoseconds) {
        clients = ClientDriver.makeClients(scenario)
        sessionToken = Array(repeating: Int64.min, count: clients.count)
        retryRandom = RandomStream(seed: scenario.seed, component: "retry")
        settings = Settings(scenario)
        self.layout = scenario.locality == .row ? layout : nil
        self.horizon = horizon
    }

    /// One client per region, in the zone of its region's first node, trying that zone's
    /// nodes first as gateways.
    static func makeClients(_ scenario: Scenario) -> [OpenLoopClient] {
        let topology = scenario.topology
        let regionCount = topology.regions.count
        let perClientRate = scenario.rate / Double(regionCount)
        let keys = KeyChooser(keyCount: scenario.keyCount, popularity: scenario.keyPopularity)
        return (0..<regionCount).map { region in
            let inRegion = topology.nodes.indices.filter { topology.nodes[$0].region == region }
            let zone = inRegion.first.map { topology.nodes[$0].zone } ?? 0
            let gateways = inRegion.filter { topology.nodes[$0].zone == zone } + inRegion.filter { topology.nodes[$0].zone != zone }
            return OpenLoopClient(
                region: region, endpoint: topology.nodes.count + region, gateways: gateways.isEmpty ? [0] : gateways,
                meanInterarrival: perClientRate > 0 ? 1e9 / perClientRate : .infinity,
                writeFraction: scenario.writeFraction, keys: keys,
                random: RandomStream(seed: scenario.seed, component: "client", index: region))
        }
    }

    /// The first arrival of every user (closed loop) or client (open loop).
    mutating func firstArrivals() -> [(client: Int, at: Nanoseconds)] {
        var arrivals: [(client: Int, at: Nanoseconds)] = []
        if let users = settings.closedLoopUsers {
            // Closed loop: each region's users start after a first think time.
            for client in clients.indices {
                for _ in 0..<users { arrivals.append((client, max(1, thinkTime(client)))) }
            }
        } else {
            for client in clients.indices where clients[client].meanInterarrival.isFinite {
                arrivals.append((client, clients[client].nextInterarrival()))
            }
        }
        return arrivals
    }

    private mutating func thinkTime(_ client: Int) -> Nanoseconds {
        capped.cap(settings.thinkTime.sample(using: &clients[client].random), at: horizon, .thinkTime)
    }

    /// Client `client` issues an operation at `now`: its first attempt's state, and when
    /// the next open-loop arrival comes. Nil once the run's duration has passed.
    @inline(__always)
    mutating func arrive(client index: Int, now: Nanoseconds) -> (first: RetryState, nextArrival: Nanoseconds?)? {
        guard now < settings.duration else { return nil }
        var (isWrite, key) = clients[index].nextOperation()
        if let layout, clients[index].random.nextUnit() < settings.localShare {
            key = layout.localKey(key, inRegion: clients[index].region)
        }
        pendingOperations += 1
        let next = settings.closedLoopUsers == nil ? now +| clients[index].nextInterarrival() : nil
        return (RetryState(issuedAt: now, isWrite: isWrite, key: key, attempts: 0, mayHaveApplied: false), next)
    }

    /// Transactions: `count` distinct keys for `client`, starting with `first`, drawn as
    /// its single keys are (the keyspace holds at least `count`).
    mutating func drawKeys(client index: Int, count: Int, first: Int) -> [Int] {
        var keys = [first]
        while keys.count < count {
            let key = clients[index].keys.next(using: &clients[index].random)
            if !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

    /// Transactions: a transaction issued by the arrival process ended for good.
    mutating func transactionEnded() { pendingOperations -= 1 }

    /// Transactions: the pause before retry number `attempt` (1 for the first retry): the
    /// backoff doubled per attempt, with full jitter, as single operations retry.
    mutating func retryPause(attempt: Int) -> Nanoseconds {
        let backoff = Double(settings.retryBackoff) * Double(1 << min(max(attempt - 1, 0), 10))
        return _roundedInt64(backoff * (0.5 + 0.5 * retryRandom.nextUnit()))
    }

    /// An operation was issued outside the arrival process (a liveness probe).
    mutating func issued() { pendingOperations += 1 }

    /// Starts an attempt through the client's current gateway at `now`; returns its
    /// sequence number and whether a timeout check must be scheduled.
    @inline(__always)
    mutating func startAttempt(client index: Int, _ state: RetryState, now: Nanoseconds) -> (sequence: UInt64, needsTimeoutCheck: Bool) {
        let sequence = clients[index].operations.start(
            .init(
                issuedAt: state.issuedAt, attemptStartedAt: now, isWrite: state.isWrite, state: .pending,
                attempt: state.attempts, mayHaveApplied: state.mayHaveApplied, gateway: Int32(clients[index].gateway), key: state.key))
        guard !clients[index].timeoutCheckScheduled else { return (sequence, false) }
        clients[index].timeoutCheckScheduled = true
        return (sequence, true)
    }

    @inline(__always)
    func record(client: Int, sequence: UInt64) -> OperationRing.Record? { clients[client].operations.record(sequence) }

    /// Changes the record of attempt `sequence` of `client`.
    @inline(__always)
    mutating func update(client: Int, sequence: UInt64, _ change: (inout OperationRing.Record) -> Void) {
        clients[client].operations.update(sequence, change)
    }

    /// The attempt got its answer (or was ended before it was sent).
    mutating func markDone(client: Int, sequence: UInt64) { clients[client].operations.markDone(sequence) }

    /// The oldest pending attempt of `client`, retired if its deadline passed by `now`
    /// (the client then tries its next gateway).
    @inline(__always)
    mutating func expireOldest(client index: Int, now: Nanoseconds) -> Expiry {
        guard let (_, record) = clients[index].operations.oldestPending() else {
            clients[index].timeoutCheckScheduled = false
            return .idle
        }
        let deadline = record.attemptStartedAt +| settings.operationTimeout
        if deadline > now { return .checkAgain(at: deadline) }
        clients[index].operations.retireOldest()
        // A gateway that lets an attempt time out may be down: try the next one — once
        // per gateway, not once per attempt (a burst of attempts timing out together on
        // a dead gateway would otherwise cycle back to it).
        if clients[index].gateways.count > 1, Int(record.gateway) == clients[index].gateway {
            clients[index].gatewayCursor = (clients[index].gatewayCursor + 1) % clients[index].gateways.count
        }
        return .expired(record)
    }

    /// A successful attempt advances its session's token: what later reads below the
    /// leaseholder must include.
    @inline(__always)
    mutating func noteSession(client index: Int, record: OperationRing.Record, outcome: AttemptOutcome) {
        guard outcome == .ok, !settings.sessionGuarantees.isEmpty, record.servedTimestamp > sessionToken[index] else { return }
        if record.isWrite ? settings.sessionGuarantees.contains(.readYourWrites) : settings.sessionGuarantees.contains(.monotonicReads) {
            sessionToken[index] = record.servedTimestamp
        }
    }

    /// An attempt ended at `now`: another attempt follows while attempts remain, else the
    /// operation ends.
    @inline(__always)
    mutating func settle(client index: Int, record: OperationRing.Record, outcome: AttemptOutcome, now: Nanoseconds) -> Settlement {
        let mayHaveApplied = record.mayHaveApplied || (outcome == .timedOut && record.isWrite)
        if outcome != .ok, Int(record.attempt) < settings.retries {
            let backoff = Double(settings.retryBackoff) * Double(1 << min(Int(record.attempt), 10))
            // Full jitter spreads retries so clients do not return in lockstep.
            let pause = _roundedInt64(backoff * (0.5 + 0.5 * retryRandom.nextUnit()))
            let next = RetryState(
                issuedAt: record.issuedAt, isWrite: record.isWrite, key: record.key, attempts: record.attempt + 1, mayHaveApplied: mayHaveApplied)
            return .retry(next, at: now +| pause)
        }
        pendingOperations -= 1
        // A closed-loop user thinks, then issues its next operation.
        guard settings.closedLoopUsers != nil, now < settings.duration else { return .ended(nextArrival: nil) }
        return .ended(nextArrival: now +| max(1, thinkTime(index)))
    }

    /// Request shapes: after a query answered, the request's next step (the next dependent
    /// query, the batch, or the fan-out) gets its key and the number of queries it sends;
    /// `done` when the request is complete. A fan-out waiting for more answers sends none.
    mutating func nextStep(client index: Int, sequence: UInt64, record: OperationRing.Record) -> (queries: Int, key: Int, done: Bool) {
        if record.parallelPending > 1 {
            clients[index].operations.update(sequence) { $0.parallelPending -= 1 }
            return (0, record.key, false)
        }
        guard record.stepsLeft > 0 else { return (0, record.key, true) }
        let key = clients[index].nextOperation().key
        var parallel: Int32 = 0
        if case .fanOut(let width) = settings.requestShape { parallel = Int32(width) }
        clients[index].operations.update(sequence) {
            $0.stepsLeft -= 1
            $0.key = key
            $0.parallelPending = parallel
        }
        return (max(1, Int(parallel)), key, false)
    }

    /// A request-scoped cache: of the `left` lookups a request still makes, those that
    /// repeat an earlier key (each with probability `repeatShare`) are served at once.
    /// Returns the lookups left after the repeats, and the next key when one is left.
    mutating func nextLookup(client index: Int, left: Int32, repeatShare: Double) -> (left: Int32, repeats: Int, key: Int?) {
        var left = left
        var repeats = 0
        while left > 0, clients[index].random.nextUnit() < repeatShare {
            left -= 1
            repeats += 1
        }
        guard left > 0 else { return (0, repeats, nil) }
        return (left, repeats, clients[index].nextOperation().key)
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        pendingOperations < 0 ? ["\(pendingOperations) operations pending"] : []
    }
}
