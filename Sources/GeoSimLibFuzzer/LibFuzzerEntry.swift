import GeoSim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// libFuzzer's entry point: runs one input through a `FuzzTarget` and aborts on a
/// finding (libFuzzer then saves the input as `crash-*`). The target is the one named by
/// `GEOSIM_FUZZ_TARGET` (`duration`, `scenario`, …); unset, the input's first byte picks
/// one and the rest is the input.
///
/// Built for libFuzzer with `scripts/libfuzzer.sh`, i.e.
/// `swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -DGEOSIM_LIBFUZZER
/// --product geosim-libfuzzer`; without `GEOSIM_LIBFUZZER` the same target builds as a
/// plain program that replays files (`Replay.swift`), so `swift build` stays green.
@_cdecl("LLVMFuzzerTestOneInput")
public func geosimFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let (target, input) = LibFuzzerTarget.choose(bytes)
    if case .finding(let what) = target.run(input) {
        let line = "geosim-libfuzzer: FINDING [\(target.rawValue)] \(what)\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        abort()
    }
    return 0
}

/// Which target an input goes to.
enum LibFuzzerTarget {
    /// The target of `GEOSIM_FUZZ_TARGET`, read once; nil: chosen per input.
    static let fixed: FuzzTarget? = getenv("GEOSIM_FUZZ_TARGET").flatMap { FuzzTarget(rawValue: String(cString: $0)) }

    static func choose(_ bytes: [UInt8]) -> (FuzzTarget, [UInt8]) {
        if let fixed { return (fixed, bytes) }
        guard let first = bytes.first else { return (.duration, []) }
        let all = FuzzTarget.allCases
        return (all[Int(first) % all.count], Array(bytes.dropFirst()))
    }
}

#if GEOSIM_LIBFUZZER
    /// libFuzzer's driver, called from the entry point SwiftPM links as `main`.
    @_extern(c, "LLVMFuzzerRunDriver")
    func llvmFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    /// SwiftPM links an executable's `main` to `<module>_main`; in the fuzzing build that is
    /// this function, which hands control to libFuzzer.
    @_cdecl("GeoSimLibFuzzer_main")
    public func geosimLibFuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        var count = argc
        var arguments = argv
        return llvmFuzzerRunDriver(&count, &arguments, geosimFuzzTestOneInput)
    }
#endif
