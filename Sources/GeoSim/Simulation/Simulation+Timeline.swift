// The per-second timeline.

extension Simulation {
    // MARK: - Timeline

    func closeTimelineSecond() {
        if mode.isPrimary { for node in 0..<nodeCount { catchUpReplica(node) } }
        // The leader's region; with primaries, the live primary's (promotions show as
        // leader changes).
        let leaderNode = primaries.map { faults.down[$0.primary] ? nil : $0.primary } ?? currentLeader(ofRange: 0).map { ranges.node(of: $0) }
        // Pool utilization per second, from the pools' running integral of connections in use.
        var poolFigures: (busy: [Double], size: Int)?
        if let size = scenario.pools.poolSize, let busy = pools?.busyIntegrals(now: now) { poolFigures = (busy, size) }
        timeline.closeSecond(
            end: now, leaderRegion: leaderNode.map { scenario.topology.nodes[$0].region },
            activeFaults: faults.activeFaults.map(\.label), leaderChanges: leadership.leaderChanges + (primaries?.promotions ?? 0), pools: poolFigures,
            raftLag: sampleFollowerLag())
        if now < scenario.duration || driver.pendingOperations > 0 { queue.schedule(.timelineTick, at: now + .second) }
    }

    /// Raft, with alerts: samples each range's commit index and returns per region the lag
    /// of its most lagging live replica (nil where none lives); nil without the sampler.
    /// Down replicas give no sample, as an exporter on a crashed node reports nothing.
    func sampleFollowerLag() -> [Nanoseconds?]? {
        guard followerLag != nil else { return nil }
        followerLag?.sample(now: now) { range in ranges.members(ofRange: range).reduce(0) { max($0, ranges.replicas[$1].commitIndex) } }
        guard let sampler = followerLag else { return nil }
        var lag: [Nanoseconds?] = Array(repeating: nil, count: scenario.topology.regions.count)
        for range in layout.ranges.indices {
            for replica in ranges.members(ofRange: range) {
                let node = ranges.node(of: replica)
                guard !faults.down[node] else { continue }
                let region = scenario.topology.nodes[node].region
                lag[region] = max(lag[region] ?? 0, sampler.lag(range: range, known: ranges.replicas[replica].commitIndex))
            }
        }
        return lag
    }
}
