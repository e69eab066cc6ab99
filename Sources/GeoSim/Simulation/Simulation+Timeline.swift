// The per-second timeline.

extension Simulation {
    // MARK: - Timeline

    func closeTimelineSecond() {
        if mode.isPrimary { for node in 0..<nodeCount { catchUpReplica(node) } }
        // The leader's region; with primaries, the live primary's (promotions show as
        // leader changes).
        let leaderNode = primaries.map { faults.down[$0.primary] ? nil : $0.primary } ?? currentLeader(ofRange: 0).map { ranges.node(of: $0) }
        timeline.closeSecond(
            end: now, leaderRegion: leaderNode.map { scenario.topology.nodes[$0].region },
            activeFaults: faults.activeFaults.map(\.label))
        if now < scenario.duration || driver.pendingOperations > 0 { queue.schedule(.timelineTick, at: now + .second) }
    }
}
