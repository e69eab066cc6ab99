/// A cache tier per client region in front of the store (cache-aside): lookups, fills
/// after misses (plain, single-flight with fill tokens, XFetch early refresh),
/// stale-while-revalidate, invalidation, and what each region's cache saw.
///
/// Invariant: one tier and one set of figures per region; no tier holds more entries than
/// its capacity.
struct CacheLayer {
    /// What a lookup found.
    enum Lookup: Equatable {
        /// A usable entry: the read gets version `timestamp`. `refresh`: it was served
        /// stale, and a background refresh of the key starts now.
        case hit(timestamp: Nanoseconds, refresh: Bool)
        /// A fetch of the key is under way (single-flight): the read waits for it.
        case waitForFill
        /// The reader fetches from the store and then sets the key under `fillToken`
        /// (0: no token).
        case miss(fillToken: UInt64)
    }

    let settings: CacheSettings
    private var tiers: [CacheTier]
    private(set) var stats: [CacheStats]
    private var xfetchRandom: RandomStream
    /// The hottest key's last expiry seen per region, and the store fetches for it since.
    private var hotExpiry: [Nanoseconds?]
    private var hotFetches: [Int]
    /// The most store fetches of the hottest key in the second after one of its expiries.
    private(set) var hotKeyExpiryFetches = 0
    /// Per region, the time fills took so far, from the miss to the set (ns): XFetch's Δ,
    /// the recompute time it weighs against the time left before expiry.
    private var fillTime: [LatencyHistogram]
    private let keyCount: Int
    /// Deliberately unsafe (for testing the checkers): sets ignore invalidations.
    private let fillIgnoresInvalidation: Bool

    init(settings: CacheSettings, regions: Int, scenario: Scenario) {
        self.settings = settings
        tiers = Array(repeating: CacheTier(capacity: settings.capacity), count: regions)
        stats = Array(repeating: CacheStats(), count: regions)
        xfetchRandom = RandomStream(seed: scenario.seed, component: "xfetch")
        hotExpiry = Array(repeating: nil, count: regions)
        hotFetches = Array(repeating: 0, count: regions)
        fillTime = Array(repeating: LatencyHistogram(), count: regions)
        keyCount = scenario.keyCount
        fillIgnoresInvalidation = scenario.unsafe.contains(.cacheFillIgnoresInvalidation)
    }

    var regionCount: Int { tiers.count }

    /// How long after a request reaches the cache its answer reaches the client (ns).
    var answerDelay: Nanoseconds { settings.serviceTime +| settings.roundTrip / 2 }

    /// A lookup of `key` in `region`'s cache for operation `operation`, whose session needs
    /// at least version `token`: an older entry is a miss.
    mutating func lookup(region: Int, key: Int, operation: UInt64, token: Nanoseconds, now: Nanoseconds, observation: ReadObservation) -> Lookup {
        let decile = min(9, key * 10 / max(1, keyCount))
        stats[region].lookups += 1
        stats[region].lookupsByDecile[decile] += 1
        if let entry = tiers[region].lookup(key, now: now), entry.timestamp >= token {
            // XFetch: refresh early with probability rising as expiry nears; Δ is the
            // region's measured fill time (a round trip plus 100 ms until one is measured).
            let refreshEarly =
                settings.fill == .xfetch
                && now -| Int64(saturating: Double(recomputeTime(region)) * settings.beta * _log(xfetchRandom.nextOpenUnit()))
                >= entry.expiresAt
            if !refreshEarly {
                countHit(region: region, decile: decile, key: key, timestamp: entry.timestamp, now: now, observation: observation)
                return .hit(timestamp: entry.timestamp, refresh: false)
            }
        }
        if settings.staleWhileRevalidate > 0, let expired = tiers[region].peek(key), expired.expiresAt <= now,
            now - expired.expiresAt < settings.staleWhileRevalidate, expired.timestamp >= token
        {
            // Serve the expired value; one background refresh fetches the current one.
            countHit(region: region, decile: decile, key: key, timestamp: expired.timestamp, now: now, observation: observation)
            stats[region].staleWhileRevalidateHits += 1
            let refresh = tiers[region].fills[key] == nil
            if refresh {
                _ = tiers[region].beginFill(key, now: now)
                stats[region].refreshes += 1
                stats[region].storeReads += 1
            }
            return .hit(timestamp: expired.timestamp, refresh: refresh)
        }
        if key == 0, let expired = tiers[region].peek(key), expired.expiresAt <= now, hotExpiry[region] != expired.expiresAt {
            hotExpiry[region] = expired.expiresAt
            hotFetches[region] = 0
        }
        if settings.fill == .singleflight, tiers[region].fills[key] != nil {
            tiers[region].addWaiter(operation, for: key)
            return .waitForFill
        }
        let fill = tiers[region].beginFill(key, now: now)
        stats[region].stampedePeak = max(stats[region].stampedePeak, fill.fetches)
        stats[region].storeReads += 1
        if key == 0, let expiredAt = hotExpiry[region], now < expiredAt +| .second {
            hotFetches[region] += 1
            hotKeyExpiryFetches = max(hotKeyExpiryFetches, hotFetches[region])
        }
        return .miss(fillToken: settings.fill == .singleflight ? fill.token : 0)
    }

