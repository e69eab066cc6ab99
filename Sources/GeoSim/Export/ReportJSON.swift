/// The `geosim.report/1` JSON form of a report (CLI.md): keys sorted, durations in the
/// unit their name ends with (`_ms`, `_s`), fractions 0…1.
extension Report {
    public static let schema = "geosim.report/1"

    public var jsonValue: JSONValue {
        var writesByRegion: [(key: String, value: JSONValue)] = []
        var readsByRegion: [(key: String, value: JSONValue)] = []
        var availability: [(key: String, value: JSONValue)] = []
        var floors: [(key: String, value: JSONValue)] = []
        var outages: [(key: String, value: JSONValue)] = []
        for row in regions {
            writesByRegion.append((row.name, Report.block(row.writes)))
            readsByRegion.append((row.name, Report.block(row.reads)))
            availability.append(
                (
                    row.name,
                    .object([
                        ("writes", .rounded(row.writes.availability, decimals: 6)),
                        ("reads", .rounded(row.reads.availability, decimals: 6)),
                        ("longest_write_outage_s", .rounded(row.longestWriteOutage.seconds, decimals: 3)),
                        ("longest_read_outage_s", .rounded(row.longestReadOutage.seconds, decimals: 3)),
                    ])
                ))
            outages.append((row.name, .rounded(row.longestOutage.seconds, decimals: 3)))
            floors.append(
                (
                    row.name,
                    .object([
                        ("write_ms", Report.milliseconds(row.placementFloor)),
                        ("leader_path_write_ms", Report.milliseconds(row.leaderPathFloor)),
                    ])
                ))
        }
        let reads = totalReads
        var engine: [(key: String, value: JSONValue)] = [
            ("events", .number(Double(events))),
            ("messages", .number(Double(messages))),
            ("dropped_messages", .number(Double(droppedMessages))),
            ("simulated_s", .rounded(endTime.seconds, decimals: 6)),
        ]
        if let wallSeconds {
            engine.append(("wall_s", .rounded(wallSeconds, decimals: 6)))
            engine.append(("events_per_s", .number((Double(events) / max(wallSeconds, 1e-9)).rounded())))
        }
        var members: [(key: String, value: JSONValue)] = [
            ("schema", .string(Report.schema)),
            ("seed", .number(Double(seed))),
            ("duration_s", .rounded(duration.seconds, decimals: 9)),
            ("regions", .array(regions.map { .string($0.name) })),
            ("leader_region", leaderRegion.map { .string($0) } ?? .null),
            ("writes", .object([("total", Report.block(totalWrites)), ("by_region", .object(writesByRegion))])),
            (
                "reads",
                .object(
                    [
                        ("total", Report.block(reads)),
                        ("by_region", .object(readsByRegion)),
                        ("by_mode", .object([(readMode, Report.block(reads))])),
                    ] + (measuresStaleness ? [("local_fraction", .rounded(totalStaleness.localFraction, decimals: 6))] : []))
            ),
            (
                "availability",
                .object([
                    ("writes", .rounded(totalWrites.availability, decimals: 6)),
                    ("reads", .rounded(reads.availability, decimals: 6)),
                    ("by_region", .object(availability)),
                    ("longest_outage_s", .object(outages)),
                ])
            ),
            ("physics_floor_ms", .object([("by_region", .object(floors))])),
            (
                "raft",
                .object([
                    ("leader_node", leaderNode.map { .string($0) } ?? .null),
                    ("term", .number(Double(term))),
                    ("committed_entries", .number(Double(committedEntries))),
                    ("replicas", .number(Double(replicas))),
                    ("elections", .number(Double(elections))),
                    ("leader_changes", .number(Double(leaderChanges))),
                    ("snapshots", .number(Double(raftSnapshots))),
                    ("leaderless_s", .rounded(leaderlessTime.seconds, decimals: 3)),
                    ("failover_s", failovers.max().map { .rounded($0.seconds, decimals: 3) } ?? .null),
                    ("failovers_s", .array(failovers.map { .rounded($0.seconds, decimals: 3) })),
                    ("strong_reads", .string(strongReads)),
                ])
            ),
            ("faults", .array(faults.map { .string($0) })),
            (
                "placement",
                .object([
                    ("locality", .string(locality)),
                    ("survival", survival.map { .string($0) } ?? .string("all-voters")),
                    ("ranges", .number(Double(rangeCount))),
                    (
                        "by_home",
                        .object(
                            placements.map { placement in
                                (
                                    placement.home,
                                    .object([
                                        ("voters", .array(placement.voters.map { .string($0) })),
                                        ("non_voters", .array(placement.nonVoters.map { .string($0) })),
                                        ("ranges", .number(Double(placement.ranges))),
                                    ])
                                )
                            })
                    ),
                    ("leaseholders_by_region", .object(leaseholders.map { ($0.region, .number(Double($0.ranges))) })),
                ])
            ),
            (
                "workload",
                .object([
                    ("rate_per_s", .number(rate)),
                    ("write_fraction", .number(writeFraction)),
                    ("keys", .number(Double(keyCount))),
                    ("key_dist", .string(keyPopularity)),
                    ("jitter", .string(jitter)),
                ])
            ),
            ("engine", .object(engine)),
        ]
        if let timeline { members.append(("timeline", .array(timeline.map(timelineRow)))) }
        if let command { members.append(("command", .array(command.map { .string($0) }))) }
        if let limitReached {
            members.append(
                (
                    "limit_reached",
                    .object([
                        ("limit", .string(limitReached.name)), ("at_s", .rounded(limitReached.at.seconds, decimals: 6)),
                        ("detail", .string(limitReached.detail)),
                    ])
                ))
        }
        if !cappedDraws.isEmpty {
            members.append(
                (
                    "capped_draws",
                    .object([
                        ("horizon_s", .rounded(horizon.seconds, decimals: 6)),
                        ("by_source", .object(cappedDraws.map { ($0.source, .number(Double($0.count))) })),
                    ])
                ))
        }
        if !pools.isEmpty {
            let seconds = max(endTime.seconds, 1e-9)
            members.append(
                (
                    "pools",
                    .object([
                        (
                            "by_region",
                            .object(
                                pools.map { entry in
                                    let inUse = entry.stats.busyIntegral / 1e9 / seconds
                                    return (
                                        entry.region,
                                        .object([
                                            ("connections_in_use_mean", .rounded(inUse, decimals: 3)),
                                            ("utilization", poolSize.map { .rounded(inUse / Double($0), decimals: 6) } ?? .null),
                                            (
                                                "wait_ms",
                                                .object([
                                                    ("p50", Report.milliseconds(entry.stats.poolWait.percentile(0.5))),
                                                    ("p99", Report.milliseconds(entry.stats.poolWait.percentile(0.99))),
                                                    ("max", Report.milliseconds(entry.stats.poolWait.isEmpty ? 0 : entry.stats.poolWait.max)),
                                                ])
                                            ),
                                            ("pooler_wait_ms_p99", Report.milliseconds(entry.stats.poolerWait.percentile(0.99))),
                                            ("pool_timeouts", .number(Double(entry.stats.poolTimeouts))),
                                            ("connection_limit_failures", .number(Double(entry.stats.connectionLimitFailures))),
                                        ])
                                    )
                                })
                        )
                    ])
                ))
        }
        if !utilization.isEmpty {
            members.append(
                (
                    "nodes",
                    .object(
                        utilization.map { entry in
                            (entry.node, .object([("utilization", .rounded(entry.share, decimals: 6))]))
                        })
                ))
        }
        if let cache {
            var total = CacheStats()
            var readsWithout = 0
            for entry in cache {
                total.merge(entry.stats)
                readsWithout += entry.readsWithout.count
            }
            let seconds = max(duration.seconds, 1e-9)
            var byRegion: [(key: String, value: JSONValue)] = []
            for entry in cache {
                let meanWithout = entry.readsWithout.latency.mean
                byRegion.append(
                    (
                        entry.region,
                        .object([
                            ("hit_ratio", .rounded(entry.stats.hitRatio, decimals: 6)),
                            ("lookups", .number(Double(entry.stats.lookups))),
                            ("store_reads_per_s", .rounded(Double(entry.stats.storeReads) / seconds, decimals: 3)),
                            ("break_even_hit_ratio", meanWithout > 0 ? .rounded(Double(cacheLookupCost) / meanWithout, decimals: 6) : .null),
                            ("read_latency_without_cache_ms", Report.block(entry.readsWithout)),
                        ])
                    ))
            }
            var deciles: [JSONValue] = []
            for decile in 0..<10 {
                let lookups = total.lookupsByDecile[decile]
                deciles.append(.rounded(lookups == 0 ? 0 : Double(total.hitsByDecile[decile]) / Double(lookups), decimals: 6))
            }
            let withRate = Double(total.storeReads) / seconds
            let withoutRate = Double(readsWithout) / seconds
            members.append(
                (
                    "cache",
                    .object([
                        ("hit_ratio", .rounded(total.hitRatio, decimals: 6)),
                        ("hit_ratio_by_popularity_decile", .array(deciles)),
                        ("by_region", .object(byRegion)),
                        ("store_reads_per_s", .rounded(withRate, decimals: 3)),
                        ("store_reads_per_s_without_cache", .rounded(withoutRate, decimals: 3)),
                        ("store_reads_saved_fraction", .rounded(withoutRate > 0 ? 1 - withRate / withoutRate : 0, decimals: 6)),
                        ("stale_read_fraction", .rounded(total.lookups == 0 ? 0 : Double(total.staleHits) / Double(total.lookups), decimals: 6)),
                        (
                            "staleness_ms",
                            .object([
                                ("p50", Report.milliseconds(total.staleness.percentile(0.5))),
                                ("p99", Report.milliseconds(total.staleness.percentile(0.99))),
                                ("max", Report.milliseconds(total.staleness.isEmpty ? 0 : total.staleness.max)),
                            ])
                        ),
                        (
                            "staleness_versions",
                            .object([
                                ("p99", .number(Double(total.versionsMissed.percentile(0.99)))),
                                ("max", .number(Double(total.versionsMissed.isEmpty ? 0 : total.versionsMissed.max))),
                            ])
                        ),
                        ("stampede_peak_misses", .number(Double(total.stampedePeak))),
                        ("hot_key_expiry_store_reads", .number(Double(hotKeyExpiryFetches))),
                        ("refused_stale_sets", .number(Double(total.refusedSets))),
                        ("stale_while_revalidate_hits", .number(Double(total.staleWhileRevalidateHits))),
                        ("request_cache_hits", .number(Double(total.requestCacheHits))),
                        (
                            "break_even_hit_ratio",
                            .object(
                                cache.map { entry in
                                    (
                                        entry.region,
                                        entry.readsWithout.latency.mean > 0
                                            ? .rounded(Double(cacheLookupCost) / entry.readsWithout.latency.mean, decimals: 6) : .null
                                    )
                                })
                        ),
                    ])
                ))
        }
        if let quorums {
            members.append(
                (
                    "replication",
                    .object([
                        ("mode", .string(replicationMode)),
                        ("n", .number(Double(quorums.n))), ("r", .number(Double(quorums.r))), ("w", .number(Double(quorums.w))),
                    ])
                ))
        }
        if usesPrimary {
            var total = LatencyHistogram()
            for entry in replicaLag { total.merge(entry.lag) }
            func lagBlock(_ lag: LatencyHistogram) -> JSONValue {
                .object([
                    ("p50", Report.milliseconds(lag.percentile(0.5))), ("p99", Report.milliseconds(lag.percentile(0.99))),
                    ("max", Report.milliseconds(lag.isEmpty ? 0 : lag.max)), ("mean", .rounded(lag.mean / 1e6, decimals: 3)),
                ])
            }
            members.append(
                (
                    "replication",
                    .object([
                        ("mode", .string(replicationMode)),
                        ("primary", primaryNode.map { .string($0) } ?? .null),
                        ("lag_ms", lagBlock(total)),
                        ("lag_by_region", .object(replicaLag.filter { !$0.lag.isEmpty }.map { ($0.region, lagBlock($0.lag)) })),
                        ("lost_acknowledged_writes", .number(Double(lostAcknowledgedWrites))),
                        ("promotions", .number(Double(promotions))),
                        ("forgotten_commit_times", .number(Double(replicaLogForgotten))),
                    ])
                ))
        }
        if measuresStaleness {
            let total = totalStaleness
            var byRegion: [(key: String, value: JSONValue)] = []
            for row in regions { byRegion.append((row.name, Report.stalenessBlock(row.staleness))) }
            var block = Report.stalenessBlock(total)
            if case .object(var fields) = block {
                fields.append(("by_region", .object(byRegion)))
                fields.append(("by_mode", .object([(replicationMode == "raft" ? readMode : replicationMode, Report.stalenessBlock(total))])))
                block = .object(fields)
            }
            members.append(("staleness", block))
            members.append(
                (
                    "tvisibility",
                    .array(
                        totalVisibility.points.map { point in
                            .object([("t_ms", Report.milliseconds(point.t)), ("p_consistent", .rounded(point.probability, decimals: 6))])
                        })
                ))
        }
        if !safetyViolations.isEmpty { members.append(("safety_violations", .array(safetyViolations.map { .string($0) }))) }
        return .object(members)
    }

