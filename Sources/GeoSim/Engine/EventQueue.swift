/// The pending events of a simulation: an array-backed 4-ary min-heap of keys ordered by
/// (time, sequence number), with the events themselves in a slab of reused slots.
///
/// The sequence number is assigned at scheduling, so events at the same instant come out
/// in the order they were scheduled: ties never depend on heap layout. Events are stored
/// by value; pushing and popping allocate nothing once the buffers have grown to the peak
/// number of pending events.
///
/// Lanes keep the heap small: events scheduled on a lane must come in non-decreasing
/// time (a FIFO network link), so only a lane's earliest event needs to be in the heap.
/// A lane keeps its events, in order, in a ring buffer of its own; the next one enters the
/// heap when the one before leaves. Reading a lane front to back also keeps memory access
/// sequential, where slab slots are scattered. The order of events is exactly the same as
/// without lanes.
///
/// The queue owns raw buffers rather than arrays: the run loop touches it several times per
/// event, and arrays would pay a uniqueness check and a bounds check on every access. Every
/// index it uses comes from its own bookkeeping, never from input. It cannot be copied (two
/// copies would share the buffers); it frees them when it goes away.
public struct EventQueue<Event>: ~Copyable {
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
        /// The event's slab slot; unused for a lane's event, which is its lane's first.
        var slot: Int32
        /// The lane the event was scheduled on, or -1.
        var lane: Int32
    }

    /// One lane: a ring buffer of its pending events in time order. Its first event's key
    /// is in the heap; `buffer` is nil until the lane is first used.
    private struct Lane {
        var buffer: UnsafeMutablePointer<Entry>?
        /// A power of two, or 0.
        var capacity = 0
        var head = 0
        var count = 0
    }

    private var heap: UnsafeMutablePointer<Key>
    private var heapCount = 0
    private var heapCapacity: Int
    /// Events not on a lane, by slot: slots below `slotsUsed` that are not on the free
    /// list hold one.
    private var events: UnsafeMutablePointer<Event>
    /// Per free slot: the next free slot, or -1.
    private var nextFree: UnsafeMutablePointer<Int32>
    private var slotsUsed = 0
    private var slotCapacity: Int
    private var firstFreeSlot: Int32 = -1
    private var lanes: UnsafeMutablePointer<Lane>
    private let laneCount: Int
    private var pending = 0
    private var nextSequence: UInt64 = 0

    /// `lanes`: how many FIFO lanes `schedule(_:at:lane:)` may use (0…lanes−1).
    public init(initialCapacity: Int = 1024, lanes: Int = 0) {
        heapCapacity = max(initialCapacity, 16)
        slotCapacity = heapCapacity
        heap = .allocate(capacity: heapCapacity)
        events = .allocate(capacity: slotCapacity)
        nextFree = .allocate(capacity: slotCapacity)
        laneCount = max(lanes, 0)
        self.lanes = .allocate(capacity: max(laneCount, 1))
        self.lanes.initialize(repeating: Lane(), count: max(laneCount, 1))
    }

    deinit {
        if !_isPOD(Event.self) {
            // Only slots off the free list hold an event.
            var free = [Bool](repeating: false, count: slotsUsed)
            var slot = firstFreeSlot
            while slot >= 0 {
                free[Int(slot)] = true
                slot = nextFree[Int(slot)]
            }
            for index in 0..<slotsUsed where !free[index] { (events + index).deinitialize(count: 1) }
        }
        for index in 0..<laneCount {
            guard let buffer = lanes[index].buffer else { continue }
            if !_isPOD(Event.self) {
                let lane = lanes[index]
                for offset in 0..<lane.count { (buffer + ((lane.head + offset) & (lane.capacity - 1))).deinitialize(count: 1) }
            }
            buffer.deallocate()
        }
        heap.deallocate()
        events.deallocate()
        nextFree.deallocate()
        lanes.deallocate()
    }

    /// The number of pending events (in the heap and waiting in lanes).
    public var count: Int { pending }
    public var isEmpty: Bool { heapCount == 0 }
    /// How many events have ever been scheduled.
    public var scheduledCount: UInt64 { nextSequence }

    /// The time of the earliest pending event.
    public var nextTime: Nanoseconds? { heapCount > 0 ? heap[0].time : nil }

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
        pending += 1
        let slot: Int32
        if firstFreeSlot >= 0 {
            slot = firstFreeSlot
            firstFreeSlot = nextFree[Int(slot)]
        } else {
            if slotsUsed == slotCapacity { growSlots() }
            slot = Int32(slotsUsed)
            slotsUsed += 1
        }
        (events + Int(slot)).initialize(to: event)
        push(Key(time: time, sequence: nextSequence, slot: slot, lane: -1))
        nextSequence &+= 1
    }

    /// Schedules `event` at `time` on FIFO lane `lane`: `time` must not be before the
    /// time of the lane's last scheduled event still pending.
    @inline(__always)
    public mutating func schedule(_ event: Event, at time: Nanoseconds, lane: Int) {
        precondition(lane >= 0 && lane < laneCount, "lane \(lane) outside 0..<\(laneCount)")
        pending += 1
        if lanes[lane].count == lanes[lane].capacity { growLane(lane) }
        let position = (lanes[lane].head + lanes[lane].count) & (lanes[lane].capacity - 1)
        lanes[lane].buffer.unsafelyUnwrapped.advanced(by: position)
            .initialize(to: Entry(time: time, sequence: nextSequence, event: event))
        lanes[lane].count += 1
        if lanes[lane].count == 1 {
            push(Key(time: time, sequence: nextSequence, slot: -1, lane: Int32(lane)))
        }
        nextSequence &+= 1
    }

    /// Doubles the slab. Called only when no slot is free, so every used slot holds an
    /// event and the whole used part moves.
    private mutating func growSlots() {
        let capacity = slotCapacity * 2
        let newEvents = UnsafeMutablePointer<Event>.allocate(capacity: capacity)
        newEvents.moveInitialize(from: events, count: slotsUsed)
        events.deallocate()
        events = newEvents
        let newNextFree = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        newNextFree.moveInitialize(from: nextFree, count: slotsUsed)
        nextFree.deallocate()
        nextFree = newNextFree
        slotCapacity = capacity
    }

    /// Doubles a full lane's ring (or gives an unused lane its first), its events moved
    /// to the front in order.
    private mutating func growLane(_ index: Int) {
        let lane = lanes[index]
        let capacity = max(lane.capacity * 2, 16)
        let buffer = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
        if let old = lane.buffer {
            let firstPart = min(lane.count, lane.capacity - lane.head)
            buffer.moveInitialize(from: old + lane.head, count: firstPart)
            (buffer + firstPart).moveInitialize(from: old, count: lane.count - firstPart)
            old.deallocate()
        }
        lanes[index] = Lane(buffer: buffer, capacity: capacity, head: 0, count: lane.count)
    }

    @inline(__always)
    private mutating func push(_ key: Key) {
        if heapCount == heapCapacity {
            let capacity = heapCapacity * 2
            let newHeap = UnsafeMutablePointer<Key>.allocate(capacity: capacity)
            newHeap.moveInitialize(from: heap, count: heapCount)
            heap.deallocate()
            heap = newHeap
            heapCapacity = capacity
        }
        heapCount += 1
        siftUp(key, from: heapCount - 1)
    }

    /// Removes and returns the earliest event (ties: the one scheduled first).
    @inline(__always)
    public mutating func pop() -> Entry? {
        guard heapCount > 0 else { return nil }
        let top = heap[0]
        pending -= 1
        if top.lane >= 0 {
            let index = Int(top.lane)
            let buffer = lanes[index].buffer.unsafelyUnwrapped
            let mask = lanes[index].capacity - 1
            let entry = (buffer + lanes[index].head).move()
            lanes[index].head = (lanes[index].head + 1) & mask
            lanes[index].count -= 1
            if lanes[index].count > 0 {
                // The lane's next event takes the root: it is no earlier, so it sifts down.
                let next = buffer + lanes[index].head
                siftDown(Key(time: next.pointee.time, sequence: next.pointee.sequence, slot: -1, lane: top.lane), from: 0)
            } else {
                removeRoot()
            }
            return entry
        }
        removeRoot()
        let slot = Int(top.slot)
        let event = (events + slot).move()
        nextFree[slot] = firstFreeSlot
        firstFreeSlot = top.slot
        return Entry(time: top.time, sequence: top.sequence, event: event)
    }

    @inline(__always)
    private mutating func removeRoot() {
        heapCount -= 1
        if heapCount > 0 { siftDown(heap[heapCount], from: 0) }
    }

    // The sifts take the moving key as an argument and store it once, at its final place.
    // Storing it first and loading it back would stall: its 4-byte fields, stored
    // separately, cannot be forwarded to one 8-byte load.

    /// Places `moving` at `start` (a hole at the bottom) or above it.
    @inline(__always)
    private func siftUp(_ moving: Key, from start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) >> 2
            guard EventQueue.precedes(moving, heap[parent]) else { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = moving
    }

    /// Places `moving` at the hole `start` or below it, by Floyd's bottom-up method: walk
    /// the hole down along the smallest children to a leaf without comparing against the
    /// moving key, then sift that key up from there. The moving key came from the bottom
    /// (or is a lane's next event), so it usually belongs near it, and this halves the
    /// comparisons of a classic sift-down.
    private func siftDown(_ moving: Key, from start: Int) {
        let count = heapCount
        var hole = start
        while true {
            let first = hole << 2 + 1
            if first >= count { break }
            var best = first
            if first + 3 < count {
                let a = EventQueue.precedes(heap[first + 1], heap[first]) ? first + 1 : first
                let b = EventQueue.precedes(heap[first + 3], heap[first + 2]) ? first + 3 : first + 2
                best = EventQueue.precedes(heap[b], heap[a]) ? b : a
            } else {
                var candidate = first + 1
                while candidate < count {
                    if EventQueue.precedes(heap[candidate], heap[best]) { best = candidate }
                    candidate += 1
                }
            }
            heap[hole] = heap[best]
            hole = best
        }
        while hole > start {
            let parent = (hole - 1) >> 2
            guard EventQueue.precedes(moving, heap[parent]) else { break }
            heap[hole] = heap[parent]
            hole = parent
        }
        heap[hole] = moving
    }
}
