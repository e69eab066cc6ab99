/// What one region's cache did: lookups, hits, the staleness of what hits returned, how
/// much store traffic it spared, and stampedes.
public struct CacheStats: Sendable, Equatable {
    public var lookups = 0
    public var hits = 0
    /// Hits that returned a version older than the newest committed one.
    public var staleHits = 0
    /// Time and version staleness of every hit (ns; a count recorded as ns).
    public var staleness = LatencyHistogram()
    public var versionsMissed = LatencyHistogram()
    /// Store reads the cache caused (misses that fetched).
    public var storeReads = 0
    /// Sets refused because an invalidation voided the fill's token.
    public var refusedSets = 0
    /// Stale-while-revalidate: expired entries served while a refresh ran, and refreshes.
    public var staleWhileRevalidateHits = 0
    public var refreshes = 0
    /// Lookups the request-scoped cache served (repeats within one request).
    public var requestCacheHits = 0
    /// Most store fetches under way at once for one key.
    public var stampedePeak = 0
    /// Lookups and hits per key-popularity decile (0: the most popular tenth of keys).
    public var lookupsByDecile = Array(repeating: 0, count: 10)
    public var hitsByDecile = Array(repeating: 0, count: 10)

    public init() {}

    public var hitRatio: Double { lookups == 0 ? 0 : Double(hits) / Double(lookups) }

    public mutating func merge(_ other: CacheStats) {
        lookups += other.lookups
        hits += other.hits
        staleHits += other.staleHits
        staleness.merge(other.staleness)
        versionsMissed.merge(other.versionsMissed)
        storeReads += other.storeReads
        refusedSets += other.refusedSets
        staleWhileRevalidateHits += other.staleWhileRevalidateHits
        refreshes += other.refreshes
        requestCacheHits += other.requestCacheHits
        stampedePeak = max(stampedePeak, other.stampedePeak)
        for decile in 0..<10 {
            lookupsByDecile[decile] += other.lookupsByDecile[decile]
            hitsByDecile[decile] += other.hitsByDecile[decile]
        }
    }
}
