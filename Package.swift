// swift-tools-version:6.0
import PackageDescription

// No third-party dependencies, by design: the standard library, Foundation and
// Swift Testing only.
let package = Package(
    name: "geosim",
    // UInt128 (the event queue's key comparison) needs macOS 15 on Apple platforms.
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "GeoSim", targets: ["GeoSim"]),
        .executable(name: "geosim", targets: ["GeoSimCLI"]),
        // A seeded mutation fuzzer of every parser that takes user input (scripts/fuzz.sh).
        .executable(name: "geosim-fuzz", targets: ["GeoSimFuzz"]),
        // The same targets behind libFuzzer's LLVMFuzzerTestOneInput (scripts/libfuzzer.sh).
        .executable(name: "geosim-libfuzzer", targets: ["GeoSimLibFuzzer"]),
    ],
    targets: [
        .target(
            name: "GeoSim",
            path: "Sources/GeoSim",
            exclude: ["Faults/README.md"],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        // The executable's folder is not named `geosim`: next to `GeoSim` it would
        // collide on case-insensitive file systems (macOS).
        // The I/O the library leaves to its callers: writing output files and export
        // directories whole or not at all, the progress line, bench's child processes.
        // Only the executables and the tests depend on it; GeoSim itself writes nothing.
        .target(name: "GeoSimIO", dependencies: ["GeoSim"], path: "Sources/GeoSimIO"),
        .executableTarget(name: "GeoSimCLI", dependencies: ["GeoSim", "GeoSimIO"], path: "Sources/GeoSimCLI"),
        // The fuzzer's mutation engine and corpus handling, shared by the driver and the tests.
        .target(name: "GeoSimFuzzing", dependencies: ["GeoSim", "GeoSimIO"], path: "Sources/GeoSimFuzzing"),
        .executableTarget(name: "GeoSimFuzz", dependencies: ["GeoSim", "GeoSimIO", "GeoSimFuzzing"], path: "Sources/GeoSimFuzz"),
        // -parse-as-library: no implicit `main`, so that libFuzzer's can link in the
        // fuzzing build (-DGEOSIM_LIBFUZZER); otherwise Replay.swift's @main is the entry.
        .executableTarget(
            name: "GeoSimLibFuzzer", dependencies: ["GeoSim"], path: "Sources/GeoSimLibFuzzer",
            swiftSettings: [.unsafeFlags(["-parse-as-library", "-enable-experimental-feature", "Extern"])]),
        .testTarget(name: "GeoSimTests", dependencies: ["GeoSim", "GeoSimIO", "GeoSimFuzzing"], path: "Tests/GeoSimTests"),
    ]
)