    /// XFetch's Δ in `region` (ns): the mean fill time measured so far.
    func recomputeTime(_ region: Int) -> Nanoseconds {
        fillTime[region].isEmpty ? settings.roundTrip +| 100 * .millisecond : Int64(saturating: fillTime[region].mean)
    }

    /// Counts a hit serving version `timestamp` of `key`, and how stale it was.
    private mutating func countHit(region: Int, decile: Int, key: Int, timestamp: Nanoseconds, now: Nanoseconds, observation: ReadObservation) {
        stats[region].hits += 1
        stats[region].hitsByDecile[decile] += 1
        guard observation.isActive else { return }
        let miss = observation.miss(key: key, appliedIndex: .max, readTimestamp: timestamp, now: now)
        stats[region].staleness.record(miss.oldestCommittedAt.map { now - $0 } ?? 0)
        stats[region].versionsMissed.record(Int64(miss.versions))
        if miss.versions > 0 { stats[region].staleHits += 1 }
    }

    /// A set after a miss reaches `region`'s cache. With fill tokens (single-flight), a set
    /// whose token an invalidation voided is refused: that stops the classic race of a
    /// reader setting the value it read before a write's invalidation. Returns whether it
    /// was refused and the operations that waited for this fill (served the value, counted
    /// as hits, unless it was refused: then they look again).
    mutating func set(region: Int, key: Int, timestamp: Nanoseconds, token: UInt64, now: Nanoseconds) -> (refused: Bool, waiters: [UInt64]) {
        let fill = tiers[region].fills[key]
        if let fill { fillTime[region].record(now - fill.startedAt) }
        let refused = token != 0 && !(fill.map { $0.token == token && $0.valid } ?? false) && !fillIgnoresInvalidation
        if refused {
            stats[region].refusedSets += 1
        } else if timestamp > Int64.min {
            tiers[region].set(key, timestamp: timestamp, expiresAt: now +| settings.ttl)
        }
        guard let finished = tiers[region].endFetch(key) else { return (refused, []) }
        if !refused { stats[region].hits += finished.waiters.count }
        return (refused, finished.waiters)
    }

    /// A stale-while-revalidate refresh completes: the entry takes version `current` and
    /// a fresh TTL.
    mutating func refreshed(region: Int, key: Int, current: Nanoseconds, now: Nanoseconds) {
        tiers[region].set(key, timestamp: current, expiresAt: now +| settings.ttl)
        _ = tiers[region].endFetch(key)
    }

    /// An invalidation of `key` reaches `region`'s cache.
    mutating func invalidate(region: Int, key: Int) { tiers[region].invalidate(key) }

    /// A request-scoped cache answered a repeated key.
    mutating func requestCacheHit(region: Int) { stats[region].requestCacheHits += 1 }

    /// How old a cache hit may be under the cache's policy (ns), for reads of `readMode`
    /// filling it and attempts that may take `operationTimeout`. With change-stream
    /// invalidation and fill tokens, an entry outlives a newer commit by at most the
    /// invalidation lag plus a cache round trip; otherwise by its TTL, the
    /// stale-while-revalidate window and the fill's own time (at most an operation
    /// timeout). Follower reads that filled the cache add their own bound.
    static func policyBound(_ cache: CacheSettings, scenario: Scenario) -> Nanoseconds {
        var bound: Nanoseconds
        if cache.invalidation == .global && cache.fill == .singleflight {
            bound = cache.invalidationLag +| cache.roundTrip +| cache.serviceTime
        } else {
            bound = cache.ttl +| cache.staleWhileRevalidate +| scenario.operationTimeout
        }
        switch scenario.readMode {
        case .strong, .nearest: break
        case .exact: bound = bound +| scenario.exactStaleness
        case .bounded: bound = bound +| scenario.maxStaleness
        }
        return bound
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        var problems: [String] = []
        if stats.count != tiers.count { problems.append("\(stats.count) figures for \(tiers.count) tiers") }
        for region in tiers.indices where tiers[region].count > tiers[region].capacity {
            problems.append("region \(region): \(tiers[region].count) entries above the capacity \(tiers[region].capacity)")
        }
        return problems
    }
}
