import Testing

@testable import GeoSim

/// Request shapes against arithmetic: the N+1 pattern pays N+1 round trips to the leader.
@Suite struct RequestShapeTests {
    func readLatency(_ shape: Scenario.RequestShape) throws -> (min: Nanoseconds, max: Nanoseconds) {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central"))
        scenario.jitter = .none
        scenario.jitterIsExplicit = true
        scenario.serviceTime = .constant(Double(50 * Nanoseconds.microsecond))
        scenario.heartbeatInterval = 1 * .hour
        scenario.electionTimeout = 10 * .hour
        scenario.writeFraction = 0
        // Few requests, so that no two meet in a node's queue: latencies are pure arithmetic.
        scenario.rate = 0.6
        scenario.duration = 120 * .second
        scenario.requestShape = shape
        let reads = Simulation.run(scenario).readsByRegion[2]
        #expect(reads.ok > 8)
        return (reads.latency.min, reads.latency.max)
    }

    @Test func nPlusOneCostsNPlusOneRoundTripsAndABatchTwo() throws {
        let single = try readLatency(.single)
        #expect(single.min == single.max)
        let nPlusOne = try readLatency(.nPlusOne(10))
        #expect(nPlusOne.min == 11 * single.min)
        #expect(nPlusOne.max == 11 * single.min)
        let batch = try readLatency(.batch(10))
        #expect(batch.min == 2 * single.min)
        #expect(batch.max == 2 * single.min)
        // A fan-out waits for the slowest of its parallel queries: two round trips plus
        // the queueing of its own queries at the gateway and the leader.
        let fanOut = try readLatency(.fanOut(10))
        #expect(fanOut.min >= 2 * single.min)
        #expect(fanOut.max <= 2 * single.min + 3 * 10 * 50 * .microsecond)
    }
}
