// Caches: lookups, fills, XFetch, stale-while-revalidate and invalidation.

extension Simulation {
    // MARK: - Caches

    /// Remembers which version the store returned to a read, for the cache set after it.
    func noteServed(operation: UInt64, timestamp: Nanoseconds) {
        guard scenario.cache != nil || recording || !scenario.sessionGuarantees.isEmpty else { return }
        clients[OpenLoopClient.client(of: operation)].operations.update(OpenLoopClient.sequence(of: operation)) {
            $0.servedTimestamp = timestamp
        }
    }

    /// A lookup at a region's cache: a fresh entry is a hit; otherwise the reader fetches
    /// from the store (or, single-flight, waits for the fetch already under way).
    func cacheLookup(client index: Int, sequence: UInt64) {
        guard let cache = scenario.cache, let record = clients[index].operations.record(sequence), record.state == .pending else { return }
        let region = clients[index].region
        let key = record.key
        let decile = min(9, key * 10 / max(1, scenario.keyCount))
        cacheStats[region].lookups += 1
        cacheStats[region].lookupsByDecile[decile] += 1
        let answerAt = now +| cache.serviceTime +| cache.roundTrip / 2
        let token = scenario.sessionGuarantees.isEmpty ? Int64.min : sessionToken[index]
        // An entry older than the session's token cannot serve it: a miss.
        if let entry = caches[region].lookup(key, now: now), entry.timestamp >= token {
            // XFetch: refresh early with probability rising as expiry nears.
            let refreshEarly =
                cache.fill == .xfetch
                && now -| Int64(saturating: Double(cache.roundTrip +| 100 * .millisecond) * cache.beta * _log(xfetchRandom.nextOpenUnit())) >= entry.expiresAt
            if !refreshEarly {
                cacheStats[region].hits += 1
                cacheStats[region].hitsByDecile[decile] += 1
                if let versions {
                    let miss = versions.miss(key: key, appliedIndex: .max, readTimestamp: entry.timestamp, now: now)
                    cacheStats[region].staleness.record(miss.oldestCommittedAt.map { now - $0 } ?? 0)
                    cacheStats[region].versionsMissed.record(Int64(miss.versions))
                    if miss.versions > 0 { cacheStats[region].staleHits += 1 }
                }
                servedFromCache(client: index, sequence: sequence, timestamp: entry.timestamp)
                queue.schedule(.cacheReply(client: Int32(index), sequence: sequence, hit: true), at: answerAt)
                return
            }
        }
        if cache.staleWhileRevalidate > 0, let expired = caches[region].peek(key), expired.expiresAt <= now,
            now - expired.expiresAt < cache.staleWhileRevalidate, expired.timestamp >= token
        {
            // Serve the expired value; one background refresh fetches the current one.
            cacheStats[region].hits += 1
            cacheStats[region].hitsByDecile[decile] += 1
            cacheStats[region].staleWhileRevalidateHits += 1
            if let versions {
                let miss = versions.miss(key: key, appliedIndex: .max, readTimestamp: expired.timestamp, now: now)
                cacheStats[region].staleness.record(miss.oldestCommittedAt.map { now - $0 } ?? 0)
                cacheStats[region].versionsMissed.record(Int64(miss.versions))
                if miss.versions > 0 { cacheStats[region].staleHits += 1 }
            }
            if caches[region].fills[key] == nil {
                _ = caches[region].beginFill(key)
                cacheStats[region].refreshes += 1
                cacheStats[region].storeReads += 1
                // The refresh takes what a read of the store takes here (its mean so far,
                // or a round trip to the leader's region before any was measured).
                let storeTime = outcomes.reads[region].latency.isEmpty ? 2 *| cache.roundTrip : Int64(saturating: outcomes.reads[region].latency.mean)
                queue.schedule(.cacheRefresh(region: Int32(region), key: key), at: now +| storeTime)
            }
            servedFromCache(client: index, sequence: sequence, timestamp: expired.timestamp)
            queue.schedule(.cacheReply(client: Int32(index), sequence: sequence, hit: true), at: answerAt)
            return
        }
        if key == 0, let expired = caches[region].peek(key), expired.expiresAt <= now, hotExpiry[region] != expired.expiresAt {
            hotExpiry[region] = expired.expiresAt
            hotFetches[region] = 0
        }
        if cache.fill == .singleflight, caches[region].fills[key] != nil {
            caches[region].addWaiter(OpenLoopClient.operationID(client: index, sequence: sequence), for: key)
            return
        }
        let fill = caches[region].beginFill(key)
        cacheStats[region].stampedePeak = max(cacheStats[region].stampedePeak, fill.fetches)
        cacheStats[region].storeReads += 1
        if key == 0, let expiredAt = hotExpiry[region], now < expiredAt +| .second {
            hotFetches[region] += 1
            hotKeyExpiryFetches = max(hotKeyExpiryFetches, hotFetches[region])
        }
        clients[index].operations.update(sequence) { $0.fillToken = cache.fill == .singleflight ? fill.token : 0 }
        queue.schedule(.cacheReply(client: Int32(index), sequence: sequence, hit: false), at: answerAt)
    }

