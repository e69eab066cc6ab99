/// Carries messages between endpoints (replicas and clients): it decides when a message
/// sent now arrives. One-way latency is half the round trip between the two endpoints'
/// sites (region and zone) plus a jitter draw.
///
/// Links between replicas are FIFO, as their TCP connections are: a message never
/// overtakes an earlier one on the same directed pair (it arrives no earlier than its
/// predecessor; same-instant arrivals keep send order through the event queue's sequence
/// numbers). Raft's pipelining relies on it, as real implementations do on their streams.
/// Clients talk over many connections (a pool), so their messages are not ordered.
///
/// All state lives in flat arrays indexed by endpoint and site ids; a delivery costs two
/// array reads, one jitter draw and one write.
public struct Network: Sendable {
    /// Where an endpoint sits.
    public struct Site: Equatable, Sendable {
        public var region: Int
        public var zone: Int
        public init(region: Int, zone: Int) {
            self.region = region
            self.zone = zone
        }
    }

    /// Per directed site pair: the jitter to apply, resolved once at set-up.
    enum LinkJitter: Sendable {
        case none
        /// Lognormal with this median (ns) and sigma.
        case lognormal(median: Double, sigma: Double)
        case distribution(Distribution)
    }

    private let endpointSite: [Int]
    private let siteCount: Int
    private let endpointCount: Int
    /// One-way base latency (ns) per directed site pair, row-major.
    private let baseLatency: [Nanoseconds]
    private let linkJitter: [LinkJitter]
    /// The latest arrival scheduled per directed endpoint pair, for FIFO delivery.
    private var lastArrival: [Nanoseconds]
    private var random: RandomStream
    /// Endpoints below this id (the replicas) keep FIFO order between them.
    private let orderedEndpoints: Int

    /// Messages carried so far.
    public private(set) var messageCount: UInt64 = 0
    /// Messages dropped by partitions or loss.
    public private(set) var droppedCount: UInt64 = 0
    /// Jitter draws are cut to this (ns): the run's horizon (`Simulation.horizon(for:)`),
    /// past which nothing is simulated.
    public var horizon: Nanoseconds = Nanoseconds.horizonLimit
    /// Jitter draws longer than `horizon`, cut to it.
    public private(set) var cappedJitter = 0

    /// The faults' effect on one directed endpoint pair.
    struct LinkCondition: Sendable {
        /// Overlapping slowdowns multiply; their product stops here (a delay this many
        /// times the one-way latency lands past any run's horizon) rather than at infinity,
        /// which times a zero latency would be NaN.
        static let maximumMultiplier = 1e18

        var blocked = false
        var multiplier = 1.0
        var addedDelay: Nanoseconds = 0
        var loss = 0.0
        var duplicate = 0.0
    }

    /// Per directed endpoint pair, row-major; empty while no link fault is active, which
    /// keeps the fault-free path to one branch.
    private var conditions: [LinkCondition] = []

    /// - Parameters:
    ///   - endpoints: the site of every endpoint, by endpoint id.
    ///   - jitter: the run's jitter setting.
    ///   - jitterIsExplicit: true when the user chose `jitter` on the command line or in a
    ///     scenario; it then overrides the topology file's own jitter settings.
    /// - Parameters:
    ///   - orderedEndpoints: endpoints with ids below it (replicas) get FIFO links between
    ///     them; the rest (clients) do not.
    public init(
        topology: Topology, endpoints: [Site], jitter: Jitter, jitterIsExplicit: Bool, seed: UInt64,
        orderedEndpoints: Int = Int.max
    ) {
        self.orderedEndpoints = orderedEndpoints
        var sites: [Site] = []
        var endpointSite: [Int] = []
        for site in endpoints {
            if let existing = sites.firstIndex(of: site) {
                endpointSite.append(existing)
            } else {
                sites.append(site)
                endpointSite.append(sites.count - 1)
            }
        }
        self.endpointSite = endpointSite
        siteCount = sites.count
        endpointCount = endpoints.count
        var base: [Nanoseconds] = []
        var jitters: [LinkJitter] = []
        for from in sites {
            for to in sites {
                let oneWay = topology.roundTrip(from: (from.region, from.zone), to: (to.region, to.zone)) / 2
                base.append(oneWay)
                var effective = jitter
                if !jitterIsExplicit {
                    let pairIndex = from.region * topology.regions.count + to.region
                    if from.region != to.region, let link = topology.linkJitter[pairIndex] {
                        effective = .distribution(link)
                    } else if let fileJitter = topology.jitter {
                        effective = .distribution(fileJitter)
                    }
                }
                switch effective {
                case .none: jitters.append(.none)
                case .proportional(let fraction, let sigma):
                    jitters.append(oneWay > 0 && fraction > 0 ? .lognormal(median: Double(oneWay) * fraction, sigma: sigma) : .none)
                case .distribution(let distribution): jitters.append(.distribution(distribution))
                }
            }
        }
        baseLatency = base
        linkJitter = jitters
        lastArrival = Array(repeating: 0, count: endpoints.count * endpoints.count)
        random = RandomStream(seed: seed, component: "network")
    }