    private func timelineRow(_ row: TimelineRow) -> JSONValue {
        var byRegion: [(key: String, value: JSONValue)] = []
        for (region, cell) in zip(regions, row.cells) {
            byRegion.append(
                (
                    region.name,
                    .object([
                        (
                            "writes",
                            .object([
                                ("ok", .number(Double(cell.writesOK))), ("failed", .number(Double(cell.writesFailed))),
                                ("unknown", .number(Double(cell.writesUnknown))), ("p99_ms", Report.milliseconds(cell.writeP99)),
                            ])
                        ),
                        (
                            "reads",
                            .object([
                                ("ok", .number(Double(cell.readsOK))), ("failed", .number(Double(cell.readsFailed))),
                                ("unknown", .number(Double(cell.readsUnknown))), ("p99_ms", Report.milliseconds(cell.readP99)),
                            ])
                        ),
                        ("replica_lag_p99_ms", Report.milliseconds(cell.replicaLagP99)),
                    ])
                ))
        }
        return .object([
            ("t_s", .rounded(row.end.seconds, decimals: 3)),
            ("leader_region", row.leaderRegion.map { .string(regions[$0].name) } ?? .null),
            ("faults", .array(row.activeFaults.map { .string($0) })),
            ("by_region", .object(byRegion)),
        ])
    }

