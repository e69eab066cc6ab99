#if !GEOSIM_LIBFUZZER
    import Foundation
    import GeoSim

    /// Without libFuzzer (a plain `swift build`), `geosim-libfuzzer FILE...` runs each file
    /// through the entry point once, as libFuzzer would; it exits through `abort()` on a
    /// finding, like the fuzzing build.
    @main
    enum Replay {
        static func main() {
            let paths = CommandLine.arguments.dropFirst()
            if paths.isEmpty {
                print("usage: geosim-libfuzzer FILE... (built without libFuzzer: replays inputs; see scripts/libfuzzer.sh)")
            }
            for path in paths {
                guard let data = FileManager.default.contents(atPath: path) else {
                    print("\(path): cannot read")
                    continue
                }
                let bytes = [UInt8](data)
                _ = bytes.withUnsafeBufferPointer { geosimFuzzTestOneInput($0.baseAddress, $0.count) }
                print("\(path): ok")
            }
        }
    }
#endif