    /// The cache's answer at the client: a hit ends the read; a miss sends it to the store.
    func cacheReply(client index: Int, sequence: UInt64, hit: Bool) {
        guard let record = clients[index].operations.record(sequence), record.state == .pending else { return }
        if hit {
            if nextLookup(client: index, sequence: sequence, record: record) { return }
            clients[index].operations.update(sequence) { $0.viaCache = false }
            completeAtClient(operation: OpenLoopClient.operationID(client: index, sequence: sequence), ok: true)
            return
        }
        if pools != nil {
            sendToStore(client: index, sequence: sequence)
            return
        }
        let operation = OpenLoopClient.operationID(client: index, sequence: sequence)
        send(from: clients[index].endpoint, to: Int(record.gateway), .request(operation: operation, isWrite: false, hops: 0), at: now)
    }

    /// A request-scoped read makes its next lookup: a repeat of an earlier key is served by
    /// the request's own cache at once; a new key goes to the region's cache. Returns false
    /// when the request has made all its lookups.
    func nextLookup(client index: Int, sequence: UInt64, record: OperationRing.Record) -> Bool {
        guard let cache = scenario.cache, record.lookupsLeft > 0 else { return false }
        var left = record.lookupsLeft
        let region = clients[index].region
        while left > 0, clients[index].random.nextUnit() < cache.requestRepeatShare {
            left -= 1
            cacheStats[region].requestCacheHits += 1
        }
        guard left > 0 else {
            clients[index].operations.update(sequence) { $0.lookupsLeft = 0 }
            return false
        }
        let key = clients[index].nextOperation().key
        clients[index].operations.update(sequence) {
            $0.lookupsLeft = left - 1
            $0.key = key
            $0.viaCache = true
            $0.fillToken = 0
        }
        queue.schedule(.cacheLookup(client: Int32(index), sequence: sequence), at: now +| cache.roundTrip / 2)
        return true
    }

    /// A stale-while-revalidate refresh completes: the entry takes the newest committed
    /// value and a fresh TTL.
    func cacheRefreshed(region: Int, key: Int) {
        guard let cache = scenario.cache else { return }
        let current = versions?.miss(key: key, appliedIndex: .max, readTimestamp: nil, now: now).visibleTimestamp ?? 0
        caches[region].set(key, timestamp: current, expiresAt: now +| cache.ttl)
        _ = caches[region].endFetch(key)
    }

    /// A set after a miss reaches the cache. With fill tokens (single-flight), a set whose
    /// token an invalidation voided is refused: that is what stops the classic race of a
    /// reader setting the value it read before a write's invalidation.
    func cacheSet(region: Int, key: Int, timestamp: Nanoseconds, token: UInt64) {
        guard let cache = scenario.cache else { return }
        let fill = caches[region].fills[key]
        let tokenVoided =
            token != 0 && !(fill.map { $0.token == token && $0.valid } ?? false)
            && !scenario.unsafe.contains(.cacheFillIgnoresInvalidation)
        if tokenVoided {
            cacheStats[region].refusedSets += 1
        } else if timestamp > Int64.min {
            caches[region].set(key, timestamp: timestamp, expiresAt: now +| cache.ttl)
        }
        if let finished = caches[region].endFetch(key) {
            let answerAt = now +| cache.serviceTime +| cache.roundTrip / 2
            for waiter in finished.waiters {
                let client = OpenLoopClient.client(of: waiter)
                if tokenVoided {
                    // An invalidation voided the fetched value: the waiter looks again
                    // (and fetches under a fresh token if the key is still missing).
                    queue.schedule(.cacheLookup(client: Int32(client), sequence: OpenLoopClient.sequence(of: waiter)), at: now)
                    continue
                }
                // The waiters get the fetched value (counted as hits of the fill).
                cacheStats[region].hits += 1
                servedFromCache(client: client, sequence: OpenLoopClient.sequence(of: waiter), timestamp: timestamp)
                queue.schedule(.cacheReply(client: Int32(client), sequence: OpenLoopClient.sequence(of: waiter), hit: true), at: answerAt)
            }
        }
    }

    /// A cache hit answers the read with the cached version.
    func servedFromCache(client index: Int, sequence: UInt64, timestamp: Nanoseconds) {
        clients[index].operations.update(sequence) {
            $0.servedByCache = true
            $0.servedTimestamp = timestamp
        }
    }
}