    /// How many copies of a message arrive: 0 (dropped), 1, or 2 (duplicated).
    public struct Delivery {
        public var copies: Int
        public var arrival: Nanoseconds
    }

    /// When a message that `from` sends to `to` at `sentAt` arrives, and in how many copies.
    @inline(__always)
    public mutating func deliver(from: Int, to: Int, sentAt: Nanoseconds) -> Delivery {
        messageCount &+= 1
        let link = endpointSite[from] * siteCount + endpointSite[to]
        var delay = baseLatency[link]
        switch linkJitter[link] {
        case .none: break
        case .lognormal(let median, let sigma):
            delay = delay +| capJitter(_roundedInt64(median * _exp(sigma * random.nextStandardNormal())))
        case .distribution(let distribution):
            delay = delay +| capJitter(distribution.sample(using: &random))
        }
        let pair = from * endpointCount + to
        var copies = 1
        if !conditions.isEmpty {
            let condition = conditions[pair]
            if condition.blocked || (condition.loss > 0 && random.nextUnit() < condition.loss) {
                droppedCount &+= 1
                return Delivery(copies: 0, arrival: sentAt)
            }
            if condition.multiplier != 1 { delay = _roundedInt64(Double(delay) * condition.multiplier) }
            delay = delay +| condition.addedDelay
            if condition.duplicate > 0 && random.nextUnit() < condition.duplicate { copies = 2 }
        }
        var arrival = sentAt +| delay
        if from < orderedEndpoints && to < orderedEndpoints {
            if arrival < lastArrival[pair] { arrival = lastArrival[pair] }
            lastArrival[pair] = arrival
        }
        return Delivery(copies: copies, arrival: arrival)
    }

    /// A jitter draw, cut to the horizon (and counted) when longer.
    @inline(__always)
    private mutating func capJitter(_ draw: Nanoseconds) -> Nanoseconds {
        guard draw > horizon else { return draw }
        cappedJitter &+= 1
        return horizon
    }

    /// Recomputes every link's condition from the link faults active now. `members`
    /// tells which endpoints a fault target covers.
    mutating func applyLinkFaults(_ faults: [Fault], members: (Fault.Target) -> [Int]) {
        var linkFaults: [Fault] = []
        for fault in faults {
            switch fault.kind {
            case .crash, .clock: continue
            default: linkFaults.append(fault)
            }
        }
        guard !linkFaults.isEmpty else {
            conditions = []
            return
        }
        var updated = Array(repeating: LinkCondition(), count: endpointCount * endpointCount)
        func endpoints(_ targets: [Fault.Target]) -> [Bool] {
            var inSide = Array(repeating: false, count: endpointCount)
            for target in targets { for endpoint in members(target) { inSide[endpoint] = true } }
            return inSide
        }
        func forEachPair(_ sideA: [Bool], _ sideB: [Bool], bothWays: Bool, _ body: (inout LinkCondition) -> Void) {
            for from in 0..<endpointCount {
                for to in 0..<endpointCount where from != to {
                    if (sideA[from] && sideB[to]) || (bothWays && sideB[from] && sideA[to]) {
                        body(&updated[from * endpointCount + to])
                    }
                }
            }
        }
        func sides(_ a: [Fault.Target], _ b: [Fault.Target]) -> ([Bool], [Bool]) {
            if a.isEmpty && b.isEmpty {
                let all = Array(repeating: true, count: endpointCount)
                return (all, all)
            }
            let sideA = endpoints(a)
            let sideB = b.isEmpty ? sideA.map { !$0 } : endpoints(b)
            return (sideA, sideB)
        }
        for fault in linkFaults {
            switch fault.kind {
            case .partition(let a, let b):
                let (sideA, sideB) = sides(a, b)
                forEachPair(sideA, sideB, bothWays: true) { $0.blocked = true }
            case .oneWay(let from, let to):
                let (sideA, sideB) = sides(from, to)
                forEachPair(sideA, sideB, bothWays: false) { $0.blocked = true }
            case .slow(let a, let b, let multiplier, let added):
                let (sideA, sideB) = sides(a, b)
                forEachPair(sideA, sideB, bothWays: true) {
                    $0.multiplier = min($0.multiplier * multiplier, LinkCondition.maximumMultiplier)
                    $0.addedDelay = $0.addedDelay +| added
                }
            case .loss(let probability, let a, let b):
                let (sideA, sideB) = sides(a, b)
                forEachPair(sideA, sideB, bothWays: true) { $0.loss = 1 - (1 - $0.loss) * (1 - probability) }
            case .duplicate(let probability, let a, let b):
                let (sideA, sideB) = sides(a, b)
                forEachPair(sideA, sideB, bothWays: true) { $0.duplicate = 1 - (1 - $0.duplicate) * (1 - probability) }
            case .crash, .clock:
                break
            }
        }
        conditions = updated
    }
}