    /// A latency block: `{count, ok, failed, unknown, latency_ms: {p50, p90, p99, p999, max, mean}}`.
    static func block(_ stats: OperationStats) -> JSONValue {
        let histogram = stats.latency
        let latency: JSONValue = .object([
            ("p50", milliseconds(histogram.percentile(0.50))),
            ("p90", milliseconds(histogram.percentile(0.90))),
            ("p99", milliseconds(histogram.percentile(0.99))),
            ("p999", milliseconds(histogram.percentile(0.999))),
            ("max", milliseconds(histogram.isEmpty ? 0 : histogram.max)),
            ("mean", .rounded(histogram.mean / 1e6, decimals: 3)),
        ])
        return .object([
            ("count", .number(Double(stats.count))),
            ("ok", .number(Double(stats.ok))),
            ("failed", .number(Double(stats.failed))),
            ("unknown", .number(Double(stats.unknown))),
            ("latency_ms", latency),
        ])
    }

    /// `{time_ms: {p50, p99, max, mean}, versions: {p50, p99, max}, stale_fraction,
    /// local_fraction, fallback_fraction, reads}`.
    static func stalenessBlock(_ stats: StalenessStats) -> JSONValue {
        .object([
            ("reads", .number(Double(stats.reads))),
            (
                "time_ms",
                .object([
                    ("p50", milliseconds(stats.time.percentile(0.5))),
                    ("p99", milliseconds(stats.time.percentile(0.99))),
                    ("max", milliseconds(stats.time.isEmpty ? 0 : stats.time.max)),
                    ("mean", .rounded(stats.time.mean / 1e6, decimals: 3)),
                ])
            ),
            (
                "versions",
                .object([
                    ("p50", .number(Double(stats.versions.percentile(0.5)))),
                    ("p99", .number(Double(stats.versions.percentile(0.99)))),
                    ("max", .number(Double(stats.versions.isEmpty ? 0 : stats.versions.max))),
                ])
            ),
            ("stale_fraction", .rounded(stats.staleFraction, decimals: 6)),
            (
                "k_staleness",
                .array(
                    (1...8).map { k in
                        .object([("k", .number(Double(k))), ("p", .rounded(stats.probabilityWithinLast(k), decimals: 6))])
                    })
            ),
            ("local_fraction", .rounded(stats.localFraction, decimals: 6)),
            ("fallback_fraction", .rounded(stats.reads == 0 ? 0 : Double(stats.fellBack) / Double(stats.reads), decimals: 6)),
        ])
    }

    /// Nanoseconds as milliseconds with microsecond precision.
    static func milliseconds(_ value: Nanoseconds) -> JSONValue {
        .rounded(Double(value) / 1e6, decimals: 3)
    }

    /// The report as pretty JSON text, ending with a newline.
    public var json: String { JSONWriter.string(jsonValue, pretty: true) + "\n" }
}
