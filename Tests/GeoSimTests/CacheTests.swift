import Foundation
import Testing

@testable import GeoSim

/// Caches against closed forms and the races they are known for.
@Suite struct CacheTests {
    /// One region, three zones: store reads cost about a millisecond, so fills are quick.
    func scenario(ttl: Nanoseconds, keys: Int = 1000, rate: Double = 2000, writes: Double = 0) throws -> Scenario {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east", replicasPerRegion: 3))
        scenario.cache = CacheSettings(ttl: ttl)
        scenario.cache?.invalidation = .none
        scenario.keyCount = keys
        scenario.rate = rate
        scenario.writeFraction = writes
        scenario.duration = 60 * .second
        return scenario
    }

    /// Zipf(s) probabilities of `count` keys, rank 0 first.
    func zipf(_ s: Double, count: Int) -> [Double] {
        let weights = (1...count).map { 1 / pow(Double($0), s) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    @Test func ttlOnlyHitRatioMatchesTheCharacteristicTimeModel() throws {
        // A TTL cache that does not refresh on hits: a key requested as a Poisson stream of
        // rate λ is cached for T after each miss, so its hit ratio is λT / (1 + λT)
        // (the characteristic-time model with the TTL as the characteristic time).
        let ttl: Nanoseconds = 2 * .second
        let scenario = try scenario(ttl: ttl)
        let outcome = Simulation.run(scenario)
        let probabilities = zipf(0.99, count: scenario.keyCount)
        var expected = 0.0
        for p in probabilities {
            let lambdaT = scenario.rate * p * ttl.seconds
            expected += p * lambdaT / (1 + lambdaT)
        }
        let hitRatio = outcome.cacheByRegion[0].hitRatio
        #expect(abs(hitRatio - expected) < 0.02, "simulated \(hitRatio), model \(expected)")
    }

    @Test func lruHitRatioMatchesChesApproximation() throws {
        // Capacity-bound LRU (the TTL far beyond the run): Che's approximation,
        // h_k = 1 − exp(−λ_k t_C) with Σ_k (1 − exp(−λ_k t_C)) = C.
        var scenario = try scenario(ttl: 1 * .hour)
        scenario.cache?.capacity = 100
        let outcome = Simulation.run(scenario)
        let rates = zipf(0.99, count: scenario.keyCount).map { $0 * scenario.rate }
        func occupancy(_ t: Double) -> Double { rates.reduce(0) { $0 + 1 - exp(-$1 * t) } }
        var low = 0.0
        var high = 1000.0
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if occupancy(middle) < 100 { low = middle } else { high = middle }
        }
        let characteristic = (low + high) / 2
        let expected = rates.reduce(0) { $0 + ($1 / scenario.rate) * (1 - exp(-$1 * characteristic)) }
        let hitRatio = outcome.cacheByRegion[0].hitRatio
        #expect(abs(hitRatio - expected) < 0.03, "simulated \(hitRatio), Che \(expected)")
    }

    @Test func fillTokensStopTheStaleSetRaceThatPlainFillsSuffer() throws {
        func run(_ fill: CacheSettings.Fill) throws -> (CacheStats, Nanoseconds) {
            var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central"))
            scenario.cache = CacheSettings(ttl: 30 * .second)
            scenario.cache?.invalidation = .global
            // A change stream faster than a far reader's fetch, and keys written rarely:
            // the invalidation can overtake a reader's set, and nothing cleans up after it.
            scenario.cache?.invalidationLag = 5 * .millisecond
            scenario.cache?.fill = fill
            scenario.keyCount = 2000
            scenario.rate = 3000
            scenario.writeFraction = 0.02
            scenario.duration = 30 * .second
            let outcome = Simulation.run(scenario)
            var total = CacheStats()
            for stats in outcome.cacheByRegion { total.merge(stats) }
            // The bound: the invalidation lag after the writer's acknowledgement, which
            // comes at most a cross-region round trip after the commit.
            var longest: Nanoseconds = 0
            for a in 0..<3 { for b in 0..<3 { longest = max(longest, scenario.topology.roundTrip(fromRegion: a, toRegion: b)) } }
            return (total, scenario.cache!.invalidationLag + 2 * longest)
        }
        let (plain, bound) = try run(.plain)
        let (tokens, _) = try run(.singleflight)
        #expect(plain.staleness.max > 2 * bound, "plain fills: a stale set lingers until its TTL")
        #expect(tokens.staleness.max <= bound, "fill tokens: \(DurationText.format(tokens.staleness.max)) > \(DurationText.format(bound))")
        #expect(tokens.refusedSets > 0)
        #expect(plain.refusedSets == 0)
    }

    @Test func singleFlightCutsTheStampedeAtAHotKeysExpiryToOneFetch() throws {
        func run(_ fill: CacheSettings.Fill) throws -> RunOutcome {
            var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central"))
            scenario.cache = CacheSettings(ttl: 5 * .second)
            scenario.cache?.invalidation = .none
            scenario.cache?.fill = fill
            scenario.rate = 6000
            scenario.writeFraction = 0
            scenario.duration = 30 * .second
            return Simulation.run(scenario)
        }
        let plain = try run(.plain)
        let single = try run(.singleflight)
        #expect(plain.hotKeyExpiryFetches > 3, "the hot key stampedes the store when it expires")
        #expect(single.hotKeyExpiryFetches == 1)
        #expect(single.cacheByRegion.allSatisfy { $0.stampedePeak == 1 })
    }

    @Test func theJSONReportCarriesTheCacheFigures() throws {
        let result = CommandLineInterface.main([
            "--topology", "us-east,us-west,eu-central", "--duration", "10s",
            "--cache-ttl", "30s", "--format", "json",
        ])
        #expect(result.exitCode == 0)
        let json = try JSONParser.parse(result.standardOutput)
        let cache = json["cache"]
        for key in [
            "hit_ratio", "by_region", "store_reads_per_s", "store_reads_saved_fraction", "stale_read_fraction",
            "staleness_ms", "stampede_peak_misses", "break_even_hit_ratio",
        ] {
            #expect(cache?[key] != nil, "cache.\(key)")
        }
        let orphan = CommandLineInterface.main(["--topology", "us-east", "--cache-fill", "singleflight"])
        #expect(orphan.exitCode == 64)
    }
}

/// Stale-while-revalidate and the request-scoped cache.
@Suite struct CachePolicyTests {
    func scenario() throws -> Scenario {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central"))
        scenario.cache = CacheSettings(ttl: 1 * .second)
        scenario.cache?.invalidation = .none
        scenario.rate = 2000
        scenario.writeFraction = 0.05
        scenario.keyCount = 1000
        scenario.duration = 20 * .second
        return scenario
    }

