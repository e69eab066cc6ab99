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
            activeFaults: faults.activeFaults.map(\.label), leaderChanges: leadership.leaderChanges + (primaries?.promotions ?? 0), pools: poolFigures)
        if now < scenario.duration || driver.pendingOperations > 0 { queue.schedule(.timelineTick, at: now + .second) }
    }
}
