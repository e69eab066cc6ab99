// The per-second timeline.

extension Simulation {
    // MARK: - Timeline

    func closeTimelineSecond() {
        if mode.isPrimary { for node in 0..<nodeCount { catchUpReplica(node) } }
        let leader = currentLeader(ofRange: 0)
        timeline.closeSecond(
            end: now, leaderRegion: leader.map { scenario.topology.nodes[ranges.node(of: $0)].region },
            activeFaults: faults.activeFaults.map(\.label))
        if now < scenario.duration || driver.pendingOperations > 0 { queue.schedule(.timelineTick, at: now + .second) }
    }
}
