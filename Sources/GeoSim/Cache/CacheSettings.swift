/// A cache tier in every client region (`--cache-ttl` turns it on).
public struct CacheSettings: Equatable, Sendable {
    public enum Invalidation: String, Sendable, CaseIterable {
        /// TTL only.
        case none
        /// The writer deletes the key from its own region's cache once it hears its write
        /// committed.
        case local
        /// Every region's cache deletes the key `invalidationLag` after the commit, from
        /// the store's change stream (Raft ranges; the other replication modes, once the
        /// writer hears back), so a writer that times out still invalidates.
        case global
    }

    public enum Fill: String, Sendable, CaseIterable {
        /// Every miss fetches from the store and sets the cache, unconditionally.
        case plain
        /// One fetch per key per region at a time; other misses wait for it; the fetch's
        /// fill token is voided by an invalidation, so a stale set is refused.
        case singleflight
        /// Probabilistic early recomputation (XFetch): a hit close to expiry refreshes with
        /// probability growing as expiry nears; `beta` scales it.
        case xfetch
    }

    /// Entry lifetime (ns).
    public var ttl: Nanoseconds
    /// Entries per region; least recently used go first.
    public var capacity: Int = 100_000
    public var invalidation: Invalidation = .global
    public var invalidationLag: Nanoseconds = 100 * .millisecond
    public var fill: Fill = .plain
    public var beta = 1.0
    /// Stale-while-revalidate: an entry expired less than this ago is still served while
    /// one background refresh fetches the current value (ns; 0: off).
    public var staleWhileRevalidate: Nanoseconds = 0
    /// A request-scoped cache: each read request makes this many lookups in a row...
    public var requestLookups = 1
    /// ...of which this share repeat an earlier key of the same request and are served by
    /// the request's own cache, with no hop at all.
    public var requestRepeatShare = 0.0
    /// Round trip between a client and its region's cache, and the cache's time per request (ns).
    public var roundTrip: Nanoseconds = 500 * .microsecond
    public var serviceTime: Nanoseconds = 20 * .microsecond

    public init(ttl: Nanoseconds) {
        self.ttl = ttl
    }

    /// The time a lookup costs a client (ns): the round trip plus the cache's service.
    public var lookupCost: Nanoseconds { roundTrip +| serviceTime }
}
