// Caches: lookups, fills, XFetch, stale-while-revalidate and invalidation.

extension Simulation {
    // MARK: - Caches

    /// Counts a cache message between two regions (the cache tier talks over the same
    /// links the store does).
    func countCacheTraffic(_ message: WireSizes.CacheMessage, from: Int, to: Int) {
        transport.traffic.count(fromRegion: from, toRegion: to, .cache, bytes: transport.sizes.cache(message))
    }

    /// Remembers which version the store returned to a read, for the cache set after it.
    func noteServed(operation: UInt64, timestamp: Nanoseconds) {
        guard scenario.cache != nil || recording || !scenario.sessionGuarantees.isEmpty else { return }
        driver.update(client: OpenLoopClient.client(of: operation), sequence: OpenLoopClient.sequence(of: operation)) {
            $0.servedTimestamp = timestamp
        }
    }

    /// A lookup at a region's cache: a fresh entry is a hit; otherwise the reader fetches
    /// from the store (or, single-flight, waits for the fetch already under way).
    func cacheLookup(client index: Int, sequence: UInt64) {
        guard cacheLayer != nil, let record = driver.clients[index].operations.record(sequence), record.state == .pending else { return }
        let region = driver.clients[index].region
        let token = scenario.sessionGuarantees.isEmpty ? Int64.min : driver.sessionToken[index]
        let operation = OpenLoopClient.operationID(client: index, sequence: sequence)
        guard let found = cacheLayer?.lookup(region: region, key: record.key, operation: operation, token: token, now: now, observation: observation),
            let answerAt = cacheLayer.map({ now +| $0.answerDelay })
        else { return }
        countCacheTraffic(.lookup, from: region, to: region)
        switch found {
        case .hit(let timestamp, let refresh):
            countCacheTraffic(.hit, from: region, to: region)
            if refresh, let cache = scenario.cache {
                // The refresh takes what a read of the store takes here (its mean so far,
                // or a round trip to the leader's region before any was measured).
                let storeTime = outcomes.reads[region].latency.isEmpty ? 2 *| cache.roundTrip : Int64(saturating: outcomes.reads[region].latency.mean)
                queue.schedule(.cacheRefresh(region: Int32(region), key: record.key), at: now +| storeTime)
            }
            servedFromCache(client: index, sequence: sequence, timestamp: timestamp)
            queue.schedule(.cacheReply(client: Int32(index), sequence: sequence, hit: true), at: answerAt)
        case .waitForFill:
            return
        case .miss(let fillToken):
            countCacheTraffic(.miss, from: region, to: region)
            driver.update(client: index, sequence: sequence) { $0.fillToken = fillToken }
            queue.schedule(.cacheReply(client: Int32(index), sequence: sequence, hit: false), at: answerAt)
        }
    }

    /// The cache's answer at the client: a hit ends the read; a miss sends it to the store.
    func cacheReply(client index: Int, sequence: UInt64, hit: Bool) {
        guard let record = driver.clients[index].operations.record(sequence), record.state == .pending else { return }
        if hit {
            if nextLookup(client: index, sequence: sequence, record: record) { return }
            driver.update(client: index, sequence: sequence) { $0.viaCache = false }
            completeAtClient(operation: OpenLoopClient.operationID(client: index, sequence: sequence), ok: true)
            return
        }
        if usesPools {
            sendToStore(client: index, sequence: sequence)
            return
        }
        let operation = OpenLoopClient.operationID(client: index, sequence: sequence)
        send(
            from: driver.clients[index].endpoint, to: Int(record.gateway),
            .request(ClientRequest(operation: operation, key: record.key, isWrite: false, hops: 0)), at: now)
    }

    /// A request-scoped read makes its next lookup: a repeat of an earlier key is served by
    /// the request's own cache at once; a new key goes to the region's cache. Returns false
    /// when the request has made all its lookups.
    func nextLookup(client index: Int, sequence: UInt64, record: OperationRing.Record) -> Bool {
        guard let cache = scenario.cache, record.lookupsLeft > 0 else { return false }
        let (left, repeats, next) = driver.nextLookup(client: index, left: record.lookupsLeft, repeatShare: cache.requestRepeatShare)
        for _ in 0..<repeats { cacheLayer?.requestCacheHit(region: driver.clients[index].region) }
        guard let key = next else {
            driver.update(client: index, sequence: sequence) { $0.lookupsLeft = 0 }
            return false
        }
        driver.update(client: index, sequence: sequence) {
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
        let current = observation.isActive ? observation.miss(key: key, appliedIndex: .max, readTimestamp: nil, now: now).visibleTimestamp : 0
        cacheLayer?.refreshed(region: region, key: key, current: current, now: now)
    }

    /// A set after a miss reaches the cache; the reads that waited for this fill get its
    /// value, or look again when an invalidation voided it.
    func cacheSet(region: Int, key: Int, timestamp: Nanoseconds, token: UInt64) {
        guard let (refused, waiters) = cacheLayer?.set(region: region, key: key, timestamp: timestamp, token: token, now: now),
            let answerAt = cacheLayer.map({ now +| $0.answerDelay })
        else { return }
        for waiter in waiters {
            let client = OpenLoopClient.client(of: waiter)
            let sequence = OpenLoopClient.sequence(of: waiter)
            if refused {
                // The waiter looks again (and fetches under a fresh token if the key is
                // still missing).
                queue.schedule(.cacheLookup(client: Int32(client), sequence: sequence), at: now)
                continue
            }
            servedFromCache(client: client, sequence: sequence, timestamp: timestamp)
            queue.schedule(.cacheReply(client: Int32(client), sequence: sequence, hit: true), at: answerAt)
        }
    }

    /// A cache hit answers the read with the cached version.
    func servedFromCache(client index: Int, sequence: UInt64, timestamp: Nanoseconds) {
        driver.update(client: index, sequence: sequence) {
            $0.servedByCache = true
            $0.servedTimestamp = timestamp
        }
    }
}
