/// The pending events of a simulation: an array-backed 4-ary min-heap of keys ordered by
/// (time, sequence number), with the events themselves in a slab of reused slots.
///
/// The sequence number is assigned at scheduling, so events at the same instant come out
/// in the order they were scheduled: ties never depend on heap layout. Events are stored
/// by value; pushing and popping allocate nothing once the arrays have grown to the peak
/// number of pending events.
///
/// Lanes keep the heap small: events scheduled on a lane must come in non-decreasing
/// time (a FIFO network link), so only a lane's earliest event needs to be in the heap;
/// the rest wait in the lane's queue and enter the heap when the one before leaves. The
/// order of events is exactly the same as without lanes.
public struct EventQueue<Event> {
    /// One scheduled event. `sequence` makes every key unique.
    public struct Entry {
        public var time: Nanoseconds
        public var sequence: UInt64
        public var event: Event
    }

    /// What the heap orders: the key and where the event waits. Keeping events out of
    /// the heap makes each sift step move 24 bytes, whatever the size of `Event`.
    private struct Key {
        var time: Nanoseconds
        var sequence: UInt64
        var slot: Int32
        /// The lane the event was scheduled on, or -1.
        var lane: Int32
    }

    private var heap: [Key] = []
    /// Events by slot; `freeSlots` lists the slots whose event has been popped.
    private var events: [Event?] = []
    private var freeSlots: [Int32] = []
    private var nextSequence: UInt64 = 0
    /// Per lane: its events after the one in the heap (from `laneHead` on), and whether
    /// one of its events is in the heap.
    private var laneQueues: [[Key]]
    private var laneHead: [Int]
    private var laneInHeap: [Bool]

    /// `lanes`: how many FIFO lanes `schedule(_:at:lane:)` may use (0…lanes−1).
    public init(initialCapacity: Int = 1024, lanes: Int = 0) {
        heap.reserveCapacity(initialCapacity)
        events.reserveCapacity(initialCapacity)
        freeSlots.reserveCapacity(initialCapacity)
        laneQueues = Array(repeating: [], count: lanes)
        laneHead = Array(repeating: 0, count: lanes)
        laneInHeap = Array(repeating: false, count: lanes)
    }

    /// The number of pending events (in the heap and waiting in lanes).
    public var count: Int { events.count - freeSlots.count }
    public var isEmpty: Bool { heap.isEmpty }
    /// How many events have ever been scheduled.
    public var scheduledCount: UInt64 { nextSequence }

    /// The time of the earliest pending event.
    public var nextTime: Nanoseconds? { heap.first?.time }

    /// (time, sequence) order as one 128-bit comparison, which compiles without the
    /// unpredictable branch of a two-field comparison. Times are never negative.
    @inline(__always)
    private static func precedes(_ a: Key, _ b: Key) -> Bool {
        (UInt128(UInt64(bitPattern: a.time)) << 64 | UInt128(a.sequence))
            < (UInt128(UInt64(bitPattern: b.time)) << 64 | UInt128(b.sequence))
    }

    /// Schedules `event` at `time`.
    @inline(__always)
    public mutating func schedule(_ event: Event, at time: Nanoseconds) {
        heap.append(Key(time: time, sequence: nextSequence, slot: store(event), lane: -1))
        nextSequence &+= 1
        siftUp(from: heap.count - 1)
    }

    /// Schedules `event` at `time` on FIFO lane `lane`: `time` must not be before the
    /// time of the lane's last scheduled event still pending.
    @inline(__always)
    public mutating func schedule(_ event: Event, at time: Nanoseconds, lane: Int) {
        let key = Key(time: time, sequence: nextSequence, slot: store(event), lane: Int32(lane))
        nextSequence &+= 1
        if laneInHeap[lane] {
            laneQueues[lane].append(key)
        } else {
            laneInHeap[lane] = true
            heap.append(key)
            siftUp(from: heap.count - 1)
        }
    }

    /// Puts `event` in a free slot of the slab.
    @inline(__always)
    private mutating func store(_ event: Event) -> Int32 {
        if let free = freeSlots.popLast() {
            events[Int(free)] = event
            return free
        }
        events.append(event)
        return Int32(events.count - 1)
    }

    /// Removes and returns the earliest event (ties: the one scheduled first).
    @inline(__always)
    public mutating func pop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        let top = heap[0]
        if top.lane >= 0, laneHead[Int(top.lane)] < laneQueues[Int(top.lane)].count {
            // The lane's next event takes its place: it is no earlier, so it sifts down.
            let lane = Int(top.lane)
            heap[0] = laneQueues[lane][laneHead[lane]]
            laneHead[lane] += 1
            if laneHead[lane] == laneQueues[lane].count {
                laneQueues[lane].removeAll(keepingCapacity: true)
                laneHead[lane] = 0
            } else if laneHead[lane] >= 4096 && laneHead[lane] * 2 >= laneQueues[lane].count {
                // A lane that never drains: drop what was taken, so memory stays bounded.
                laneQueues[lane].removeFirst(laneHead[lane])
                laneHead[lane] = 0
            }
            siftDown(from: 0)
        } else {
            if top.lane >= 0 { laneInHeap[Int(top.lane)] = false }
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                siftDown(from: 0)
            }
        }
        let slot = Int(top.slot)
        guard let event = events[slot] else { return nil }
        events[slot] = nil
        freeSlots.append(top.slot)
        return Entry(time: top.time, sequence: top.sequence, event: event)
    }

    private mutating func siftUp(from start: Int) {
        heap.withUnsafeMutableBufferPointer { buffer in
            var child = start
            let moving = buffer[child]
            while child > 0 {
                let parent = (child - 1) >> 2
                guard EventQueue.precedes(moving, buffer[parent]) else { break }
                buffer[child] = buffer[parent]
                child = parent
            }
            buffer[child] = moving
        }
    }

    /// Removes the root's key by Floyd's bottom-up method: walk the hole down along the
    /// smallest children to a leaf without comparing against the moving key, then sift that
    /// key up from there. The moving key came from the bottom, so it usually belongs near
    /// it, and this halves the comparisons of a classic sift-down.
    private mutating func siftDown(from start: Int) {
        heap.withUnsafeMutableBufferPointer { buffer in
            let count = buffer.count
            let moving = buffer[start]
            var hole = start
            while true {
                let first = hole << 2 + 1
                if first >= count { break }
                var best = first
                if first + 3 < count {
                    let a = EventQueue.precedes(buffer[first + 1], buffer[first]) ? first + 1 : first
                    let b = EventQueue.precedes(buffer[first + 3], buffer[first + 2]) ? first + 3 : first + 2
                    best = EventQueue.precedes(buffer[b], buffer[a]) ? b : a
                } else {
                    var candidate = first + 1
                    while candidate < count {
                        if EventQueue.precedes(buffer[candidate], buffer[best]) { best = candidate }
                        candidate += 1
                    }
                }
                buffer[hole] = buffer[best]
                hole = best
            }
            while hole > start {
                let parent = (hole - 1) >> 2
                guard EventQueue.precedes(moving, buffer[parent]) else { break }
                buffer[hole] = buffer[parent]
                hole = parent
            }
            buffer[hole] = moving
        }
    }
}
