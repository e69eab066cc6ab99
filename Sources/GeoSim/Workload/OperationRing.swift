/// The operations one client has issued and not yet retired, in issue order, in a
/// power-of-two ring indexed by the operation's sequence number. Memory is bounded by
/// the operations in flight (rate × timeout), not by the run's length.
struct OperationRing {
    enum State: UInt8 { case pending, done }

    struct Record {
        /// When the client issued the operation (ns).
        var issuedAt: Nanoseconds
        var isWrite: Bool
        var state: State
    }

    private var slots: [Record]
    private var mask: UInt64
    /// Sequence number of the oldest operation not yet retired.
    private(set) var oldest: UInt64 = 0
    /// Sequence number the next operation gets.
    private(set) var next: UInt64 = 0

    init(capacity: Int = 64) {
        var size = 1
        while size < capacity { size <<= 1 }
        slots = Array(repeating: Record(issuedAt: 0, isWrite: false, state: .done), count: size)
        mask = UInt64(size - 1)
    }

    var isEmpty: Bool { oldest == next }

    /// Adds an operation and returns its sequence number.
    mutating func issue(at time: Nanoseconds, isWrite: Bool) -> UInt64 {
        if next - oldest == UInt64(slots.count) { grow() }
        let sequence = next
        slots[Int(sequence & mask)] = Record(issuedAt: time, isWrite: isWrite, state: .pending)
        next += 1
        return sequence
    }

    /// The record of a live operation, or nil if it was retired (answered or timed out).
    func record(_ sequence: UInt64) -> Record? {
        guard sequence >= oldest, sequence < next else { return nil }
        return slots[Int(sequence & mask)]
    }

    mutating func markDone(_ sequence: UInt64) {
        guard sequence >= oldest, sequence < next else { return }
        slots[Int(sequence & mask)].state = .done
    }

    /// The oldest live operation, after retiring answered ones at the front.
    mutating func oldestPending() -> (sequence: UInt64, record: Record)? {
        while oldest < next {
            let record = slots[Int(oldest & mask)]
            if record.state == .pending { return (oldest, record) }
            oldest += 1
        }
        return nil
    }

    /// Retires the oldest operation (it timed out).
    mutating func retireOldest() {
        if oldest < next { oldest += 1 }
    }

    private mutating func grow() {
        var larger = Array(repeating: Record(issuedAt: 0, isWrite: false, state: .done), count: slots.count * 2)
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