    @Test func staleWhileRevalidateTurnsExpiriesIntoHits() throws {
        let plain = Simulation.run(try scenario())
        var swr = try scenario()
        swr.cache?.staleWhileRevalidate = 2 * .second
        let revalidating = Simulation.run(swr)
        var before = CacheStats()
        var after = CacheStats()
        for stats in plain.cacheByRegion { before.merge(stats) }
        for stats in revalidating.cacheByRegion { after.merge(stats) }
        #expect(after.staleWhileRevalidateHits > 0)
        #expect(after.hitRatio > before.hitRatio + 0.05)
        // A served entry is at most TTL + the revalidation window old.
        #expect(after.staleness.max <= 3 * .second)
    }

    @Test func aRequestScopedCacheServesRepeatsWithoutAHop() throws {
        var scenario = try scenario()
        scenario.writeFraction = 0
        scenario.cache?.requestLookups = 5
        scenario.cache?.requestRepeatShare = 0.4
        let outcome = Simulation.run(scenario)
        var total = CacheStats()
        for stats in outcome.cacheByRegion { total.merge(stats) }
        let requests = outcome.readsByRegion.reduce(0) { $0 + $1.count }
        // Each request: one first lookup, then 4 more of which 40% repeat.
        let expectedRepeats = Double(requests) * 4 * 0.4
        #expect(abs(Double(total.requestCacheHits) - expectedRepeats) < 0.05 * expectedRepeats)
        let expectedLookups = Double(requests) * (1 + 4 * 0.6)
        #expect(abs(Double(total.lookups) - expectedLookups) < 0.05 * expectedLookups)
    }
}
