/// The operation attempts one client has started and not yet retired, in start order, in
/// a power-of-two ring indexed by sequence number. Memory is bounded by the attempts in
/// flight (rate × timeout), not by the run's length. Attempts start in order and share
/// one timeout, so their deadlines are in ring order too.
struct OperationRing {
    enum State: UInt8 { case pending, done }

    /// One attempt's bookkeeping. Its fields are laid out widest first and its flags share
    /// a byte, so a record takes 64 bytes (not 80): the ring holds rate × timeout of them,
    /// and each answer reads one back long after it was written, from far out of cache.
    struct Record {
        /// When the client first issued the operation (ns); latency counts from here.
        var issuedAt: Nanoseconds
        /// When this attempt started (ns); its deadline is this plus the timeout.
        var attemptStartedAt: Nanoseconds
        /// The key the operation reads or writes.
        var key: Int
        /// The version (commit timestamp, ns) the store returned to this read, or the
        /// timestamp a leader gave this write; `Int64.min` until known.
        var servedTimestamp: Nanoseconds = Int64.min
        /// The cache fill token this read's fetch carries (0: none).
        var fillToken: UInt64 = 0
        /// The replica this attempt went through.
        var gateway: Int32
        /// Request-scoped cache: lookups of this request still to make after this one.
        var lookupsLeft: Int32 = 0
        /// Request shapes: sequential steps still to make after the current one, and the
        /// parallel queries of a fan-out still unanswered.
        var stepsLeft: Int32 = 0
        var parallelPending: Int32 = 0
        var state: State
        /// Attempts before this one.
        var attempt: UInt8
        private var flags: UInt8 = 0
        /// How long this attempt waited for pool connections before it was sent (µs,
        /// saturating), for the slow-operation log. It fills the record's padding: still 64 bytes.
        var poolWaitMicros: Int32 = 0

        init(
            issuedAt: Nanoseconds, attemptStartedAt: Nanoseconds, isWrite: Bool, state: State, attempt: UInt8,
            mayHaveApplied: Bool, gateway: Int32, key: Int
        ) {
            self.issuedAt = issuedAt
            self.attemptStartedAt = attemptStartedAt
            self.key = key
            self.gateway = gateway
            self.state = state
            self.attempt = attempt
            self.isWrite = isWrite
            self.mayHaveApplied = mayHaveApplied
        }

        /// The flags, one bit each in `flags`.
        enum Flag: UInt8 {
            case isWrite, mayHaveApplied, viaCache, holdsConnection, holdsPoolerSlot, waitingForConnection, proposed, servedByCache
        }

        subscript(flag flag: Flag) -> Bool {
            @inline(__always) get { flags & (1 << flag.rawValue) != 0 }
            @inline(__always) set { flags = newValue ? flags | (1 << flag.rawValue) : flags & ~(1 << flag.rawValue) }
        }

        var isWrite: Bool {
            get { self[flag: .isWrite] }
            set { self[flag: .isWrite] = newValue }
        }
        /// Whether an earlier attempt of this write timed out (so may have been applied).
        var mayHaveApplied: Bool {
            get { self[flag: .mayHaveApplied] }
            set { self[flag: .mayHaveApplied] = newValue }
        }
        /// A read that went through the region's cache (and missed, if it reached the store).
        var viaCache: Bool {
            get { self[flag: .viaCache] }
            set { self[flag: .viaCache] = newValue }
        }
        /// Connection pools: holds an application-pool connection, a pooler server
        /// connection, or waits for one.
        var holdsConnection: Bool {
            get { self[flag: .holdsConnection] }
            set { self[flag: .holdsConnection] = newValue }
        }
        var holdsPoolerSlot: Bool {
            get { self[flag: .holdsPoolerSlot] }
            set { self[flag: .holdsPoolerSlot] = newValue }
        }
        var waitingForConnection: Bool {
            get { self[flag: .waitingForConnection] }
            set { self[flag: .waitingForConnection] = newValue }
        }
        /// A write attempt a leader has proposed: it may commit, so it never fails, and a
        /// duplicate of its request is not proposed again.
        var proposed: Bool {
            get { self[flag: .proposed] }
            set { self[flag: .proposed] = newValue }
        }
        /// A read answered by a cache hit (`servedTimestamp` is the cached version).
        var servedByCache: Bool {
            get { self[flag: .servedByCache] }
            set { self[flag: .servedByCache] = newValue }
        }
    }

    private var slots: [Record]
    private var mask: UInt64
    /// Sequence number of the oldest attempt not yet retired.
    private(set) var oldest: UInt64 = 0
    /// Sequence number the next attempt gets.
    private(set) var next: UInt64 = 0

    static let empty = Record(issuedAt: 0, attemptStartedAt: 0, isWrite: false, state: .done, attempt: 0, mayHaveApplied: false, gateway: 0, key: 0)

    init(capacity: Int = 64) {
        var size = 1
        while size < capacity { size <<= 1 }
        slots = Array(repeating: OperationRing.empty, count: size)
        mask = UInt64(size - 1)
    }

    var isEmpty: Bool { oldest == next }

    /// Adds an attempt and returns its sequence number.
    mutating func start(_ record: Record) -> UInt64 {
        if next - oldest == UInt64(slots.count) { grow() }
        let sequence = next
        slots[Int(sequence & mask)] = record
        next += 1
        return sequence
    }

    /// The record of a live attempt, or nil if it was retired (answered or timed out).
    func record(_ sequence: UInt64) -> Record? {
        guard sequence >= oldest, sequence < next else { return nil }
        return slots[Int(sequence & mask)]
    }

    /// Updates a live attempt's record in place.
    mutating func update(_ sequence: UInt64, _ change: (inout Record) -> Void) {
        guard sequence >= oldest, sequence < next else { return }
        change(&slots[Int(sequence & mask)])
    }

    mutating func markDone(_ sequence: UInt64) {
        guard sequence >= oldest, sequence < next else { return }
        slots[Int(sequence & mask)].state = .done
    }

    /// The oldest live attempt, after retiring answered ones at the front.
    mutating func oldestPending() -> (sequence: UInt64, record: Record)? {
        while oldest < next {
            let record = slots[Int(oldest & mask)]
            if record.state == .pending { return (oldest, record) }
            oldest += 1
        }
        return nil
    }

    /// Retires the oldest attempt (it timed out).
    mutating func retireOldest() {
        if oldest < next { oldest += 1 }
    }

    private mutating func grow() {
        var larger = Array(repeating: OperationRing.empty, count: slots.count * 2)
        let newMask = UInt64(larger.count - 1)
        var sequence = oldest
        while sequence < next {
            larger[Int(sequence & newMask)] = slots[Int(sequence & mask)]
            sequence += 1
        }
        slots = larger
        mask = newMask
    }
}
