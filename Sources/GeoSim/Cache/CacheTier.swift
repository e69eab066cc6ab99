/// One region's cache tier (Redis-like): entries with a TTL, a capacity with LRU
/// eviction, and the bookkeeping of fills (single-flight waiters, fill tokens). Entries
/// hold the MVCC timestamp of the value they cache, so a read through the cache knows
/// exactly which version it returned.
///
/// Storage is slot arrays with an intrusive LRU list; the key → slot map is only looked
/// up, never iterated, so order never depends on hashing.
struct CacheTier {
    struct Entry {
        var key: Int
        /// The cached value's version (its commit timestamp, ns).
        var timestamp: Nanoseconds
        /// When the entry expires (true time, ns).
        var expiresAt: Nanoseconds
        /// LRU neighbours (slot indices, -1 at the ends).
        var newer: Int32
        var older: Int32
    }

    /// A fill under way for a key: who waits for it, and whether it may still set.
    struct Fill {
        /// The fill's token: a set carrying another (or an invalidated) token is refused.
        var token: UInt64
        var valid: Bool
        /// Single-flight: operations waiting for this fill (their ids).
        var waiters: [UInt64]
        /// Concurrent store fetches for this key right now (stampede size).
        var fetches: Int
        /// When the fill's first fetch started (ns).
        var startedAt: Nanoseconds = 0
    }

    let capacity: Int
    private var slotOfKey: [Int: Int32] = [:]
    private var entries: [Entry] = []
    private var freeSlots: [Int32] = []
    private var newest: Int32 = -1
    private var oldest: Int32 = -1
    private(set) var fills: [Int: Fill] = [:]
    private var nextToken: UInt64 = 1

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var count: Int { slotOfKey.count }

    /// The live entry for `key` (not yet expired at `now`), touched as most recently used.
    mutating func lookup(_ key: Int, now: Nanoseconds) -> Entry? {
        guard let slot = slotOfKey[key] else { return nil }
        let entry = entries[Int(slot)]
        guard entry.expiresAt > now else { return nil }
        moveToNewest(slot)
        return entry
    }

    /// The entry for `key` even if expired (stale-while-revalidate, xfetch).
    func peek(_ key: Int) -> Entry? {
        slotOfKey[key].map { entries[Int($0)] }
    }

    /// Stores `key` at `timestamp` until `expiresAt`, evicting the least recently used
    /// entry when full.
    mutating func set(_ key: Int, timestamp: Nanoseconds, expiresAt: Nanoseconds) {
        if let slot = slotOfKey[key] {
            entries[Int(slot)].timestamp = timestamp
            entries[Int(slot)].expiresAt = expiresAt
            moveToNewest(slot)
            return
        }
        if slotOfKey.count >= capacity, oldest >= 0 { remove(slot: oldest) }
        let slot: Int32
        let entry = Entry(key: key, timestamp: timestamp, expiresAt: expiresAt, newer: -1, older: -1)
        if let reused = freeSlots.popLast() {
            slot = reused
            entries[Int(slot)] = entry
        } else {
            slot = Int32(entries.count)
            entries.append(entry)
        }
        slotOfKey[key] = slot
        linkAsNewest(slot)
    }

    /// Deletes `key` (an invalidation) and voids any fill's token for it.
    mutating func invalidate(_ key: Int) {
        if let slot = slotOfKey[key] { remove(slot: slot) }
        fills[key]?.valid = false
    }

    /// Starts (or joins) a fill for `key`; returns the fill as it is now.
    mutating func beginFill(_ key: Int, now: Nanoseconds = 0) -> Fill {
        if var fill = fills[key] {
            fill.fetches += 1
            fills[key] = fill
            return fill
        }
        let fill = Fill(token: nextToken, valid: true, waiters: [], fetches: 1, startedAt: now)
        nextToken += 1
        fills[key] = fill
        return fill
    }

    mutating func addWaiter(_ operation: UInt64, for key: Int) {
        fills[key]?.waiters.append(operation)
    }

    /// A fetch for `key` finished; returns the fill (with its waiters) when it was the
    /// last one under way, and forgets it.
    mutating func endFetch(_ key: Int) -> Fill? {
        guard var fill = fills[key] else { return nil }
        fill.fetches -= 1
        if fill.fetches <= 0 {
            fills[key] = nil
            return fill
        }
        fills[key] = fill
        return nil
    }

    private mutating func remove(slot: Int32) {
        unlink(slot)
        slotOfKey[entries[Int(slot)].key] = nil
        freeSlots.append(slot)
    }

    private mutating func moveToNewest(_ slot: Int32) {
        guard slot != newest else { return }
        unlink(slot)
        linkAsNewest(slot)
    }

    private mutating func linkAsNewest(_ slot: Int32) {
        entries[Int(slot)].older = newest
        entries[Int(slot)].newer = -1
        if newest >= 0 { entries[Int(newest)].newer = slot }
        newest = slot
        if oldest < 0 { oldest = slot }
    }

    private mutating func unlink(_ slot: Int32) {
        let entry = entries[Int(slot)]
        if entry.newer >= 0 { entries[Int(entry.newer)].older = entry.older } else { newest = entry.older }
        if entry.older >= 0 { entries[Int(entry.older)].newer = entry.newer } else { oldest = entry.newer }
        entries[Int(slot)].newer = -1
        entries[Int(slot)].older = -1
    }
}
