/// Carries messages between endpoints (replicas and clients): it decides when a message
/// sent now arrives. One-way latency is half the round trip between the two endpoints'
/// sites (region and zone) plus a jitter draw.
///
/// Links are FIFO, as TCP connections are: a message never overtakes an earlier one on
/// the same directed pair (it arrives no earlier than its predecessor; same-instant
/// arrivals keep send order through the event queue's sequence numbers). Raft's
/// pipelining relies on it, as real implementations do on their streams.
///
/// All state lives in flat arrays indexed by endpoint and site ids; a delivery costs two
/// array reads, one jitter draw and one write.
public struct Network: Sendable {
    /// Where an endpoint sits.
    public struct Site: Equatable, Sendable {
        public var region: Int
        public var zone: Int
        public init(region: Int, zone: Int) { self.region = region; self.zone = zone }
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

    /// Messages carried so far.
    public private(set) var messageCount: UInt64 = 0

    /// - Parameters:
    ///   - endpoints: the site of every endpoint, by endpoint id.
    ///   - jitter: the run's jitter setting.
    ///   - jitterIsExplicit: true when the user chose `jitter` on the command line or in a
    ///     scenario; it then overrides the topology file's own jitter settings.
    public init(topology: Topology, endpoints: [Site], jitter: Jitter, jitterIsExplicit: Bool, seed: UInt64) {
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

    /// The one-way latency without jitter from endpoint `from` to endpoint `to` (ns).
    public func baseLatency(from: Int, to: Int) -> Nanoseconds {
        baseLatency[endpointSite[from] * siteCount + endpointSite[to]]
    }

    /// When a message that `from` sends to `to` at `sentAt` arrives.
    @inline(__always)
    public mutating func arrivalTime(from: Int, to: Int, sentAt: Nanoseconds) -> Nanoseconds {
        messageCount &+= 1
        let link = endpointSite[from] * siteCount + endpointSite[to]
        var arrival = sentAt + baseLatency[link]
        switch linkJitter[link] {
        case .none: break
        case .lognormal(let median, let sigma):
            arrival += Int64((median * _exp(sigma * random.nextStandardNormal())).rounded())
        case .distribution(let distribution):
            arrival += distribution.sample(using: &random)
        }
        let pair = from * endpointCount + to
        if arrival < lastArrival[pair] { arrival = lastArrival[pair] }
        lastArrival[pair] = arrival
        return arrival
    }
}
