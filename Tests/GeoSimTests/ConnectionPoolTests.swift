import Testing

@testable import GeoSim

/// Pools smaller than the offered concurrency queue; a store's connection limit refuses.
@Suite struct ConnectionPoolTests {
    func scenario(_ pools: PoolSettings) throws -> Scenario {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central"))
        scenario.writeFraction = 1
        scenario.rate = 300  // 100 writes/s per region of about 70-170 ms: 7-17 in flight
        scenario.duration = 20 * .second
        scenario.pools = pools
        return scenario
    }

    @Test func aPoolSmallerThanTheOfferedConcurrencyQueues() throws {
        var ample = PoolSettings()
        ample.poolSize = 100
        var small = PoolSettings()
        small.poolSize = 8
        small.poolTimeout = 10 * .second
        let roomy = Simulation.run(try scenario(ample))
        let tight = Simulation.run(try scenario(small))
        // eu-central writes take ~167 ms: 100/s × 0.167 s ≈ 17 in flight, over a pool of 8.
        #expect(roomy.poolsByRegion[2].poolWait.max == 0)
        #expect(tight.poolsByRegion[2].poolWait.percentile(0.5) > 100 * .millisecond)
        #expect(tight.writesByRegion[2].latency.percentile(0.5) > roomy.writesByRegion[2].latency.percentile(0.5) + 100 * .millisecond)
        // us-east (~68 ms, ~7 in flight) nearly fits in 8: it waits, but far less.
        #expect(tight.poolsByRegion[0].poolWait.percentile(0.5) < 20 * .millisecond)
    }

    @Test func pastTheStoresConnectionLimitOperationsFailWithTheirOwnReason() throws {
        var direct = PoolSettings()
        direct.maxConnections = 20
        let limited = Simulation.run(try scenario(direct))
        let refused = limited.poolsByRegion.reduce(0) { $0 + $1.connectionLimitFailures }
        #expect(refused > 0)
        #expect(limited.writesByRegion.reduce(0) { $0 + $1.failed } == refused)
        #expect(limited.poolsByRegion.allSatisfy { $0.poolTimeouts == 0 })
        // A transaction pooler with the same 20 server connections queues instead.
        var pooled = direct
        pooled.poolerSize = 20
        let queued = Simulation.run(try scenario(pooled))
        #expect(queued.poolsByRegion.allSatisfy { $0.connectionLimitFailures == 0 })
        #expect(queued.writesByRegion.reduce(0) { $0 + $1.failed } == 0)
        #expect(queued.poolsByRegion.contains { $0.poolerWait.max > 0 })
    }
}
