/// The controlled t-visibility experiment of Probabilistically Bounded Staleness (Bailis
/// et al., the WARS model) for a leaderless quorum store with N replicas, read quorum R
/// and write quorum W.
///
/// One trial, all times in ns from the moment the coordinator sends the write:
/// - the write goes to every replica i, arriving after its write leg W_i; replica i acks,
///   and the ack takes A_i; the write commits at c = the W-th smallest W_i + A_i;
/// - a read starts at c + t: its request reaches replica j at c + t + R_j, and the answer
///   leaves j then and arrives S_j later; the coordinator uses the first R answers (those
///   with the R smallest R_j + S_j, ties broken by replica index);
/// - the read is consistent when one of those R replicas had the write when the request
///   arrived: W_j ≤ c + t + R_j.
///
/// Every leg is drawn independently per replica and per trial, fresh each trial. The legs
/// of a trial are drawn once and every grid t is evaluated on them (common random
/// numbers): a trial is consistent exactly for t ≥ d, d = min over the R responders of
/// W_j − c − R_j, so the curve is the empirical distribution function of d, non-decreasing
/// in t. The trial loop allocates nothing: its buffers are sized once, before it.
///
/// Legs come from `ReplicationSettings.legs` when given (the same four distributions for
/// every replica); otherwise from the topology: the coordinator sits in the first zone of
/// the first region, the replicas are the topology's first N nodes, and each leg is half
/// the round trip between the coordinator's place and the replica's (`Topology.roundTrip(from:to:)`,
/// so the same-zone or cross-zone round trip inside the first region), without jitter.
public enum VisibilityExperiment {
    /// Which R replicas a read uses.
    public enum ReadReplicaChoice: Sendable, Equatable {
        /// The first R to answer (the model of PBS and of Dynamo-style stores).
        case firstResponders
        /// R distinct replicas chosen uniformly at random, independently of the legs; the
        /// read waits for all of them.
        case uniformRandom
    }

    /// Which replicas a write reaches.
    public enum WriteDelivery: Sendable, Equatable {
        /// Every replica, each after its own write leg (the WARS model).
        case allReplicas
        /// Only the W replicas whose acknowledgements commit the write; the other N − W never
        /// receive it. This is the setting of the PBS closed form: a read misses the write
        /// with probability C(N−W, R) / C(N, R) when its R replicas are a uniformly random
        /// R-subset independent of the write's (for example the first responders, whose
        /// legs are independent of the write's, or `uniformRandom`).
        case quorumOnly
    }

    /// Model variations; the defaults are the WARS model.
    public struct Options: Sendable, Equatable {
        public var readReplicaChoice: ReadReplicaChoice
        public var writeDelivery: WriteDelivery

        public init(readReplicaChoice: ReadReplicaChoice = .firstResponders, writeDelivery: WriteDelivery = .allReplicas) {
            self.readReplicaChoice = readReplicaChoice
            self.writeDelivery = writeDelivery
        }
    }

    /// The four leg distributions (ns) of one replica.
    public typealias ReplicaLegs = ReplicationSettings.Legs

    /// The fraction of consistent reads `t999` asks for, as a ratio of integers (exact).
    static let targetNumerator = 999
    static let targetDenominator = 1000

    /// The legs of each of the `settings.n` replicas (N clamped to at least 1): the settings'
    /// legs when given; else constant half round trips from the coordinator (first zone of
    /// the topology's first region) to the topology's nodes, reusing nodes cyclically when
    /// the topology has fewer than N; else (no topology either) zero legs.
    public static func replicaLegs(settings: ReplicationSettings, topology: Topology?) -> [ReplicaLegs] {
        let count = max(settings.n, 1)
        if let legs = settings.legs {
            let one = ReplicaLegs(write: legs.write, ack: legs.ack, read: legs.read, response: legs.response)
            return Array(repeating: one, count: count)
        }
        guard let topology, !topology.nodes.isEmpty else {
            let zero = Distribution.constant(0)
            return Array(repeating: ReplicaLegs(write: zero, ack: zero, read: zero, response: zero), count: count)
        }
        return (0..<count).map { index in
            let node = topology.nodes[index % topology.nodes.count]
            let roundTrip = topology.roundTrip(from: (region: 0, zone: 0), to: (region: node.region, zone: node.zone))
            let leg = Distribution.constant(Double(roundTrip) / 2)
            return ReplicaLegs(write: leg, ack: leg, read: leg, response: leg)
        }
    }

    /// Runs `trials` trials (see the type's note) and evaluates each at every t of `grid`
    /// (ns, t ≥ 0: a read starts at or after the commit; any order, kept in the curve).
    /// N is `settings.n` (at least 1); R and W are clamped to 1…N. Deterministic: the same
    /// arguments give the same result.
    public static func run(
        settings: ReplicationSettings, topology: Topology?, grid: [Nanoseconds],
        trials: Int, seed: UInt64
    ) -> VisibilityResult {
        run(settings: settings, topology: topology, grid: grid, trials: trials, seed: seed, options: Options())
    }

