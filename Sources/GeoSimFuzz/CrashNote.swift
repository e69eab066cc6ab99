#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The pre-formatted line a crash handler writes (which file holds the crashing input)
/// and the handlers installed before ours, in C memory so the handler only reads plain
/// memory and calls `write(2)` and `sigaction(2)`.
nonisolated(unsafe) private var crashNoteBytes: UnsafeMutablePointer<UInt8>?
nonisolated(unsafe) private var crashNoteLength = 0
nonisolated(unsafe) private let previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

/// On a crashing signal (a Swift trap, a stack overflow), prints which file holds the
/// input, then puts back the previous handler and returns, so the faulting instruction
/// runs again and the process dies as it would have (with the runtime's backtrace).
enum CrashNote {
    static let signals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE]

    /// Installs the handlers, on an alternate stack (a stack overflow leaves none).
    static func install() {
        let size = 1 << 16
        var stack = stack_t()
        stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        stack.ss_size = size
        stack.ss_flags = 0
        sigaltstack(&stack, nil)
        for signal in signals {
            var action = sigaction()
            #if canImport(Glibc)
                action.__sigaction_handler.sa_handler = crashHandler
                action.sa_flags = Int32(SA_ONSTACK)
            #else
                action.__sigaction_u.__sa_handler = crashHandler
                action.sa_flags = SA_ONSTACK
            #endif
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, previousActions + Int(signal))
        }
    }

    /// Sets the line printed on a crash (called between inputs, never concurrently).
    static func set(_ text: String) {
        let bytes = Array(text.utf8)
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        pointer.initialize(from: bytes, count: bytes.count)
        let old = crashNoteBytes
        crashNoteBytes = pointer
        crashNoteLength = bytes.count
        old?.deallocate()
    }
}

private func crashHandler(_ signal: Int32) {
    if let bytes = crashNoteBytes { _ = write(2, bytes, crashNoteLength) }
    sigaction(signal, previousActions + Int(signal), nil)
}
