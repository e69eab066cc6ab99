/// Zeller's delta debugging, as the history minimizers use it: drop halves, quarters, …
/// of a failing input while it still fails, then single items until no one removal
/// keeps it failing. The caller's `stillFails` spends the search budget; `exhausted`
/// says when it is gone, and the shrinking stops there with what it has.
enum DeltaDebugging {
    static func shrink<Item>(_ items: [Item], exhausted: () -> Bool, stillFails: ([Item]) -> Bool) -> [Item] {
        var current = items
        var chunk = current.count / 2
        while chunk > 1 {
            var start = 0
            while start < current.count {
                if exhausted() { return current }
                var candidate = current
                candidate.removeSubrange(start..<min(start + chunk, current.count))
                if !candidate.isEmpty && stillFails(candidate) { current = candidate } else { start += chunk }
            }
            chunk /= 2
        }
        var changed = true
        while changed {
            changed = false
            var index = current.count - 1
            while index >= 0 {
                if exhausted() { return current }
                if current.count > 1 {
                    var candidate = current
                    candidate.remove(at: index)
                    if stillFails(candidate) {
                        current = candidate
                        changed = true
                    }
                }
                index -= 1
            }
        }
        return current
    }
}