    /// `run` with model variations (`Options`).
    public static func run(
        settings: ReplicationSettings, topology: Topology?, grid: [Nanoseconds],
        trials: Int, seed: UInt64, options: Options
    ) -> VisibilityResult {
        run(
            legs: replicaLegs(settings: settings, topology: topology), r: settings.r, w: settings.w,
            grid: grid, trials: trials, seed: seed, options: options)
    }

    /// `run` with explicit legs for each replica (N = `legs.count`; no replicas gives an
    /// empty result). R and W are clamped to 1…N.
    public static func run(
        legs: [ReplicaLegs], r readQuorum: Int, w writeQuorum: Int, grid: [Nanoseconds],
        trials: Int, seed: UInt64, options: Options = Options()
    ) -> VisibilityResult {
        let n = legs.count
        guard n > 0 else {
            return VisibilityResult(
                trials: 0, curve: grid.map { ($0, 0) }, t999: nil,
                writeLatency: LatencyHistogram(), readLatency: LatencyHistogram())
        }
        let r = min(max(readQuorum, 1), n)
        let w = min(max(writeQuorum, 1), n)
        let trialCount = max(trials, 0)
        let quorumOnly = options.writeDelivery == .quorumOnly
        let uniformReads = options.readReplicaChoice == .uniformRandom

        // Separate streams, so that choosing replicas at random does not shift the legs.
        var legRandom = RandomStream(seed: seed, component: "visibility.legs")
        var choiceRandom = RandomStream(seed: seed, component: "visibility.choice")
        var trial = Trial(replicas: n)
        var tally = ThresholdTally(gridCount: grid.count, trials: trialCount)
        var writeLatency = LatencyHistogram()
        var readLatency = LatencyHistogram()
        for _ in 0..<trialCount {
            trial.drawLegs(legs, random: &legRandom)
            let commit = trial.chooseWriteQuorum(w, quorumOnly: quorumOnly)
            writeLatency.record(commit)
            readLatency.record(trial.chooseReadReplicas(r, uniformly: uniformReads, random: &choiceRandom))
            tally.record(trial.threshold(r, commit: commit, quorumOnly: quorumOnly), grid: grid)
        }
        return VisibilityResult(
            trials: trialCount, curve: tally.curve(grid), t999: tally.t999(grid),
            writeLatency: writeLatency, readLatency: readLatency)
    }

    /// One trial's draws and choices, in buffers sized once for N replicas and reused by
    /// every trial (the trial loop allocates nothing). Times in ns from the write's send.
    private struct Trial {
        var writeArrival: [Nanoseconds]  // W_i
        var ackArrival: [Nanoseconds]  // W_i + A_i
        var readArrival: [Nanoseconds]  // R_i
        var answerArrival: [Nanoseconds]  // R_i + S_i
        /// A permutation of the replicas; after a choice, the chosen ones come first.
        var order: [Int]
        /// With `quorumOnly`: whether replica i is in the write quorum (received the write).
        var inQuorum: [Bool]

        init(replicas n: Int) {
            writeArrival = [Nanoseconds](repeating: 0, count: n)
            ackArrival = [Nanoseconds](repeating: 0, count: n)
            readArrival = [Nanoseconds](repeating: 0, count: n)
            answerArrival = [Nanoseconds](repeating: 0, count: n)
            order = [Int](repeating: 0, count: n)
            inQuorum = [Bool](repeating: false, count: n)
        }

        /// Draws every replica's four legs, replica by replica, in the order write, ack, read, response.
        @inline(__always)
        mutating func drawLegs(_ legs: [ReplicaLegs], random: inout RandomStream) {
            for i in legs.indices {
                let write = legs[i].write.sample(using: &random)
                let ack = legs[i].ack.sample(using: &random)
                let read = legs[i].read.sample(using: &random)
                let response = legs[i].response.sample(using: &random)
                writeArrival[i] = write
                ackArrival[i] = saturatingSum(write, ack)
                readArrival[i] = read
                answerArrival[i] = saturatingSum(read, response)
            }
        }

        /// The write quorum: the W replicas with the earliest acks (ties by index). Returns
        /// the commit time, the W-th ack.
        @inline(__always)
        mutating func chooseWriteQuorum(_ w: Int, quorumOnly: Bool) -> Nanoseconds {
            let n = order.count
            for i in 0..<n { order[i] = i }
            selectSmallest(w, of: ackArrival, order: &order, count: n)
            if quorumOnly {
                for i in 0..<n { inQuorum[i] = false }
                for k in 0..<w { inQuorum[order[k]] = true }
            }
            return ackArrival[order[w - 1]]
        }

