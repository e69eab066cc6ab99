import Testing

@testable import GeoSim

/// ReadIndex as etcd does it: a strong read sends its own heartbeat round at once, so with
/// jitter off a read costs exactly what a write costs — one quorum round from the leader —
/// whatever periodic heartbeat or other read is under way when it arrives.
@Suite struct ReadIndexRoundTests {
    func outcome(rate: Double) throws -> RunOutcome {
        let scenario = try RunOptions.parse([
            "--topology", "us-east,us-west,eu-central", "--strong-reads", "read-index", "--jitter", "none",
            "--rate", "\(Int(rate))", "--duration", "20s",
        ]).scenario
        return Simulation.run(scenario)
    }

    @Test(arguments: [30.0, 300.0])
    func aReadCostsOneQuorumRoundLikeAWrite(rate: Double) throws {
        let outcome = try outcome(rate: rate)
        for region in outcome.readsByRegion.indices {
            let reads = outcome.readsByRegion[region].latency
            let writes = outcome.writesByRegion[region].latency
            #expect(!reads.isEmpty && !writes.isEmpty)
            // Equal service times for reads and writes (the default), no jitter: the same
            // path, client → gateway → leader → nearest follower and back. At 300 ops/s
            // the nodes queue a little (microseconds); a second round would cost tens of ms.
            for quantile in [0.5, 0.99] {
                let read = reads.percentile(quantile)
                let write = writes.percentile(quantile)
                #expect(abs(read - write) <= write / 1000, "region \(region), quantile \(quantile): read \(read) ns, write \(write) ns")
            }
        }
    }

    @Test func eachReadSendsItsOwnRoundAtOnce() {
        var config = RaftConfig()
        config.leaseReads = false
        var cluster = threeNodeCluster(config)
        var effects: [RaftEffect] = []
        #expect(cluster[0].read(request: 1, into: &effects))
        let first = sends(effects).count
        #expect(first == 2)
        effects.removeAll()
        // A second read while the first one's round is unanswered still sends its own.
        #expect(cluster[0].read(request: 2, into: &effects))
        #expect(sends(effects).count == 2)
        #expect(!effects.contains { if case .readReady = $0 { return true } else { return false } })
    }
}
