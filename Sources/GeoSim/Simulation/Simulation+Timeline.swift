// The per-second timeline.

extension Simulation {
    // MARK: - Timeline

    func recordTimeline(region: Int, isWrite: Bool, ok: Bool, unknown: Bool, latency: Nanoseconds) {
        if isWrite {
            if ok {
                secondCells[region].writesOK += 1
                secondWriteLatency[region].record(latency)
            } else if unknown {
                secondCells[region].writesUnknown += 1
            } else {
                secondCells[region].writesFailed += 1
            }
        } else {
            if ok {
                secondCells[region].readsOK += 1
                secondReadLatency[region].record(latency)
            } else if unknown {
                secondCells[region].readsUnknown += 1
            } else {
                secondCells[region].readsFailed += 1
            }
        }
    }

    func closeTimelineSecond() {
        if primaries != nil { for node in 0..<nodeCount { catchUpReplica(node) } }
        for region in secondCells.indices {
            secondCells[region].writeP99 = secondWriteLatency[region].percentile(0.99)
            secondCells[region].readP99 = secondReadLatency[region].percentile(0.99)
            secondCells[region].replicaLagP99 = secondLag[region].percentile(0.99)
            secondLag[region] = LatencyHistogram()
        }
        let leader = currentLeader(ofRange: 0)
        timeline.append(
            TimelineRow(
                end: now, leaderRegion: leader.map { scenario.topology.nodes[Int(replicaNode[$0])].region },
                activeFaults: scenario.faults.indices.filter { activeFaults[$0] }.map { scenario.faults[$0].label },
                cells: secondCells))
        for region in secondCells.indices {
            secondCells[region] = TimelineRow.Cell()
            secondWriteLatency[region] = LatencyHistogram()
            secondReadLatency[region] = LatencyHistogram()
        }
        if now < scenario.duration || pendingOperations > 0 { queue.schedule(.timelineTick, at: now + .second) }
    }
}
