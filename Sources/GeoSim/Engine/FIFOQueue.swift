/// A first-in, first-out queue on an array. A pop moves a head index; the taken front is
/// dropped once it is at least 1024 elements and half the array, so a pop costs O(1)
/// amortized and memory follows what is still queued, not what ever was.
struct FIFOQueue<Element> {
    private var elements: [Element] = []
    private var head = 0

    init() {}

    var isEmpty: Bool { head == elements.count }
    var count: Int { elements.count - head }
    /// The element the next pop returns.
    var first: Element? { head < elements.count ? elements[head] : nil }

    /// The elements in queue order, first to last.
    var queued: ArraySlice<Element> { elements[head...] }

    mutating func append(_ element: Element) {
        elements.append(element)
    }

    mutating func popFirst() -> Element? {
        guard head < elements.count else { return nil }
        let element = elements[head]
        head += 1
        if head >= 1024 && head * 2 >= elements.count {
            elements.removeFirst(head)
            head = 0
        }
        return element
    }

    mutating func removeAll() {
        elements.removeAll(keepingCapacity: true)
        head = 0
    }
}