        /// The read's R replicas, into `order[0..<r]`: R at random, or the first R to answer.
        /// Returns when the read completes, its last chosen answer (ns after the read starts).
        @inline(__always)
        mutating func chooseReadReplicas(_ r: Int, uniformly: Bool, random: inout RandomStream) -> Nanoseconds {
            let n = order.count
            for i in 0..<n { order[i] = i }
            guard uniformly else {
                selectSmallest(r, of: answerArrival, order: &order, count: n)
                return answerArrival[order[r - 1]]
            }
            var readDone: Nanoseconds = 0
            for k in 0..<r {
                let pick = k + Int(random.next() % UInt64(n - k))
                order.swapAt(k, pick)
                readDone = max(readDone, answerArrival[order[k]])
            }
            return readDone
        }

        /// d: the least t at which one of the read's R replicas has the write when asked
        /// (`Nanoseconds.max` when none ever does).
        @inline(__always)
        func threshold(_ r: Int, commit: Nanoseconds, quorumOnly: Bool) -> Nanoseconds {
            var threshold = Nanoseconds.max
            for k in 0..<r {
                let j = order[k]
                if quorumOnly && !inQuorum[j] { continue }
                threshold = min(threshold, writeArrival[j] - saturatingSum(commit, readArrival[j]))
            }
            return threshold
        }
    }

    /// The trials' thresholds d, folded into the count of consistent trials at each grid t
    /// and the order statistic t999 needs.
    private struct ThresholdTally {
        let trials: Int
        var consistentCounts: [Int]
        /// The smallest k with k / trials ≥ 0.999 (integer arithmetic, exact); the k-th
        /// smallest d is the least t reaching the target. The largest trials − k + 1 values
        /// of d are kept in a min-heap: its root is that order statistic.
        let needed: Int
        let heapCapacity: Int
        var largest: [Nanoseconds]
        var heapCount = 0

        init(gridCount: Int, trials: Int) {
            self.trials = trials
            consistentCounts = [Int](repeating: 0, count: gridCount)
            needed = (targetNumerator * trials + targetDenominator - 1) / targetDenominator
            heapCapacity = max(trials - needed + 1, 1)
            largest = [Nanoseconds](repeating: 0, count: heapCapacity)
        }

        @inline(__always)
        mutating func record(_ threshold: Nanoseconds, grid: [Nanoseconds]) {
            for g in grid.indices where threshold <= grid[g] {
                consistentCounts[g] &+= 1
            }
            if heapCount < heapCapacity {
                heapPush(threshold, heap: &largest, count: &heapCount)
            } else if threshold > largest[0] {
                heapReplaceRoot(threshold, heap: &largest, count: heapCount)
            }
        }

        /// The fraction 0…1 of consistent trials at each t of the grid, in the grid's order.
        func curve(_ grid: [Nanoseconds]) -> [(t: Nanoseconds, pConsistent: Double)] {
            grid.indices.map { g -> (t: Nanoseconds, pConsistent: Double) in
                (grid[g], trials == 0 ? 0 : Double(consistentCounts[g]) / Double(trials))
            }
        }

        /// The least t (ns) at which 99.9% of trials are consistent: the exact order
        /// statistic over the trials (what a search on t would converge to, to the
        /// nanosecond), wherever the grid's points fall, and never before the commit; nil
        /// without trials or when too few reads ever see the write.
        func t999(_ grid: [Nanoseconds]) -> Nanoseconds? {
            guard trials > 0, heapCount > 0, largest[0] != .max else { return nil }
            return max(largest[0], 0)
        }
    }

    /// a + b for non-negative durations, saturating at `Nanoseconds.max` (two heavy-tailed
    /// draws capped at 2^62 ns each could otherwise overflow).
    @inline(__always)
    static func saturatingSum(_ a: Nanoseconds, _ b: Nanoseconds) -> Nanoseconds {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }

    /// Partial selection sort: afterwards `order[0..<k]` holds the indices of the k smallest
    /// `values` in ascending order (ties by smaller index). `order` must hold a permutation
    /// of 0..<count in ascending order on entry. O(k · count); count ≤ 15 here.
    @inline(__always)
    static func selectSmallest(_ k: Int, of values: [Nanoseconds], order: inout [Int], count: Int) {
        for position in 0..<k {
            var best = position
            var bestValue = values[order[position]]
            for candidate in (position + 1)..<max(count, position + 1) {
                let value = values[order[candidate]]
                if value < bestValue || (value == bestValue && order[candidate] < order[best]) {
                    best = candidate
                    bestValue = value
                }
            }
            if best != position { order.swapAt(position, best) }
        }
    }

    /// Adds `value` to the min-heap `heap[0..<count]`.
    @inline(__always)
    static func heapPush(_ value: Nanoseconds, heap: inout [Nanoseconds], count: inout Int) {
        var child = count
        heap[child] = value
        count += 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[parent] > heap[child] else { break }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    /// Replaces the root (the minimum) of the min-heap `heap[0..<count]` by `value`.
    @inline(__always)
    static func heapReplaceRoot(_ value: Nanoseconds, heap: inout [Nanoseconds], count: Int) {
        heap[0] = value
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < count else { break }
            let right = left + 1
            let smaller = right < count && heap[right] < heap[left] ? right : left
            guard heap[smaller] < heap[parent] else { break }
            heap.swapAt(parent, smaller)
            parent = smaller
        }
    }
}
